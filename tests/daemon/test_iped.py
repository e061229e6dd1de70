#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""iped's control tree, driven the way scripts drive /sys/kernel/security/ipe:
plain open/read/write on the mounted tree, checking modes, read contents,
the errno of every refusal (SPEC §5, §6), bool parsing, the audit records,
CAP_MAC_ADMIN, deleted-while-open handles, racing writers, restarts
(clean, kill -9 in the middle of updates, damaged state), and lockdown's
settings and refusals.

Usage: test_iped.py IPED IPECTL MAKE_PKCS7_CASES   (as root: it mounts FUSE)
Output: TAP.
"""
import atexit
import datetime
import errno
import fcntl
import json
import mmap
import os
import random
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

IPED, IPECTL, MAKE_CASES = sys.argv[1:4]
TMP = tempfile.mkdtemp(prefix="iped-test.")
os.chmod(TMP, 0o755)  # the unprivileged user of one test must reach the tree

# ---- TAP -------------------------------------------------------------------
n_tests = n_failed = 0


def ok(cond, desc, *diag):
    global n_tests, n_failed
    n_tests += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n_tests, desc))
    if not cond:
        n_failed += 1
        for d in diag:
            print("#   %s" % d)
    sys.stdout.flush()
    return cond


def eq(got, want, desc):
    return ok(got == want, desc, "got:  %r" % (got,), "want: %r" % (want,))


# ---- keys and blobs ----------------------------------------------------------
NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def path(*parts):
    return os.path.join(TMP, *parts)


def issue_cert(name, issuer, not_before, not_after):
    """A key and a certificate for it issued by ISSUER (cert, key)."""
    key = rsa.generate_private_key(65537, 2048)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(issuer[0].subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer[1].public_key()), False)
            .sign(issuer[1], hashes.SHA256()))
    open(path("keys", name + ".pem"), "wb").write(cert.public_bytes(serialization.Encoding.PEM))
    open(path("keys", name + ".key"), "wb").write(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))


def openssl_cert(name):
    """A self-signed signer made by the openssl command, as admins make them."""
    os.makedirs(path("keys"), exist_ok=True)
    pem, key = path("keys", name + ".pem"), path("keys", name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "90",
                    "-subj", "/CN=" + name, "-keyout", key, "-out", pem],
                   check=True, stderr=subprocess.DEVNULL)
    return (x509.load_pem_x509_certificate(open(pem, "rb").read()),
            serialization.load_pem_private_key(open(key, "rb").read(), None))


trusted = openssl_cert("trusted")
openssl_cert("untrusted")
# openssl req cannot date a certificate in the past: the expired signer is
# issued by the trusted one here.
issue_cert("expired", trusted, NOW - 400 * DAY, NOW - 30 * DAY)
os.makedirs(path("trust"))
shutil.copy(path("keys", "trusted.pem"), path("trust", "trusted.pem"))
EMPTY_CONFIG = path("empty.conf")
open(EMPTY_CONFIG, "w").close()


def policy_text(name, version="0.0.1", extra=""):
    return ("policy_name=%s policy_version=%s\nDEFAULT action=ALLOW\n%s" %
            (name, version, extra)).encode()


def smime(data, signer="trusted", flags=("-binary", "-noattr", "-nodetach", "-nosmimecap"),
          outform="der"):
    src, out = path("smime.in"), path("smime.out")
    open(src, "wb").write(data)
    subprocess.run(["openssl", "smime", "-sign", "-in", src, "-signer",
                    path("keys", signer + ".pem"), "-inkey", path("keys", signer + ".key"),
                    "-outform", outform, "-out", out] + list(flags),
                   check=True, stderr=subprocess.DEVNULL)
    return open(out, "rb").read()


def signed(name, version="0.0.1", signer="trusted"):
    return smime(policy_text(name, version), signer)


# ---- the daemon --------------------------------------------------------------
RUNNING = []


@atexit.register
def cleanup():
    """Whatever happened: no iped left running, nothing left mounted."""
    for d in list(RUNNING):
        d.proc.kill()
        d.proc.wait()
    for line in open("/proc/self/mounts"):
        mnt = line.split()[1]
        if mnt.startswith(TMP):
            subprocess.run(["umount", "-l", mnt], stderr=subprocess.DEVNULL)
    shutil.rmtree(TMP, ignore_errors=True)


class Iped:
    def __init__(self, name, trust="trust"):
        self.dir = path(name)
        self.mnt = os.path.join(self.dir, "mnt")
        self.state = os.path.join(self.dir, "state")
        self.audit_log = os.path.join(self.dir, "audit.json")
        self.log = os.path.join(self.dir, "log")
        self.trust = path(trust)
        self.proc = None
        self.audit_seen = 0
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o755)

    def root(self, *parts):
        return os.path.join(self.mnt, "ipe", *parts)

    def pol(self, name, *parts):
        return self.root("policies", name, *parts)

    def args(self, *extra):
        return [IPED, "--foreground", "--config", EMPTY_CONFIG, "--backend", "none",
                "--mount", self.mnt, "--state-dir", self.state, "--trust-dir", self.trust,
                "--audit-log", self.audit_log] + list(extra)

    def start(self, *extra):
        """Start in the foreground and wait for 'ready'; True when it came."""
        self.proc = subprocess.Popen(self.args(*extra), stdout=subprocess.PIPE,
                                     stderr=open(self.log, "ab"))
        if self not in RUNNING:
            RUNNING.append(self)
        ready, _, _ = select.select([self.proc.stdout], [], [], 20)
        line = self.proc.stdout.readline() if ready else b""
        return line == b"ready\n"

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        rc = self.proc.wait(20)
        self.proc.stdout.close()
        if self in RUNNING:
            RUNNING.remove(self)
        self.proc = None
        return rc

    def log_text(self):
        return open(self.log, errors="replace").read()

    def new_audit(self):
        """The audit records written since the last call, as (type, text)."""
        try:
            lines = open(self.audit_log).read().splitlines()
        except FileNotFoundError:
            lines = []
        fresh, self.audit_seen = lines[self.audit_seen:], len(lines)
        return [(r["type"], r["text"]) for r in map(json.loads, fresh)]


def errname(e):
    return errno.errorcode.get(e.errno, str(e.errno))


def write(p, data):
    """One open + one write(2) + close: 'ok' or the errno's name (of close(2):
    'close:ERRNO'; iped answers close when a policy's pieces stopped early)."""
    try:
        fd = os.open(p, os.O_WRONLY)
    except OSError as e:
        return "open:" + errname(e)
    try:
        n = os.write(fd, data)
        got = "ok" if n == len(data) else "short:%d" % n
    except OSError as e:
        got = errname(e)
    try:
        os.close(fd)
    except OSError as e:
        return got if got != "ok" else "close:" + errname(e)
    return got


def write_and_close(p, data):
    """One write(2) and close(2): what each said, (bytes taken, 'ok' or errno)."""
    fd = os.open(p, os.O_WRONLY)
    n = os.write(fd, data)
    try:
        os.close(fd)
        return n, "ok"
    except OSError as e:
        return n, errname(e)


def read(p, size=1 << 20):
    try:
        with open(p, "rb", buffering=0) as f:
            return f.read(size)
    except OSError as e:
        return errname(e)


def sha256_hex(b):
    d = hashes.Hash(hashes.SHA256())
    d.update(b)
    return d.finalize().hex().upper()


