/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the running kernel offers the BPF engine, read from its BTF and, for
 * dm-verity and overlayfs, from their modules' BTF while they are loaded:
 * the IPE_BPF_FEAT_* bits of ipe-bpf.h.  The programs make the same choices
 * through CO-RE when they load; these bits say which, for the log and for
 * `ipectl status`, and decide which optional programs load at all.
 */
#ifndef IPED_BPF_FEATURES_H
#define IPED_BPF_FEATURES_H

#include <stddef.h>

unsigned bpf_features_probe(void);

/* "name name ..." for FEATURES, "none" when there are none. */
void bpf_features_format(unsigned features, char *buf, size_t size);

#endif
