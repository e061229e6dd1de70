// SPDX-License-Identifier: GPL-2.0-only
/*
 * iped's lockdown spec (daemon/lockdown.c).  The identity: the documented
 * construction, the same for the same inputs, another when any path or any
 * certificate changes, unambiguous where paths meet, and independent of the
 * order of the certificates in the trust directory.  The spec: every path
 * resolved through symbolic links, the executable from /proc/self/exe, no
 * configuration file when none was read, the identity of the resolved
 * paths, and a path that does not exist named in the failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libipe-sig.h>

#include "lockdown.h"
#include "signers.h"
#include "tap.h"

static struct signer s[3];
static char tmp[] = "/tmp/test_lockdown.XXXXXX";

static const char *at(const char *name)
{
	static char buf[4][PATH_MAX];
	static int next;
	char *p = buf[next++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", tmp, name);
	return p;
}

static void write_file(const char *p, const void *data, size_t len)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len || close(fd))
		bail("cannot write a test file");
}

/* A trust directory DIR holding the certificates of S named by INDEX, in that order. */
static struct ipe_trust *trust_dir(const char *dir, const int *index, size_t n)
{
	struct ipe_diag diag = { 0 };
	struct ipe_trust *t;
	char name[PATH_MAX];
	size_t i;

	if (mkdir(dir, 0700))
		bail("cannot make a trust directory");
	for (i = 0; i < n; i++) {
		/* Names in the opposite order of the certificates, for the readdir order. */
		snprintf(name, sizeof(name), "%s/%c.pem", dir, (int)('z' - i));
		write_file(name, s[index[i]].cert, s[index[i]].cert_len);
	}
	if (ipe_trust_new(&t) || ipe_trust_add_dir(t, dir, &diag))
		bail(diag.msg[0] ? diag.msg : "cannot load a trust directory");
	return t;
}

static void identity(const char *st, const char *tr, const char *mnt, const struct ipe_trust *t,
		     uint8_t out[32])
{
	if (lockdown_identity(st, tr, mnt, t, out))
		bail("lockdown_identity failed");
}

static struct ipe_trust *t01, *t10, *t0, *t02;

static void test_identity(void)
{
	uint8_t a[32], b[32], want[32], certs[32];
	char buf[256];
	size_t n;

	identity("/var/lib/ipe-bpf", "/etc/ipe-bpf/trust", "/run/ipe-bpf/security", t01, a);
	identity("/var/lib/ipe-bpf", "/etc/ipe-bpf/trust", "/run/ipe-bpf/security", t01, b);
	ok(!memcmp(a, b, 32), "the same inputs: the same identity");

	if (ipe_trust_digest(t01, certs))
		bail("ipe_trust_digest failed");
	n = (size_t)snprintf(buf, sizeof(buf), "ipe-bpf lockdown identity 1%c/var/lib/ipe-bpf%c"
			     "/etc/ipe-bpf/trust%c/run/ipe-bpf/security%c", 0, 0, 0, 0);
	memcpy(buf + n, certs, 32);
	ipe_sha256(buf, n + 32, want);
	ok(!memcmp(a, want, 32), "the documented construction: tag, paths, NUL after each, "
	   "then the trust digest");

	identity("/var/lib/ipe-bpf", "/etc/ipe-bpf/trust", "/run/ipe-bpf/security", t10, b);
	ok(!memcmp(a, b, 32), "the same certificates in the opposite directory order: the same");
	identity("/var/lib/ipe-bpf2", "/etc/ipe-bpf/trust", "/run/ipe-bpf/security", t01, b);
	ok(memcmp(a, b, 32), "another state directory: another identity");
	identity("/var/lib/ipe-bpf", "/etc/ipe-bpf/trust2", "/run/ipe-bpf/security", t01, b);
	ok(memcmp(a, b, 32), "another trust directory: another identity");
	identity("/var/lib/ipe-bpf", "/etc/ipe-bpf/trust", "/run/ipe-bpf/sec", t01, b);
	ok(memcmp(a, b, 32), "another mount point: another identity");
	identity("/etc/ipe-bpf/trust", "/var/lib/ipe-bpf", "/run/ipe-bpf/security", t01, b);
	ok(memcmp(a, b, 32), "state and trust directories swapped: another identity");
	identity("/var/lib/ipe-bpf", "/etc/ipe-bpf/trust", "/run/ipe-bpf/security", t0, b);
	ok(memcmp(a, b, 32), "one certificate less: another identity");
	identity("/var/lib/ipe-bpf", "/etc/ipe-bpf/trust", "/run/ipe-bpf/security", t02, b);
	ok(memcmp(a, b, 32), "one certificate replaced: another identity");

	/* Where one path ends and the next begins is part of the identity. */
	identity("/a/b", "/c", "/d", t01, a);
	identity("/a", "/b/c", "/d", t01, b);
	ok(memcmp(a, b, 32), "the same bytes split differently between paths: different");
}