def my_audit_ids():
    def get(name):
        try:
            return open("/proc/self/" + name).read().strip()
        except OSError:
            return "4294967295"
    return "auid=%s ses=%s" % (get("loginuid"), get("sessionid"))


IDS = my_audit_ids()
CHILD = r'''
import errno, os, sys
op, p, data = sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3])
try:
    if op == "write":
        fd = os.open(p, os.O_WRONLY); os.write(fd, data)
    elif op == "writefd":
        os.write(int(p), data)
    else:
        fd = os.open(p, os.O_RDONLY); sys.stdout.write(os.read(fd, 4096).decode())
    print("ok")
except OSError as e:
    print(errno.errorcode[e.errno])
'''


def child(prefix, op, p, data=b"", pass_fds=()):
    """Run one operation in a child process started through PREFIX."""
    r = subprocess.run(prefix + [sys.executable, "-c", CHILD, op, str(p), data.hex()],
                       capture_output=True, pass_fds=pass_fds, text=True)
    return r.stdout.strip().splitlines()[-1] if r.stdout.strip() else "crash:" + r.stderr


NO_MAC_ADMIN = ["setpriv", "--bounding-set", "-mac_admin", "--inh-caps", "-mac_admin", "--"]
NOBODY = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", "--"]


# ---- tests -------------------------------------------------------------------
def test_tree_shape(d):
    want = {"enforce": 0o600, "success_audit": 0o600, "new_policy": 0o200}
    eq(sorted(os.listdir(d.root())), ["enforce", "new_policy", "policies", "success_audit"],
       "ipe/ holds the kernel's four entries")
    for f, mode in want.items():
        st = os.stat(d.root(f))
        eq((oct(st.st_mode & 0o7777), st.st_uid, st.st_gid), (oct(mode), 0, 0),
           "ipe/%s: mode and owner" % f)
    eq(read(d.root("enforce")), b"1", "enforce reads '1', no newline")
    eq(read(d.root("success_audit")), b"0", "success_audit reads '0', no newline")
    eq(read(d.root("new_policy")), "EINVAL", "reading new_policy: EINVAL (no read method)")
    eq(os.listdir(d.root("policies")), [], "no policies at first")
    eq(read(d.root("nosuch")), "ENOENT", "an unknown file: ENOENT")
    eq(read(d.root("x" * 256)), "ENAMETOOLONG", "a name over 255 bytes: ENAMETOOLONG")
    eq(read(d.root("policies", "y" * 300, "name")), "ENAMETOOLONG",
       "a policy name over 255 bytes: ENAMETOOLONG")


def test_load_and_read(d):
    blob = signed("alpha", "1.2.3")
    eq(write(d.root("new_policy"), blob), "ok", "new_policy: a trusted signed policy loads")
    eq(d.new_audit(), [(1422, 'policy_name="alpha" policy_version=1.2.3 policy_digest=sha256:%s '
                        '%s lsm=ipe res=1 errno=0' % (sha256_hex(blob), IDS))],
       "... one 1422 success record, digest of the blob")
    eq(sorted(os.listdir(d.pol("alpha"))),
       ["active", "delete", "name", "pkcs7", "policy", "update", "version"],
       "policies/alpha/ holds the kernel's seven files")
    modes = {"pkcs7": 0o444, "policy": 0o444, "name": 0o444, "version": 0o444,
             "active": 0o600, "update": 0o200, "delete": 0o200}
    for f, mode in modes.items():
        eq(oct(os.stat(d.pol("alpha", f)).st_mode & 0o7777), oct(mode), "alpha/%s: mode" % f)
    eq(read(d.pol("alpha", "pkcs7")), blob, "pkcs7 reads back the blob as written")
    eq(read(d.pol("alpha", "policy")), policy_text("alpha", "1.2.3"),
       "policy reads back the signed text exactly")
    eq(read(d.pol("alpha", "name")), b"alpha", "name: no newline")
    eq(read(d.pol("alpha", "version")), b"1.2.3", "version: M.m.r, no newline")
    eq(read(d.pol("alpha", "active")), b"0", "a loaded policy is not active")
    eq(read(d.pol("alpha", "update")), "EINVAL", "reading update: EINVAL")
    eq(read(d.pol("alpha", "delete")), "EINVAL", "reading delete: EINVAL")
    eq(write(d.pol("alpha", "name"), b"x"), "EINVAL", "root writing a read-only file: EINVAL")
    fd = os.open(d.pol("alpha", "pkcs7"), os.O_RDONLY)
    eq(os.pread(fd, 10, 5), blob[5:15], "partial reads honour the offset")
    eq(os.pread(fd, 10, len(blob) + 5), b"", "a read past the end: 0 bytes")
    os.close(fd)
    eq(write(d.root("new_policy"), blob), "EEXIST", "the same name again: EEXIST")
    eq(d.new_audit(), [(1422, "policy_name=? policy_version=? policy_digest=? %s lsm=ipe res=0 "
                        "errno=-17" % IDS)], "... a 1422 failure record with errno=-17")


def test_signature_errnos(d):
    cases = [
        ("untrusted signer", smime(policy_text("s1"), "untrusted"), "ENOKEY"),
        ("expired signer, no signing time (the kernel accepts it)",
         smime(policy_text("s2"), "expired"), "ok"),
        ("detached signature", smime(policy_text("s3"), flags=("-binary", "-noattr")),
         "EKEYREJECTED"),
        ("openssl's default", smime(policy_text("s4"), flags=("-nodetach",)), "EKEYREJECTED"),
        ("PEM", smime(policy_text("s5"), outform="pem"), "EBADMSG"),
        ("the plain text", policy_text("s6"), "EBADMSG"),
        ("signed text with policy_version=1.0", smime(b"policy_name=s7 policy_version=1.0\n"
                                                      b"DEFAULT action=ALLOW\n"), "EBADMSG"),
        ("signed text with version 70000.0.0", smime(b"policy_name=s8 policy_version=70000.0.0"
                                                     b"\nDEFAULT action=ALLOW\n"), "ERANGE"),
        ("truncated blob", signed("s9")[:-40], "EBADMSG"),
        ("signature byte flipped", (lambda b: b[:-9] + bytes([b[-9] ^ 0x5a]) + b[-8:])(
            signed("s10")), "EINVAL"),
        ("policy name '..'", smime(policy_text("..")), "EACCES"),
        ("64 KiB + 1 of garbage", b"\x30" * 65537, "EMSGSIZE"),
    ]
    for desc, blob, want in cases:
        eq(write(d.root("new_policy"), blob), want, "new_policy, %s: %s" % (desc, want))
    # One write(2) of up to 1 MiB reaches iped whole, from any buffer.
    big = mmap.mmap(-1, 1 << 20)
    big.write(b"\x30\x83" + b"\x00" * ((1 << 20) - 2))
    fd = os.open(d.root("new_policy"), os.O_WRONLY)
    try:
        os.write(fd, big)
        got = "ok"
    except OSError as e:
        got = errname(e)
    os.close(fd)
    eq(got, "EMSGSIZE", "a page-aligned 1 MiB write: EMSGSIZE, as the kernel")
    eq(write(d.root("new_policy"), b"\x30" * ((1 << 20) + 1)), "EMSGSIZE",
       "an unaligned 1 MiB + 1 write: EMSGSIZE")


