// SPDX-License-Identifier: GPL-2.0-only
/*
 * The policy store against SPEC §5 and §6.2, with real signed blobs: two RSA
 * keys and self-signed certificates (CN=trusted, CN=untrusted) are made once
 * at start-up with OpenSSL, policies are signed with ipe_pkcs7_sign() and the
 * trust holds only the trusted certificate.
 *
 * Covered: ipe_bool_parse (kstrtobool_from_user: three bytes at most, the
 * length counts); new_policy (success and its entry fields, then every errno:
 * EPERM before anything, EBADMSG/ENOKEY from the signature, the parser's
 * errors through a valid signature, EACCES/ENAMETOOLONG from the directory
 * name, EEXIST); update (EPERM, ENOENT, EINVAL for another name, ESTALE for
 * equal and lower versions, the id surviving); active and delete (the bool,
 * "0", ENOENT, the version rule across names, EPERM for the active policy,
 * ids never reused); enforce and success_audit, and modes_one_way's rule
 * (every write of both modes, both ways, with and without it); the boot
 * policy; version floors.  After every failure the store must be exactly as
 * before (same entries at the same addresses, same active, same modes, same
 * floors), and the audit sink must have seen exactly the records the kernel
 * emits: 1422 for every load/update, success or failure (EPERM too), 1421 on
 * activation and after the 1422 of an update of the active policy, 1404 on
 * an actual enforce change, nothing else.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>
#include <libipe-sig.h>
#include <libipe-store.h>

#include "signers.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* An id no test store hands out (ids are opaque; only "never reused" is promised). */
#define NO_ID UINT64_MAX

/* SHA-256 of zero bytes: the digest of the unsigned boot policy (SPEC §7.4). */
static const uint8_t SHA256_EMPTY[32] = {
	0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8,
	0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
	0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};

static const struct ipe_actor ROOT = { .privileged = true, .auid = 0, .ses = 3 };
static const struct ipe_actor USER = { .privileged = false, .auid = 1000, .ses = 5 };

/* ---- signing ------------------------------------------------------------ */

static struct signer trusted, untrusted;
static struct ipe_trust *trust;

/* A signed policy and the text it carries. */
struct blob {
	uint8_t *p;
	size_t len;
	char *text;
	size_t text_len;
};

static struct blob sign_bytes(const struct signer *s, const void *text, size_t len)
{
	struct blob b = { 0 };
	struct ipe_diag d = { 0 };

	if (ipe_pkcs7_sign(text, len, s->key, s->key_len, s->cert, s->cert_len, &b.p, &b.len, &d))
		bail(d.msg);
	b.text = malloc(len + 1);
	if (!b.text)
		bail("out of memory");
	memcpy(b.text, text, len);
	b.text[len] = 0;
	b.text_len = len;
	return b;
}

static char *policy_text(const char *name, const char *version)
{
	static const char fmt[] = "policy_name=%s policy_version=%s\nDEFAULT action=ALLOW\n";
	size_t n = strlen(fmt) + strlen(name) + strlen(version);
	char *t = malloc(n);

	if (!t)
		bail("out of memory");
	snprintf(t, n, fmt, name, version);
	return t;
}

static struct blob sign_policy_by(const struct signer *s, const char *name, const char *version)
{
	char *t = policy_text(name, version);
	struct blob b = sign_bytes(s, t, strlen(t));

	free(t);
	return b;
}

static struct blob sign_policy(const char *name, const char *version)
{
	return sign_policy_by(&trusted, name, version);
}

static void blob_free(struct blob *b)
{
	free(b->p);
	free(b->text);
	memset(b, 0, sizeof(*b));
}

static void sha256_hex(const uint8_t d[32], char out[65])
{
	static const char hex[] = "0123456789ABCDEF";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = 0;
}

/* ---- the audit sink ------------------------------------------------------- */

struct pol {
	char *name;			/* NULL: "?" */
	uint16_t version[3];
	uint8_t digest[32];
};

struct cap {
	uint16_t type;
	int err;
	struct ipe_actor actor;
	struct pol old_pol, new_pol;
	bool old_enforce, new_enforce;
	char *text;			/* ipe_audit_record_text() at emission time */
};

#define MAX_CAPS 32
static struct cap caps[MAX_CAPS];
static size_t ncaps;
static int sink_ctx;			/* its address is the audit_ctx */
static bool sink_bad_ctx, sink_overflow;

static void pol_copy(struct pol *to, const struct ipe_audit_policy_ref *from)
{
	to->name = from->name ? strdup(from->name) : NULL;
	memcpy(to->version, from->version, sizeof(to->version));
	memcpy(to->digest, from->digest, sizeof(to->digest));
}

/* Copies everything: the record's pointers die with the call. */
static void sink(void *ctx, const struct ipe_audit_record *rec)
{
	struct cap *c;

	if (ctx != &sink_ctx)
		sink_bad_ctx = true;
	if (ncaps == MAX_CAPS) {
		sink_overflow = true;
		return;
	}
	c = &caps[ncaps++];
	c->type = rec->type;
	c->err = rec->err;
	c->actor = rec->actor;
	pol_copy(&c->old_pol, &rec->old_pol);
	pol_copy(&c->new_pol, &rec->new_pol);
	c->old_enforce = rec->old_enforce;
	c->new_enforce = rec->new_enforce;
	c->text = ipe_audit_record_text(rec);
}

static void caps_reset(void)
{
	size_t i;

	for (i = 0; i < ncaps; i++) {
		free(caps[i].old_pol.name);
		free(caps[i].new_pol.name);
		free(caps[i].text);
	}
	memset(caps, 0, sizeof(caps));
	ncaps = 0;
}

static bool actor_same(const struct ipe_actor *a, const struct ipe_actor *b)
{
	return a->privileged == b->privileged && a->auid == b->auid && a->ses == b->ses;
}

/* A policy reference names ENTRY (NULL: "?"). */
static bool pol_is(const struct pol *p, const struct ipe_entry *e)
{
	if (!e)
		return p->name == NULL;
	return p->name && !strcmp(p->name, e->policy->name) &&
	       !memcmp(p->version, e->policy->version, sizeof(p->version)) &&
	       !memcmp(p->digest, e->digest, sizeof(p->digest));
}

static bool pol_is_v(const struct pol *p, const char *name, uint16_t a, uint16_t b, uint16_t c,
		     const uint8_t digest[32])
{
	return p->name && !strcmp(p->name, name) && p->version[0] == a && p->version[1] == b &&
	       p->version[2] == c && !memcmp(p->digest, digest, 32);
}

static void expect_no_records(const char *what)
{
	if (!ok(ncaps == 0, "%s: no audit record", what))
		printf("#   %zu records, first type %u\n", ncaps, caps[0].type);
}

/* Exactly one 1422 failure record carrying ERR and WHO. */
static void expect_load_failure(int err, const struct ipe_actor *who, const char *what)
{
	char want[160];

	if (!ok(ncaps == 1 && caps[0].type == IPE_AUDIT_POLICY_LOAD, "%s: one 1422 record", what)) {
		printf("#   %zu records\n", ncaps);
		return;
	}
	ok(caps[0].err == err && caps[0].new_pol.name == NULL && actor_same(&caps[0].actor, who),
	   "%s: 1422 failure with err %d and the writer's identity", what, err);
	snprintf(want, sizeof(want),
		 "policy_name=? policy_version=? policy_digest=? auid=%u ses=%u lsm=ipe res=0 errno=%d",
		 who->auid, who->ses, err);
	is_str(caps[0].text, want, "%s: 1422 text", what);
}

/* Exactly one 1422 success record naming E. */
static void expect_load_success(const struct ipe_entry *e, const struct ipe_actor *who,
				const char *what)
{
	if (!ok(ncaps == 1 && caps[0].type == IPE_AUDIT_POLICY_LOAD, "%s: one 1422 record", what)) {
		printf("#   %zu records\n", ncaps);
		return;
	}
	ok(caps[0].err == 0 && e && pol_is(&caps[0].new_pol, e) &&
	   actor_same(&caps[0].actor, who), "%s: 1422 success naming the new policy", what);
}

/* ---- store snapshots: a failed operation changes nothing ------------------ */

struct snap_entry {
	const struct ipe_entry *e;
	uint64_t id;
	char name[300];
	uint16_t version[3];
	uint8_t digest[32];
	const uint8_t *pkcs7;
	size_t pkcs7_len, text_len;
};

struct snap {
	size_t n;
	struct snap_entry ent[16];
	const struct ipe_entry *active;
	bool enforce, success_audit;
	size_t nfloors;
	char floor_name[8][64];
	uint16_t floor_version[8][3];
};

