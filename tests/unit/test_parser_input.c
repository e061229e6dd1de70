// SPDX-License-Identifier: GPL-2.0-only
/*
 * The parser against whole inputs nobody should write but someone will feed
 * it: nothing, random bytes, UTF-16, NULs, 64 MiB, every line-break style,
 * and whitespace the kernel treats specially.  Each must give the kernel's
 * answer and a diagnostic that stays inside the text and inside its buffer.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>

#include "tap.h"

#define HDR "policy_name=p policy_version=0.0.1"

/* Parse LEN bytes; return the errno (0 when valid) and check the contract. */
static int parse(const void *buf, size_t len, struct ipe_diag *d)
{
	struct ipe_policy *p = (struct ipe_policy *)1;
	int rc = ipe_policy_parse(buf, len, &p, d);

	if (rc) {
		if (p || !memchr(d->msg, '\0', sizeof(d->msg)) || d->err != -rc || !d->line ||
		    !d->col || !ipe_errno_name(d->err))
			ok(0, "error result honours the contract (rc %d)", rc);
		return -rc;
	}
	if (!p || !p->name)
		ok(0, "valid result has a policy");
	ipe_policy_free(p);
	return 0;
}

static int parse_str(const char *s, struct ipe_diag *d)
{
	return parse(s, strlen(s), d);
}

static void empty_and_nul(void)
{
	struct ipe_diag d;
	static const char nul_in_header[] = "policy_name=p\0 policy_version=0.0.1\nDEFAULT action=ALLOW\n";
	static const char nul_after[] = HDR "\nDEFAULT action=ALLOW\n\0garbage\xff op=BAD";
	static const char nul_first[] = "\0" HDR "\nDEFAULT action=ALLOW\n";

	is_int(parse("", 0, &d), EBADMSG, "empty input is EBADMSG");
	is_int(d.line, 1, "empty input: line 1");
	is_int(parse(nul_in_header, sizeof(nul_in_header) - 1, &d), EBADMSG,
	       "NUL inside the header truncates it: EBADMSG");
	is_int(parse(nul_after, sizeof(nul_after) - 1, &d), 0,
	       "NUL after a complete policy hides the garbage behind it");
	is_int(parse(nul_first, sizeof(nul_first) - 1, &d), EBADMSG, "NUL as first byte: EBADMSG");
	is_int(parse("\n\n  \t\r\n# only comments\n", 23, &d), EBADMSG,
	       "only blank and comment lines: no header");
	is_int(d.col, 1, "no header reported at column 1");
}

static void utf16(void)
{
	const char *text = HDR "\nDEFAULT action=ALLOW\n";
	size_t n = strlen(text), i;
	char *le = malloc(2 * n + 2), *be = malloc(2 * n + 2);
	struct ipe_diag d;

	/* UTF-16 with a byte-order mark, both byte orders. */
	le[0] = (char)0xff, le[1] = (char)0xfe, be[0] = (char)0xfe, be[1] = (char)0xff;
	for (i = 0; i < n; i++) {
		le[2 + 2 * i] = text[i], le[3 + 2 * i] = 0;
		be[2 + 2 * i] = 0, be[3 + 2 * i] = text[i];
	}
	is_int(parse(le, 2 * n + 2, &d), EBADMSG, "UTF-16LE is EBADMSG (its first NUL ends the text)");
	is_int(parse(be, 2 * n + 2, &d), EBADMSG, "UTF-16BE is EBADMSG");
	is_int(parse(le + 2, 2 * n, &d), EBADMSG, "UTF-16LE without BOM is EBADMSG");
	free(le);
	free(be);
}

static void line_breaks(void)
{
	struct ipe_diag d;

	is_int(parse_str(HDR "\nDEFAULT action=ALLOW", &d), 0, "last line without newline");
	is_int(parse_str(HDR "\r\nDEFAULT action=ALLOW\r\n", &d), 0, "CRLF file");
	is_int(parse_str(HDR "\rDEFAULT action=ALLOW\r", &d), 0, "CR-only file");
	is_int(parse_str(HDR "\n\r\n\r\rDEFAULT action=ALLOW\n\n", &d), 0, "mixed breaks and blank lines");
	is_int(parse_str(HDR "\r\nDEFAULT action=ALLOW\r\nop=EXECUTE action=MAYBE\r\n", &d), EBADMSG,
	       "CRLF: error found");
	is_int(d.line, 3, "CRLF counts as one line break in diagnostics");
	is_int(parse_str(HDR "\rDEFAULT action=ALLOW\rop=EXECUTE action=MAYBE", &d), EBADMSG,
	       "CR: error found");
	is_int(d.line, 3, "a lone CR is one line break in diagnostics");
	is_int(parse_str(HDR "\n\rDEFAULT action=ALLOW\n\rop=EXECUTE action=MAYBE", &d), EBADMSG,
	       "LF CR: error found");
	is_int(d.line, 5, "LF CR is two line breaks (an editor shows an empty line)");
	is_int(d.col, 12, "column counted from the start of its line");
}