def test_large_policies():
    """--max-policy-size: policies over kernel IPE's 64 KiB, written in one
    write(2) that reaches iped in 1 MiB pieces."""
    digests = "".join("op=EXECUTE fsverity_digest=sha256:%064x action=ALLOW\n" % (i * 7919)
                      for i in range(30000))
    text = policy_text("big", extra=digests)
    blob = smime(text)
    ok(len(blob) > 3 << 20, "a 30,000-rule policy signs to over 3 MiB (%d bytes)" % len(blob))
    small = Iped("kernel-size")
    ok(small.start(), "iped with the default size starts")
    eq(write(small.root("new_policy"), blob), "EMSGSIZE", "by default: EMSGSIZE, as the kernel")
    small.stop()

    d = Iped("large")
    ok(d.start("--max-policy-size", "8M"), "iped --max-policy-size 8M starts")
    eq(write(d.root("new_policy"), blob), "ok", "the 3 MiB policy is taken in one write(2)")
    eq(read(d.pol("big", "pkcs7"), 8 << 20), blob, "its pkcs7 reads back whole")
    eq(read(d.pol("big", "policy"), 8 << 20), text, "its text reads back whole")
    eq(write(d.pol("big", "active"), b"1"), "ok", "and it activates")
    bigger = smime(policy_text("big", "0.0.2", extra=digests))
    eq(write(d.pol("big", "update"), bigger), "ok", "a large update is gathered the same way")
    eq(read(d.pol("big", "version")), b"0.0.2", "... and replaces the active policy")
    n, closed = write_and_close(d.pol("big", "update"), bigger)
    ok(len(bigger) - (1 << 20) < n < len(bigger) and closed == "ESTALE",
       "a large update of the same version: refused with its last piece, close(2) says ESTALE",
       "got: %r of %d, close: %s" % (n, len(bigger), closed))

    # Cut short inside one write(2): the pieces stop early, close(2) says so.
    eq(write_and_close(d.root("new_policy"), smime(policy_text("cut", extra=digests))[:2 << 20]),
       (2 << 20, "EBADMSG"), "a policy cut short: close(2) gives EBADMSG")
    eq(read(d.pol("cut", "name")), "ENOENT", "and nothing was loaded")
    bad = bytearray(smime(policy_text("flip", extra=digests)))
    bad[-9] ^= 0x5a
    n, closed = write_and_close(d.root("new_policy"), bytes(bad))
    ok(len(bad) - (1 << 20) < n < len(bad) and closed == "EINVAL",
       "a bad signature: write(2) takes all but the last piece, close(2) says EINVAL",
       "got: %r of %d, close: %s" % (n, len(bad), closed))
    eq(read(d.pol("flip", "name")), "ENOENT", "and nothing was loaded")
    ok("new_policy refused: EINVAL" in d.log_text(), "iped logs why (EINVAL)")
    open(path("flip.p7b"), "wb").write(bytes(bad))
    rc, _, err = ipectl(d, "deploy", path("flip.p7b"))
    ok(rc == 1 and "EINVAL" in err, "ipectl deploy reports the reason, EINVAL", err)

    # Two large policies through one open file: the second starts where the
    # first left the file offset.
    fd = os.open(d.root("new_policy"), os.O_WRONLY)
    b1, b2 = smime(policy_text("one", extra=digests)), smime(policy_text("two", extra=digests))
    n1, n2 = os.write(fd, b1), os.write(fd, b2)
    os.close(fd)
    eq((n1, n2), (len(b1), len(b2)), "two large policies written on one fd are taken whole")
    eq((read(d.pol("one", "name")), read(d.pol("two", "name"))), (b"one", b"two"),
       "... and both loaded")
    # Bytes after the declared size ride along in the piece that completes it.
    tail = smime(policy_text("tail", extra=digests)) + b"trailing bytes"
    eq(write(d.root("new_policy"), tail), "ok", "trailing bytes after a large policy: ignored")
    eq(read(d.pol("tail", "name")), b"tail", "... and the policy loaded")
    over = b"\x30\x84" + (9 << 20).to_bytes(4, "big") + b"\x00" * (2 << 20)
    eq(write(d.root("new_policy"), over), "EMSGSIZE", "a blob declaring 9 MiB: EMSGSIZE")
    eq(write(d.root("new_policy"), signed("small")), "ok", "a small policy still loads")
    d.stop()
    ok(d.start("--max-policy-size", "8M"), "restarted with the same size")
    eq(read(d.pol("big", "active")), b"1", "the large policy is restored, active")
    d.stop()
    for bad_size in ("65534", "1G", "12X", "-1", ""):
        r = subprocess.run(d.args("--max-policy-size", bad_size), capture_output=True, text=True)
        ok(r.returncode != 0 and "max-policy-size" in r.stderr,
           "--max-policy-size %r refused" % bad_size, r.stderr)


def test_sizes(d):
    """stat sizes: what a read returns (FUSE serves sendfile up to them)."""
    write(d.root("new_policy"), signed("sz"))
    for f in ("pkcs7", "policy", "name", "version", "active"):
        p = d.pol("sz", f)
        eq(os.stat(p).st_size, len(read(p)), "the size of policies/sz/%s is its length" % f)
    eq(os.stat(d.root("enforce")).st_size, 1, "enforce: 1 byte")
    eq(os.stat(d.root("new_policy")).st_size, 0, "new_policy (write-only): 0")
    out, src = path("sendfile.out"), os.open(d.pol("sz", "policy"), os.O_RDONLY)
    dst = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    n = os.sendfile(dst, src, 0, 1 << 20)
    os.close(src)
    os.close(dst)
    eq(open(out, "rb").read(), read(d.pol("sz", "policy")), "sendfile(2) copies the policy (%d bytes)" % n)
    write(d.pol("sz", "delete"), b"1")


def test_oracle_cases(d):
    """Every blob of the kernel-oracle scenario: same errno as the verified table."""
    out = path("pkcs7-cases")
    subprocess.run([sys.executable, MAKE_CASES, path("keys"), IPECTL, out], check=True,
                   stdout=subprocess.DEVNULL)
    agree = []
    for line in open(os.path.join(out, "index")):
        num, want, desc = line.rstrip("\n").split(" ", 2)
        blob = open(os.path.join(out, num + ".p7b"), "rb").read()
        before = sorted(os.listdir(d.root("policies")))
        got = write(d.root("new_policy"), blob)
        if not blob:
            # FUSE never delivers an empty write: write(2) returns 0 and
            # nothing happens, where the kernel says EBADMSG (docs/iped.md).
            eq((want, got), ("EBADMSG", "ok"), "an empty write: 0, a no-op (kernel: EBADMSG)")
            eq(sorted(os.listdir(d.root("policies"))), before, "... nothing loaded")
            continue
        if got != want:
            agree.append("%s %s: got %s want %s" % (num, desc, got, want))
    ok(not agree, "all oracle-verified PKCS#7 cases give the kernel's errno", *agree)