static void snap_take(const struct ipe_store *st, struct snap *s)
{
	const struct ipe_entry *e;
	const char *name;

	memset(s, 0, sizeof(*s));
	for (s->n = 0; (e = ipe_store_at(st, s->n)) && s->n < ARRAY_SIZE(s->ent); s->n++) {
		struct snap_entry *se = &s->ent[s->n];

		se->e = e;
		se->id = e->id;
		snprintf(se->name, sizeof(se->name), "%s", e->policy->name);
		memcpy(se->version, e->policy->version, sizeof(se->version));
		memcpy(se->digest, e->digest, sizeof(se->digest));
		se->pkcs7 = e->pkcs7;
		se->pkcs7_len = e->pkcs7_len;
		se->text_len = e->text_len;
	}
	s->active = ipe_store_active(st);
	s->enforce = ipe_store_enforce(st);
	s->success_audit = ipe_store_success_audit(st);
	for (s->nfloors = 0; s->nfloors < ARRAY_SIZE(s->floor_name) &&
	     (name = ipe_store_floor_at(st, s->nfloors, s->floor_version[s->nfloors]));
	     s->nfloors++)
		snprintf(s->floor_name[s->nfloors], sizeof(s->floor_name[0]), "%s", name);
}

static bool snap_same(const struct snap *a, const struct snap *b)
{
	size_t i;

	if (a->n != b->n || a->active != b->active || a->enforce != b->enforce ||
	    a->success_audit != b->success_audit || a->nfloors != b->nfloors)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct snap_entry *x = &a->ent[i], *y = &b->ent[i];

		if (x->e != y->e || x->id != y->id || strcmp(x->name, y->name) ||
		    memcmp(x->version, y->version, sizeof(x->version)) ||
		    memcmp(x->digest, y->digest, sizeof(x->digest)) || x->pkcs7 != y->pkcs7 ||
		    x->pkcs7_len != y->pkcs7_len || x->text_len != y->text_len)
			return false;
	}
	for (i = 0; i < a->nfloors; i++)
		if (strcmp(a->floor_name[i], b->floor_name[i]) ||
		    memcmp(a->floor_version[i], b->floor_version[i], sizeof(a->floor_version[i])))
			return false;
	return true;
}

static void expect_unchanged(const struct ipe_store *st, const struct snap *before,
			     const char *what)
{
	struct snap now;

	snap_take(st, &now);
	ok(snap_same(before, &now), "%s: the store is unchanged", what);
}

/* ---- store helpers -------------------------------------------------------- */

/* A store with O's settings, the test trust and the recording sink. */
static struct ipe_store *store_from(struct ipe_store_options o)
{
	struct ipe_store *st = NULL;

	o.trust = trust;
	o.audit = sink;
	o.audit_ctx = &sink_ctx;
	if (ipe_store_new(&o, &st) || !st)
		bail("ipe_store_new failed");
	return st;
}

static struct ipe_store *store_new_with(bool enforce, bool success_audit, bool floors)
{
	return store_from((struct ipe_store_options){
		.enforce = enforce, .success_audit = success_audit, .version_floors = floors });
}

static struct ipe_store *store_new(void)
{
	return store_new_with(true, false, false);
}

/* Load a signed NAME/VERSION that must succeed; returns its id (NO_ID on failure). */
static uint64_t load(struct ipe_store *st, const char *name, const char *version)
{
	struct blob b = sign_policy(name, version);
	uint64_t id = NO_ID;
	int rc = ipe_store_write_new_policy(st, &ROOT, b.p, b.len, &id, NULL);

	if (!ok(rc == 0 && id != NO_ID && ipe_store_get(st, id), "load %s %s", name, version))
		printf("#   rc %d\n", rc);
	blob_free(&b);
	caps_reset();
	return rc ? NO_ID : id;
}

static int activate(struct ipe_store *st, uint64_t id)
{
	int rc = ipe_store_write_active(st, &ROOT, id, "1", 1);

	caps_reset();
	return rc;
}

static bool version_is(const struct ipe_entry *e, uint16_t a, uint16_t b, uint16_t c)
{
	return e && e->policy->version[0] == a && e->policy->version[1] == b &&
	       e->policy->version[2] == c;
}

/* new_policy must fail with ERR, change nothing, leave *id alone, audit once. */
static void new_policy_fails(struct ipe_store *st, const struct ipe_actor *who, const void *buf,
			     size_t len, int err, const char *what)
{
	struct snap before;
	struct ipe_diag diag;
	uint64_t id = 0xdeadbeef;
	int rc;

	snap_take(st, &before);
	caps_reset();
	rc = ipe_store_write_new_policy(st, who, buf, len, &id, &diag);
	is_int(rc, err, "new_policy %s", what);
	ok(id == 0xdeadbeef, "%s: *id untouched", what);
	expect_unchanged(st, &before, what);
	expect_load_failure(err, who, what);
	caps_reset();
}

static void update_fails(struct ipe_store *st, const struct ipe_actor *who, uint64_t id,
			 const void *buf, size_t len, int err, const char *what)
{
	struct snap before;
	int rc;

	snap_take(st, &before);
	caps_reset();
	rc = ipe_store_write_update(st, who, id, buf, len, NULL);
	is_int(rc, err, "update %s", what);
	expect_unchanged(st, &before, what);
	expect_load_failure(err, who, what);
	caps_reset();
}

enum ctl { CTL_ACTIVE, CTL_DELETE, CTL_ENFORCE, CTL_SUCCESS_AUDIT };

static int ctl_write(struct ipe_store *st, enum ctl c, const struct ipe_actor *who, uint64_t id,
		     const void *buf, size_t len)
{
	switch (c) {
	case CTL_ACTIVE:
		return ipe_store_write_active(st, who, id, buf, len);
	case CTL_DELETE:
		return ipe_store_write_delete(st, who, id, buf, len);
	case CTL_ENFORCE:
		return ipe_store_write_enforce(st, who, buf, len);
	default:
		return ipe_store_write_success_audit(st, who, buf, len);
	}
}

/*
 * A write to active/delete/enforce/success_audit that fails with ERR, or with
 * ERR 0 is a no-op: either way no change and no record.
 */
static void ctl_fails(struct ipe_store *st, enum ctl c, const struct ipe_actor *who, uint64_t id,
		      const void *buf, size_t len, int err, const char *what)
{
	static const char *const names[] = { "active", "delete", "enforce", "success_audit" };
	struct snap before;
	int rc;

	snap_take(st, &before);
	caps_reset();
	rc = ctl_write(st, c, who, id, buf, len);
	is_int(rc, err, "%s %s", names[c], what);
	expect_unchanged(st, &before, what);
	expect_no_records(what);
	caps_reset();
}

/* ---- ipe_bool_parse ------------------------------------------------------- */

