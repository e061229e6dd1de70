#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Signed-policy blobs for the pkcs7-oracle scenario.

Usage: make-pkcs7-cases.py KEYS IPECTL OUT

KEYS holds the fixtures' trusted/untrusted keys and certificates (the test
kernels trust "trusted" only).  Every blob goes to OUT/NNN.p7b and one line
"NNN EXPECTED description" to OUT/index, where EXPECTED is what
`ipectl policy verify` says kernel IPE answers (ok or an errno name).  The
scenario then writes each blob to the real kernel's new_policy: the two must
agree, so every line here is a differential test of libipe's PKCS#7 path.
"""
import datetime
import os
import re
import subprocess
import sys
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

keys, ipectl, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
work = tempfile.mkdtemp(prefix="pkcs7-cases.")
trust = os.path.join(work, "trust")
os.mkdir(trust)
with open(os.path.join(keys, "trusted.pem"), "rb") as f:
    ca_pem = f.read()
open(os.path.join(trust, "trusted.pem"), "wb").write(ca_pem)
ca_cert = x509.load_pem_x509_certificate(ca_pem)
with open(os.path.join(keys, "trusted.key"), "rb") as f:
    ca_key = serialization.load_pem_private_key(f.read(), None)


def path(name):
    return os.path.join(work, name)


def leaf(name, key, not_before, not_after):
    """A certificate for KEY issued by the trusted one, with its AKID."""
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), False)
            .sign(ca_key, hashes.SHA256()))
    open(path(name + ".pem"), "wb").write(cert.public_bytes(serialization.Encoding.PEM))
    open(path(name + ".key"), "wb").write(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return path(name + ".pem"), path(name + ".key")


now = datetime.datetime.now(datetime.timezone.utc)
day = datetime.timedelta(days=1)
signers = {
    "trusted": (os.path.join(keys, "trusted.pem"), os.path.join(keys, "trusted.key")),
    "untrusted": (os.path.join(keys, "untrusted.pem"), os.path.join(keys, "untrusted.key")),
    "expired": leaf("expired", rsa.generate_private_key(65537, 2048),
                    now - 400 * day, now - 30 * day),
    "future": leaf("future", rsa.generate_private_key(65537, 2048),
                   now + 30 * day, now + 400 * day),
    "rsa3072": leaf("rsa3072", rsa.generate_private_key(65537, 3072), now - day, now + 90 * day),
    "rsa2040": leaf("rsa2040", rsa.generate_private_key(65537, 2040), now - day, now + 90 * day),
    "p256": leaf("p256", ec.generate_private_key(ec.SECP256R1()), now - day, now + 90 * day),
    "p384": leaf("p384", ec.generate_private_key(ec.SECP384R1()), now - day, now + 90 * day),
}

cases = []


def text(n, rules=0):
    body = "policy_name=pk-%03d policy_version=0.0.1\nDEFAULT action=ALLOW\n" % n
    for i in range(rules):
        body += "op=EXECUTE fsverity_digest=sha256:%064x action=ALLOW\n" % i
    return body.encode()


def smime(data, signer="trusted", flags=("-binary", "-noattr", "-nodetach", "-nosmimecap"),
          md=None, outform="der"):
    cert, key = signers[signer]
    src = path("in")
    open(src, "wb").write(data)
    cmd = ["openssl", "smime", "-sign", "-in", src, "-signer", cert, "-inkey", key,
           "-outform", outform, "-out", path("out")] + list(flags)
    if md:
        cmd += ["-md", md]
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    return open(path("out"), "rb").read()


def case(desc, make):
    n = len(cases)
    cases.append((n, desc, make(n)))


std = ("-binary", "-noattr", "-nodetach", "-nosmimecap")
case("the documented form, trusted signer", lambda n: smime(text(n)))
case("the documented form, untrusted signer", lambda n: smime(text(n), "untrusted"))
for md in ("sha1", "sha384", "sha512", "sha224"):
    case("digest " + md, lambda n, md=md: smime(text(n), md=md))
case("signed attributes without S/MIME capabilities",
     lambda n: smime(text(n), flags=("-binary", "-nodetach", "-nosmimecap")))
case("openssl's default: attributes, capabilities, text mode",
     lambda n: smime(text(n), flags=("-nodetach",)))
case("detached signature", lambda n: smime(text(n), flags=("-binary", "-noattr")))
case("PEM armour", lambda n: smime(text(n), outform="pem"))
case("no certificates, trusted signer", lambda n: smime(text(n), flags=std + ("-nocerts",)))
case("no certificates, untrusted signer",
     lambda n: smime(text(n), "untrusted", flags=std + ("-nocerts",)))
case("no certificates, attributes",
     lambda n: smime(text(n), flags=("-binary", "-nodetach", "-nosmimecap", "-nocerts")))
for s in ("expired", "future", "rsa3072", "rsa2040", "p256", "p384"):
    case("leaf %s issued by the trusted cert" % s, lambda n, s=s: smime(text(n), s))
for s in ("expired", "future"):
    case("leaf %s with a signing time" % s,
         lambda n, s=s: smime(text(n), s, flags=("-binary", "-nodetach", "-nosmimecap")))
case("trusted and untrusted signers",
     lambda n: smime(text(n), flags=std + ("-signer", signers["untrusted"][0],
                                           "-inkey", signers["untrusted"][1])))
case("the plain policy text", lambda n: text(n))
case("empty", lambda n: b"")
case("trailing bytes after the message", lambda n: smime(text(n)) + b"trailing")
case("560 digest rules (under 64 KiB)", lambda n: smime(text(n, 560)))
case("600 digest rules (over 64 KiB)", lambda n: smime(text(n, 600)))


def mutate(n, how):
    b = bytearray(smime(text(n)))
    how(b)
    return bytes(b)


# The RSA signature value is the last 256 bytes of the documented form.
for off in (1, 2, 64, 200, 255, 256):
    case("signature byte -%d flipped" % off,
         lambda n, off=off: mutate(n, lambda b: b.__setitem__(len(b) - off, b[len(b) - off] ^ 0x5a)))
case("signature value zeroed", lambda n: mutate(n, lambda b: b.__setitem__(
    slice(len(b) - 256, len(b)), bytes(256))))
case("signature value all ones", lambda n: mutate(n, lambda b: b.__setitem__(
    slice(len(b) - 256, len(b)), b"\xff" * 256)))


def forged(em_of):
    """The documented form with its signature replaced by the trusted key's
    raw RSA operation on a crafted encoded message: one branch each of the
    PKCS#1 v1.5 checks."""
    def make(n):
        data = text(n)
        b = bytearray(smime(data))
        priv = ca_key.private_numbers()
        k = (ca_key.key_size + 7) // 8
        digest = hashes.Hash(hashes.SHA256())
        digest.update(data)
        em = em_of(k, digest.finalize())
        sig = pow(int.from_bytes(em, "big"), priv.d, priv.public_numbers.n)
        b[len(b) - k:] = sig.to_bytes(k, "big")
        return bytes(b)
    return make