def test_bool_parsing(d):
    d.new_audit()
    true_forms = [b"1", b"1\n", b"1\0", b"yes", b"Y", b"y", b"on", b"ON", b"10", b"t", b"T"]
    false_forms = [b"0", b"0\n", b"no", b"N", b"off", b"of", b"f", b"F"]
    bad = [b"2", b" 1", b"x", b"o", b"oz", b"e", b"d", b"-1", b"\n"]
    for v in true_forms:
        write(d.root("enforce"), b"0")
        eq((write(d.root("enforce"), v), read(d.root("enforce"))), ("ok", b"1"),
           "enforce <- %r: true" % v)
    for v in false_forms:
        write(d.root("enforce"), b"1")
        eq((write(d.root("enforce"), v), read(d.root("enforce"))), ("ok", b"0"),
           "enforce <- %r: false" % v)
    for v in bad:
        eq(write(d.root("success_audit"), v), "EINVAL", "success_audit <- %r: EINVAL" % v)
    write(d.root("enforce"), b"1")
    d.new_audit()
    eq(write(d.root("enforce"), b"1"), "ok", "enforce <- its current value: ok")
    eq(d.new_audit(), [], "... and no record")
    eq(write(d.root("enforce"), b"0"), "ok", "enforce 1 -> 0")
    eq(d.new_audit(), [(1404, "enforcing=0 old_enforcing=1 %s enabled=1 old-enabled=1 lsm=ipe "
                        "res=1" % IDS)], "... one 1404 record")
    write(d.root("enforce"), b"1")
    eq(write(d.root("success_audit"), b"1"), "ok", "success_audit <- 1")
    eq(read(d.root("success_audit")), b"1", "... reads 1")
    eq(d.new_audit(), [(1404, "enforcing=1 old_enforcing=0 %s enabled=1 old-enabled=1 lsm=ipe "
                        "res=1" % IDS)], "success_audit writes no record")
    write(d.root("success_audit"), b"0")


def test_activate_update_delete(d):
    b1, b2 = signed("beta", "0.0.5"), signed("beta", "0.0.6")
    low = signed("gamma", "0.0.4")
    for b in (b1, low):
        write(d.root("new_policy"), b)
    d.new_audit()
    eq(write(d.pol("beta", "active"), b"0"), "EINVAL", "active <- 0: EINVAL")
    eq(write(d.pol("beta", "active"), b"2"), "EINVAL", "active <- 2: EINVAL")
    eq(write(d.pol("beta", "active"), b"yes"), "ok", "active <- yes: activates")
    eq((read(d.pol("beta", "active")), read(d.pol("alpha", "active"))), (b"1", b"0"),
       "... beta reads 1, alpha 0")
    eq(d.new_audit(), [(1421, 'old_active_pol_name=? old_active_pol_version=? old_policy_digest=? '
                        'new_active_pol_name="beta" new_active_pol_version=0.0.5 '
                        'new_policy_digest=sha256:%s %s lsm=ipe res=1' % (sha256_hex(b1), IDS))],
       "... one 1421 record from no policy")
    eq(write(d.pol("beta", "active"), b"1"), "ok", "activating the active policy: ok")
    eq(d.new_audit(), [], "... and no record")
    eq(write(d.pol("gamma", "active"), b"1"), "EINVAL",
       "activating a lower version than the active one: EINVAL")
    eq(write(d.pol("beta", "delete"), b"1"), "EPERM", "deleting the active policy: EPERM")
    eq(write(d.pol("beta", "update"), b1), "ESTALE", "update with the same version: ESTALE")
    eq(write(d.pol("beta", "update"), signed("beta", "0.0.1")), "ESTALE",
       "update with a lower version: ESTALE")
    eq(write(d.pol("beta", "update"), signed("other", "0.0.9")), "EINVAL",
       "update with another name: EINVAL")
    eq(write(d.pol("beta", "update"), smime(policy_text("beta", "0.0.9"), "untrusted")), "ENOKEY",
       "update signed by an untrusted key: ENOKEY")
    d.new_audit()
    eq(write(d.pol("beta", "update"), b2), "ok", "update with a higher version")
    eq((read(d.pol("beta", "version")), read(d.pol("beta", "active"))), (b"0.0.6", b"1"),
       "... the new version, still active")
    eq([t for t, _ in d.new_audit()], [1422, 1421], "... records 1422 then 1421")
    eq(write(d.pol("gamma", "delete"), b"0"), "EINVAL", "delete <- 0: EINVAL")
    fd_r = os.open(d.pol("gamma", "version"), os.O_RDONLY)
    fd_w = os.open(d.pol("gamma", "active"), os.O_WRONLY)
    eq(write(d.pol("gamma", "delete"), b"1"), "ok", "delete an inactive policy")
    ok(not os.path.exists(d.pol("gamma")), "... its directory is gone")

    def via(fn):
        try:
            return fn()
        except OSError as e:
            return errname(e)
    eq(via(lambda: os.pread(fd_r, 10, 0)), "ENOENT", "reading a deleted policy's open file: ENOENT")
    eq(via(lambda: os.write(fd_w, b"1")), "ENOENT", "writing a deleted policy's open file: ENOENT")
    write(d.root("new_policy"), low)
    eq(via(lambda: os.pread(fd_r, 10, 0)), "ENOENT",
       "... still ENOENT once a policy of that name is loaded again")
    os.close(fd_r)
    os.close(fd_w)
    eq(read(d.pol("gamma", "version")), b"0.0.4", "the new gamma reads through a new open")


def test_privilege(d):
    blob = signed("delta")
    d.new_audit()
    eq(child(NO_MAC_ADMIN, "write", d.root("new_policy"), blob), "EPERM",
       "new_policy without CAP_MAC_ADMIN: EPERM")
    eq(d.new_audit(), [(1422, "policy_name=? policy_version=? policy_digest=? %s lsm=ipe res=0 "
                        "errno=-1" % IDS)], "... audited as a failed load")
    for f, data in (("enforce", b"0"), ("success_audit", b"1")):
        eq(child(NO_MAC_ADMIN, "write", d.root(f), data), "EPERM", "%s without CAP_MAC_ADMIN" % f)
    for f in ("active", "delete"):
        eq(child(NO_MAC_ADMIN, "write", d.pol("alpha", f), b"1"), "EPERM",
           "alpha/%s without CAP_MAC_ADMIN: EPERM" % f)
    eq(child(NO_MAC_ADMIN, "write", d.pol("alpha", "update"), signed("alpha", "1.2.4")), "EPERM",
       "update without CAP_MAC_ADMIN: EPERM")
    eq(child(NO_MAC_ADMIN, "read", d.root("enforce")), "1ok",
       "reading enforce needs no capability")
    fd = os.open(d.root("new_policy"), os.O_WRONLY)
    eq(child(NO_MAC_ADMIN, "writefd", fd, blob, pass_fds=[fd]), "ok",
       "a file opened with CAP_MAC_ADMIN works in a task without it (opener's creds)")
    os.close(fd)
    # The other way round: a task without CAP_MAC_ADMIN opens the file and
    # hands it over (SCM_RIGHTS); root writing through it is still refused.
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    subprocess.run(NO_MAC_ADMIN + [sys.executable, "-c",
                   "import os, socket, sys; s = socket.socket(fileno=int(sys.argv[2])); "
                   "socket.send_fds(s, [b'x'], [os.open(sys.argv[1], os.O_WRONLY)])",
                   d.root("enforce"), str(theirs.fileno())], pass_fds=[theirs.fileno()], check=True)
    theirs.close()
    _, fds, _, _ = socket.recv_fds(ours, 1, 1)
    ours.close()
    try:
        os.write(fds[0], b"0")
        got = "ok"
    except OSError as e:
        got = errname(e)
    os.close(fds[0])
    eq(got, "EPERM", "a file opened without CAP_MAC_ADMIN stays refused for a root writer")
    eq(child(NOBODY, "read", d.root("enforce")), "EACCES", "an unprivileged user cannot open enforce")
    eq(child(NOBODY, "read", d.pol("alpha", "version")), "1.2.3ok",
       "... but reads a 0444 file")
    eq(child(NOBODY, "write", d.root("new_policy"), blob), "EACCES",
       "... and cannot open new_policy for writing")