static void test_bool_parse(void)
{
	/*
	 * kstrtobool_from_user(): up to three bytes are copied into a zeroed
	 * four-byte buffer, then the first one or two decide.  A length is
	 * given with every case because it counts: bytes past it do not exist,
	 * and a NUL inside it ends the string.
	 */
	static const struct {
		const char *buf;
		size_t len;
		int err;
		bool val;
		const char *what;
	} cases[] = {
		{ "1", 1, 0, true, "1" },
		{ "y", 1, 0, true, "y" },
		{ "Y", 1, 0, true, "Y" },
		{ "t", 1, 0, true, "t (kstrtobool since 5.19)" },
		{ "T", 1, 0, true, "T" },
		{ "on", 2, 0, true, "on" },
		{ "oN", 2, 0, true, "oN" },
		{ "On", 2, 0, true, "On" },
		{ "ON", 2, 0, true, "ON" },
		{ "1\n", 2, 0, true, "1 newline (echo 1 >)" },
		{ "yes", 3, 0, true, "yes" },
		{ "10", 2, 0, true, "10: the first byte decides" },
		{ "1\0", 2, 0, true, "1 NUL" },
		{ "true", 4, 0, true, "true" },
		{ "onX", 3, 0, true, "onX: the third byte is never looked at" },
		{ "onwards", 7, 0, true, "onwards: bytes after the third never matter" },
		{ "y\0\0\0\0\0", 6, 0, true, "y and NULs" },
		{ "1234", 1, 0, true, "1 of 1234 with length 1" },
		{ "0", 1, 0, false, "0" },
		{ "n", 1, 0, false, "n" },
		{ "N", 1, 0, false, "N" },
		{ "f", 1, 0, false, "f" },
		{ "F", 1, 0, false, "F" },
		{ "of", 2, 0, false, "of" },
		{ "oF", 2, 0, false, "oF" },
		{ "OF", 2, 0, false, "OF" },
		{ "off", 3, 0, false, "off" },
		{ "0\n", 2, 0, false, "0 newline" },
		{ "no", 2, 0, false, "no" },
		{ "false", 5, 0, false, "false" },
		{ "of\0junk", 7, 0, false, "of NUL junk" },
		{ "offline", 7, 0, false, "offline" },
		{ "ofX", 3, 0, false, "ofX" },
		{ "", 0, -EINVAL, false, "empty write" },
		{ "1", 0, -EINVAL, false, "1 with length 0: the length counts" },
		{ "on", 1, -EINVAL, false, "on with length 1 is o" },
		{ "of", 1, -EINVAL, false, "of with length 1 is o" },
		{ "2", 1, -EINVAL, false, "2" },
		{ "x", 1, -EINVAL, false, "x" },
		{ " 1", 2, -EINVAL, false, "leading space" },
		{ "\t1", 2, -EINVAL, false, "leading tab" },
		{ "+1", 2, -EINVAL, false, "+1" },
		{ "-1", 2, -EINVAL, false, "-1" },
		{ "o", 1, -EINVAL, false, "o" },
		{ "O", 1, -EINVAL, false, "O" },
		{ "o\n", 2, -EINVAL, false, "o newline" },
		{ "o\0n", 3, -EINVAL, false, "o NUL n: the NUL ends the string" },
		{ "oxn", 3, -EINVAL, false, "oxn" },
		{ "oo", 2, -EINVAL, false, "oo" },
		/*
		 * e/E (enabled) and d/D (disabled) are what kstrtobool knew
		 * before v6.16 (ae5b3500856f added them): rejected here.
		 */
		{ "e", 1, -EINVAL, false, "e" },
		{ "E", 1, -EINVAL, false, "E" },
		{ "d", 1, -EINVAL, false, "d" },
		{ "D", 1, -EINVAL, false, "D" },
		{ "\n", 1, -EINVAL, false, "newline" },
		{ "\0", 1, -EINVAL, false, "NUL" },
		{ "\0" "1", 2, -EINVAL, false, "NUL 1" },
		{ "\xff", 1, -EINVAL, false, "0xff" },
		{ "Yes", 0, -EINVAL, false, "Yes with length 0" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		/* An exact-size copy, so reading past LEN is a sanitizer error. */
		char *buf = malloc(cases[i].len + !cases[i].len);
		bool val = !cases[i].val;
		int rc;

		if (!buf)
			bail("out of memory");
		memcpy(buf, cases[i].buf, cases[i].len);
		rc = ipe_bool_parse(buf, cases[i].len, &val);
		if (cases[i].err)
			is_int(rc, cases[i].err, "bool %s: EINVAL", cases[i].what);
		else
			ok(rc == 0 && val == cases[i].val, "bool %s: %s", cases[i].what,
			   cases[i].val ? "true" : "false");
		free(buf);
	}
	/* write(fd, NULL, 0) is legal, so a front end may pass it on. */
	{
		bool val;

		is_int(ipe_bool_parse(NULL, 0, &val), -EINVAL, "bool: NULL with length 0 is EINVAL");
	}
}

/* ---- new_policy ----------------------------------------------------------- */

static void test_new_policy_success(void)
{
	struct ipe_store *st = store_new();
	struct blob a = sign_policy("A", "1.2.3"), b = sign_policy("B", "0.0.1");
	const struct ipe_entry *e, *eb;
	uint8_t digest[32], md[32], *saved;
	unsigned int mdlen = 0;
	size_t saved_len;
	struct ipe_diag diag;
	char want[256], hex[65];
	uint64_t id = NO_ID, id2 = NO_ID;
	int rc;

	caps_reset();
	rc = ipe_store_write_new_policy(st, &ROOT, a.p, a.len, &id, &diag);
	is_int(rc, 0, "new_policy: a signed policy loads");
	ok(id != NO_ID, "new_policy: *id is set");
	e = ipe_store_get(st, id);
	ok(e && e->id == id, "get(id) is the entry");
	ok(e && ipe_store_find(st, "A") == e && ipe_store_at(st, 0) == e && !ipe_store_at(st, 1),
	   "find(name) and at(0) are the same entry, at(1) is the end");
	if (!e) {
		ipe_store_free(st);
		blob_free(&a);
		blob_free(&b);
		return;
	}
	is_str(e->policy->name, "A", "entry name");
	ok(version_is(e, 1, 2, 3), "entry version 1.2.3");
	ok(e->pkcs7 && e->pkcs7 != a.p && e->pkcs7_len == a.len && !memcmp(e->pkcs7, a.p, a.len),
	   "entry pkcs7: a copy of the blob as written");
	ok(e->text_len == a.text_len && !memcmp(e->text, a.text, a.text_len),
	   "entry text: the signed content, exact bytes");
	ipe_sha256(a.p, a.len, digest);
	ok(!memcmp(e->digest, digest, 32), "entry digest: ipe_sha256 of the blob");
	ok(EVP_Digest(a.p, a.len, md, &mdlen, EVP_sha256(), NULL) && mdlen == 32 &&
	   !memcmp(e->digest, md, 32), "entry digest: OpenSSL's SHA-256 of the blob agrees");
	ok(ipe_store_active(st) == NULL, "new_policy does not activate (SPEC 5.3.6)");

	expect_load_success(e, &ROOT, "new_policy A");
	sha256_hex(digest, hex);
	snprintf(want, sizeof(want),
		 "policy_name=\"A\" policy_version=1.2.3 policy_digest=sha256:%s "
		 "auid=0 ses=3 lsm=ipe res=1 errno=0", hex);
	is_str(ncaps ? caps[0].text : NULL, want, "new_policy A: 1422 text");
	ok(!sink_bad_ctx, "the sink gets the audit_ctx of the options");

	/* The store never points into the caller's buffer. */
	saved_len = a.len;
	saved = malloc(saved_len);
	if (!saved)
		bail("out of memory");
	memcpy(saved, a.p, saved_len);
	memset(a.p, 0, a.len);
	memset(a.text, 0, a.text_len);
	blob_free(&a);
	ok(e->pkcs7_len == saved_len && !memcmp(e->pkcs7, saved, saved_len) &&
	   !memcmp(e->text, "policy_name=A policy_version=1.2.3\n", 35),
	   "entry survives the caller scribbling over and freeing its buffer");
	free(saved);

	/* *ID may be NULL; ids grow; load order is kept. */
	caps_reset();
	rc = ipe_store_write_new_policy(st, &ROOT, b.p, b.len, NULL, NULL);
	is_int(rc, 0, "new_policy with id NULL and diag NULL");
	eb = ipe_store_find(st, "B");
	ok(eb && ipe_store_at(st, 1) == eb && ipe_store_at(st, 0) == ipe_store_get(st, id),
	   "B is second in load order, A first");
	ok(eb && eb->id != id, "B has an id of its own");
	expect_load_success(eb, &ROOT, "new_policy B");
	caps_reset();

	/* Unset auid/ses go through to the record. */
	blob_free(&b);
	b = sign_policy("C", "0.0.0");
	{
		const struct ipe_actor unset = { true, IPE_AUDIT_UNSET, IPE_AUDIT_UNSET };

		rc = ipe_store_write_new_policy(st, &unset, b.p, b.len, &id2, NULL);
		is_int(rc, 0, "new_policy C by a writer without auid/ses");
		ok(ncaps == 1 && caps[0].text &&
		   strstr(caps[0].text, " auid=4294967295 ses=4294967295 lsm=ipe res=1 errno=0"),
		   "1422 carries the unset auid/ses");
		caps_reset();
	}
	blob_free(&b);
	ipe_store_free(st);
}

/* Edge texts and names that are valid. */
static void test_new_policy_edges(void)
{
	static const char text[] = "policy_name=N policy_version=0.0.1\nDEFAULT action=ALLOW\n\0junk";
	struct ipe_store *st = store_new();
	struct blob b = sign_bytes(&trusted, text, sizeof(text) - 1);
	const struct ipe_entry *e;
	char longname[256];
	static const char *const names[] = { "...", ".a", "a.", "a..b", "=", "\\", "x\"y" };
	size_t i;
	uint64_t id = 0;
	int rc;

	/* SPEC 1.1: a NUL ends the parse, the stored text is all the bytes. */
	rc = ipe_store_write_new_policy(st, &ROOT, b.p, b.len, &id, NULL);
	is_int(rc, 0, "new_policy: text with a NUL and junk after the policy");
	e = ipe_store_get(st, id);
	ok(e && e->text_len == sizeof(text) - 1 && !memcmp(e->text, text, sizeof(text) - 1),
	   "the stored text keeps the bytes after the NUL");
	blob_free(&b);
	caps_reset();

	/* Only ".", ".." and '/' are refused by lookup_one_len. */
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		b = sign_policy(names[i], "1.0.0");
		rc = ipe_store_write_new_policy(st, &ROOT, b.p, b.len, NULL, NULL);
		is_int(rc, 0, "new_policy: name '%s' is a valid directory name", names[i]);
		blob_free(&b);
	}
	memset(longname, 'n', 255);
	longname[255] = 0;
	b = sign_policy(longname, "1.0.0");
	rc = ipe_store_write_new_policy(st, &ROOT, b.p, b.len, NULL, NULL);
	is_int(rc, 0, "new_policy: a 255-byte name (NAME_MAX)");
	blob_free(&b);
	caps_reset();
	ipe_store_free(st);
}

