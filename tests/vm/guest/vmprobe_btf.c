// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding a function's type id in a raw BTF file: the header, then the
 * type section walked record by record (each kind has its own trailing
 * data, so every kind must be known to step over it), the name of each
 * FUNC looked up in the string section.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/btf.h>

#include "vmprobe_btf.h"

/* The whole file in a malloc'd buffer; NULL with errno set on failure. */
static unsigned char *read_all(const char *path, size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	unsigned char *buf = malloc(cap), *bigger;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;
	ssize_t got;

	if (fd < 0 || !buf)
		goto fail;
	while ((got = read(fd, buf + n, cap - n)) > 0) {
		n += (size_t)got;
		if (n < cap)
			continue;
		bigger = realloc(buf, cap * 2);
		if (!bigger)
			goto fail;
		buf = bigger;
		cap *= 2;
	}
	if (got < 0)
		goto fail;
	close(fd);
	*len = n;
	return buf;
fail:
	err = errno;
	free(buf);
	if (fd >= 0)
		close(fd);
	errno = err;
	return NULL;
}

/* Bytes that follow a type record of KIND; -1 for a kind unknown here. */
static long trailing_bytes(unsigned int kind, unsigned int vlen)
{
	switch (kind) {
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_INT:
		return sizeof(__u32);
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (long)(vlen * sizeof(struct btf_member));
	case BTF_KIND_ENUM:
		return (long)(vlen * sizeof(struct btf_enum));
	case BTF_KIND_FUNC_PROTO:
		return (long)(vlen * sizeof(struct btf_param));
	case BTF_KIND_VAR:
		return sizeof(struct btf_var);
	case BTF_KIND_DATASEC:
		return (long)(vlen * sizeof(struct btf_var_secinfo));
	case BTF_KIND_DECL_TAG:
		return sizeof(struct btf_decl_tag);
	case BTF_KIND_ENUM64:
		return (long)(vlen * sizeof(struct btf_enum64));
	default:
		return -1;
	}
}

/* Search a BTF blob of LEN bytes; same results as btf_func_id. */
static int search(const unsigned char *buf, size_t len, const char *name, __u32 *id)
{
	struct btf_header hdr;
	const unsigned char *types, *strs;
	size_t pos;
	__u32 next = 1;		/* type id 0 is void, never stored */

	if (len < sizeof(hdr))
		return EPROTO;
	memcpy(&hdr, buf, sizeof(hdr));
	if (hdr.magic != BTF_MAGIC || hdr.hdr_len < sizeof(hdr) || hdr.hdr_len > len ||
	    (size_t)hdr.type_off + hdr.type_len > len - hdr.hdr_len ||
	    (size_t)hdr.str_off + hdr.str_len > len - hdr.hdr_len || hdr.str_len == 0)
		return EPROTO;
	types = buf + hdr.hdr_len + hdr.type_off;
	strs = buf + hdr.hdr_len + hdr.str_off;
	/* Every name is then a terminated string within the section. */
	if (strs[hdr.str_len - 1] != '\0')
		return EPROTO;
	for (pos = 0; pos + sizeof(struct btf_type) <= hdr.type_len; next++) {
		struct btf_type t;
		long extra;

		memcpy(&t, types + pos, sizeof(t));
		extra = trailing_bytes(BTF_INFO_KIND(t.info), BTF_INFO_VLEN(t.info));
		if (extra < 0)
			return EPROTO;
		if (BTF_INFO_KIND(t.info) == BTF_KIND_FUNC && t.name_off < hdr.str_len &&
		    !strcmp((const char *)strs + t.name_off, name)) {
			*id = next;
			return 0;
		}
		pos += sizeof(t) + (size_t)extra;
	}
	return pos == hdr.type_len ? ENOENT : EPROTO;
}

int btf_func_id(const char *path, const char *name, __u32 *id)
{
	size_t len;
	unsigned char *buf = read_all(path, &len);
	int err;

	if (!buf)
		return errno;
	err = search(buf, len, name, id);
	free(buf);
	return err;
}
