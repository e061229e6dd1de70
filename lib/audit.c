// SPDX-License-Identifier: LGPL-2.1-or-later
#include "audit.h"
#include "libipe-store.h"

#include <stdbool.h>
#include <string.h>

static bool needs_hex(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '"' || s[i] < 0x21 || s[i] > 0x7e)
			return true;
	return false;
}

void ipe_audit_untrusted(struct ipe_strbuf *sb, const void *s, size_t n)
{
	if (needs_hex(s, n)) {
		ipe_strbuf_hex(sb, s, n, true);
		return;
	}
	ipe_strbuf_append(sb, "\"", 1);
	ipe_strbuf_append(sb, s, n);
	ipe_strbuf_append(sb, "\"", 1);
}

/* name="N" version=M.m.r digest=sha256:HEX, or the three fields as "?". */
static void policy_ref(struct ipe_strbuf *sb, const char *prefix, const char *ver,
		       const char *dig, const struct ipe_audit_policy_ref *ref)
{
	if (!ref->name) {
		ipe_strbuf_printf(sb, "%s=? %s=? %s=?", prefix, ver, dig);
		return;
	}
	/* The kernel prints names raw between quotes, never as hex. */
	ipe_strbuf_printf(sb, "%s=\"%s\" %s=%u.%u.%u %s=sha256:", prefix, ref->name, ver,
			  ref->version[0], ref->version[1], ref->version[2], dig);
	ipe_strbuf_hex(sb, ref->digest, sizeof(ref->digest), true);
}

char *ipe_audit_record_text(const struct ipe_audit_record *rec)
{
	struct ipe_strbuf sb = { 0 };
	const struct ipe_actor *a = &rec->actor;

	switch (rec->type) {
	case IPE_AUDIT_CONFIG_CHANGE:
		policy_ref(&sb, "old_active_pol_name", "old_active_pol_version",
			   "old_policy_digest", &rec->old_pol);
		ipe_strbuf_puts(&sb, " ");
		policy_ref(&sb, "new_active_pol_name", "new_active_pol_version",
			   "new_policy_digest", &rec->new_pol);
		ipe_strbuf_printf(&sb, " auid=%u ses=%u lsm=ipe res=1", a->auid, a->ses);
		break;
	case IPE_AUDIT_POLICY_LOAD:
		policy_ref(&sb, "policy_name", "policy_version", "policy_digest", &rec->new_pol);
		ipe_strbuf_printf(&sb, " auid=%u ses=%u lsm=ipe res=%d errno=%d", a->auid,
				  a->ses, !rec->err, rec->err);
		break;
	case IPE_AUDIT_MAC_STATUS:
		ipe_strbuf_printf(&sb, "enforcing=%d old_enforcing=%d auid=%u ses=%u"
				  " enabled=1 old-enabled=1 lsm=ipe res=1",
				  rec->new_enforce, rec->old_enforce, a->auid, a->ses);
		break;
	default:
		return NULL;
	}
	return ipe_strbuf_finish(&sb, NULL);
}

char *ipe_access_record_text(const struct ipe_access_record *a)
{
	struct ipe_strbuf sb = { 0 };

	ipe_strbuf_printf(&sb, "ipe_op=%s ipe_hook=%s enforcing=%d pid=%u comm=",
			  ipe_op_name(a->op), ipe_hook_name(a->hook), a->enforcing, a->pid);
	ipe_audit_untrusted(&sb, a->comm, strnlen(a->comm, 15));
	if (a->has_file) {
		const char *path = a->path ? a->path
				   : a->path_too_long ? "<too_long>" : "<no_memory>";

		ipe_strbuf_puts(&sb, " path=");
		ipe_audit_untrusted(&sb, path, strlen(path));
		ipe_strbuf_puts(&sb, " dev=");
		ipe_audit_untrusted(&sb, a->dev, strlen(a->dev));
		ipe_strbuf_printf(&sb, " ino=%llu", (unsigned long long)a->ino);
	} else {
		ipe_strbuf_puts(&sb, " path=? dev=? ino=?");
	}
	ipe_strbuf_printf(&sb, " rule=\"%s\"", a->rule);
	return ipe_strbuf_finish(&sb, NULL);
}
