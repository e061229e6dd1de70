/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal reader of raw BTF files (/sys/kernel/btf/vmlinux), enough to
 * find a kernel function's type id: what BPF_PROG_LOAD wants as
 * attach_btf_id for LSM and tracing programs.  vmprobe is static and
 * carries no libbpf, so it walks the type section itself.
 */
#ifndef VMPROBE_BTF_H
#define VMPROBE_BTF_H

#include <linux/types.h>

/*
 * The type id of the BTF_KIND_FUNC called NAME in the BTF file at PATH.
 * Returns 0 with *id set, ENOENT when there is no such function, or
 * another errno when the file cannot be read (EPROTO: not BTF this reader
 * understands).
 */
int btf_func_id(const char *path, const char *name, __u32 *id);

#endif