static void test_new_policy_errors(void)
{
	static const char plain[] = "policy_name=P policy_version=1.0.0\nDEFAULT action=ALLOW\n";
	static const struct {
		const char *text;
		int err;
		const char *what;
	} bad_texts[] = {
		{ "policy_name=P policy_version=1.0\nDEFAULT action=ALLOW\n", -EBADMSG,
		  "signed text with a two-part version: EBADMSG" },
		{ "policy_name=P policy_version=70000.0.0\nDEFAULT action=ALLOW\n", -ERANGE,
		  "signed text with version 70000.0.0: ERANGE" },
		{ "policy_name=P policy_version=a.0.0\nDEFAULT action=ALLOW\n", -EINVAL,
		  "signed text with version a.0.0: EINVAL" },
		{ "policy_name=P policy_version=1.0.0\nDEFAULT action=ALLOW\n"
		  "op=EXECUTE fsverity_digest=sha256:zz action=ALLOW\n", -EINVAL,
		  "signed text with a non-hex digest: EINVAL" },
		{ "policy_name=P policy_version=1.0.0\n", -EBADMSG,
		  "signed text without defaults: EBADMSG" },
		{ "", -EBADMSG, "signed empty text: EBADMSG" },
	};
	static const char *const bad_names[] = { ".", "..", "a/b", "/", "a/", "/etc", "../x" };
	struct ipe_store *st = store_new();
	struct blob good = sign_policy("P", "1.0.0"), b;
	struct ipe_diag diag;
	char longname[257], what[80];
	size_t i;
	uint64_t a_id = load(st, "A", "1.0.0");
	int rc;

	/* Privilege first: the bytes are never looked at (SPEC 5.3.1). */
	new_policy_fails(st, &USER, good.p, good.len, -EPERM, "unprivileged, valid blob: EPERM");
	new_policy_fails(st, &USER, "garbage", 7, -EPERM, "unprivileged, garbage: EPERM");
	new_policy_fails(st, &USER, "", 0, -EPERM, "unprivileged, empty: EPERM");

	/* Signature errors (SPEC 6.1 table). */
	new_policy_fails(st, &ROOT, plain, sizeof(plain) - 1, -EBADMSG,
			 "the plain text, unsigned: EBADMSG");
	new_policy_fails(st, &ROOT, "", 0, -EBADMSG, "an empty write: EBADMSG");
	b = sign_policy_by(&untrusted, "P", "1.0.0");
	new_policy_fails(st, &ROOT, b.p, b.len, -ENOKEY, "signed by an untrusted key: ENOKEY");
	blob_free(&b);
	/* The signature is checked before the name: ENOKEY, not EEXIST. */
	b = sign_policy_by(&untrusted, "A", "2.0.0");
	new_policy_fails(st, &ROOT, b.p, b.len, -ENOKEY,
			 "untrusted, with a loaded name: ENOKEY before EEXIST");
	blob_free(&b);
	/* Cut short: no longer a complete DER message. */
	new_policy_fails(st, &ROOT, good.p, good.len - 1, -EBADMSG,
			 "the blob without its last byte: EBADMSG");

	/* The parser's errors, through a valid signature (SPEC 5.3.4). */
	for (i = 0; i < ARRAY_SIZE(bad_texts); i++) {
		b = sign_bytes(&trusted, bad_texts[i].text, strlen(bad_texts[i].text));
		new_policy_fails(st, &ROOT, b.p, b.len, bad_texts[i].err, bad_texts[i].what);
		memset(&diag, 0, sizeof(diag));
		rc = ipe_store_write_new_policy(st, &ROOT, b.p, b.len, NULL, &diag);
		ok(rc == bad_texts[i].err && diag.err == -bad_texts[i].err,
		   "%s: diag.err says the same", bad_texts[i].what);
		caps_reset();
		blob_free(&b);
	}

	/* Names that are no single path component (SPEC 5.3.5). */
	for (i = 0; i < ARRAY_SIZE(bad_names); i++) {
		b = sign_policy(bad_names[i], "1.0.0");
		snprintf(what, sizeof(what), "name '%s': EACCES", bad_names[i]);
		new_policy_fails(st, &ROOT, b.p, b.len, -EACCES, what);
		blob_free(&b);
	}
	memset(longname, 'n', 256);
	longname[256] = 0;
	b = sign_policy(longname, "1.0.0");
	new_policy_fails(st, &ROOT, b.p, b.len, -ENAMETOOLONG, "a 256-byte name: ENAMETOOLONG");
	blob_free(&b);

	/* A loaded name, whatever the version. */
	b = sign_policy("A", "1.0.0");
	new_policy_fails(st, &ROOT, b.p, b.len, -EEXIST, "the same blob's name again: EEXIST");
	blob_free(&b);
	b = sign_policy("A", "9.0.0");
	new_policy_fails(st, &ROOT, b.p, b.len, -EEXIST, "a loaded name, higher version: EEXIST");
	blob_free(&b);

	/* After all that the store still works and A is untouched. */
	ok(ipe_store_get(st, a_id) && ipe_store_at(st, 0) == ipe_store_get(st, a_id) &&
	   !ipe_store_at(st, 1), "only A is loaded after the failures");
	caps_reset();
	rc = ipe_store_write_new_policy(st, &ROOT, good.p, good.len, NULL, NULL);
	is_int(rc, 0, "and a good policy still loads");
	caps_reset();
	blob_free(&good);
	ipe_store_free(st);
}

/* A flipped byte in the signature value (SPEC 6.1, measured table: EINVAL). */
static void test_new_policy_bad_signature(void)
{
	struct ipe_store *st = store_new();
	struct blob b = sign_policy("S", "1.0.0");

	/* No unsigned attributes: the blob ends with the RSA signature value. */
	b.p[b.len - 1] ^= 0x01;
	new_policy_fails(st, &ROOT, b.p, b.len, -EINVAL,
			 "one byte of the RSA signature flipped: EINVAL");
	blob_free(&b);
	ipe_store_free(st);
}

/* ---- update --------------------------------------------------------------- */

static void test_update(void)
{
	struct ipe_store *st = store_new();
	uint64_t a = load(st, "A", "1.0.0"), bid = load(st, "B", "1.0.0");
	const struct ipe_entry *e;
	struct blob up = sign_policy("A", "1.0.1"), b;
	uint8_t digest[32];
	int rc;

	/* Order of checks: EPERM, ENOENT, the bytes, the name, the version (SPEC 5.6). */
	update_fails(st, &USER, a, up.p, up.len, -EPERM, "unprivileged: EPERM");
	update_fails(st, &USER, NO_ID, up.p, up.len, -EPERM, "unprivileged, unknown id: EPERM");
	update_fails(st, &ROOT, NO_ID, up.p, up.len, -ENOENT, "unknown id: ENOENT");
	update_fails(st, &ROOT, NO_ID, up.p, up.len, -ENOENT, "an id never handed out: ENOENT");
	update_fails(st, &ROOT, NO_ID, "garbage", 7, -ENOENT, "unknown id, garbage: ENOENT first");
	update_fails(st, &ROOT, a, "garbage", 7, -EBADMSG, "garbage: EBADMSG");
	update_fails(st, &ROOT, a, up.text, up.text_len, -EBADMSG, "the plain text: EBADMSG");
	b = sign_policy_by(&untrusted, "A", "2.0.0");
	update_fails(st, &ROOT, a, b.p, b.len, -ENOKEY, "untrusted signer: ENOKEY");
	blob_free(&b);
	b = sign_policy("A", "70000.0.0");
	update_fails(st, &ROOT, a, b.p, b.len, -ERANGE, "signed bad version: ERANGE");
	blob_free(&b);
	b = sign_policy("B", "2.0.0");
	update_fails(st, &ROOT, a, b.p, b.len, -EINVAL, "another name: EINVAL");
	blob_free(&b);
	b = sign_policy("B", "0.0.1");
	update_fails(st, &ROOT, a, b.p, b.len, -EINVAL,
		     "another name and a lower version: EINVAL (name first)");
	blob_free(&b);
	b = sign_policy("a", "2.0.0");
	update_fails(st, &ROOT, a, b.p, b.len, -EINVAL, "the name in another case: EINVAL");
	blob_free(&b);
	b = sign_policy("AA", "2.0.0");
	update_fails(st, &ROOT, a, b.p, b.len, -EINVAL, "a longer name: EINVAL");
	blob_free(&b);
	b = sign_policy("A", "1.0.0");
	update_fails(st, &ROOT, a, b.p, b.len, -ESTALE, "the same version: ESTALE");
	blob_free(&b);
	b = sign_policy("A", "0.9.9");
	update_fails(st, &ROOT, a, b.p, b.len, -ESTALE, "a lower version: ESTALE");
	blob_free(&b);
	b = sign_policy("A", "0.65535.65535");
	update_fails(st, &ROOT, a, b.p, b.len, -ESTALE,
		     "0.65535.65535 is below 1.0.0 (48-bit compare): ESTALE");
	blob_free(&b);

	/* Success: same id and place, new contents, one 1422, no 1421. */
	caps_reset();
	rc = ipe_store_write_update(st, &ROOT, a, up.p, up.len, NULL);
	is_int(rc, 0, "update A 1.0.0 -> 1.0.1");
	e = ipe_store_get(st, a);
	ok(e && e->id == a && ipe_store_find(st, "A") == e && ipe_store_at(st, 0) == e &&
	   ipe_store_at(st, 1) == ipe_store_get(st, bid) && !ipe_store_at(st, 2),
	   "update keeps the id and the load order");
	ok(version_is(e, 1, 0, 1), "the entry has the new version");
	ok(e && e->pkcs7_len == up.len && !memcmp(e->pkcs7, up.p, up.len) &&
	   e->text_len == up.text_len && !memcmp(e->text, up.text, up.text_len),
	   "the entry has the new blob and text");
	ipe_sha256(up.p, up.len, digest);
	ok(e && !memcmp(e->digest, digest, 32), "the entry has the new digest");
	ok(ipe_store_active(st) == NULL, "updating an inactive policy activates nothing");
	expect_load_success(e, &ROOT, "update A");
	caps_reset();

	/* The same blob again is now an equal version. */
	update_fails(st, &ROOT, a, up.p, up.len, -ESTALE, "the same update twice: ESTALE");
	/* A gap in versions is fine. */
	b = sign_policy("A", "65535.65535.65535");
	rc = ipe_store_write_update(st, &ROOT, a, b.p, b.len, NULL);
	ok(rc == 0 && version_is(ipe_store_get(st, a), 65535, 65535, 65535),
	   "update to 65535.65535.65535");
	blob_free(&b);
	caps_reset();

	/* A deleted policy's handle (SPEC 5.1: ENOENT). */
	rc = ipe_store_write_delete(st, &ROOT, bid, "1", 1);
	is_int(rc, 0, "delete B");
	b = sign_policy("B", "2.0.0");
	update_fails(st, &ROOT, bid, b.p, b.len, -ENOENT, "a deleted id: ENOENT");
	blob_free(&b);

	blob_free(&up);
	ipe_store_free(st);
}