def test_races(d):
    """Two writers at once: the store sees them one after the other."""
    names = ["race%02d" % i for i in range(12)]
    blobs = {n: signed(n) for n in names}
    bad = []
    for n in names:
        r, w = os.pipe()
        pids = []
        for _ in range(2):
            pid = os.fork()
            if pid == 0:
                os.close(w)
                os.read(r, 1)
                res = write(d.root("new_policy"), blobs[n])
                os._exit({"ok": 0, "EEXIST": 1}.get(res, 2))
            pids.append(pid)
        os.close(r)
        os.close(w)  # releases both writers together
        codes = sorted(os.waitstatus_to_exitcode(os.waitpid(p, 0)[1]) for p in pids)
        if codes != [0, 1]:
            bad.append("%s: exit codes %r" % (n, codes))
    ok(not bad, "racing new_policy writers: exactly one loads, the other gets EEXIST", *bad)
    eq(sorted(x for x in os.listdir(d.root("policies")) if x.startswith("race")), names,
       "... every raced policy is there once")
    updates = [signed("race00", "0.0.%d" % v) for v in (2, 3)]
    r, w = os.pipe()
    pids = []
    for b in updates:
        pid = os.fork()
        if pid == 0:
            os.close(w)
            os.read(r, 1)
            os._exit({"ok": 0, "ESTALE": 1}.get(write(d.pol("race00", "update"), b), 2))
        pids.append(pid)
    os.close(r)
    os.close(w)
    codes = [os.waitstatus_to_exitcode(os.waitpid(p, 0)[1]) for p in pids]
    ok(codes in ([0, 0], [1, 0]), "racing updates 0.0.2 and 0.0.3: 0.0.3 always lands", "%r" % codes)
    eq(read(d.pol("race00", "version")), b"0.0.3", "... the version is 0.0.3")


def test_restart(d):
    before = {n: (read(d.pol(n, "version")), read(d.pol(n, "active")), read(d.pol(n, "pkcs7")))
              for n in os.listdir(d.root("policies"))}
    write(d.root("enforce"), b"0")
    write(d.root("success_audit"), b"1")
    d.new_audit()
    rc = d.stop()
    ok(rc == 0, "iped stops on SIGTERM with status 0", "got: %r" % rc,
       *["log: " + line for line in d.log_text().splitlines()[-8:]])
    ok(not os.path.ismount(d.mnt), "... and unmounts the tree")
    ok(d.start(), "restart")
    after = {n: (read(d.pol(n, "version")), read(d.pol(n, "active")), read(d.pol(n, "pkcs7")))
             for n in os.listdir(d.root("policies"))}
    eq(after, before, "every policy, version, blob and the active one survive a restart")
    eq((read(d.root("enforce")), read(d.root("success_audit"))), (b"0", b"1"),
       "the modes survive a restart")
    eq(d.new_audit(), [], "restoring emits no audit record")
    d.stop()
    ok(d.start("--enforce", "1", "--success-audit", "0"), "restart with --enforce 1 --success-audit 0")
    eq((read(d.root("enforce")), read(d.root("success_audit"))), (b"1", b"0"),
       "... explicit modes win over the saved ones")
    d.stop(signal.SIGKILL)
    ok(d.start(), "restart after kill -9 (the dead mount is replaced)")
    eq(read(d.pol("beta", "active")), b"1", "... state intact")


def test_kill_mid_update(d):
    """kill -9 while a writer streams updates: every acknowledged update survives."""
    write(d.root("new_policy"), signed("kappa", "0.1.0"))
    write(d.pol("kappa", "active"), b"1")
    problems = []
    for rnd in range(4):
        versions = ["0.%d.%d" % (rnd + 1, i) for i in range(1, 31)]
        blobs = [signed("kappa", v) for v in versions]
        kill_after = random.randint(1, 20)
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            for i, b in enumerate(blobs):
                if write(d.pol("kappa", "update"), b) != "ok":
                    break
                os.write(w, b"%d\n" % i)
            os._exit(0)
        os.close(w)
        acked = []
        with os.fdopen(r) as f:
            for line in f:
                acked.append(int(line))
                if len(acked) == kill_after:
                    d.stop(signal.SIGKILL)
                    break
            acked += [int(x) for x in f.read().split()]
        os.waitpid(pid, 0)
        if d.proc:
            problems.append("round %d: the writer finished before the kill" % rnd)
            d.stop(signal.SIGKILL)
        if not d.start():
            problems.append("round %d: no restart: %s" % (rnd, d.log_text()[-500:]))
            break
        got = read(d.pol("kappa", "version")).decode()
        last = acked[-1]
        allowed = versions[last:last + 2]
        if got not in allowed:
            problems.append("round %d: last acknowledged %s, restored %s" % (rnd, versions[last], got))
        if read(d.pol("kappa", "active")) != b"1":
            problems.append("round %d: kappa no longer active" % rnd)
    ok(not problems, "kill -9 in the middle of streamed updates (4 rounds): the restored version "
       "is the last acknowledged or the one in flight, still active", *problems)


def test_boot_policy():
    d = Iped("boot")
    text = policy_text("bootpol", "0.0.2")
    open(path("boot.pol"), "wb").write(text)
    ok(d.start("--boot-policy", path("boot.pol")), "start with a boot policy")
    eq(read(d.pol("bootpol", "active")), b"1", "the boot policy is active at once")
    eq(read(d.pol("bootpol", "pkcs7")), "ENOENT", "its pkcs7 reads ENOENT")
    eq(read(d.pol("bootpol", "policy")), text, "its policy is the file's text")
    eq(d.new_audit(), [], "loading it is not audited")
    eq(write(d.pol("bootpol", "delete"), b"1"), "EPERM", "the active boot policy cannot be deleted")
    nxt = signed("next", "0.0.2")
    write(d.root("new_policy"), nxt)
    d.new_audit()
    eq(write(d.pol("next", "active"), b"1"), "ok", "activating an equal version: ok")
    eq(d.new_audit(), [(1421, 'old_active_pol_name="bootpol" old_active_pol_version=0.0.2 '
                        'old_policy_digest=sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA'
                        '495991B7852B855 new_active_pol_name="next" new_active_pol_version=0.0.2 '
                        'new_policy_digest=sha256:%s %s lsm=ipe res=1' % (sha256_hex(nxt), IDS))],
       "... 1421 names the boot policy with the digest of nothing")
    d.stop()
    ok(d.start("--boot-policy", path("boot.pol")), "restart")
    eq((read(d.pol("bootpol", "active")), read(d.pol("next", "active"))), (b"0", b"1"),
       "the saved state wins over the boot policy")
    eq(write(d.pol("bootpol", "delete"), b"1"), "ok", "the inactive boot policy can be deleted")
    d.stop()
    ok(d.start("--boot-policy", path("boot.pol")), "restart again")
    eq(os.listdir(d.root("policies")), ["next"], "a deleted boot policy stays deleted")
    d.stop()
    open(path("bad.pol"), "wb").write(b"policy_name=x policy_version=1.0\n")
    bad = Iped("badboot")
    ok(not bad.start("--boot-policy", path("bad.pol")) and bad.proc.wait(10) == 1,
       "a boot policy that does not parse: iped exits 1")
    ok("bad.pol:1:" in bad.log_text(), "... naming the file, line and column")


