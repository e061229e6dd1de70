// SPDX-License-Identifier: GPL-2.0-only
/*
 * The parser against every example and rule of SPEC §1.1-1.8, one table row
 * per input: each gives kernel IPE's errno (or is accepted), an error leaves
 * *out NULL and a diagnostic at the offending line:column, and a handful of
 * valid policies come out with the name, version, defaults, rules and digests
 * exactly as written.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libipe.h>

#include "tap.h"

struct pcase {
	const char *desc;
	const char *text;
	size_t len;		/* NULs inside the text count */
	int err;		/* 0 or the positive errno SPEC gives */
	unsigned line, col;	/* where the diagnostic points, errors only */
};

/* S must be a string literal: its length is taken with sizeof. */
#define BAD(d, s, e, l, c) { d, s, sizeof(s) - 1, e, l, c }
#define VALID(d, s) { d, s, sizeof(s) - 1, 0, 0, 0 }

/* The header (line 1) and a global default (line 2). */
#define HDR "policy_name=p policy_version=0.0.1\n"
#define GD "DEFAULT action=ALLOW\n"
/* One statement on line 3 of an otherwise valid policy. */
#define STMT(s) HDR GD s "\n"
/* A version under test: its value starts at column 30 of line 1. */
#define VER(v) "policy_name=p policy_version=" v "\n" GD
/*
 * In "op=EXECUTE P action=..." the property starts at column 12, the value of
 * fsverity_digest= at 28 (hex after "sha256:" at 35), of dmverity_roothash= at
 * 30 (hex at 37).
 */
#define FSV(v) STMT("op=EXECUTE fsverity_digest=" v " action=ALLOW")
#define DMV(v) STMT("op=EXECUTE dmverity_roothash=" v " action=ALLOW")
#define OPDEFS                                                                  \
	"DEFAULT op=EXECUTE action=ALLOW\n"                                     \
	"DEFAULT op=FIRMWARE action=ALLOW\n"                                    \
	"DEFAULT op=KMODULE action=ALLOW\n"                                     \
	"DEFAULT op=KEXEC_IMAGE action=ALLOW\n"                                 \
	"DEFAULT op=KEXEC_INITRAMFS action=ALLOW\n"                             \
	"DEFAULT op=POLICY action=ALLOW\n"

