/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The BPF side's audit events, turned into 1420 records.  A thread reads
 * the ring buffer; each event names the table generation and the rule
 * position it was decided by, and the rule texts of every generation still
 * in flight are registered here by the backend before its tables go live.
 * Events the kernel side could not write (ring full) are counted there and
 * reported here.
 */
#ifndef IPED_BPF_EVENTS_H
#define IPED_BPF_EVENTS_H

#include <libipe.h>
#include <stdint.h>

#include "audit_out.h"

/* 0 or -errno.  EVENTS_FD is the ring buffer, COUNTERS_FD the counters. */
int bpf_events_start(int events_fd, int counters_fd, struct audit_out *audit);
void bpf_events_stop(void);

/* The rule texts of generation GEN: a copy of POLICY's rules, in file
 * order.  0 or -ENOMEM.  The oldest generations are forgotten. */
int bpf_events_register(uint32_t gen, const struct ipe_policy *policy);

#endif
