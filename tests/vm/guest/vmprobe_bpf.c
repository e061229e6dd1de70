// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmprobe's bpf(2) verbs: what root would try against a loaded BPF LSM
 * (take its maps, programs and links by id or pin, rewrite a map, detach
 * a link) or next to it (load a program of its own).  Raw bpf(2) with
 * linux/bpf.h: vmprobe is static and carries no libbpf.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "vmprobe.h"
#include "vmprobe_btf.h"

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

static long sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static __u64 ptr(const void *p)
{
	return (__u64)(uintptr_t)p;
}

/* "rdonly" or nothing: the open flags an optional last argument asks for. */
static int open_flags(const char *verb, char **args, int nargs, int at, __u32 *flags)
{
	*flags = 0;
	if (nargs <= at)
		return 0;
	if (strcmp(args[at], "rdonly")) {
		usage_error(verb, "expected 'rdonly'", args[at]);
		return -1;
	}
	*flags = BPF_F_RDONLY;
	return 0;
}

static const struct {
	const char *kind;
	enum bpf_cmd cmd;
} get_fd_cmds[] = {
	{ "map", BPF_MAP_GET_FD_BY_ID },
	{ "prog", BPF_PROG_GET_FD_BY_ID },
	{ "link", BPF_LINK_GET_FD_BY_ID },
};

/* A file descriptor for the object of KIND with ID, or -1 with errno. */
static int get_fd_by_id(enum bpf_cmd cmd, __u32 id, __u32 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_id = id;	/* prog_id and link_id share the field */
	attr.open_flags = flags;
	return (int)sys_bpf(cmd, &attr);
}

static int obj_get(const char *path, __u32 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = ptr(path);
	attr.file_flags = flags;
	return (int)sys_bpf(BPF_OBJ_GET, &attr);
}

static int parse_id(const char *verb, const char *arg, __u32 *id)
{
	long long n;

	if (parse_number(verb, arg, 0, UINT32_MAX, &n))
		return -1;
	*id = (__u32)n;
	return 0;
}

/* bpf-get-fd map|prog|link ID [rdonly] */
static VERB_FN(do_get_fd)
{
	size_t i;
	__u32 id, flags;

	for (i = 0; i < sizeof(get_fd_cmds) / sizeof(get_fd_cmds[0]); i++)
		if (!strcmp(args[0], get_fd_cmds[i].kind))
			break;
	if (i == sizeof(get_fd_cmds) / sizeof(get_fd_cmds[0]))
		return usage_error("bpf-get-fd", "expected map, prog or link", args[0]);
	if (parse_id("bpf-get-fd", args[1], &id) || open_flags("bpf-get-fd", args, nargs, 2, &flags))
		return 2;
	return outcome_of(get_fd_by_id(get_fd_cmds[i].cmd, id, flags));
}