static const struct pcase cases[] = {
	/* §1.1 input handling */
	BAD("empty input (length 0)", "", EBADMSG, 1, 1),
	BAD("NUL as first byte", "\0" HDR GD, EBADMSG, 1, 1),
	BAD("NUL inside the header truncates it", "policy_name=p\0 policy_version=0.0.1\n" GD,
	    EBADMSG, 1, 14),
	BAD("NUL inside the version leaves '0.'", "policy_name=p policy_version=0.\0" "0.1\n" GD,
	    EINVAL, 1, 32),
	VALID("NUL after a complete valid policy", HDR GD "\0garbage op=BAD\xff\n"),
	BAD("NUL truncates a statement to 'op=EXECUTE'", HDR GD "op=EXECUTE\0 action=ALLOW\n",
	    EBADMSG, 3, 1),
	BAD("NUL before the only default", HDR "\0" GD, EBADMSG, 1, 1),
	VALID("expanded ascii name test\\xFF\\xEF", "policy_name=test\xFF\xEF policy_version=0.0.1\n" GD),
	BAD("UTF-16LE without BOM (text is just 'p')",
	    "p\0o\0l\0i\0c\0y\0_\0n\0a\0m\0e\0=\0p\0 \0p\0o\0l\0i\0c\0y\0\n\0", EBADMSG, 1, 1),
	BAD("UTF-16LE with BOM", "\xff\xfep\0o\0l\0i\0c\0y\0_\0n\0a\0m\0e\0=\0p\0\n\0", EBADMSG, 1, 1),
	BAD("UTF-16BE (first byte NUL)", "\0p\0o\0l\0i\0c\0y\0\n", EBADMSG, 1, 1),

	/* §1.2 lines, comments, trimming */
	VALID("LF line breaks", HDR GD "op=EXECUTE action=ALLOW\n"),
	VALID("CR line breaks only", "policy_name=p policy_version=0.0.1\rDEFAULT action=ALLOW\rop=EXECUTE action=DENY\r"),
	VALID("CRLF line breaks", "policy_name=p policy_version=0.0.1\r\nDEFAULT action=ALLOW\r\nop=EXECUTE action=DENY\r\n"),
	VALID("lone CR between header and statement", "policy_name=p policy_version=0.0.0\rDEFAULT action=ALLOW"),
	VALID("no final line break", HDR "DEFAULT action=ALLOW"),
	BAD("CRLF counts as one line break", "policy_name=p policy_version=0.0.1\r\nDEFAULT action=ALLOW\r\nop=BAD action=ALLOW\r\n",
	    EBADMSG, 3, 1),
	BAD("lone CR counts as a line break", "policy_name=p policy_version=0.0.1\rDEFAULT action=ALLOW\rop=BAD action=ALLOW",
	    EBADMSG, 3, 1),
	BAD("LF CR is two line breaks", HDR GD "\n\rop=BAD action=ALLOW", EBADMSG, 5, 1),
	BAD("CR CR LF is two line breaks", "policy_name=p policy_version=0.0.1\r\r\n" GD "op=BAD action=ALLOW",
	    EBADMSG, 4, 1),
	VALID("blank and whitespace lines before the header", "\n\n \t\n\r\n" HDR GD),
	VALID("comment-only lines before the header", "# a comment\n   # indented comment\n" HDR GD),
	VALID("comment and blank lines between statements", HDR "\n# c\n\t\n" GD "#\n\n"),
	BAD("hash cuts the header name: 'policy_name=ab'", "policy_name=ab#cd policy_version=0.0.0\n" GD,
	    EBADMSG, 1, 15),
	BAD("hash right after the name", "policy_name=p#x policy_version=0.0.1\n" GD, EBADMSG, 1, 14),
	VALID("hash glued to the version", "policy_name=p policy_version=0.0.1#x\n" GD),
	VALID("comment after the header", "policy_name=p policy_version=0.0.1 # hi\n" GD),
	VALID("hash glued to the action 'DEFAULT action=ALLOW#x'", HDR "DEFAULT action=ALLOW#x\n"),
	VALID("comment after a rule", STMT("op=EXECUTE action=ALLOW # trailing")),
	BAD("comment hides the action", STMT("op=EXECUTE #action=ALLOW"), EBADMSG, 3, 1),
	BAD("hash cuts a digest, which becomes the last token",
	    STMT("op=EXECUTE fsverity_digest=sha256:ab#cd action=ALLOW"), EBADMSG, 3, 12),
	VALID("trailing tab space VT FF NBSP after the header",
	      "policy_name=p policy_version=0.0.1 \t\v\f\xa0\n" GD),
	VALID("trailing VT after a statement", HDR "DEFAULT action=ALLOW\v\n"),
	VALID("trailing NBSP after a statement", STMT("op=EXECUTE action=ALLOW\xa0")),
	VALID("trailing FF after a statement", STMT("op=EXECUTE action=ALLOW\f")),
	VALID("line of VT FF NBSP only is blank", HDR " \v\f\xa0\n" GD),
	VALID("line of NBSP before the header", "\xa0\n" HDR GD),
	BAD("trailing 0x85 is not whitespace", HDR "DEFAULT action=ALLOW\x85\n", EBADMSG, 2, 9),
	BAD("VT between tokens glues them: 'DEFAULT\\vaction=ALLOW'", HDR "DEFAULT\vaction=ALLOW\n",
	    EBADMSG, 2, 1),
	BAD("FF between tokens glues them", STMT("op=EXECUTE\faction=ALLOW"), EBADMSG, 3, 1),
	BAD("NBSP between tokens glues them", STMT("op=EXECUTE\xa0" "action=ALLOW"), EBADMSG, 3, 1),
	BAD("VT between header tokens glues them", "policy_name=p\vpolicy_version=0.0.1\n" GD,
	    EBADMSG, 1, 35),
	BAD("leading VT is part of the first token", STMT("\vop=EXECUTE action=ALLOW"), EBADMSG, 3, 1),
	VALID("leading spaces and tabs",
	      " \tpolicy_name=p policy_version=0.0.1\n  DEFAULT action=ALLOW\n\top=EXECUTE action=ALLOW\n"),
	VALID("runs of spaces and tabs between tokens", STMT("op=EXECUTE \t \tboot_verified=TRUE\t\taction=ALLOW")),
	BAD("column after leading tab and space", STMT("\t op=BAD action=ALLOW"), EBADMSG, 3, 3),

	/* §1.4 header */
	VALID("tab between header tokens", "policy_name=p\tpolicy_version=0.0.1\n" GD),
	BAD("third header token", "policy_name=p policy_version=0.0.0 extra=1\n" GD, EBADMSG, 1, 36),
	BAD("rule on the header line", "policy_name=p policy_version=0.0.0 DEFAULT action=ALLOW\n",
	    EBADMSG, 1, 36),
	BAD("header tokens swapped", "policy_version=0.0.0 policy_name=p\n" GD, EBADMSG, 1, 1),
	BAD("empty name", "policy_name= policy_version=0.0.0\n" GD, EBADMSG, 1, 1),
	BAD("misspelt policy_nam=", "policy_nam=p policy_version=0.0.0\n" GD, EBADMSG, 1, 1),
	BAD("capitalised Policy_name=", "Policy_name=p policy_version=0.0.0\n" GD, EBADMSG, 1, 1),
	BAD("policy_name: instead of =", "policy_name:p policy_version=0.0.0\n" GD, EBADMSG, 1, 1),
	BAD("misspelt policy_verison=", "policy_name=p policy_verison=0.0.0\n" GD, EBADMSG, 1, 15),
	BAD("POLICY_VERSION= upper case", "policy_name=p POLICY_VERSION=0.0.0\n" GD, EBADMSG, 1, 15),
	BAD("empty version", "policy_name=p policy_version=\n" GD, EBADMSG, 1, 15),
	BAD("space after policy_version=", "policy_name=p policy_version= 1.0.0\n" GD, EBADMSG, 1, 15),
	BAD("name glued to version: one token", "policy_name=asdvpolicy_version=0.0.0\n" GD,
	    EBADMSG, 1, 37),
	BAD("only the name", "policy_name=p\n" GD, EBADMSG, 1, 14),
	BAD("only the version", "policy_version=0.0.1\n" GD, EBADMSG, 1, 1),
	BAD("policy_name twice", "policy_name=a policy_name=b\n" GD, EBADMSG, 1, 15),
	BAD("old-style quoted name splits", "policy_name=\"Ex Policy\" policy_version=0.0.0\n" GD,
	    EBADMSG, 1, 17),
	BAD("second header later in the file", HDR GD HDR, EBADMSG, 3, 1),
	BAD("statement before the header", GD HDR, EBADMSG, 1, 1),
	VALID("name with = \" / \\ $ %", "policy_name=a=b\"c/d\\e$f%g policy_version=0.0.0\n" GD),
	VALID("name '='", "policy_name== policy_version=0.0.0\n" GD),
	VALID("name '/'", "policy_name=/ policy_version=0.0.0\n" GD),
	VALID("name '..'", "policy_name=.. policy_version=0.0.0\n" GD),
	VALID("name with VT FF NBSP inside", "policy_name=a\vb\fc\xa0" "d policy_version=0.0.0\n" GD),

	/* §1.4 versions (value at column 30) */
	VALID("version 00001.0002.03", VER("00001.0002.03")),
	VALID("version +1.0.0", VER("+1.0.0")),
	VALID("version 1.+2.+3", VER("1.+2.+3")),
	VALID("version 65535.65535.65535", VER("65535.65535.65535")),
	VALID("version 0.0.0 with 21 leading zeros on 65535", VER("0.0.00000000000000000000065535")),
	BAD("version ++1.0.0", VER("++1.0.0"), EINVAL, 1, 30),
	BAD("version + alone", VER("+.0.0"), EINVAL, 1, 30),
	BAD("version -0.0.0", VER("-0.0.0"), EINVAL, 1, 30),
	BAD("version 0.0.-1236", VER("0.0.-1236"), EINVAL, 1, 34),
	BAD("version 1..0", VER("1..0"), EINVAL, 1, 32),
	BAD("version .1.0", VER(".1.0"), EINVAL, 1, 30),
	BAD("version 0.", VER("0."), EINVAL, 1, 32),
	BAD("version .", VER("."), EINVAL, 1, 30),
	BAD("version 0x1.0.0", VER("0x1.0.0"), EINVAL, 1, 30),
	BAD("version a.0.0", VER("a.0.0"), EINVAL, 1, 30),
	BAD("version 0.a.0", VER("0.a.0"), EINVAL, 1, 32),
	BAD("version 1,0,0", VER("1,0,0"), EINVAL, 1, 30),
	BAD("version component with VT inside", VER("1.0\v.0"), EINVAL, 1, 32),
	BAD("version 999999.0.0", VER("999999.0.0"), ERANGE, 1, 30),
	BAD("version 65536.0.0", VER("65536.0.0"), ERANGE, 1, 30),
	BAD("version 0.0.65536", VER("0.0.65536"), ERANGE, 1, 34),
	BAD("version 0.65536.0", VER("0.65536.0"), ERANGE, 1, 32),
	BAD("version 99999999999999999999x: 64-bit overflow beats garbage",
	    VER("99999999999999999999x.0.0"), ERANGE, 1, 30),
	BAD("version 0.0.99999999999999999999x", VER("0.0.99999999999999999999x"), ERANGE, 1, 34),
	BAD("version 18446744073709551615: fits 64 bits, > 65535",
	    VER("18446744073709551615.0.0"), ERANGE, 1, 30),
	BAD("version 18446744073709551615x: no overflow, so garbage wins",
	    VER("18446744073709551615x.0.0"), EINVAL, 1, 30),
	BAD("version 18446744073709551616x: overflow", VER("18446744073709551616x.0.0"), ERANGE, 1, 30),
	BAD("version 70000x: garbage beats > 65535", VER("70000x.0.0"), EINVAL, 1, 30),
	BAD("version 111.0.0.0", VER("111.0.0.0"), EBADMSG, 1, 38),
	BAD("version 1.0.0. (empty 4th)", VER("1.0.0."), EBADMSG, 1, 36),
	BAD("version 1.0.0.0.0", VER("1.0.0.0.0"), EBADMSG, 1, 36),
	BAD("version 255.0", VER("255.0"), EBADMSG, 1, 34),
	BAD("version 1.2", VER("1.2"), EBADMSG, 1, 32),
	BAD("version 0", VER("0"), EBADMSG, 1, 30),
	BAD("version 70000.0.0.0: first component first", VER("70000.0.0.0"), ERANGE, 1, 30),
	BAD("version 1.2.3.99999: 4th component never parsed", VER("1.2.3.99999"), EBADMSG, 1, 36),
	BAD("version 1.2.3.x", VER("1.2.3.x"), EBADMSG, 1, 36),
	BAD("version error beats third header token",
	    "policy_name=p policy_version=1.x.0 extra\n" GD, EINVAL, 1, 32),

	/* §1.5 token layouts */
	VALID("DEFAULT A: global default only", HDR "DEFAULT action=DENY\n"),
	BAD("DEFAULT A twice", STMT("DEFAULT action=DENY"), EBADMSG, 3, 1),
	BAD("DEFAULT A twice, indented: points at DEFAULT", STMT("  DEFAULT action=ALLOW"), EBADMSG, 3, 3),
	VALID("DEFAULT O A", STMT("DEFAULT op=EXECUTE action=DENY")),
	BAD("DEFAULT O A twice for one op",
	    STMT("DEFAULT op=EXECUTE action=DENY\nDEFAULT op=EXECUTE action=ALLOW"), EBADMSG, 4, 1),
	BAD("DEFAULT O A twice, a rule in between",
	    STMT("DEFAULT op=POLICY action=DENY\nop=POLICY action=ALLOW\nDEFAULT op=POLICY action=DENY"),
	    EBADMSG, 5, 1),
	VALID("DEFAULT O A for two different ops",
	      STMT("DEFAULT op=EXECUTE action=DENY\nDEFAULT op=KMODULE action=DENY")),
	BAD("DEFAULT O P A", STMT("DEFAULT op=EXECUTE boot_verified=TRUE action=DENY"), EBADMSG, 3, 20),
	BAD("DEFAULT O P A, extra blanks: points at the third token",
	    STMT("DEFAULT  op=EXECUTE   boot_verified=TRUE action=DENY"), EBADMSG, 3, 23),
	BAD("DEFAULT O P A: bad digest first",
	    STMT("DEFAULT op=EXECUTE fsverity_digest=sha256:zz action=DENY"), EINVAL, 3, 43),
	BAD("DEFAULT O P A: digest without colon",
	    STMT("DEFAULT op=EXECUTE fsverity_digest=zz action=DENY"), EBADMSG, 3, 36),
	BAD("DEFAULT O P A: unknown property", STMT("DEFAULT op=EXECUTE foo=1 action=DENY"), EBADMSG, 3, 20),
	BAD("DEFAULT P A (property where the op goes)", STMT("DEFAULT dmverity_signature=TRUE action=DENY"),
	    EBADMSG, 3, 9),
	BAD("DEFAULT alone", STMT("DEFAULT"), EBADMSG, 3, 1),
	BAD("DEFAULT O", STMT("DEFAULT op=EXECUTE"), EBADMSG, 3, 9),
	BAD("DEFAULT DEFAULT A", STMT("DEFAULT DEFAULT action=ALLOW"), EBADMSG, 3, 9),
	VALID("O A: rule without properties", STMT("op=EXECUTE action=ALLOW")),
	VALID("O P P P A", STMT("op=EXECUTE boot_verified=TRUE dmverity_signature=TRUE fsverity_signature=FALSE action=DENY")),
	VALID("duplicate property", STMT("op=EXECUTE boot_verified=TRUE boot_verified=TRUE action=ALLOW")),
	VALID("contradictory properties", STMT("op=EXECUTE boot_verified=TRUE boot_verified=FALSE action=ALLOW")),
	BAD("O alone", STMT("op=EXECUTE"), EBADMSG, 3, 1),
	BAD("O P (no action)", STMT("op=EXECUTE boot_verified=TRUE"), EBADMSG, 3, 12),
	BAD("O P P: property error before missing action",
	    STMT("op=EXECUTE fsverity_digest=sha256:zz boot_verified=TRUE"), EINVAL, 3, 35),
	BAD("O P P: last token is not parsed as a property",
	    STMT("op=EXECUTE boot_verified=TRUE fsverity_digest=sha256:zz"), EBADMSG, 3, 31),
	BAD("A alone", STMT("action=ALLOW"), EBADMSG, 3, 1),
	BAD("A alone, DENY", STMT("action=DENY"), EBADMSG, 3, 1),
	BAD("A A", STMT("action=ALLOW action=ALLOW"), EBADMSG, 3, 1),
	BAD("lowercase default", STMT("default action=ALLOW"), EBADMSG, 3, 1),
	BAD("Default capitalised", STMT("Default action=ALLOW"), EBADMSG, 3, 1),
	BAD("P first: op must be first", STMT("boot_verified=TRUE op=EXECUTE action=ALLOW"), EBADMSG, 3, 1),
	BAD("O O A", STMT("op=EXECUTE op=EXECUTE action=ALLOW"), EBADMSG, 3, 12),
	BAD("O P O A", STMT("op=EXECUTE boot_verified=TRUE op=KMODULE action=ALLOW"), EBADMSG, 3, 31),
	BAD("O A A", STMT("op=EXECUTE action=ALLOW action=ALLOW"), EBADMSG, 3, 12),
	BAD("O DEFAULT A", STMT("op=EXECUTE DEFAULT action=ALLOW"), EBADMSG, 3, 12),
	BAD("action=BAD", STMT("op=EXECUTE action=BAD"), EBADMSG, 3, 12),
	BAD("action=allow", STMT("op=EXECUTE action=allow"), EBADMSG, 3, 12),
	BAD("action=Deny", STMT("op=EXECUTE action=Deny"), EBADMSG, 3, 12),
	BAD("ACTION=ALLOW", STMT("op=EXECUTE ACTION=ALLOW"), EBADMSG, 3, 12),
	BAD("action= empty", STMT("op=EXECUTE action="), EBADMSG, 3, 12),
	BAD("action=ALLOWED", STMT("op=EXECUTE action=ALLOWED"), EBADMSG, 3, 12),
	BAD("DEFAULT action=allow", STMT("DEFAULT action=allow"), EBADMSG, 3, 9),
	BAD("spaces around =", STMT("DEFAULT action = ALLOW"), EBADMSG, 3, 9),
	BAD("quoted action value", STMT("op=EXECUTE action=\"ALLOW\""), EBADMSG, 3, 12),
	BAD("digest error beats bad action", STMT("op=EXECUTE fsverity_digest=sha256:zz action=BAD"),
	    EINVAL, 3, 35),
	BAD("bad op beats digest error and bad action", STMT("op=BAD fsverity_digest=sha256:zz action=BAD"),
	    EBADMSG, 3, 1),
	BAD("unknown property beats bad action", STMT("op=EXECUTE boot_verified=BAD action=BAD"),
	    EBADMSG, 3, 12),

	/* §1.5 operations */
	VALID("op=EXECUTE", STMT("op=EXECUTE action=ALLOW")),
	VALID("op=FIRMWARE", STMT("op=FIRMWARE action=ALLOW")),
	VALID("op=KMODULE", STMT("op=KMODULE action=ALLOW")),
	VALID("op=KEXEC_IMAGE", STMT("op=KEXEC_IMAGE action=ALLOW")),
	VALID("op=KEXEC_INITRAMFS", STMT("op=KEXEC_INITRAMFS action=ALLOW")),
	VALID("op=POLICY", STMT("op=POLICY action=ALLOW")),
	VALID("op=X509_CERT", STMT("op=X509_CERT action=ALLOW")),
	BAD("op=execute", STMT("op=execute action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=firmware", STMT("op=firmware action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=kmodule", STMT("op=kmodule action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=kexec_image", STMT("op=kexec_image action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=kexec_initramfs", STMT("op=kexec_initramfs action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=policy", STMT("op=policy action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=x509_cert", STMT("op=x509_cert action=ALLOW"), EBADMSG, 3, 1),
	BAD("OP=EXECUTE", STMT("OP=EXECUTE action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=Execute", STMT("op=Execute action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=EXEC", STMT("op=EXEC action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=EXECUTABLE", STMT("op=EXECUTABLE action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=FIRMWARES", STMT("op=FIRMWARES action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=MODULE", STMT("op=MODULE action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=KEXEC", STMT("op=KEXEC action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=KEXEC_INITRD", STMT("op=KEXEC_INITRD action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=POLICIES", STMT("op=POLICIES action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=X509", STMT("op=X509 action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=X509_CERTIFICATE", STMT("op=X509_CERTIFICATE action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=KERNEL_READ", STMT("op=KERNEL_READ action=ALLOW"), EBADMSG, 3, 1),
	BAD("op= empty", STMT("op= action=ALLOW"), EBADMSG, 3, 1),
	BAD("op:EXECUTE", STMT("op:EXECUTE action=ALLOW"), EBADMSG, 3, 1),
	BAD("op=\"EXECUTE\"", STMT("op=\"EXECUTE\" action=ALLOW"), EBADMSG, 3, 1),

	/* §1.5 properties */
	VALID("boot_verified=FALSE", STMT("op=EXECUTE boot_verified=FALSE action=ALLOW")),
	VALID("boot_verified=TRUE", STMT("op=EXECUTE boot_verified=TRUE action=ALLOW")),
	VALID("dmverity_roothash=", DMV("sha256:00")),
	VALID("dmverity_signature=FALSE", STMT("op=EXECUTE dmverity_signature=FALSE action=ALLOW")),
	VALID("dmverity_signature=TRUE", STMT("op=EXECUTE dmverity_signature=TRUE action=ALLOW")),
	VALID("fsverity_digest=", FSV("sha256:00")),
	VALID("fsverity_signature=FALSE", STMT("op=EXECUTE fsverity_signature=FALSE action=ALLOW")),
	VALID("fsverity_signature=TRUE", STMT("op=EXECUTE fsverity_signature=TRUE action=ALLOW")),
	VALID("properties on other ops", STMT("op=KMODULE dmverity_roothash=sha256:00 fsverity_signature=TRUE action=DENY")),
	BAD("boot_verified=true", STMT("op=EXECUTE boot_verified=true action=ALLOW"), EBADMSG, 3, 12),
	BAD("boot_verified=True", STMT("op=EXECUTE boot_verified=True action=ALLOW"), EBADMSG, 3, 12),
	BAD("BOOT_VERIFIED=TRUE", STMT("op=EXECUTE BOOT_VERIFIED=TRUE action=ALLOW"), EBADMSG, 3, 12),
	BAD("dmverity_signature=true", STMT("op=EXECUTE dmverity_signature=true action=ALLOW"), EBADMSG, 3, 12),
	BAD("fsverity_signature=false", STMT("op=EXECUTE fsverity_signature=false action=ALLOW"), EBADMSG, 3, 12),
	BAD("boot_verified=1", STMT("op=EXECUTE boot_verified=1 action=ALLOW"), EBADMSG, 3, 12),
	BAD("boot_verified without value", STMT("op=EXECUTE boot_verified action=ALLOW"), EBADMSG, 3, 12),
	BAD("boot_verified= empty", STMT("op=EXECUTE boot_verified= action=ALLOW"), EBADMSG, 3, 12),
	BAD("Fsverity_digest=", STMT("op=EXECUTE Fsverity_digest=sha256:00 action=ALLOW"), EBADMSG, 3, 12),
	BAD("fsverity_digest= with empty value", FSV(""), EBADMSG, 3, 12),
	BAD("dmverity_roothash= with empty value", DMV(""), EBADMSG, 3, 12),
	BAD("dmverity_roothash without =", STMT("op=EXECUTE dmverity_roothash action=ALLOW"), EBADMSG, 3, 12),
	BAD("unknown property", STMT("op=EXECUTE ipe_prop=TRUE action=ALLOW"), EBADMSG, 3, 12),

	/* §1.7 digest values */
	BAD("digest without colon", FSV("abcd"), EBADMSG, 3, 28),
	BAD("old-style digest without algorithm",
	    DMV("3c64aca1a4c0b6bc7e54f2a8a1b8d0d5"), EBADMSG, 3, 30),
	BAD("digest GOOD_DOG", DMV("GOOD_DOG"), EBADMSG, 3, 30),
	VALID("empty algorithm :abcd", FSV(":abcd")),
	VALID("bare colon: empty algorithm and digest", FSV(":")),
	VALID("unknown algorithm md5000", DMV("md5000:00ff")),
	VALID("upper-case algorithm SHA256", FSV("SHA256:ab")),
	VALID("empty hex sha256:", FSV("sha256:")),
	VALID("mixed-case hex", FSV("sha256:aBcDeF0123456789AbCdEf")),
	VALID("= inside the algorithm", FSV("a=b:00")),
	VALID("28-byte sha256 digest", DMV("sha256:00112233445566778899aabbccddeeff00112233445566778899")),
	VALID("full sha256 digest",
	      FSV("sha256:fd88f2b8824e197f850bf4c5109bea5cf0ee38104f710843bb72da796ba5af9e")),
	BAD("odd hex length", FSV("sha256:abc"), EINVAL, 3, 35),
	BAD("one hex digit", FSV("sha256:a"), EINVAL, 3, 35),
	BAD("odd hex length, dmverity", DMV("sha256:abc"), EINVAL, 3, 37),
	BAD("non-hex zz", FSV("sha256:zz"), EINVAL, 3, 35),
	BAD("non-hex in second digit", FSV("sha256:0g"), EINVAL, 3, 36),
	BAD("non-hex after valid bytes", FSV("sha256:00zz"), EINVAL, 3, 37),
	BAD("non-hex dmverity", DMV("sha256:xyzw"), EINVAL, 3, 37),
	BAD("second colon", FSV("sha256:ab:cd"), EINVAL, 3, 37),
	BAD("double colon", FSV("sha256::"), EINVAL, 3, 35),
	BAD("high bytes in hex", FSV("sha256:\xff\xff"), EINVAL, 3, 35),
	BAD("NBSP inside hex", FSV("sha256:00\xa0" "00"), EINVAL, 3, 37),
	BAD("0x prefix in hex", FSV("sha256:0x00"), EINVAL, 3, 36),

	/* §1.6 required defaults */
	VALID("global default only", HDR GD),
	BAD("no default at all", HDR, EBADMSG, 1, 1),
	BAD("rules but no default", HDR "op=EXECUTE action=ALLOW\n", EBADMSG, 1, 1),
	BAD("missing default reported on the header's line", "\n# c\n\n" HDR "op=EXECUTE action=ALLOW\n",
	    EBADMSG, 4, 1),
	VALID("all seven op defaults, no global", HDR OPDEFS "DEFAULT op=X509_CERT action=DENY\n"),
	VALID("seven op defaults among rules",
	      HDR "op=EXECUTE action=DENY\n" OPDEFS "op=POLICY action=ALLOW\nDEFAULT op=X509_CERT action=DENY\n"),
	BAD("six op defaults (no X509_CERT)", HDR OPDEFS, EBADMSG, 1, 1),
	BAD("six op defaults (no EXECUTE)",
	    HDR "DEFAULT op=FIRMWARE action=ALLOW\nDEFAULT op=KMODULE action=ALLOW\n"
	    "DEFAULT op=KEXEC_IMAGE action=ALLOW\nDEFAULT op=KEXEC_INITRAMFS action=ALLOW\n"
	    "DEFAULT op=POLICY action=ALLOW\nDEFAULT op=X509_CERT action=ALLOW\n", EBADMSG, 1, 1),
	BAD("one op default only", HDR "DEFAULT op=EXECUTE action=ALLOW\n", EBADMSG, 1, 1),
	VALID("nested: global plus some op defaults",
	      HDR "DEFAULT op=EXECUTE action=DENY\n" GD "DEFAULT op=KMODULE action=ALLOW\n"),
	VALID("global plus all seven op defaults", HDR GD OPDEFS "DEFAULT op=X509_CERT action=DENY\n"),
	BAD("duplicate op default among seven",
	    HDR OPDEFS "DEFAULT op=X509_CERT action=DENY\nDEFAULT op=KMODULE action=DENY\n", EBADMSG, 9, 1),
	BAD("duplicate global after op defaults",
	    HDR "DEFAULT action=DENY\n" OPDEFS "DEFAULT action=ALLOW\n", EBADMSG, 9, 1),
	VALID("DEFAULT after the rules", HDR "op=EXECUTE action=ALLOW\nop=KMODULE action=DENY\nDEFAULT action=DENY\n"),
	VALID("DEFAULT between rules", HDR "op=EXECUTE action=ALLOW\n" GD "op=KMODULE action=DENY\n"),
	VALID("op DEFAULT before global DEFAULT", HDR "DEFAULT op=EXECUTE action=DENY\n" GD),

	/* §1.2/§1.6 error precedence */
	BAD("syntax error beats missing default", HDR "op=BAD action=ALLOW\n", EBADMSG, 2, 1),
	BAD("digest error beats missing default", HDR "op=EXECUTE fsverity_digest=sha256:z action=ALLOW\n",
	    EINVAL, 2, 35),
	BAD("earlier line wins (EBADMSG before EINVAL)",
	    STMT("op=BAD action=ALLOW\nop=EXECUTE fsverity_digest=sha256:zz action=ALLOW"), EBADMSG, 3, 1),
	BAD("earlier line wins (EINVAL before EBADMSG)",
	    STMT("op=EXECUTE fsverity_digest=sha256:zz action=ALLOW\nop=BAD action=ALLOW"), EINVAL, 3, 35),
	BAD("header error beats everything later", VER("1.0") "op=BAD\n", EBADMSG, 1, 32),
	BAD("earlier token wins within a line",
	    STMT("op=EXECUTE dmverity_roothash=nocolon fsverity_digest=sha256:z action=ALLOW"), EBADMSG, 3, 30),
};

static const char *errname(int e)
{
	switch (e) {
	case 0: return "valid";
	case EBADMSG: return "EBADMSG";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case ENOMEM: return "ENOMEM";
	default: return "?";
	}
}

static struct ipe_policy sentinel;

static void run_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct pcase *c = &cases[i];
		struct ipe_policy *pol = &sentinel, *pol2 = &sentinel;
		struct ipe_diag d;
		int rc, rc2;
		bool good;

		memset(&d, 0x55, sizeof(d));
		rc = ipe_policy_parse(c->text, c->len, &pol, &d);
		rc2 = ipe_policy_parse(c->text, c->len, &pol2, NULL);
		if (rc)
			good = pol == NULL && pol2 == NULL && d.err == -rc;
		else
			good = pol && pol != &sentinel && pol->name && pol2 && pol2 != &sentinel;
		good = good && rc == -c->err && rc2 == rc;
		if (!ok(good, "%s: %s", c->desc, errname(c->err)))
			printf("#   got %s (%d, without diag %d), out %s\n", errname(-rc), rc, rc2,
			       pol == NULL ? "NULL" : pol == &sentinel ? "untouched" : "a policy");
		if (c->err && rc) {
			if (!ok(d.line == c->line && d.col == c->col, "%s: diagnostic at %u:%u",
				c->desc, c->line, c->col))
				printf("#   got %u:%u: %s\n", d.line, d.col, d.msg);
		}
		if (!rc) {
			ipe_policy_free(pol);
			ipe_policy_free(pol2);
		}
	}
}

/* Parse a string literal that must be valid; NULL (and a failure) if not. */
#define PARSE_OK(s) parse_ok(s, sizeof(s) - 1)
static struct ipe_policy *parse_ok(const char *s, size_t len)
{
	struct ipe_policy *p = NULL;
	struct ipe_diag d;
	int rc = ipe_policy_parse(s, len, &p, &d);

	if (!ok(rc == 0 && p, "structural input parses"))
		printf("#   rc %d at %u:%u: %s\n", rc, d.line, d.col, d.msg);
	return rc ? NULL : p;
}

static void check_name_and_version(void)
{
	struct ipe_policy *p;
	unsigned i;

	p = PARSE_OK("policy_name=a\xff=\"b\xef policy_version=1.2.3\n" GD);
	if (p) {
		ok(strlen(p->name) == 6 && memcmp(p->name, "a\xff=\"b\xef", 7) == 0,
		   "name bytes 0xFF, '=', '\"' kept exactly");
		is_int(p->version[0], 1, "major 1");
		is_int(p->version[1], 2, "minor 2");
		is_int(p->version[2], 3, "revision 3");
		is_int(p->global_default, IPE_ACTION_ALLOW, "global default ALLOW");
		for (i = 0; i < IPE_OP_COUNT; i++)
			if (p->op_default[i] != IPE_ACTION_NONE)
				break;
		is_int(i, IPE_OP_COUNT, "no op default set");
		is_int(p->nrules, 0, "no rules");
		ok(p->rules == NULL, "rule list empty");
		ipe_policy_free(p);
	}

	p = PARSE_OK(VER("00001.0002.03"));
	if (p) {
		ok(p->version[0] == 1 && p->version[1] == 2 && p->version[2] == 3,
		   "00001.0002.03 is 1.2.3");
		ipe_policy_free(p);
	}
	p = PARSE_OK(VER("+65535.0.+65535"));
	if (p) {
		ok(p->version[0] == 65535 && p->version[1] == 0 && p->version[2] == 65535,
		   "+65535.0.+65535 is 65535.0.65535");
		ipe_policy_free(p);
	}
	p = PARSE_OK("policy_name=x\vy\xa0z policy_version=0.0.0 \xa0\n" GD);
	if (p) {
		is_str(p->name, "x\vy\xa0z", "VT and NBSP inside the name kept, trailing NBSP trimmed");
		ipe_policy_free(p);
	}
}

static void check_rules(void)
{
	const struct ipe_rule *r;
	struct ipe_policy *p;

	p = PARSE_OK(HDR
		     "DEFAULT op=KMODULE action=DENY\n"
		     "op=KMODULE boot_verified=TRUE action=ALLOW\n"
		     "DEFAULT action=DENY\n"
		     "op=EXECUTE fsverity_digest=sha256:0A0b dmverity_signature=FALSE action=DENY\n"
		     "op=X509_CERT action=ALLOW\n"
		     "op=EXECUTE dmverity_roothash=:abcd fsverity_digest=sha256: action=ALLOW\n"
		     "DEFAULT op=POLICY action=ALLOW\n");
	if (!p)
		return;
	is_int(p->global_default, IPE_ACTION_DENY, "global default DENY");
	is_int(p->op_default[IPE_OP_KMODULE], IPE_ACTION_DENY, "KMODULE default DENY");
	is_int(p->op_default[IPE_OP_POLICY], IPE_ACTION_ALLOW, "POLICY default ALLOW");
	is_int(p->op_default[IPE_OP_EXECUTE], IPE_ACTION_NONE, "EXECUTE default unset");
	is_int(p->nrules, 4, "four rules");

	r = p->rules;
	ok(r && r->op == IPE_OP_KMODULE && r->action == IPE_ACTION_ALLOW && r->nprops == 1 &&
	   r->props[0].kind == IPE_PROP_BOOT_VERIFIED_TRUE && r->line == 3 && r->col == 1,
	   "rule 1: KMODULE boot_verified=TRUE ALLOW at 3:1");
	r = r ? r->next : NULL;
	ok(r && r->op == IPE_OP_EXECUTE && r->action == IPE_ACTION_DENY && r->nprops == 2 &&
	   r->props[0].kind == IPE_PROP_FSV_DIGEST && r->props[1].kind == IPE_PROP_DMV_SIG_FALSE &&
	   r->line == 5, "rule 2: EXECUTE fsverity_digest dmverity_signature=FALSE DENY on line 5");
	if (r && r->nprops == 2) {
		const struct ipe_digest *dg = &r->props[0].digest;

		is_str(dg->alg, "sha256", "digest alg sha256");
		is_int(dg->len, 2, "sha256:0A0b is 2 bytes");
		ok(dg->len == 2 && dg->bytes[0] == 0x0a && dg->bytes[1] == 0x0b,
		   "sha256:0A0b decodes to 0a 0b");
	}
	r = r ? r->next : NULL;
	ok(r && r->op == IPE_OP_X509_CERT && r->action == IPE_ACTION_ALLOW && r->nprops == 0 &&
	   r->line == 6, "rule 3: X509_CERT ALLOW without properties on line 6");
	r = r ? r->next : NULL;
	ok(r && r->op == IPE_OP_EXECUTE && r->nprops == 2 &&
	   r->props[0].kind == IPE_PROP_DMV_ROOTHASH && r->props[1].kind == IPE_PROP_FSV_DIGEST,
	   "rule 4: EXECUTE dmverity_roothash fsverity_digest");
	if (r && r->nprops == 2) {
		is_str(r->props[0].digest.alg, "", "':abcd' has an empty alg");
		ok(r->props[0].digest.len == 2 && r->props[0].digest.bytes[0] == 0xab &&
		   r->props[0].digest.bytes[1] == 0xcd, "':abcd' decodes to ab cd");
		is_str(r->props[1].digest.alg, "sha256", "'sha256:' keeps its alg");
		is_int(r->props[1].digest.len, 0, "'sha256:' is a zero-length digest");
	}
	ok(r && r->next == NULL, "list ends after rule 4");
	ipe_policy_free(p);
}

static void check_crlf_lines(void)
{
	const struct ipe_rule *r;
	struct ipe_policy *p;

	p = PARSE_OK("policy_name=p policy_version=0.0.1\r\n\r\n"
		     "op=EXECUTE action=ALLOW\r\n"
		     "  op=FIRMWARE action=DENY\r"
		     "op=POLICY action=ALLOW\n"
		     "\r\n"
		     "\top=KMODULE action=DENY\r\n"
		     "DEFAULT action=ALLOW\r\n");
	if (!p)
		return;
	is_int(p->nrules, 4, "CRLF file: four rules");
	r = p->rules;
	ok(r && r->line == 3 && r->col == 1 && r->op == IPE_OP_EXECUTE, "CRLF: rule at 3:1");
	r = r ? r->next : NULL;
	ok(r && r->line == 4 && r->col == 3 && r->op == IPE_OP_FIRMWARE, "CRLF: indented rule at 4:3");
	r = r ? r->next : NULL;
	ok(r && r->line == 5 && r->col == 1 && r->op == IPE_OP_POLICY, "lone CR: rule at 5:1");
	r = r ? r->next : NULL;
	ok(r && r->line == 7 && r->col == 2 && r->op == IPE_OP_KMODULE, "LF then CRLF: rule at 7:2");
	ipe_policy_free(p);
}

static void check_failure_out(void)
{
	static const char bad[] = HDR "op=EXECUTE fsverity_digest=sha256:z action=ALLOW\n";
	struct ipe_policy *p = &sentinel;
	struct ipe_diag d;
	int rc = ipe_policy_parse(bad, sizeof(bad) - 1, &p, &d);

	is_int(rc, -EINVAL, "bad digest returns -EINVAL");
	ok(p == NULL, "*out is NULL on failure");
	is_int(d.err, EINVAL, "diag.err is the positive errno");
	ok(memchr(d.msg, '\0', sizeof(d.msg)) && d.msg[0], "diag.msg is a non-empty string");

	p = &sentinel;
	rc = ipe_policy_parse("", 0, &p, &d);
	ok(rc == -EBADMSG && p == NULL, "*out is NULL for empty input");
}

int main(void)
{
	printf("# %zu table rows\n", sizeof(cases) / sizeof(cases[0]));
	run_table();
	check_name_and_version();
	check_rules();
	check_crlf_lines();
	check_failure_out();
	return tap_done();
}