def floors_scenario(name, floors):
    """The one way an active version can fall in iped: the saved active
    policy is not restored (its signer is no longer trusted), so the boot
    policy 0.0.0 is active again.  Only a version floor then stops an old
    policy from being activated."""
    d = Iped(name, trust="trust2")
    flag = ["--version-floors", "1" if floors else "0"]
    ok(d.start(*flag, "--boot-policy", path("zero.pol")), "%s: start" % name)
    write(d.root("new_policy"), signed("fz", "0.0.9"))
    write(d.pol("fz", "active"), b"1")
    write(d.root("new_policy"), signed("base", "0.1.0", signer="second"))
    eq(write(d.pol("base", "active"), b"1"), "ok", "%s: fz 0.0.9 then base 0.1.0 activated" % name)
    write(d.pol("fz", "delete"), b"1")
    d.stop(signal.SIGKILL)
    d.trust = path("trust")
    ok(d.start(*flag), "%s: restart without base's signer" % name)
    eq(read(d.pol("zero", "active")), b"1", "%s: the boot policy 0.0.0 is active again" % name)
    write(d.root("new_policy"), signed("fz", "0.0.4"))
    got = write(d.pol("fz", "active"), b"1")
    d.stop()
    return got


def test_version_floors():
    openssl_cert("second")
    os.makedirs(path("trust2"))
    for c in ("trusted", "second"):
        shutil.copy(path("keys", c + ".pem"), path("trust2", c + ".pem"))
    eq(floors_scenario("nofloors", False), "ok",
       "without floors (the kernel's rule): the old fz 0.0.4 can be activated")
    eq(floors_scenario("floors", True), "EINVAL",
       "with --version-floors 1: fz 0.0.4 is below fz's floor 0.0.9: EINVAL")


def test_damaged_state():
    d = Iped("damaged")
    ok(d.start(), "start")
    write(d.root("new_policy"), signed("dm"))
    d.stop()
    st = os.path.join(d.state, "state")
    good = open(st, "rb").read()
    for desc, bad in (("truncated", good[:-10]), ("one byte changed", good[:40] + b"X" + good[41:]),
                      ("empty", b"")):
        open(st, "wb").write(bad)
        started = d.start()
        rc = d.proc.wait(10) if not started else d.stop()
        ok(not started and rc == 1, "state file %s: iped refuses to start" % desc)
    ok("damaged" in d.log_text(), "... and says the state is damaged")
    open(st, "wb").write(good)
    ok(d.start(), "the intact file starts again")
    eq(os.listdir(d.root("policies")), ["dm"], "... with its policy")
    second = subprocess.run(d.args(), capture_output=True, timeout=20)
    ok(second.returncode == 1 and b"in use by another iped" in second.stderr,
       "a second iped on the same state directory refuses to start")
    d.stop()
    shutil.rmtree(d.trust + "-empty", ignore_errors=True)
    os.makedirs(d.trust + "-empty")
    d.trust = d.trust + "-empty"
    ok(d.start(), "start with a trust directory that no longer holds the signer")
    eq(os.listdir(d.root("policies")), [], "... the policy is not restored")
    ok("not restored: ENOKEY" in d.log_text(), "... and the log says why")
    kept = [f for f in os.listdir(d.state) if f.startswith("state.unrestored-")]
    eq(len(kept), 1, "... and the state as it was is kept aside")
    d.stop()
    d.trust = path("trust")
    ok(d.start(), "restart with the signer trusted again")
    eq(os.listdir(d.root("policies")), [], "the saved state no longer holds the policy")
    d.stop()
    os.rename(os.path.join(d.state, kept[0]), st)
    ok(d.start(), "the kept file moved back to 'state'")
    eq(os.listdir(d.root("policies")), ["dm"], "... brings the policy back")
    d.stop()
    os.chmod(d.state, 0o777)
    started = d.start()
    rc = d.stop() if started else d.proc.wait(10)
    ok(not started and rc == 1 and "writable by its owner only" in d.log_text(),
       "a state directory others can write to: iped refuses it")
    os.chmod(d.state, 0o700)
    os.symlink("/nonexistent-victim", os.path.join(d.state, "state.tmp"))
    ok(d.start(), "start with a planted state.tmp link")
    write(d.root("new_policy"), signed("dm2"))
    ok(not os.path.islink(os.path.join(d.state, "state")) and
       not os.path.exists("/nonexistent-victim"), "... saving never follows the link")
    d.stop()


def ipectl(d, *args):
    r = subprocess.run([IPECTL] + list(args[:1]) + ["--root", d.root()] + list(args[1:]),
                       capture_output=True)
    return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")


