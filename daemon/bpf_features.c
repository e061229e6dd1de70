// SPDX-License-Identifier: GPL-2.0-only
#include "bpf_features.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>

#include "ipe-bpf.h"

static bool has_member(const struct btf *btf, const char *type, const char *member)
{
	int id = btf__find_by_name_kind(btf, type, BTF_KIND_STRUCT);
	const struct btf_member *m;
	const struct btf_type *t;

	if (id <= 0)
		return false;
	t = btf__type_by_id(btf, (__u32)id);
	m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, m[i].name_off), member))
			return true;
	return false;
}

static unsigned layout(const struct btf *btf, const char *type, const char *member_a,
		       unsigned feat_a, const char *member_b, unsigned feat_b)
{
	if (has_member(btf, type, member_a))
		return feat_a;
	return has_member(btf, type, member_b) ? feat_b : 0;
}

/* FEAT_A or FEAT_B by which member TYPE has, in the kernel (MODULE built
 * in) or in MODULE's BTF; 0 when neither (or the module is not loaded). */
static unsigned module_layout(struct btf *vmlinux, const char *module, const char *type,
			      const char *member_a, unsigned feat_a, const char *member_b,
			      unsigned feat_b)
{
	unsigned f = layout(vmlinux, type, member_a, feat_a, member_b, feat_b);
	struct btf *btf;

	if (f)
		return f;
	btf = btf__load_module_btf(module, vmlinux);
	if (!btf)
		return 0;
	f = layout(btf, type, member_a, feat_a, member_b, feat_b);
	btf__free(btf);
	return f;
}

unsigned bpf_features_probe(void)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	unsigned f = 0;

	if (!vmlinux)
		return 0;
	if (has_member(vmlinux, "linux_binprm", "is_check"))
		f |= IPE_BPF_FEAT_EXECVE_CHECK;
	f |= module_layout(vmlinux, "dm_verity", "dm_verity", "root_digest_sig",
			   IPE_BPF_FEAT_DMV_V612, "tfm", IPE_BPF_FEAT_DMV_V61);
	f |= module_layout(vmlinux, "overlay", "ovl_inode", "oe", IPE_BPF_FEAT_OVL_V612,
			   "lowerpath", IPE_BPF_FEAT_OVL_V61);
	btf__free(vmlinux);
	return f;
}

void bpf_features_format(unsigned features, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = 0;
	for (size_t i = 0; i < sizeof(ipe_bpf_feature_names) / sizeof(*ipe_bpf_feature_names); i++)
		if (features & (1u << i) && n < size)
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? " " : "",
					      ipe_bpf_feature_names[i]);
	if (!n)
		snprintf(buf, size, "none");
}
