// SPDX-License-Identifier: GPL-2.0-only
/*
 * The floor of the VM benchmark: one empty BPF LSM program on each hook
 * ipe-bpf decides exec on, so the cost the BPF LSM itself adds (trampoline,
 * context) is measured in the same VM run as ipe-bpf's.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct linux_binprm;
struct file;

SEC("lsm/bprm_check_security")
int BPF_PROG(floor_bprm, struct linux_binprm *bprm)
{
	return 0;
}

SEC("lsm/mmap_file")
int BPF_PROG(floor_mmap, struct file *file, unsigned long reqprot, unsigned long prot,
	     unsigned long flags)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