/* The update of the active policy keeps it active: 1422 then 1421 (SPEC 5.6.7). */
static void test_update_active(void)
{
	struct ipe_store *st = store_new();
	uint64_t a = load(st, "A", "1.0.0"), bid = load(st, "B", "0.1.0");
	struct blob up = sign_policy("A", "1.1.0"), b;
	uint8_t old_digest[32], new_digest[32];
	const struct ipe_entry *e;
	int rc;

	is_int(activate(st, a), 0, "activate A 1.0.0");
	memcpy(old_digest, ipe_store_get(st, a)->digest, 32);
	ipe_sha256(up.p, up.len, new_digest);

	b = sign_policy("A", "1.0.0");
	update_fails(st, &ROOT, a, b.p, b.len, -ESTALE, "active A, same version: ESTALE, no 1421");
	blob_free(&b);
	update_fails(st, &USER, a, up.p, up.len, -EPERM, "active A, unprivileged: EPERM");

	caps_reset();
	rc = ipe_store_write_update(st, &ROOT, a, up.p, up.len, NULL);
	is_int(rc, 0, "update the active A to 1.1.0");
	e = ipe_store_active(st);
	ok(e && e == ipe_store_get(st, a) && e->id == a && version_is(e, 1, 1, 0),
	   "the new A is active under the same id");
	if (ok(ncaps == 2, "two records")) {
		ok(caps[0].type == IPE_AUDIT_POLICY_LOAD && caps[0].err == 0 &&
		   pol_is_v(&caps[0].new_pol, "A", 1, 1, 0, new_digest),
		   "first the 1422 of the new policy");
		ok(caps[1].type == IPE_AUDIT_CONFIG_CHANGE &&
		   pol_is_v(&caps[1].old_pol, "A", 1, 0, 0, old_digest) &&
		   pol_is_v(&caps[1].new_pol, "A", 1, 1, 0, new_digest) &&
		   actor_same(&caps[1].actor, &ROOT),
		   "then the 1421 from the old to the new");
	}
	caps_reset();

	/* Updating another, lower policy is checked only against itself. */
	b = sign_policy("B", "0.2.0");
	rc = ipe_store_write_update(st, &ROOT, bid, b.p, b.len, NULL);
	is_int(rc, 0, "update the inactive B 0.1.0 -> 0.2.0 below the active 1.1.0");
	ok(ipe_store_active(st) == ipe_store_get(st, a), "A stays active");
	ok(ncaps == 1 && caps[0].type == IPE_AUDIT_POLICY_LOAD, "only a 1422, no 1421");
	caps_reset();
	blob_free(&b);
	blob_free(&up);
	ipe_store_free(st);
}

/* ---- active --------------------------------------------------------------- */

static void test_active(void)
{
	struct ipe_store *st = store_new();
	uint64_t a = load(st, "A", "1.0.0"), b = load(st, "B", "2.0.0"), c = load(st, "C", "2.0.0");
	uint64_t d = load(st, "D", "1.65535.65535"), e = load(st, "E", "2.0.1");
	char want[512], hex[65];
	int rc;

	ctl_fails(st, CTL_ACTIVE, &USER, b, "1", 1, -EPERM, "unprivileged: EPERM");
	ctl_fails(st, CTL_ACTIVE, &USER, b, "x", 1, -EPERM, "unprivileged, bad bool: EPERM first");
	ctl_fails(st, CTL_ACTIVE, &USER, NO_ID, "1", 1, -EPERM, "unprivileged, unknown id: EPERM");
	ctl_fails(st, CTL_ACTIVE, &ROOT, b, "0", 1, -EINVAL, "0: EINVAL");
	ctl_fails(st, CTL_ACTIVE, &ROOT, b, "off", 3, -EINVAL, "off: EINVAL");
	ctl_fails(st, CTL_ACTIVE, &ROOT, b, "2", 1, -EINVAL, "2: EINVAL");
	ctl_fails(st, CTL_ACTIVE, &ROOT, b, "", 0, -EINVAL, "empty: EINVAL");
	ctl_fails(st, CTL_ACTIVE, &ROOT, NO_ID, "0", 1, -EINVAL, "unknown id, 0: EINVAL before ENOENT");
	ctl_fails(st, CTL_ACTIVE, &ROOT, NO_ID, "2", 1, -EINVAL, "unknown id, 2: EINVAL before ENOENT");
	ctl_fails(st, CTL_ACTIVE, &ROOT, NO_ID, "1", 1, -ENOENT, "unknown id: ENOENT");
	ctl_fails(st, CTL_ACTIVE, &ROOT, NO_ID, "yes", 3, -ENOENT, "an id never handed out: ENOENT");

	/* First activation: 1421 with no old policy. */
	caps_reset();
	rc = ipe_store_write_active(st, &ROOT, b, "1", 1);
	is_int(rc, 0, "activate B 2.0.0 with 1");
	ok(ipe_store_active(st) == ipe_store_get(st, b), "B is active");
	if (ok(ncaps == 1 && caps[0].type == IPE_AUDIT_CONFIG_CHANGE, "one 1421 record")) {
		ok(caps[0].old_pol.name == NULL && pol_is(&caps[0].new_pol, ipe_store_get(st, b)) &&
		   actor_same(&caps[0].actor, &ROOT), "old: none, new: B");
		sha256_hex(ipe_store_get(st, b)->digest, hex);
		snprintf(want, sizeof(want),
			 "old_active_pol_name=? old_active_pol_version=? old_policy_digest=? "
			 "new_active_pol_name=\"B\" new_active_pol_version=2.0.0 "
			 "new_policy_digest=sha256:%s auid=0 ses=3 lsm=ipe res=1", hex);
		is_str(caps[0].text, want, "1421 text");
	}
	caps_reset();

	/* Already active: nothing happens (SPEC 5.4.2). */
	ctl_fails(st, CTL_ACTIVE, &ROOT, b, "1", 1, 0, "the active policy again: no-op");
	ctl_fails(st, CTL_ACTIVE, &ROOT, b, "yes", 3, 0, "the active policy again with yes: no-op");
	/* EPERM and bool errors still come first for the active one. */
	ctl_fails(st, CTL_ACTIVE, &ROOT, b, "0", 1, -EINVAL, "the active policy with 0: EINVAL");

	/* Lower versions, across names (SPEC 5.4.3). */
	ctl_fails(st, CTL_ACTIVE, &ROOT, a, "1", 1, -EINVAL, "A 1.0.0 below B 2.0.0: EINVAL");
	ctl_fails(st, CTL_ACTIVE, &ROOT, d, "1", 1, -EINVAL,
		  "D 1.65535.65535 below B 2.0.0: EINVAL");

	/* Equal versions are allowed. */
	caps_reset();
	rc = ipe_store_write_active(st, &ROOT, c, "on", 2);
	is_int(rc, 0, "activate C 2.0.0 (equal to B) with on");
	ok(ipe_store_active(st) == ipe_store_get(st, c), "C is active");
	ok(ncaps == 1 && caps[0].type == IPE_AUDIT_CONFIG_CHANGE &&
	   pol_is(&caps[0].old_pol, ipe_store_get(st, b)) &&
	   pol_is(&caps[0].new_pol, ipe_store_get(st, c)), "1421 from B to C");
	caps_reset();
	rc = ipe_store_write_active(st, &ROOT, b, "Y\n", 2);
	ok(rc == 0 && ipe_store_active(st) == ipe_store_get(st, b), "and back to B (equal again)");
	caps_reset();

	/* Higher: by revision. */
	rc = ipe_store_write_active(st, &ROOT, e, "true", 4);
	ok(rc == 0 && ipe_store_active(st) == ipe_store_get(st, e), "activate E 2.0.1");
	ok(ncaps == 1 && caps[0].type == IPE_AUDIT_CONFIG_CHANGE, "one 1421");
	caps_reset();
	ctl_fails(st, CTL_ACTIVE, &ROOT, b, "1", 1, -EINVAL, "B 2.0.0 below E 2.0.1: EINVAL");
	ipe_store_free(st);
}

