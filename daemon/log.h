/* SPDX-License-Identifier: GPL-2.0-only */
/* iped's own messages: stderr in the foreground, syslog (the journal) otherwise. */
#ifndef IPED_LOG_H
#define IPED_LOG_H

#include <syslog.h>

void log_init(int to_stderr);
void log_msg(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