def test_ipectl_over_tree():
    """ipectl's tree commands against the real tree: what they report is
    what the tree answered."""
    d = Iped("ctl")
    ok(d.start(), "start")
    for n, v in (("c1", "0.0.1"), ("c1", "0.0.2"), ("c2", "0.0.3"), ("c3", "0.0.1")):
        open(path("%s-%s.p7b" % (n, v)), "wb").write(signed(n, v))
    eq(ipectl(d, "deploy", path("c1-0.0.1.p7b"))[0], 0, "ipectl deploy")
    rc, _, err = ipectl(d, "deploy", path("c1-0.0.1.p7b"))
    ok(rc == 1 and err.strip() == "ipectl deploy: %s: EEXIST (File exists)" % d.root("new_policy"),
       "deploy again: exit 1, the tree's EEXIST named", err)
    open(path("untrusted.p7b"), "wb").write(smime(policy_text("cu"), "untrusted"))
    rc, _, err = ipectl(d, "deploy", path("untrusted.p7b"))
    ok(rc == 1 and "ENOKEY" in err, "deploy of an untrusted blob: exit 1, ENOKEY", err)
    eq(ipectl(d, "deploy", "--activate", path("c2-0.0.3.p7b"))[0], 0, "deploy --activate")
    eq(read(d.pol("c2", "active")), b"1", "... c2 is active")
    eq(ipectl(d, "update", "c1", path("c1-0.0.2.p7b"))[0], 0, "ipectl update")
    eq(read(d.pol("c1", "version")), b"0.0.2", "... c1 is at 0.0.2")
    rc, _, err = ipectl(d, "update", "c1", path("c1-0.0.2.p7b"))
    ok(rc == 1 and "ESTALE" in err, "update with the same version: exit 1, ESTALE", err)
    rc, _, err = ipectl(d, "activate", "c1")
    ok(rc == 1 and "EINVAL" in err, "activate a version below the active one: EINVAL", err)
    rc, _, err = ipectl(d, "delete", "c2")
    ok(rc == 1 and "EPERM" in err, "delete the active policy: EPERM", err)
    rc, out, _ = ipectl(d, "list", "--json")
    eq(json.loads(out) if rc == 0 else rc,
       [{"name": "c1", "version": "0.0.2", "active": False},
        {"name": "c2", "version": "0.0.3", "active": True}], "list --json")
    rc, out, _ = ipectl(d, "show", "--json", "c2")
    got = json.loads(out) if rc == 0 else {}
    eq((got.get("digest"), got.get("active"), got.get("size")),
       ("sha256:" + sha256_hex(signed_blob_of(d, "c2")), True, len(signed_blob_of(d, "c2"))),
       "show --json: the audit digest, active, size")
    eq(ipectl(d, "show", "--text", "c2")[1], policy_text("c2", "0.0.3").decode(), "show --text")
    eq(ipectl(d, "enforce", "0")[0], 0, "ipectl enforce 0")
    eq((read(d.root("enforce")), ipectl(d, "enforce")[1].strip()), (b"0", "0"),
       "... the tree and ipectl enforce say 0")
    eq(ipectl(d, "success-audit", "on")[0], 0, "ipectl success-audit on")
    eq(read(d.root("success_audit")), b"1", "... the tree says 1")
    rc, out, _ = ipectl(d, "status", "--json")
    got = json.loads(out) if rc == 0 else {"rc": rc}
    engine = got.pop("engine", None)
    eq(got, {"root": d.root(), "enforce": False, "success_audit": True,
             "active": {"name": "c2", "version": "0.0.3"}, "policies": 2}, "status --json")
    # --backend none pins nothing: only kernel IPE could be named.
    ok(engine and engine["name"] in ("none", "kernel IPE") and engine["kernel"] == os.uname().release,
       "status --json: the engine, on this kernel", "got: %r" % (engine,))
    eq(ipectl(d, "delete", "c1")[0], 0, "ipectl delete")
    ok(not os.path.exists(d.pol("c1")), "... c1 is gone")

    # load-dir: /etc/ipe and /usr/lib/ipe stand-ins.
    etc, lib = path("ld-etc"), path("ld-lib")
    os.makedirs(etc)
    os.makedirs(lib)
    open(os.path.join(lib, "c3.p7b"), "wb").write(signed("c3", "0.0.4"))
    open(os.path.join(etc, "c3.p7b"), "wb").write(signed("c3", "0.0.5"))
    open(os.path.join(lib, "c4.p7b"), "wb").write(signed("c4", "0.0.9"))
    os.symlink("/dev/null", os.path.join(etc, "c4.p7b"))
    open(os.path.join(lib, "c5.p7b"), "wb").write(signed("c5", "0.0.6"))
    rc, out, err = ipectl(d, "load-dir", etc, lib)
    eq(rc, 0, "load-dir: exit 0")
    eq(sorted(os.listdir(d.root("policies"))), ["c2", "c3", "c5"],
       "... /etc wins over /usr/lib, the /dev/null link masks c4")
    eq((read(d.pol("c3", "version")), read(d.pol("c5", "active"))), (b"0.0.5", b"1"),
       "... c3 from /etc; the last file by name (c5) ends up active")
    rc, out, err = ipectl(d, "load-dir", etc, lib)
    eq(rc, 0, "load-dir again: exit 0 (equal versions already loaded are success)")
    ok("already loaded at this version or a newer one (ESTALE), left as it is" in out,
       "... reported as already loaded", out)
    eq(read(d.pol("c5", "active")), b"1", "... and the same policy is active")
    open(os.path.join(etc, "c3.p7b"), "wb").write(signed("c3", "0.0.7"))
    rc, out, err = ipectl(d, "load-dir", etc, lib)
    eq((rc, read(d.pol("c3", "version")), read(d.pol("c3", "active"))), (0, b"0.0.7", b"1"),
       "load-dir with a newer c3 updates and activates it")
    d.stop()


def signed_blob_of(d, name):
    return read(d.pol(name, "pkcs7"))


def test_save_failure():
    """A full disk: the change is live, the log says it is not saved, and the
    next change saves everything once there is room again."""
    d = Iped("full")
    os.makedirs(d.state)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", d.state],
                   check=True)
    ok(d.start(), "start with the state on a 256 KiB tmpfs")
    filler = open(os.path.join(d.state, "filler"), "wb", buffering=0)
    try:
        while True:
            filler.write(bytes(4096))
    except OSError as e:
        eq(errname(e), "ENOSPC", "the tmpfs is full")
    eq(write(d.root("new_policy"), signed("full1")), "ok", "deploying with a full disk succeeds")
    eq(read(d.pol("full1", "version")), b"0.0.1", "... the policy is live")
    ok("state not saved" in d.log_text(), "... and the log says it is not saved")
    ok(b"policy_name=full1" not in open(os.path.join(d.state, "state"), "rb").read() and
       not os.path.exists(os.path.join(d.state, "state.tmp")),
       "... the saved state is the previous one, whole, and no temporary file is left")
    filler.close()
    os.unlink(os.path.join(d.state, "filler"))
    eq(write(d.root("enforce"), b"0"), "ok", "the next change, with room again")
    ok("state saved again" in d.log_text(), "... saves and says so")
    d.stop(signal.SIGKILL)
    ok(d.start(), "restart")
    eq((read(d.pol("full1", "version")), read(d.root("enforce"))), (b"0.0.1", b"0"),
       "... the change made while the disk was full survived")
    d.stop()
    subprocess.run(["umount", d.state], check=True)


def test_cli_and_background():
    r = subprocess.run([IPED, "--help"], capture_output=True, text=True)
    ok(r.returncode == 0 and r.stdout.startswith("Usage: iped"), "iped --help")
    r = subprocess.run([IPED, "--bogus"], capture_output=True, text=True)
    eq(r.returncode, 2, "an unknown option: exit 2")
    r = subprocess.run([IPED, "--config", EMPTY_CONFIG, "--enforce", "maybe"], capture_output=True,
                       text=True)
    ok(r.returncode == 2 and "invalid value 'maybe'" in r.stderr, "a bad --enforce value: exit 2")
    r = subprocess.run([IPED, "--config", path("nosuch.conf")], capture_output=True, text=True)
    ok(r.returncode == 2 and "nosuch.conf" in r.stderr, "a missing --config file: exit 2")
    conf = path("bad.conf")
    open(conf, "w").write("# comment\nmount = /x\nbogus = 1\n")
    r = subprocess.run([IPED, "--config", conf], capture_output=True, text=True)
    ok(r.returncode == 2 and "bad.conf:3: unknown key 'bogus'" in r.stderr,
       "an unknown key in the configuration: exit 2, file and line named")
    r = subprocess.run([IPED, "--config", EMPTY_CONFIG, "--backend", "bpf", "-f", "--state-dir",
                        path("bpfstate"), "--trust-dir", path("trust"), "--mount", path("bpfmnt")],
                       capture_output=True, text=True)
    ok(r.returncode == 1 and "the BPF LSM is not active on this kernel" in r.stderr,
       "--backend bpf (the default) where the BPF LSM is off: exit 1, a clear error", r.stderr)
    r = subprocess.run([IPED, "--config", EMPTY_CONFIG, "--trust-dir", path("nosuch"),
                        "--state-dir", path("bgstate"), "--mount", path("bgmnt")],
                       capture_output=True, text=True)
    ok(r.returncode == 1 and "nosuch" in r.stderr,
       "in the background, a start-up failure is still told on stderr", r.stderr)

    d = Iped("conf")
    conf = path("good.conf")
    open(conf, "w").write("# iped\nbackend = none\nmount = %s\nstate-dir = %s\ntrust-dir = %s\n  # off\n"
                          "enforce = 0\naudit-log = %s\n" % (d.mnt, d.state, d.trust,
                                                           d.audit_log))
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(path("notify.sock"))
    notify.settimeout(20)
    env = dict(os.environ, NOTIFY_SOCKET=path("notify.sock"))
    r = subprocess.run([IPED, "--config", conf], env=env, timeout=30)
    eq(r.returncode, 0, "in the background: iped returns 0 once ready")
    eq(notify.recv(64), b"READY=1", "... after telling the service manager READY=1")
    eq(read(d.root("enforce")), b"0", "... with the configuration file's settings")
    args = d.args()
    args[args.index("--state-dir") + 1] = path("other-state")
    r = subprocess.run(args, capture_output=True, text=True, timeout=20)
    ok(r.returncode == 1 and "mounted there already" in r.stderr,
       "a second iped on a live tree refuses to stack on it", r.stderr)
    subprocess.run(["fusermount3", "-u", d.mnt], check=True)
    lock = open(os.path.join(d.state, "lock"), "w")
    for _ in range(100):
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            released = True
            break
        except BlockingIOError:
            released = False
            time.sleep(0.1)
    lock.close()
    ok(released, "unmounting the tree ends the background iped")
    notify.close()