/* ---- delete --------------------------------------------------------------- */

static void test_delete(void)
{
	struct ipe_store *st = store_new();
	uint64_t a = load(st, "A", "1.0.0"), b = load(st, "B", "1.0.0"), c = load(st, "C", "1.0.0");
	uint64_t b2, c2;
	struct blob bl;
	int rc;

	is_int(activate(st, a), 0, "activate A");
	ctl_fails(st, CTL_DELETE, &USER, b, "1", 1, -EPERM, "unprivileged: EPERM");
	ctl_fails(st, CTL_DELETE, &USER, b, "0", 1, -EPERM, "unprivileged, 0: EPERM first");
	ctl_fails(st, CTL_DELETE, &USER, a, "1", 1, -EPERM, "unprivileged, the active one: EPERM");
	ctl_fails(st, CTL_DELETE, &ROOT, b, "0", 1, -EINVAL, "0: EINVAL");
	ctl_fails(st, CTL_DELETE, &ROOT, b, "n", 1, -EINVAL, "n: EINVAL");
	ctl_fails(st, CTL_DELETE, &ROOT, b, "2", 1, -EINVAL, "2: EINVAL");
	ctl_fails(st, CTL_DELETE, &ROOT, b, "", 0, -EINVAL, "empty: EINVAL");
	ctl_fails(st, CTL_DELETE, &ROOT, a, "1", 1, -EPERM, "the active policy: EPERM");
	ctl_fails(st, CTL_DELETE, &ROOT, a, "0", 1, -EINVAL, "the active policy, 0: EINVAL first");
	ctl_fails(st, CTL_DELETE, &ROOT, NO_ID, "1", 1, -ENOENT, "unknown id: ENOENT");
	ctl_fails(st, CTL_DELETE, &ROOT, NO_ID, "0", 1, -EINVAL, "unknown id, 0: EINVAL first");

	caps_reset();
	rc = ipe_store_write_delete(st, &ROOT, b, "1\n", 2);
	is_int(rc, 0, "delete B");
	ok(!ipe_store_get(st, b) && !ipe_store_find(st, "B"), "B is gone");
	ok(ipe_store_at(st, 0) == ipe_store_get(st, a) && ipe_store_at(st, 1) == ipe_store_get(st, c) &&
	   !ipe_store_at(st, 2), "A and C remain, in load order");
	ok(ipe_store_active(st) == ipe_store_get(st, a), "A stays active");
	expect_no_records("delete");

	/* A handle to a deleted policy (SPEC 5.1). */
	ctl_fails(st, CTL_DELETE, &ROOT, b, "1", 1, -ENOENT, "the deleted id again: ENOENT");
	ctl_fails(st, CTL_ACTIVE, &ROOT, b, "1", 1, -ENOENT, "activate the deleted id: ENOENT");
	ctl_fails(st, CTL_ACTIVE, &ROOT, b, "0", 1, -EINVAL, "deleted id, 0: EINVAL first");

	/* The name is free again; the id is not reused. */
	bl = sign_policy("B", "0.0.1");
	b2 = NO_ID;
	caps_reset();
	rc = ipe_store_write_new_policy(st, &ROOT, bl.p, bl.len, &b2, NULL);
	is_int(rc, 0, "B loads again after its delete, even at a lower version");
	ok(b2 != NO_ID && b2 != a && b2 != b && b2 != c, "with a new id");
	ok(!ipe_store_get(st, b), "the old id still resolves to nothing");
	blob_free(&bl);
	caps_reset();
	ctl_fails(st, CTL_DELETE, &ROOT, b, "1", 1, -ENOENT, "the old id of a reloaded name: ENOENT");

	/* Deleting the newest: its id is still not handed out again. */
	rc = ipe_store_write_delete(st, &ROOT, c, "y", 1);
	is_int(rc, 0, "delete C");
	c2 = load(st, "C", "1.0.0");
	ok(c2 != NO_ID && c2 != a && c2 != b && c2 != c && c2 != b2, "C reloaded gets a fresh id");
	ipe_store_free(st);
}

/* ---- enforce and success_audit ------------------------------------------- */

static void test_modes(void)
{
	struct ipe_store *st = store_new();
	int rc;

	ok(ipe_store_enforce(st) && !ipe_store_success_audit(st),
	   "modes from the options: enforce on, success_audit off");
	ctl_fails(st, CTL_ENFORCE, &USER, 0, "0", 1, -EPERM, "unprivileged: EPERM");
	ctl_fails(st, CTL_ENFORCE, &USER, 0, "x", 1, -EPERM, "unprivileged, bad bool: EPERM");
	ctl_fails(st, CTL_ENFORCE, &ROOT, 0, "2", 1, -EINVAL, "2: EINVAL");
	ctl_fails(st, CTL_ENFORCE, &ROOT, 0, "", 0, -EINVAL, "empty: EINVAL");
	ctl_fails(st, CTL_ENFORCE, &ROOT, 0, " 0", 2, -EINVAL, "leading space: EINVAL");
	ctl_fails(st, CTL_ENFORCE, &ROOT, 0, "1", 1, 0, "the current value: no-op, no record");
	ctl_fails(st, CTL_ENFORCE, &ROOT, 0, "on\n", 3, 0, "on, the current value: no-op");

	caps_reset();
	rc = ipe_store_write_enforce(st, &ROOT, "0", 1);
	is_int(rc, 0, "enforce 0");
	ok(!ipe_store_enforce(st), "enforce is off");
	if (ok(ncaps == 1 && caps[0].type == IPE_AUDIT_MAC_STATUS, "one 1404 record")) {
		ok(!caps[0].new_enforce && caps[0].old_enforce && actor_same(&caps[0].actor, &ROOT),
		   "1404 new 0, old 1");
		is_str(caps[0].text,
		       "enforcing=0 old_enforcing=1 auid=0 ses=3 enabled=1 old-enabled=1 lsm=ipe res=1",
		       "1404 text");
	}
	caps_reset();
	ctl_fails(st, CTL_ENFORCE, &ROOT, 0, "n", 1, 0, "n when off: no-op");
	ctl_fails(st, CTL_ENFORCE, &ROOT, 0, "x", 1, -EINVAL, "x when off: EINVAL, stays off");
	rc = ipe_store_write_enforce(st, &ROOT, "on", 2);
	ok(rc == 0 && ipe_store_enforce(st), "enforce on");
	ok(ncaps == 1 && caps[0].type == IPE_AUDIT_MAC_STATUS && caps[0].new_enforce &&
	   !caps[0].old_enforce, "1404 new 1, old 0");
	caps_reset();

	/* success_audit: a flag, never audited (SPEC 5.2). */
	ctl_fails(st, CTL_SUCCESS_AUDIT, &USER, 0, "1", 1, -EPERM, "unprivileged: EPERM");
	ctl_fails(st, CTL_SUCCESS_AUDIT, &ROOT, 0, "2", 1, -EINVAL, "2: EINVAL");
	ctl_fails(st, CTL_SUCCESS_AUDIT, &ROOT, 0, "", 0, -EINVAL, "empty: EINVAL");
	rc = ipe_store_write_success_audit(st, &ROOT, "1", 1);
	ok(rc == 0 && ipe_store_success_audit(st), "success_audit 1: on");
	expect_no_records("success_audit 1");
	rc = ipe_store_write_success_audit(st, &ROOT, "yes", 3);
	ok(rc == 0 && ipe_store_success_audit(st), "success_audit yes: still on");
	expect_no_records("success_audit again");
	ctl_fails(st, CTL_SUCCESS_AUDIT, &ROOT, 0, "o", 1, -EINVAL, "o: EINVAL, stays on");
	rc = ipe_store_write_success_audit(st, &ROOT, "off", 3);
	ok(rc == 0 && !ipe_store_success_audit(st), "success_audit off");
	expect_no_records("success_audit off");
	ok(ipe_store_enforce(st), "enforce untouched by success_audit");
	ipe_store_free(st);

	st = store_new_with(false, true, false);
	ok(!ipe_store_enforce(st) && ipe_store_success_audit(st),
	   "modes from other options: enforce off, success_audit on");
	ipe_store_free(st);
}

/* ---- modes_one_way -------------------------------------------------------- */

/* Every spelling of false the kernel's bool syntax takes. */
static const char *const FALSES[] = { "0", "n", "N", "f", "F", "of", "off", "0ab", "no" };