/* bpf-obj-get PATH [rdonly] */
static VERB_FN(do_obj_get)
{
	__u32 flags;

	if (open_flags("bpf-obj-get", args, nargs, 1, &flags))
		return 2;
	return outcome_of(obj_get(args[0], flags));
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode HEX (two digits a byte) into exactly LEN bytes at OUT. */
static int hex_decode(const char *hex, unsigned char *out, size_t len)
{
	size_t i;

	if (strlen(hex) != 2 * len)
		return -1;
	for (i = 0; i < len; i++) {
		int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* Possible CPUs, as per-CPU map values are laid out: "0-N" or "0". */
static int possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "re");
	int first = 0, last = 0, n;

	if (!f)
		return -1;
	n = fscanf(f, "%d-%d", &first, &last);
	fclose(f);
	if (n < 1 || first != 0)
		return -1;
	return n == 2 ? last + 1 : 1;
}

static int is_percpu(__u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

static int map_elem(enum bpf_cmd cmd, int fd, const void *key, void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)fd;
	attr.key = ptr(key);
	attr.value = ptr(value);
	attr.flags = BPF_ANY;
	return (int)sys_bpf(cmd, &attr);
}

/*
 * bpf-map-write PATH|id:ID KEYHEX VALHEX: the map writable (by pin or by
 * id), its shape (BPF_OBJ_GET_INFO_BY_FD), the current value at KEY, then
 * VALHEX written there; a per-CPU map gets VALHEX on every CPU.
 */
static VERB_FN(do_map_write)
{
	const char *verb = "bpf-map-write";
	struct bpf_map_info info;
	union bpf_attr attr;
	unsigned char *key = NULL, *value = NULL, *old = NULL;
	size_t slot, vlen;
	int fd, cpus = 1, i, ret = 2;
	__u32 id;

	if (!strncmp(args[0], "id:", 3)) {
		if (parse_id(verb, args[0] + 3, &id))
			return 2;
		fd = get_fd_by_id(BPF_MAP_GET_FD_BY_ID, id, 0);
	} else {
		fd = obj_get(args[0], 0);
	}
	if (fd < 0)
		return outcome(errno);
	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (__u32)fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = ptr(&info);
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr)) {
		ret = outcome(errno);
		goto out;
	}
	if (is_percpu(info.type) && (cpus = possible_cpus()) < 1) {
		ret = setup_error("read", "/sys/devices/system/cpu/possible");
		goto out;
	}
	slot = (info.value_size + 7) & ~(size_t)7;
	vlen = is_percpu(info.type) ? slot * (size_t)cpus : info.value_size;
	key = malloc(info.key_size ? info.key_size : 1);
	value = calloc(1, vlen ? vlen : 1);
	old = calloc(1, vlen ? vlen : 1);
	if (!key || !value || !old) {
		ret = setup_error("malloc", "");
		goto out;
	}
	if (hex_decode(args[1], key, info.key_size)) {
		fprintf(stderr, "vmprobe %s: the key is %u bytes\n", verb, info.key_size);
		goto out;
	}
	if (hex_decode(args[2], value, info.value_size)) {
		fprintf(stderr, "vmprobe %s: the value is %u bytes\n", verb, info.value_size);
		goto out;
	}
	for (i = 1; is_percpu(info.type) && i < cpus; i++)
		memcpy(value + (size_t)i * slot, value, info.value_size);
	if (map_elem(BPF_MAP_LOOKUP_ELEM, fd, key, old))
		ret = outcome(errno);
	else
		ret = outcome_of(map_elem(BPF_MAP_UPDATE_ELEM, fd, key, value));
out:
	free(key);
	free(value);
	free(old);
	close(fd);
	return ret;
}

/* bpf-link-detach ID */
static VERB_FN(do_link_detach)
{
	union bpf_attr attr;
	__u32 id;
	int fd;

	if (parse_id("bpf-link-detach", args[0], &id))
		return 2;
	fd = get_fd_by_id(BPF_LINK_GET_FD_BY_ID, id, 0);
	if (fd < 0)
		return outcome(errno);
	memset(&attr, 0, sizeof(attr));
	attr.link_detach.link_fd = (__u32)fd;
	return outcome_of(sys_bpf(BPF_LINK_DETACH, &attr));
}

/*
 * The program types bpf-prog-load offers.  Those that attach to a kernel
 * function name it as an argument; BTF_PREFIX is put in front to find its
 * BTF id (an LSM hook's function is bpf_lsm_HOOK).
 */
static const struct {
	const char *name;
	enum bpf_prog_type type;
	enum bpf_attach_type attach;
	const char *btf_prefix;	/* NULL: no attach target */
} prog_kinds[] = {
	{ "kprobe", BPF_PROG_TYPE_KPROBE, 0, NULL },
	{ "tracepoint", BPF_PROG_TYPE_TRACEPOINT, 0, NULL },
	{ "socket-filter", BPF_PROG_TYPE_SOCKET_FILTER, 0, NULL },
	{ "lsm", BPF_PROG_TYPE_LSM, BPF_LSM_MAC, "bpf_lsm_" },
	{ "fmod-ret", BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, "" },
};

