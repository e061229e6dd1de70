/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What enforces on this machine, for `ipectl status`: kernel IPE, or the
 * ipe-bpf set pinned by iped (its ABI, table generation and counters, read
 * from the pinned maps), and the kernel facts that decide what can run.
 */
#ifndef IPECTL_ENGINE_STATUS_H
#define IPECTL_ENGINE_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ipe-bpf.h"

struct engine_status {
	char kernel[65];		/* uname release */
	char lsm[256];			/* the active LSM list, "" when unreadable */
	bool kernel_ipe;		/* ipe in the list */
	bool bpf_lsm;			/* bpf in the list */
	bool pinned;			/* IPE_BPF_PIN_DIR holds an info map */
	int pinned_err;			/* its maps unreadable: -errno (e.g. -EPERM) */
	struct ipe_bpf_info info;	/* when pinned && !pinned_err */
	uint64_t counters[IPE_CNT_MAX];	/* summed over CPUs */
};

void engine_status_read(struct engine_status *es);
void engine_status_print(const struct engine_status *es, bool json, FILE *out);

#endif