/*
 * With the option, a mode at 1 refuses every false (EPERM, no change, no
 * record) and still takes true as a no-op; bad bools and unprivileged
 * writers get the kernel's errnos first.
 */
static void one_way_at_one(struct ipe_store *st, enum ctl c)
{
	char what[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(FALSES); i++) {
		snprintf(what, sizeof(what), "one-way at 1, '%s': EPERM", FALSES[i]);
		ctl_fails(st, c, &ROOT, 0, FALSES[i], strlen(FALSES[i]), -EPERM, what);
	}
	ctl_fails(st, c, &ROOT, 0, "1", 1, 0, "one-way at 1, 1: accepted, no change");
	ctl_fails(st, c, &ROOT, 0, "on", 2, 0, "one-way at 1, on: accepted, no change");
	ctl_fails(st, c, &ROOT, 0, "x", 1, -EINVAL, "one-way at 1, x: EINVAL");
	ctl_fails(st, c, &ROOT, 0, "", 0, -EINVAL, "one-way at 1, empty: EINVAL");
	ctl_fails(st, c, &USER, 0, "1", 1, -EPERM, "one-way at 1, unprivileged 1: EPERM");
	ctl_fails(st, c, &USER, 0, "0", 1, -EPERM, "one-way at 1, unprivileged 0: EPERM");
}

static void test_modes_one_way(void)
{
	struct ipe_store *st = store_from((struct ipe_store_options){
		.enforce = false, .success_audit = false, .modes_one_way = true });
	int rc;

	/* From 0: 0 is no weakening, 1 is allowed and audited as ever. */
	ctl_fails(st, CTL_ENFORCE, &ROOT, 0, "0", 1, 0, "one-way at 0, 0: no-op");
	ctl_fails(st, CTL_SUCCESS_AUDIT, &ROOT, 0, "0", 1, 0, "one-way at 0, 0: no-op");
	ctl_fails(st, CTL_ENFORCE, &ROOT, 0, "2", 1, -EINVAL, "one-way at 0, 2: EINVAL");
	ctl_fails(st, CTL_ENFORCE, &USER, 0, "1", 1, -EPERM, "one-way at 0, unprivileged: EPERM");
	caps_reset();
	rc = ipe_store_write_enforce(st, &ROOT, "1", 1);
	ok(rc == 0 && ipe_store_enforce(st), "one-way, enforce 0 -> 1: accepted");
	ok(ncaps == 1 && caps[0].type == IPE_AUDIT_MAC_STATUS && caps[0].new_enforce &&
	   !caps[0].old_enforce, "... with its 1404 record");
	caps_reset();
	one_way_at_one(st, CTL_ENFORCE);
	ok(!ipe_store_success_audit(st), "success_audit untouched by enforce");
	rc = ipe_store_write_success_audit(st, &ROOT, "yes", 3);
	ok(rc == 0 && ipe_store_success_audit(st), "one-way, success_audit 0 -> 1: accepted");
	expect_no_records("success_audit 0 -> 1");
	one_way_at_one(st, CTL_SUCCESS_AUDIT);
	ok(ipe_store_enforce(st) && ipe_store_success_audit(st), "both modes still on");
	ipe_store_free(st);

	/* Created at 1: refused from the start, not only after a write. */
	st = store_from((struct ipe_store_options){
		.enforce = true, .success_audit = true, .modes_one_way = true });
	ctl_fails(st, CTL_ENFORCE, &ROOT, 0, "0", 1, -EPERM, "one-way, created at 1, 0: EPERM");
	ctl_fails(st, CTL_SUCCESS_AUDIT, &ROOT, 0, "0", 1, -EPERM,
		  "one-way, created at 1, 0: EPERM");
	ipe_store_free(st);

	/* Without the option the same writes switch both off. */
	st = store_new_with(true, true, false);
	caps_reset();
	ok(ipe_store_write_enforce(st, &ROOT, "0", 1) == 0 && !ipe_store_enforce(st) && ncaps == 1,
	   "without the option: enforce 1 -> 0 accepted, one record");
	caps_reset();
	ok(ipe_store_write_success_audit(st, &ROOT, "off", 3) == 0 && !ipe_store_success_audit(st),
	   "without the option: success_audit 1 -> 0 accepted");
	ipe_store_free(st);
}

/* ---- the boot policy ------------------------------------------------------ */

static void test_boot_policy(void)
{
	static const char boot[] = "policy_name=boot policy_version=1.0.0\nDEFAULT action=ALLOW\n";
	static const char other[] = "policy_name=other policy_version=0.0.0\nDEFAULT action=DENY\n";
	static const char boot_nul[] =
		"policy_name=boot policy_version=1.0.0\nDEFAULT action=ALLOW\n\0junk";
	struct ipe_store *st = store_new();
	const struct ipe_entry *e;
	struct ipe_diag diag;
	struct snap before;
	struct blob b;
	uint8_t d[32];
	uint64_t boot_id, a;
	int rc;

	ipe_sha256("", 0, d);
	ok(!memcmp(d, SHA256_EMPTY, 32), "ipe_sha256 of nothing is E3B0C442...B855");

	/* A text that does not parse: nothing loaded. */
	snap_take(st, &before);
	caps_reset();
	rc = ipe_store_load_boot_policy(st, "policy_name=boot", 16, &diag);
	is_int(rc, -EBADMSG, "boot policy without a version: EBADMSG");
	expect_unchanged(st, &before, "bad boot policy");
	expect_no_records("bad boot policy");

	/* The kernel takes it as a C string: up to its NUL (SPEC 6.2). */
	rc = ipe_store_load_boot_policy(st, boot_nul, sizeof(boot_nul) - 1, NULL);
	is_int(rc, 0, "boot policy loads");
	e = ipe_store_active(st);
	ok(e && e == ipe_store_find(st, "boot") && e == ipe_store_at(st, 0),
	   "the boot policy is active at once");
	if (!e) {
		ipe_store_free(st);
		return;
	}
	boot_id = e->id;
	ok(e->pkcs7 == NULL && e->pkcs7_len == 0, "boot policy: pkcs7 NULL");
	ok(e->text_len == strlen(boot) && !memcmp(e->text, boot, e->text_len),
	   "boot policy: the text up to its NUL");
	ok(!memcmp(e->digest, SHA256_EMPTY, 32), "boot policy: digest of nothing");
	ok(version_is(e, 1, 0, 0), "boot policy: version 1.0.0");
	expect_no_records("boot policy load");

	/* Only into a store with nothing active. */
	snap_take(st, &before);
	rc = ipe_store_load_boot_policy(st, boot, sizeof(boot) - 1, NULL);
	is_int(rc, -EBUSY, "a second boot policy: EBUSY");
	expect_unchanged(st, &before, "second boot policy");
	expect_no_records("second boot policy");

	/* Its name is taken; deleting it while active is refused. */
	b = sign_policy("boot", "2.0.0");
	new_policy_fails(st, &ROOT, b.p, b.len, -EEXIST, "the boot policy's name: EEXIST");
	blob_free(&b);
	ctl_fails(st, CTL_DELETE, &ROOT, boot_id, "1", 1, -EPERM, "delete the active boot policy");

	/* Updates: strictly higher, same name, and it stays active. */
	b = sign_policy("boot", "1.0.0");
	update_fails(st, &ROOT, boot_id, b.p, b.len, -ESTALE, "boot policy, same version: ESTALE");
	blob_free(&b);
	b = sign_policy("boot", "1.0.1");
	caps_reset();
	rc = ipe_store_write_update(st, &ROOT, boot_id, b.p, b.len, NULL);
	is_int(rc, 0, "the boot policy is updated by a signed one, higher version");
	e = ipe_store_active(st);
	ok(e && e->id == boot_id && version_is(e, 1, 0, 1) && e->pkcs7 && e->pkcs7_len == b.len,
	   "same id, still active, now signed");
	if (ok(ncaps == 2 && caps[0].type == IPE_AUDIT_POLICY_LOAD &&
	       caps[1].type == IPE_AUDIT_CONFIG_CHANGE, "1422 then 1421"))
		ok(pol_is_v(&caps[1].old_pol, "boot", 1, 0, 0, SHA256_EMPTY) && e &&
		   pol_is(&caps[1].new_pol, e), "1421 old: the boot policy with the empty digest");
	caps_reset();
	blob_free(&b);

	/* Replaced as active, then deleted. */
	a = load(st, "A", "1.0.1");
	is_int(activate(st, a), 0, "activate A (equal version)");
	rc = ipe_store_write_delete(st, &ROOT, boot_id, "1", 1);
	is_int(rc, 0, "the boot policy is deleted once A is active");
	ok(!ipe_store_get(st, boot_id) && ipe_store_at(st, 0) == ipe_store_get(st, a) &&
	   !ipe_store_at(st, 1), "only A is left");
	expect_no_records("delete boot");
	ipe_store_free(st);

	/* EEXIST: its name is loaded, though nothing is active. */
	st = store_new();
	a = load(st, "boot", "9.0.0");
	snap_take(st, &before);
	rc = ipe_store_load_boot_policy(st, boot, sizeof(boot) - 1, NULL);
	is_int(rc, -EEXIST, "a boot policy whose name is loaded: EEXIST");
	expect_unchanged(st, &before, "boot EEXIST");
	ok(!ipe_store_active(st), "nothing becomes active");
	/* A boot policy under another name goes in next to it, no version check. */
	rc = ipe_store_load_boot_policy(st, other, strlen(other), NULL);
	is_int(rc, 0, "a boot policy 0.0.0 next to an inactive 9.0.0");
	ok(ipe_store_active(st) == ipe_store_find(st, "other"), "it is the active one");
	expect_no_records("boot policy next to a loaded one");
	is_int(activate(st, a), 0, "the loaded 9.0.0 can then be activated");
	ipe_store_free(st);
}

