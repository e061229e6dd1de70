// SPDX-License-Identifier: LGPL-2.1-or-later
#include "witness.h"

const struct ipe_digest ipe_witness_fresh = { .alg = ":", .bytes = NULL, .len = 0 };

/* A digest dimension's five states: absent, then (named, fresh) x (unsigned, signed). */
static void dimension(unsigned s, uint8_t *state, bool *sig)
{
	*state = s == 0 ? W_ABSENT : s <= 2 ? W_NAMED : W_FRESH;
	*sig = s == 2 || s == 4;
}

struct ipe_witness ipe_witness_get(unsigned i)
{
	struct ipe_witness w = { 0 };

	if (i == 0)
		return w;
	i--;
	w.file = true;
	w.boot = i / 25;
	dimension(i / 5 % 5, &w.dmv, &w.dmv_signed);
	dimension(i % 5, &w.fsv, &w.fsv_signed);
	return w;
}

struct ipe_event ipe_witness_event(const struct ipe_witness *w, unsigned op, unsigned providers,
				   const struct ipe_digest *dmv, const struct ipe_digest *fsv,
				   struct ipe_file_props *f)
{
	struct ipe_event ev = {
		.op = (uint8_t)op,
		.hook = op == IPE_OP_EXECUTE ? IPE_HOOK_MMAP : IPE_HOOK_KERNEL_LOAD,
		.providers = providers,
	};

	if (!w->file)
		return ev;
	*f = (struct ipe_file_props){
		.boot_verified = w->boot,
		.dmv_has_roothash = w->dmv != W_ABSENT,
		.dmv_signed = w->dmv_signed,
		.fsv_enabled = w->fsv != W_ABSENT,
		.fsv_signed = w->fsv_signed,
	};
	if (w->dmv != W_ABSENT)
		f->dmv_roothash = *dmv;
	if (w->fsv != W_ABSENT)
		f->fsv_digest = *fsv;
	ev.hook = op == IPE_OP_EXECUTE ? IPE_HOOK_BPRM_CHECK : IPE_HOOK_KERNEL_READ;
	ev.file = f;
	return ev;
}

/* Every property of N at PROPS holds for EV (a rule's AND). */
static bool props_hold(const struct ipe_prop *props, uint32_t n, const struct ipe_event *ev)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (!ipe_prop_holds(&props[i], ev))
			return false;
	return true;
}

uint64_t ipe_witnesses_of(const struct ipe_prop *props, uint32_t n, unsigned op,
			  unsigned providers)
{
	const struct ipe_digest *named[2] = { NULL, NULL };
	uint64_t set = 0;
	uint32_t k;
	unsigned i;

	for (k = 0; k < n; k++) {
		if (props[k].kind == IPE_PROP_DMV_ROOTHASH && !named[0])
			named[0] = &props[k].digest;
		else if (props[k].kind == IPE_PROP_FSV_DIGEST && !named[1])
			named[1] = &props[k].digest;
	}
	for (i = 0; i < IPE_WITNESS_COUNT; i++) {
		struct ipe_witness w = ipe_witness_get(i);
		struct ipe_file_props f;
		struct ipe_event ev;

		/* Without a named value, W_NAMED is a second copy of W_FRESH. */
		if ((w.dmv == W_NAMED && !named[0]) || (w.fsv == W_NAMED && !named[1]))
			continue;
		ev = ipe_witness_event(&w, op, providers,
				       w.dmv == W_NAMED ? named[0] : &ipe_witness_fresh,
				       w.fsv == W_NAMED ? named[1] : &ipe_witness_fresh, &f);
		if (props_hold(props, n, &ev))
			set |= 1ull << i;
	}
	return set;
}
