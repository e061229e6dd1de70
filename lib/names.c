// SPDX-License-Identifier: LGPL-2.1-or-later
/* The names the kernel prints and parses, in its index order. */
#include <errno.h>
#include <string.h>

#include "libipe.h"

static const char *const op_names[] = {
	[IPE_OP_EXECUTE] = "EXECUTE",
	[IPE_OP_FIRMWARE] = "FIRMWARE",
	[IPE_OP_KMODULE] = "KMODULE",
	[IPE_OP_KEXEC_IMAGE] = "KEXEC_IMAGE",
	[IPE_OP_KEXEC_INITRAMFS] = "KEXEC_INITRAMFS",
	[IPE_OP_POLICY] = "POLICY",
	[IPE_OP_X509_CERT] = "X509_CERT",
	[IPE_OP_INVALID] = "UNKNOWN",
};

static const char *const hook_names[] = {
	[IPE_HOOK_BPRM_CHECK] = "BPRM_CHECK",
	[IPE_HOOK_BPRM_CREDS_FOR_EXEC] = "BPRM_CREDS_FOR_EXEC",
	[IPE_HOOK_MMAP] = "MMAP",
	[IPE_HOOK_MPROTECT] = "MPROTECT",
	[IPE_HOOK_KERNEL_READ] = "KERNEL_READ",
	[IPE_HOOK_KERNEL_LOAD] = "KERNEL_LOAD",
};

const char *ipe_op_name(enum ipe_op op)
{
	return (unsigned)op <= IPE_OP_INVALID ? op_names[op] : op_names[IPE_OP_INVALID];
}

const char *ipe_hook_name(enum ipe_hook hook)
{
	return (unsigned)hook < IPE_HOOK_COUNT ? hook_names[hook] : "UNKNOWN";
}

bool ipe_hook_takes_op(enum ipe_hook hook, enum ipe_op op)
{
	bool exec_hook = hook == IPE_HOOK_BPRM_CHECK || hook == IPE_HOOK_BPRM_CREDS_FOR_EXEC ||
			 hook == IPE_HOOK_MMAP || hook == IPE_HOOK_MPROTECT;

	return exec_hook == (op == IPE_OP_EXECUTE);
}

const char *ipe_action_name(enum ipe_action a)
{
	switch (a) {
	case IPE_ACTION_ALLOW:
		return "ALLOW";
	case IPE_ACTION_DENY:
		return "DENY";
	default:
		return "NONE";
	}
}

const char *ipe_match_name(enum ipe_match m)
{
	switch (m) {
	case IPE_MATCH_RULE:
		return "rule";
	case IPE_MATCH_OP_DEFAULT:
		return "op_default";
	default:
		return "global";
	}
}

int ipe_op_from_name(const char *s)
{
	int i;

	for (i = 0; i < IPE_OP_COUNT; i++)
		if (!strcmp(s, op_names[i]))
			return i;
	return -1;
}

int ipe_hook_from_name(const char *s)
{
	int i;

	for (i = 0; i < IPE_HOOK_COUNT; i++)
		if (!strcmp(s, hook_names[i]))
			return i;
	return -1;
}

const char *ipe_errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ EBADMSG, "EBADMSG" }, { EINVAL, "EINVAL" }, { ERANGE, "ERANGE" },
		{ ENOMEM, "ENOMEM" }, { EMSGSIZE, "EMSGSIZE" }, { ENOPKG, "ENOPKG" },
		{ EKEYREJECTED, "EKEYREJECTED" }, { ENOKEY, "ENOKEY" }, { ENODATA, "ENODATA" },
		{ EEXIST, "EEXIST" }, { ESTALE, "ESTALE" }, { ENOENT, "ENOENT" },
		{ EPERM, "EPERM" }, { EACCES, "EACCES" }, { ENAMETOOLONG, "ENAMETOOLONG" },
		{ EBUSY, "EBUSY" }, { EFBIG, "EFBIG" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	return NULL;
}