static void test_spec(void)
{
	struct lockdown_spec spec;
	const char *what = NULL;
	char exe[PATH_MAX], *real;
	uint8_t want[32];
	int err;

	if (mkdir(at("state"), 0700) || mkdir(at("mnt"), 0755) ||
	    symlink(at("mnt"), at("mnt-link")) || symlink("d01", at("trust-link")))
		bail("cannot make the spec's directories");
	write_file(at("iped.conf"), "", 0);
	if (symlink("iped.conf", at("conf-link")))
		bail("cannot link the configuration");
	real = realpath(tmp, NULL);
	if (!real || !realpath("/proc/self/exe", exe))
		bail("cannot resolve the test's paths");

	err = lockdown_spec_build(&spec, at("state"), at("trust-link"), at("mnt-link"),
				  at("conf-link"), t01, &what);
	is_int(err, 0, "a spec from paths through symbolic links");
	if (!err) {
		char want_path[PATH_MAX];

		snprintf(want_path, sizeof(want_path), "%s/state", real);
		is_str(spec.state_dir, want_path, "state_dir resolved");
		snprintf(want_path, sizeof(want_path), "%s/d01", real);
		is_str(spec.trust_dir, want_path, "trust_dir resolved through its link");
		snprintf(want_path, sizeof(want_path), "%s/mnt", real);
		is_str(spec.mount, want_path, "mount resolved through its link");
		snprintf(want_path, sizeof(want_path), "%s/iped.conf", real);
		is_str(spec.config, want_path, "config resolved through its link");
		is_str(spec.exe, exe, "exe: /proc/self/exe resolved");
		identity(spec.state_dir, spec.trust_dir, spec.mount, t01, want);
		ok(!memcmp(spec.identity, want, 32), "the identity of the resolved paths");
	}
	lockdown_spec_free(&spec);
	ok(!spec.state_dir && !spec.exe && !spec.config, "freed and cleared");

	err = lockdown_spec_build(&spec, at("state"), at("d01"), at("mnt"), NULL, t10, &what);
	is_int(err, 0, "a spec without a configuration file, from the resolved paths");
	ok(!err && !spec.config, "... config is NULL");
	ok(!err && !memcmp(spec.identity, want, 32),
	   "... the same identity as through the links, with the same certificates in another order");
	lockdown_spec_free(&spec);

	err = lockdown_spec_build(&spec, at("state"), at("d01"), at("nosuch"), NULL, t01, &what);
	is_int(err, -ENOENT, "a mount point that does not exist: ENOENT");
	ok(what && strstr(what, "/nosuch"), "... named");
	lockdown_spec_free(&spec);
	err = lockdown_spec_build(&spec, at("state"), at("d01"), at("mnt"), at("no.conf"), t01,
				  &what);
	is_int(err, -ENOENT, "a configuration file gone: ENOENT");
	ok(what && strstr(what, "/no.conf"), "... named");
	lockdown_spec_free(&spec);
	free(real);
}

int main(void)
{
	static const int i01[] = { 0, 1 }, i10[] = { 1, 0 }, i0[] = { 0 }, i02[] = { 0, 2 };
	char cmd[PATH_MAX + 16];

	if (!mkdtemp(tmp))
		bail("mkdtemp failed");
	make_signer("one", 1, &s[0]);
	make_signer("two", 2, &s[1]);
	make_signer("three", 3, &s[2]);
	t01 = trust_dir(at("d01"), i01, 2);
	t10 = trust_dir(at("d10"), i10, 2);
	t0 = trust_dir(at("d0"), i0, 1);
	t02 = trust_dir(at("d02"), i02, 2);
	test_identity();
	test_spec();
	ipe_trust_free(t01);
	ipe_trust_free(t10);
	ipe_trust_free(t0);
	ipe_trust_free(t02);
	signer_free(&s[0]);
	signer_free(&s[1]);
	signer_free(&s[2]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd))
		bail("cannot remove the test directory");
	return tap_done();
}