def state_image(body):
    """A state file as iped writes it: BODY and its checksum line."""
    return body + b"sha256 " + sha256_hex(body).lower().encode() + b"\n"


def refused(d, *extra):
    """Run iped that must not start: (status, stderr)."""
    r = subprocess.run(d.args(*extra), capture_output=True, text=True, timeout=20)
    return r.returncode, r.stderr


def test_lockdown():
    """Lockdown's settings and refusals; the host has no backend that can
    lock down, so every start that asks for it must be refused, before
    anything is written when the configuration asks."""
    r = subprocess.run([IPED, "--help"], capture_output=True, text=True)
    ok("--lockdown[=0|1]" in r.stdout, "--help lists --lockdown[=0|1]")
    d = Iped("lockdown")
    for arg in ("--lockdown", "--lockdown=1", "--lockdown=yes"):
        rc, err = refused(d, arg)
        ok(rc == 1 and "backend 'none' cannot lock anything down" in err,
           "%s with --backend none: exit 1, a clear error" % arg, "status %d" % rc, err)
    ok(not os.path.exists(d.state) and not os.path.ismount(d.mnt),
       "... nothing saved (no state directory), nothing mounted")
    rc, err = refused(d, "--lockdown", "--enforce", "0")
    ok(rc == 1 and "refuses to start permissive (enforce 0 configured)" in err,
       "--lockdown --enforce 0: exit 1, permissive refused", "status %d" % rc, err)
    ok(not os.path.exists(d.state), "... nothing saved")
    rc, err = refused(d, "--lockdown=maybe")
    ok(rc == 2 and "invalid value 'maybe' for lockdown" in err, "--lockdown=maybe: exit 2", err)
    rc, err = refused(d, "--lockdown", "0")
    ok(rc == 2 and "unexpected argument '0'" in err,
       "--lockdown 0 (the value must be joined: --lockdown=0): exit 2", err)
    conf = path("lockdown-maybe.conf")
    open(conf, "w").write("backend = none\nlockdown = maybe\n")
    r = subprocess.run([IPED, "--config", conf], capture_output=True, text=True, timeout=20)
    ok(r.returncode == 2 and "lockdown-maybe.conf:2: invalid value 'maybe' for lockdown" in r.stderr,
       "configuration file 'lockdown = maybe': exit 2, file and line named", r.stderr)
    conf = path("lockdown-on.conf")
    open(conf, "w").write("backend = none\nstate-dir = %s\nmount = %s\ntrust-dir = %s\n"
                          "lockdown = 1\n" % (d.state, d.mnt, d.trust))
    r = subprocess.run([IPED, "-f", "--config", conf], capture_output=True, text=True, timeout=20)
    ok(r.returncode == 1 and "lockdown is on (configured)" in r.stderr and
       not os.path.exists(d.state), "configuration file 'lockdown = 1', backend none: exit 1, "
       "nothing saved", r.stderr)

    ok(d.start("--lockdown=0"), "--lockdown=0 starts")
    lines = open(os.path.join(d.state, "state"), "rb").read().split(b"\n")
    eq(lines[:4], [b"ipe-bpf-state 2", b"enforce 1", b"success_audit 0", b"lockdown 0"],
       "the state file is version 2 with 'lockdown 0'")
    d.stop()

    # A setting saved on: honoured (so refused with this backend) unless overridden.
    st = os.path.join(d.state, "state")
    saved_on = state_image(b"ipe-bpf-state 2\nenforce 1\nsuccess_audit 1\nlockdown 1\n")
    open(st, "wb").write(saved_on)
    rc, err = refused(d)
    ok(rc == 1 and "lockdown is on (saved; --lockdown=0 turns it off) but backend 'none'" in err,
       "a saved 'lockdown 1' with backend none: exit 1, saying how to turn it off", err)
    ok(open(st, "rb").read() == saved_on and not os.path.ismount(d.mnt),
       "... the state file untouched, nothing mounted")
    open(st, "wb").write(state_image(b"ipe-bpf-state 2\nenforce 0\nsuccess_audit 1\nlockdown 1\n"))
    rc, err = refused(d)
    ok(rc == 1 and "enforce 0 saved; --enforce 1 overrides it" in err,
       "a saved 'lockdown 1' with a saved enforce 0: exit 1, permissive refused", err)
    ok(d.start("--lockdown=0"), "--lockdown=0 overrides the saved setting")
    eq((read(d.root("enforce")), read(d.root("success_audit"))), (b"0", b"1"),
       "... the saved modes apply")
    eq(open(st, "rb").read().split(b"\n")[3], b"lockdown 0", "... and 'lockdown 0' is saved")
    d.stop()

    # A state file of an iped that predates lockdown.
    open(st, "wb").write(state_image(b"ipe-bpf-state 1\nenforce 0\nsuccess_audit 1\n"))
    ok(d.start(), "a version 1 state file (no lockdown line) loads")
    eq((read(d.root("enforce")), read(d.root("success_audit"))), (b"0", b"1"),
       "... its modes apply")
    eq(open(st, "rb").read().split(b"\n")[:4],
       [b"ipe-bpf-state 2", b"enforce 0", b"success_audit 1", b"lockdown 0"],
       "... and it is saved again as version 2, lockdown off")
    d.stop()


def main():
    if os.geteuid() != 0 or not os.path.exists("/dev/fuse"):
        print("1..0 # the iped tests mount FUSE: run them as root with /dev/fuse")
        print("Bail out! not root or no /dev/fuse")
        return 1
    d = Iped("main")
    ok(d.start(), "iped starts and prints 'ready'") or sys.exit(1)
    try:
        test_tree_shape(d)
        test_load_and_read(d)
        test_signature_errnos(d)
        test_sizes(d)
        test_oracle_cases(d)
        test_bool_parsing(d)
        test_activate_update_delete(d)
        test_privilege(d)
        test_races(d)
        test_restart(d)
        test_kill_mid_update(d)
    finally:
        if d.proc:
            d.stop()
    open(path("zero.pol"), "wb").write(policy_text("zero", "0.0.0"))
    test_boot_policy()
    test_version_floors()
    test_large_policies()
    test_ipectl_over_tree()
    test_save_failure()
    test_damaged_state()
    test_cli_and_background()
    test_lockdown()
    print("1..%d" % n_tests)
    return 1 if n_failed else 0


sys.exit(main())
