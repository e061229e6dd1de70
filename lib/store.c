// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The policy store: what kernel IPE's securityfs handlers do to its list of
 * policies, minus the VFS.  Error order follows security/ipe/fs.c and
 * policy_fs.c; see SPEC §5.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libipe-store.h"

struct slot {
	struct ipe_entry e;
	struct ipe_policy *policy;
	uint8_t *blob;			/* owns e.pkcs7, or e.text when unsigned */
};

struct floor {
	char *name;
	uint16_t version[3];
};

struct ipe_store {
	struct ipe_store_options opts;
	struct slot **slots;		/* load order */
	size_t nslots, cap;
	struct slot *active;
	uint64_t next_id;
	struct floor *floors;
	size_t nfloors;
};

int ipe_bool_parse(const void *buf, size_t len, bool *out)
{
	/* kstrtobool_from_user: at most three bytes, NUL-terminated. */
	char s[4] = { 0 };

	if (len)
		memcpy(s, buf, len < 3 ? len : 3);
	switch (s[0]) {
	case '1': case 'y': case 'Y': case 't': case 'T':
		*out = true;
		return 0;
	case '0': case 'n': case 'N': case 'f': case 'F':
		*out = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*out = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*out = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

int ipe_store_new(const struct ipe_store_options *opts, struct ipe_store **out)
{
	struct ipe_store *st = calloc(1, sizeof(*st));

	*out = NULL;
	if (!st)
		return -ENOMEM;
	st->opts = *opts;
	st->next_id = 1;
	*out = st;
	return 0;
}

static void slot_free(struct slot *s)
{
	if (!s)
		return;
	ipe_policy_free(s->policy);
	free(s->blob);
	free(s);
}

void ipe_store_free(struct ipe_store *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->nslots; i++)
		slot_free(st->slots[i]);
	for (i = 0; i < st->nfloors; i++)
		free(st->floors[i].name);
	free(st->floors);
	free(st->slots);
	free(st);
}

/* ---- audit -------------------------------------------------------------- */

static void ref_of(struct ipe_audit_policy_ref *ref, const struct ipe_entry *e)
{
	if (!e)
		return;
	ref->name = e->policy->name;
	memcpy(ref->version, e->policy->version, sizeof(ref->version));
	memcpy(ref->digest, e->digest, sizeof(ref->digest));
}

static void emit(const struct ipe_store *st, const struct ipe_audit_record *rec)
{
	if (st->opts.audit)
		st->opts.audit(st->opts.audit_ctx, rec);
}

static void audit_load(const struct ipe_store *st, const struct ipe_actor *who,
		       const struct ipe_entry *e, int err)
{
	struct ipe_audit_record rec = {
		.type = IPE_AUDIT_POLICY_LOAD, .actor = *who, .err = err,
	};

	ref_of(&rec.new_pol, e);
	emit(st, &rec);
}

static void audit_activation(const struct ipe_store *st, const struct ipe_actor *who,
			     const struct ipe_entry *old, const struct ipe_entry *new)
{
	struct ipe_audit_record rec = { .type = IPE_AUDIT_CONFIG_CHANGE, .actor = *who };

	ref_of(&rec.old_pol, old);
	ref_of(&rec.new_pol, new);
	emit(st, &rec);
}

/* ---- lookups ------------------------------------------------------------ */

static struct slot *slot_by_id(const struct ipe_store *st, uint64_t id)
{
	size_t i;

	for (i = 0; i < st->nslots; i++)
		if (st->slots[i]->e.id == id)
			return st->slots[i];
	return NULL;
}

static size_t slot_index(const struct ipe_store *st, const struct slot *s)
{
	size_t i;

	for (i = 0; i < st->nslots && st->slots[i] != s; i++)
		;
	return i;
}

const struct ipe_entry *ipe_store_get(const struct ipe_store *st, uint64_t id)
{
	struct slot *s = slot_by_id(st, id);

	return s ? &s->e : NULL;
}

const struct ipe_entry *ipe_store_find(const struct ipe_store *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->nslots; i++)
		if (!strcmp(st->slots[i]->policy->name, name))
			return &st->slots[i]->e;
	return NULL;
}

const struct ipe_entry *ipe_store_active(const struct ipe_store *st)
{
	return st->active ? &st->active->e : NULL;
}

const struct ipe_entry *ipe_store_at(const struct ipe_store *st, size_t i)
{
	return i < st->nslots ? &st->slots[i]->e : NULL;
}

bool ipe_store_enforce(const struct ipe_store *st)
{
	return st->opts.enforce;
}

bool ipe_store_success_audit(const struct ipe_store *st)
{
	return st->opts.success_audit;
}

/* ---- version floors ----------------------------------------------------- */

static struct floor *floor_of(const struct ipe_store *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->nfloors; i++)
		if (!strcmp(st->floors[i].name, name))
			return &st->floors[i];
	return NULL;
}

static uint64_t version_number(const uint16_t v[3])
{
	return (uint64_t)v[0] << 32 | (uint64_t)v[1] << 16 | v[2];
}

