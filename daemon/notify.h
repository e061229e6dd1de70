/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Readiness for the service manager: the sd_notify protocol (one datagram
 * "READY=1" to the socket named by $NOTIFY_SOCKET), spoken directly so that
 * iped needs no libsystemd.
 */
#ifndef IPED_NOTIFY_H
#define IPED_NOTIFY_H

/* Send STATE ("READY=1", "STOPPING=1").  0, or -errno; 0 without $NOTIFY_SOCKET. */
int notify_service_manager(const char *state);

#endif