/*
 * bpf-prog-load TYPE [TARGET]: load "r0 = 0; exit" (GPL) of TYPE, then
 * close it: nothing is attached.  The verifier's log goes to stderr.
 */
static VERB_FN(do_prog_load)
{
	const char *verb = "bpf-prog-load";
	struct bpf_insn insns[2];
	union bpf_attr attr;
	static char log[65536];
	char func[256];
	size_t i, n = sizeof(prog_kinds) / sizeof(prog_kinds[0]);
	int fd, err;

	for (i = 0; i < n && strcmp(args[0], prog_kinds[i].name); i++)
		;
	if (i == n)
		return usage_error(verb, "unknown program type", args[0]);
	if ((nargs == 2) != (prog_kinds[i].btf_prefix != NULL))
		return usage_error(verb, prog_kinds[i].btf_prefix ? "needs a target function"
								   : "takes no target",
				   args[0]);
	memset(&attr, 0, sizeof(attr));
	if (prog_kinds[i].btf_prefix) {
		if ((size_t)snprintf(func, sizeof(func), "%s%s", prog_kinds[i].btf_prefix,
				     args[1]) >= sizeof(func))
			return usage_error(verb, "name too long", args[1]);
		err = btf_func_id(VMLINUX_BTF, func, &attr.attach_btf_id);
		if (err) {
			errno = err;
			return setup_error("no BTF function in " VMLINUX_BTF ":", func);
		}
		attr.expected_attach_type = prog_kinds[i].attach;
	}
	memset(insns, 0, sizeof(insns));
	insns[0].code = BPF_ALU64 | BPF_MOV | BPF_K;	/* r0 = 0 */
	insns[0].dst_reg = BPF_REG_0;
	insns[1].code = BPF_JMP | BPF_EXIT;
	attr.prog_type = prog_kinds[i].type;
	attr.insns = ptr(insns);
	attr.insn_cnt = 2;
	attr.license = ptr("GPL");
	attr.log_buf = ptr(log);
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	strncpy(attr.prog_name, "vmprobe", sizeof(attr.prog_name) - 1);
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0) {
		err = errno;
		if (log[0])
			fprintf(stderr, "vmprobe %s: verifier log:\n%s", verb, log);
		return outcome(err);
	}
	close(fd);
	return outcome(0);
}

const struct verb bpf_verbs[] = {
	{ "bpf-get-fd", 2, 3, do_get_fd, 0, "map|prog|link ID [rdonly]",
	  "BPF_{MAP,PROG,LINK}_GET_FD_BY_ID; rdonly:\nopen_flags BPF_F_RDONLY" },
	{ "bpf-obj-get", 1, 2, do_obj_get, 0, "PATH [rdonly]",
	  "BPF_OBJ_GET of a pin; rdonly: file_flags\nBPF_F_RDONLY" },
	{ "bpf-map-write", 3, 3, do_map_write, 0, "PATH|id:ID KEYHEX VALHEX",
	  "open the map writable, read the value\nat KEY, then update it to VALHEX" },
	{ "bpf-link-detach", 1, 1, do_link_detach, 0, "ID",
	  "LINK_GET_FD_BY_ID, then BPF_LINK_DETACH" },
	{ "bpf-prog-load", 1, 2, do_prog_load, 0, "TYPE [TARGET]",
	  "BPF_PROG_LOAD of \"r0 = 0; exit\" (GPL),\n"
	  "closed at once; TYPE kprobe, tracepoint,\nsocket-filter, lsm HOOK (attach BTF id\n"
	  "of bpf_lsm_HOOK), fmod-ret FUNC\n(BPF_MODIFY_RETURN on FUNC)" },
	{ NULL, 0, 0, NULL, 0, NULL, NULL },
};