/* ---- version floors ------------------------------------------------------- */

static bool floor_is(const struct ipe_store *st, const char *name, uint16_t a, uint16_t b,
		     uint16_t c)
{
	uint16_t v[3] = { 0xffff, 0xffff, 0xffff };

	return ipe_store_floor(st, name, v) && v[0] == a && v[1] == b && v[2] == c;
}

static void test_floors(void)
{
	struct ipe_store *st = store_new_with(true, false, true), *st2, *off;
	uint16_t v[3], lower[3] = { 1, 0, 0 }, higher[3] = { 4, 0, 0 };
	uint64_t a, b, o, a1;
	struct blob bl;
	const char *name;
	size_t i, n;
	int rc;

	ok(!ipe_store_floor(st, "A", v) && !ipe_store_floor_at(st, 0, v), "a new store has no floors");
	{
		/* The boot policy is activated, so it sets a floor too. */
		static const char boot[] = "policy_name=B policy_version=0.0.7\nDEFAULT action=ALLOW\n";
		struct ipe_store *bs = store_new_with(true, false, true);

		is_int(ipe_store_load_boot_policy(bs, boot, sizeof(boot) - 1, NULL), 0,
		       "floors: boot policy loads");
		ok(floor_is(bs, "B", 0, 0, 7), "floors: the boot policy records its floor");
		ipe_store_free(bs);
	}
	a = load(st, "A", "2.0.0");
	o = load(st, "O", "5.0.0");
	ok(!ipe_store_floor(st, "A", v), "loading sets no floor");
	is_int(activate(st, a), 0, "activate A 2.0.0");
	ok(floor_is(st, "A", 2, 0, 0), "activation records A's floor 2.0.0");

	/* An update of the active policy raises its floor; of another does not. */
	bl = sign_policy("A", "3.0.0");
	rc = ipe_store_write_update(st, &ROOT, a, bl.p, bl.len, NULL);
	blob_free(&bl);
	caps_reset();
	ok(rc == 0 && floor_is(st, "A", 3, 0, 0), "updating the active A to 3.0.0 raises its floor");
	bl = sign_policy("O", "6.0.0");
	rc = ipe_store_write_update(st, &ROOT, o, bl.p, bl.len, NULL);
	blob_free(&bl);
	caps_reset();
	ok(rc == 0 && !ipe_store_floor(st, "O", v), "updating the inactive O records no floor");

	/* The scenario of the brief: within one store the active version rule already refuses. */
	b = load(st, "B", "3.0.0");
	is_int(activate(st, b), 0, "activate B 3.0.0");
	is_int(ipe_store_write_delete(st, &ROOT, a, "1", 1), 0, "delete A");
	a1 = load(st, "A", "1.0.0");
	ok(ipe_store_get(st, a1) != NULL, "A 1.0.0 loads under the freed name");
	ctl_fails(st, CTL_ACTIVE, &ROOT, a1, "1", 1, -EINVAL, "A 1.0.0 below its floor: EINVAL");
	/* A refused activation records no floor for a name that had none. */
	o = load(st, "L", "0.5.0");
	ctl_fails(st, CTL_ACTIVE, &ROOT, o, "1", 1, -EINVAL, "L 0.5.0 below the active B: EINVAL");
	ok(!ipe_store_floor(st, "L", v), "and L has no floor");

	/* ipe_store_floor_at walks them all. */
	for (n = 0; ipe_store_floor_at(st, n, v); n++)
		;
	is_int(n, 2, "two floors: A and B");
	ok(floor_is(st, "B", 3, 0, 0), "B's floor 3.0.0");

	/* Persist and restore into a new store: this is where floors matter. */
	st2 = store_new_with(true, false, true);
	for (i = 0; (name = ipe_store_floor_at(st, i, v)); i++)
		is_int(ipe_store_set_floor(st2, name, v), 0, "restore floor %s", name);
	ok(floor_is(st2, "A", 3, 0, 0) && floor_is(st2, "B", 3, 0, 0), "floors round-trip");
	is_int(ipe_store_set_floor(st2, "A", lower), 0, "set a lower floor");
	ok(floor_is(st2, "A", 3, 0, 0), "a floor is never lowered");
	is_int(ipe_store_set_floor(st2, "B", higher), 0, "set a higher floor");
	ok(floor_is(st2, "B", 4, 0, 0), "a floor is raised");
	ipe_store_free(st);

	/* Nothing active, yet A 2.0.0 is below the restored floor 3.0.0. */
	a = load(st2, "A", "2.0.0");
	ctl_fails(st2, CTL_ACTIVE, &ROOT, a, "1", 1, -EINVAL,
		  "fresh store, A 2.0.0 below the restored floor: EINVAL");
	ok(!ipe_store_active(st2), "nothing active");
	o = load(st2, "O", "0.0.1");
	is_int(activate(st2, o), 0, "a name without a floor activates");
	ok(floor_is(st2, "O", 0, 0, 1), "and gets a floor");
	bl = sign_policy("A", "3.0.0");
	rc = ipe_store_write_update(st2, &ROOT, a, bl.p, bl.len, NULL);
	blob_free(&bl);
	caps_reset();
	is_int(rc, 0, "update the inactive A to 3.0.0");
	is_int(activate(st2, a), 0, "A 3.0.0, equal to its floor, activates");
	ok(floor_is(st2, "A", 3, 0, 0), "the floor stays 3.0.0");
	ipe_store_free(st2);

	/* Off (the kernel): the same restored history does not matter, no floors kept. */
	off = store_new();
	a = load(off, "A", "2.0.0");
	is_int(activate(off, a), 0, "without floors: activate A 2.0.0");
	ok(!ipe_store_floor(off, "A", v) && !ipe_store_floor_at(off, 0, v),
	   "without floors: activation records none");
	b = load(off, "B", "3.0.0");
	is_int(activate(off, b), 0, "without floors: activate B 3.0.0");
	is_int(ipe_store_write_delete(off, &ROOT, a, "1", 1), 0, "without floors: delete A");
	a1 = load(off, "A", "1.0.0");
	ok(ipe_store_get(off, a1) != NULL, "without floors: A 1.0.0 reloads (SPEC 5.5: no per-name floor)");
	ipe_store_free(off);
}

/* ---- no sink -------------------------------------------------------------- */

static void test_no_sink(void)
{
	struct ipe_store_options o = { .trust = trust, .enforce = true };
	struct ipe_store *st = NULL;
	struct blob b = sign_policy("A", "1.0.0"), up = sign_policy("A", "1.0.1");
	uint64_t id = 0;

	is_int(ipe_store_new(&o, &st), 0, "a store without an audit sink");
	ok(ipe_store_write_new_policy(st, &ROOT, b.p, b.len, &id, NULL) == 0 &&
	   ipe_store_write_new_policy(st, &ROOT, b.p, b.len, NULL, NULL) == -EEXIST &&
	   ipe_store_write_active(st, &ROOT, id, "1", 1) == 0 &&
	   ipe_store_write_update(st, &ROOT, id, up.p, up.len, NULL) == 0 &&
	   ipe_store_write_enforce(st, &ROOT, "0", 1) == 0,
	   "loads, fails, activates, updates and toggles without emitting anywhere");
	blob_free(&b);
	blob_free(&up);
	ipe_store_free(st);
	ipe_store_free(NULL);
}

int main(void)
{
	int rc;

	make_signer("trusted", 1, &trusted);
	make_signer("untrusted", 2, &untrusted);
	if (ipe_trust_new(&trust))
		bail("ipe_trust_new failed");
	rc = ipe_trust_add(trust, trusted.cert, trusted.cert_len);
	if (rc)
		bail("the trusted certificate is refused");
	is_int(ipe_trust_count(trust), 1, "the trust holds one certificate");

	test_bool_parse();
	test_new_policy_success();
	test_new_policy_edges();
	test_new_policy_errors();
	test_new_policy_bad_signature();
	test_update();
	test_update_active();
	test_active();
	test_delete();
	test_modes();
	test_modes_one_way();
	test_boot_policy();
	test_floors();
	test_no_sink();
	ok(!sink_bad_ctx && !sink_overflow, "the sink always got its context and kept up");

	caps_reset();
	ipe_trust_free(trust);
	signer_free(&trusted);
	signer_free(&untrusted);
	return tap_done();
}