bool ipe_store_floor(const struct ipe_store *st, const char *name, uint16_t version[3])
{
	const struct floor *f = floor_of(st, name);

	if (f)
		memcpy(version, f->version, sizeof(f->version));
	return f;
}

const char *ipe_store_floor_at(const struct ipe_store *st, size_t i, uint16_t version[3])
{
	if (i >= st->nfloors)
		return NULL;
	memcpy(version, st->floors[i].version, sizeof(st->floors[i].version));
	return st->floors[i].name;
}

/* Raise NAME's floor to VERSION; never lowers it. */
int ipe_store_set_floor(struct ipe_store *st, const char *name, const uint16_t version[3])
{
	struct floor *f = floor_of(st, name), *grown;

	if (!f) {
		grown = realloc(st->floors, (st->nfloors + 1) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		st->floors = grown;
		f = &st->floors[st->nfloors];
		f->name = strdup(name);
		if (!f->name)
			return -ENOMEM;
		memset(f->version, 0, sizeof(f->version));
		st->nfloors++;
	}
	if (version_number(version) > version_number(f->version))
		memcpy(f->version, version, sizeof(f->version));
	return 0;
}

static bool below_floor(const struct ipe_store *st, const struct ipe_policy *p)
{
	const struct floor *f;

	if (!st->opts.version_floors)
		return false;
	f = floor_of(st, p->name);
	return f && ipe_policy_version_number(p) < version_number(f->version);
}

/* ---- building entries --------------------------------------------------- */

/*
 * A verified and parsed policy in a new slot (not yet in the store).  The
 * blob is copied so the store never points into the caller's buffer.
 */
static int slot_from_blob(const struct ipe_store *st, const void *buf, size_t len,
			  struct slot **out, struct ipe_diag *diag)
{
	const uint8_t *content;
	size_t content_len;
	struct slot *s;
	int err;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->blob = malloc(len ? len : 1);
	if (!s->blob) {
		free(s);
		return -ENOMEM;
	}
	if (len)
		memcpy(s->blob, buf, len);
	err = ipe_pkcs7_verify(st->opts.trust, s->blob, len, st->opts.max_policy_bytes, &content,
			       &content_len, diag);
	if (!err)
		err = ipe_policy_parse(content, content_len, &s->policy, diag);
	if (err) {
		slot_free(s);
		return err;
	}
	s->e.policy = s->policy;
	s->e.pkcs7 = s->blob;
	s->e.pkcs7_len = len;
	s->e.text = (const char *)content;
	s->e.text_len = content_len;
	ipe_sha256(s->blob, len, s->e.digest);
	*out = s;
	return 0;
}

/*
 * What the VFS says to a directory of this name: lookup_one_len() refuses
 * "." and ".." and any name holding '/' with EACCES.
 */
static int name_lookup_error(const char *name)
{
	if (!strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/'))
		return -EACCES;
	if (strlen(name) > 255)
		return -ENAMETOOLONG;
	return 0;
}

/* Room for one more slot, so that inserting it cannot fail. */
static int reserve(struct ipe_store *st)
{
	struct slot **grown;
	size_t cap;

	if (st->nslots < st->cap)
		return 0;
	cap = st->cap ? 2 * st->cap : 8;
	grown = realloc(st->slots, cap * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	st->slots = grown;
	st->cap = cap;
	return 0;
}

/* Whether S may join the store: its name as a directory, then uniqueness. */
static int admissible(struct ipe_store *st, const struct slot *s)
{
	int err = name_lookup_error(s->policy->name);

	if (!err && ipe_store_find(st, s->policy->name))
		err = -EEXIST;
	if (!err)
		err = reserve(st);
	return err;
}

static void insert(struct ipe_store *st, struct slot *s)
{
	s->e.id = st->next_id++;
	st->slots[st->nslots++] = s;
}

/* ---- writes ------------------------------------------------------------- */

int ipe_store_load_boot_policy(struct ipe_store *st, const void *text, size_t len,
			       struct ipe_diag *diag)
{
	struct slot *s;
	int err;

	if (st->active)
		return -EBUSY;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	/* The kernel parses the boot policy as a C string: up to its NUL. */
	len = strnlen(text, len);
	s->blob = malloc(len + 1);
	if (!s->blob) {
		free(s);
		return -ENOMEM;
	}
	memcpy(s->blob, text, len);
	s->blob[len] = 0;
	err = ipe_policy_parse(s->blob, len, &s->policy, diag);
	if (!err) {
		s->e.policy = s->policy;
		s->e.text = (const char *)s->blob;
		s->e.text_len = len;
		ipe_sha256("", 0, s->e.digest);
		err = admissible(st, s);
	}
	if (!err && st->opts.version_floors)
		err = ipe_store_set_floor(st, s->policy->name, s->policy->version);
	if (err) {
		slot_free(s);
		return err;
	}
	insert(st, s);
	st->active = s;
	return 0;
}

int ipe_store_write_new_policy(struct ipe_store *st, const struct ipe_actor *who,
			       const void *buf, size_t len, uint64_t *id,
			       struct ipe_diag *diag)
{
	struct slot *s = NULL;
	int err = -EPERM;

	if (who->privileged)
		err = slot_from_blob(st, buf, len, &s, diag);
	if (!err)
		err = admissible(st, s);
	if (err) {
		slot_free(s);
		audit_load(st, who, NULL, err);
		return err;
	}
	insert(st, s);
	audit_load(st, who, &s->e, 0);
	if (id)
		*id = s->e.id;
	return 0;
}

int ipe_store_write_update(struct ipe_store *st, const struct ipe_actor *who, uint64_t id,
			   const void *buf, size_t len, struct ipe_diag *diag)
{
	struct slot *old = NULL, *s = NULL;
	int err = -EPERM;

	if (who->privileged) {
		old = slot_by_id(st, id);
		err = old ? slot_from_blob(st, buf, len, &s, diag) : -ENOENT;
	}
	if (!err && strcmp(s->policy->name, old->policy->name))
		err = -EINVAL;
	if (!err && ipe_policy_version_number(s->policy) <=
		    ipe_policy_version_number(old->policy))
		err = -ESTALE;
	if (!err && st->active == old && st->opts.version_floors)
		err = ipe_store_set_floor(st, s->policy->name, s->policy->version);
	if (err) {
		slot_free(s);
		audit_load(st, who, NULL, err);
		return err;
	}
	/* Same directory, new contents: the id stays. */
	s->e.id = old->e.id;
	st->slots[slot_index(st, old)] = s;
	audit_load(st, who, &s->e, 0);
	if (st->active == old) {
		st->active = s;
		audit_activation(st, who, &old->e, &s->e);
	}
	slot_free(old);
	return 0;
}

/* The privilege and the bool of every bool file, in the kernel's order. */
static int bool_write(const struct ipe_actor *who, const void *buf, size_t len, bool *on)
{
	if (!who->privileged)
		return -EPERM;
	return ipe_bool_parse(buf, len, on);
}

/*
 * active and delete: only "true" means anything ("0" is EINVAL), and the
 * policy must still exist.
 */
static int policy_command(const struct ipe_store *st, const struct ipe_actor *who,
			  uint64_t id, const void *buf, size_t len, struct slot **out)
{
	bool on;
	int err = bool_write(who, buf, len, &on);

	if (err)
		return err;
	if (!on)
		return -EINVAL;
	*out = slot_by_id(st, id);
	return *out ? 0 : -ENOENT;
}

int ipe_store_write_active(struct ipe_store *st, const struct ipe_actor *who, uint64_t id,
			   const void *buf, size_t len)
{
	struct slot *s, *old;
	int err = policy_command(st, who, id, buf, len, &s);

	if (err)
		return err;
	if (s == st->active)
		return 0;
	if (st->active && ipe_policy_version_number(st->active->policy) >
			  ipe_policy_version_number(s->policy))
		return -EINVAL;
	if (below_floor(st, s->policy))
		return -EINVAL;
	if (st->opts.version_floors) {
		err = ipe_store_set_floor(st, s->policy->name, s->policy->version);
		if (err)
			return err;
	}
	old = st->active;
	st->active = s;
	audit_activation(st, who, old ? &old->e : NULL, &s->e);
	return 0;
}

int ipe_store_write_delete(struct ipe_store *st, const struct ipe_actor *who, uint64_t id,
			   const void *buf, size_t len)
{
	struct slot *s;
	size_t i;
	int err = policy_command(st, who, id, buf, len, &s);

	if (err)
		return err;
	if (s == st->active)
		return -EPERM;
	i = slot_index(st, s);
	memmove(&st->slots[i], &st->slots[i + 1], (st->nslots - i - 1) * sizeof(*st->slots));
	st->nslots--;
	slot_free(s);
	return 0;
}

/*
 * A write of ON to a mode now at NOW: the kernel's checks, then the one-way
 * rule, which refuses only an actual switch off.
 */
static int mode_write(const struct ipe_store *st, const struct ipe_actor *who, const void *buf,
		      size_t len, bool now, bool *on)
{
	int err = bool_write(who, buf, len, on);

	if (!err && st->opts.modes_one_way && now && !*on)
		err = -EPERM;
	return err;
}

int ipe_store_write_enforce(struct ipe_store *st, const struct ipe_actor *who,
			    const void *buf, size_t len)
{
	struct ipe_audit_record rec = { .type = IPE_AUDIT_MAC_STATUS };
	bool on;
	int err = mode_write(st, who, buf, len, st->opts.enforce, &on);

	if (err)
		return err;
	if (on == st->opts.enforce)
		return 0;
	rec.actor = *who;
	rec.old_enforce = st->opts.enforce;
	rec.new_enforce = on;
	emit(st, &rec);
	st->opts.enforce = on;
	return 0;
}

int ipe_store_write_success_audit(struct ipe_store *st, const struct ipe_actor *who,
				  const void *buf, size_t len)
{
	bool on;
	int err = mode_write(st, who, buf, len, st->opts.success_audit, &on);

	if (err)
		return err;
	st->opts.success_audit = on;
	return 0;
}