static void special_spaces(void)
{
	struct ipe_diag d;

	is_int(parse_str(HDR " \t\v\f\xa0\nDEFAULT action=ALLOW\xa0\v\n", &d), 0,
	       "trailing space, tab, VT, FF and 0xA0 are trimmed");
	is_int(parse_str(HDR "\nDEFAULT\vaction=ALLOW\n", &d), EBADMSG, "VT does not separate tokens");
	is_int(parse_str(HDR "\nDEFAULT\xa0" "action=ALLOW\n", &d), EBADMSG,
	       "0xA0 does not separate tokens");
	is_int(parse_str(HDR "\nDEFAULT\faction=ALLOW\n", &d), EBADMSG, "FF does not separate tokens");
	is_int(parse_str("\xa0" HDR "\nDEFAULT action=ALLOW\n", &d), EBADMSG,
	       "leading 0xA0 is not trimmed");
	is_int(parse_str("policy_name=a\vb\xa0" "c policy_version=0.0.1\nDEFAULT action=ALLOW\n", &d), 0,
	       "VT and 0xA0 may sit inside a name");
	is_int(parse_str(" \t " HDR "\n\t DEFAULT   action=ALLOW \n", &d), 0,
	       "leading spaces and tabs are fine");
	is_int(parse_str(HDR "\nDEFAULT action=ALLOW\xa0x\n", &d), EBADMSG,
	       "0xA0 inside the action token");
	is_int(d.col, 9, "the glued action token is the offender");
}

/* xorshift: reproducible "binary garbage". */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void garbage(void)
{
	static const char *const pieces[] = {
		HDR, "policy_name=", "policy_version=", "DEFAULT", "op=EXECUTE", "action=ALLOW",
		"action=DENY", "fsverity_digest=sha256:", "dmverity_roothash=", "boot_verified=TRUE",
		"1.2.3", "ab", ":", "#", " ", "\t", "\n", "\r", "\v", "\xa0", "\0", "\xff", ".",
	};
	unsigned i, bad = 0, valid = 0, unexpected = 0;
	char buf[512];

	for (i = 0; i < 20000; i++) {
		size_t len = 0, n;
		struct ipe_diag d;
		int rc;

		if (i % 2) {
			/* raw bytes */
			len = rnd() % sizeof(buf);
			for (n = 0; n < len; n++)
				buf[n] = (char)rnd();
		} else {
			/* plausible pieces glued at random */
			while (len < sizeof(buf) - 64) {
				const char *p = pieces[rnd() % (sizeof(pieces) / sizeof(pieces[0]))];
				size_t pl = *p ? strlen(p) : 1;

				memcpy(buf + len, p, pl);
				len += pl;
				if (rnd() % 8 == 0)
					break;
			}
		}
		rc = parse(buf, len, &d);
		if (rc == 0)
			valid++;
		else if (rc == EBADMSG || rc == EINVAL || rc == ERANGE)
			bad++;
		else
			unexpected++;
	}
	is_int(unexpected, 0, "20000 garbage inputs: every one valid or EBADMSG/EINVAL/ERANGE (%u rejected, %u valid)",
	       bad, valid);
	ok(bad > 10000, "most garbage is rejected");
}

/* A policy of about SIZE bytes of digest rules, optionally broken at the end. */
static char *big_policy(size_t size, const char *tail, size_t *len, size_t *nrules)
{
	static const char rule[] =
		"op=EXECUTE fsverity_digest=sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff action=ALLOW\n";
	const char head[] = HDR "\nDEFAULT action=DENY\n";
	size_t n = strlen(head), tl = strlen(tail);
	char *s = malloc(size + sizeof(rule) + tl + 1);

	memcpy(s, head, n);
	*nrules = 0;
	while (n + sizeof(rule) - 1 <= size) {
		memcpy(s + n, rule, sizeof(rule) - 1);
		n += sizeof(rule) - 1;
		++*nrules;
	}
	memcpy(s + n, tail, tl);
	*len = n + tl;
	return s;
}

static void huge(void)
{
	const size_t size = 64u << 20;
	struct ipe_policy *p;
	struct ipe_diag d;
	size_t len, i, nrules;
	char *s;
	int rc;

	s = big_policy(size, "", &len, &nrules);
	rc = ipe_policy_parse(s, len, &p, &d);
	is_int(rc, 0, "64 MiB policy of digest rules parses");
	if (!rc) {
		is_int(p->nrules, nrules, "... with every rule");
		ipe_policy_free(p);
	}
	free(s);

	s = big_policy(size, "op=EXECUTE action=ALLOW extra\n", &len, &nrules);
	is_int(parse(s, len, &d), EBADMSG, "64 MiB policy with an error on its last line");
	is_int(d.line, nrules + 3, "... reported on that line (after header, default, rules)");
	free(s);

	/* One 64 MiB line: a name that long is legal. */
	len = size;
	s = malloc(len + 64);
	memcpy(s, "policy_name=", 12);
	for (i = 12; i < len; i++)
		s[i] = 'n';
	len += (size_t)sprintf(s + len, " policy_version=1.0.0\nDEFAULT action=ALLOW");
	is_int(parse(s, len, &d), 0, "a 64 MiB name on a line without a final newline");
	free(s);
}

static void diag_messages(void)
{
	struct ipe_diag d;

	parse_str(HDR "\nDEFAULT action=ALLOW\nop=execute action=ALLOW\n", &d);
	ok(strstr(d.msg, "op=EXECUTE") != NULL, "case slip suggests the right op: %s", d.msg);
	parse_str(HDR "\nDEFAULT action=ALLOW\nDEFAULT action=DENY\n", &d);
	ok(strstr(d.msg, "line 2") != NULL, "duplicate default names the first one: %s", d.msg);
	parse_str(HDR "\nDEFAULT op=EXECUTE action=ALLOW\n", &d);
	ok(strstr(d.msg, "op=FIRMWARE") && !strstr(d.msg, "op=EXECUTE,"),
	   "missing defaults are listed: %s", d.msg);
	is_int(d.line, 1, "missing defaults are reported on the header line");
	parse_str("policy_name=x policy_version=1.0.0\x01\xff\n", &d);
	ok(strstr(d.msg, "\\x01\\xff") != NULL, "unprintable bytes are escaped in messages: %s", d.msg);
}

int main(void)
{
	empty_and_nul();
	utf16();
	line_breaks();
	special_spaces();
	garbage();
	huge();
	diag_messages();
	return tap_done();
}