SHA256_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def pkcs1(k, body, block=1, fill=0xff):
    return bytes([0, block]) + bytes([fill]) * (k - 3 - len(body)) + b"\0" + body


case("forged: a correct encoding (the forgery works)",
     forged(lambda k, d: pkcs1(k, SHA256_INFO + d)))
case("forged: leading byte not 00", forged(lambda k, d: b"\x01" + pkcs1(k, SHA256_INFO + d)[1:]))
case("forged: block type 02", forged(lambda k, d: pkcs1(k, SHA256_INFO + d, block=2)))
case("forged: padding not ff", forged(lambda k, d: pkcs1(k, SHA256_INFO + d, fill=0xfe)))
case("forged: seven bytes of padding",
     forged(lambda k, d: b"\0\x01" + b"\xff" * 7 + b"\0" + bytes(k - 10)))
case("forged: DigestInfo for sha1", forged(lambda k, d: pkcs1(
    k, bytes.fromhex("3021300906052b0e03021a05000414") + d[:20])))
case("forged: right DigestInfo, wrong digest",
     forged(lambda k, d: pkcs1(k, SHA256_INFO + bytes(32))))
case("forged: digest one byte short", forged(lambda k, d: pkcs1(k, SHA256_INFO + d[:31])))


def flip_text(b):
    i = bytes(b).find(b"DEFAULT")
    b[i] ^= 0x20


case("one byte of the signed text changed", lambda n: mutate(n, flip_text))
for cut in (1, 10, 300):
    case("truncated by %d bytes" % cut, lambda n, cut=cut: smime(text(n))[:-cut])
case("outer length claims more than there is",
     lambda n: mutate(n, lambda b: b.__setitem__(3, b[3] + 1)))

with open(os.path.join(out, "index"), "w") as index:
    for n, desc, blob in cases:
        f = os.path.join(out, "%03d.p7b" % n)
        open(f, "wb").write(blob)
        r = subprocess.run([ipectl, "policy", "verify", "--trust", trust, f],
                           capture_output=True, text=True)
        if r.returncode == 0:
            want = "ok"
        else:
            m = re.search(r"\((E[A-Z]+)\)\s*$", r.stderr)
            if r.returncode != 1 or not m:
                sys.exit("make-pkcs7-cases: %s: unexpected ipectl answer %d: %s"
                         % (desc, r.returncode, r.stderr))
            want = m.group(1)
        index.write("%03d %s %s\n" % (n, want, desc))
