/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Signature and digest algorithms by OID, as the kernel's PKCS#7 and X.509
 * parsers name them, and signature checking with the errno of the kernel's
 * public_key_verify_signature() (crypto/rsa-pkcs1pad.c, crypto/ecdsa.c).
 */
#ifndef IPE_SIGALG_H
#define IPE_SIGALG_H

#include "asn1.h"
#include "x509.h"

/* A certificate's signatureAlgorithm: sets SIG's hash and pkey, or -ENOPKG. */
int ipe_sigalg_from_oid(const struct asn1_elem *oid, struct ipe_sig *sig);

/* A SignerInfo's digestAlgorithm: the hash, or -ENOPKG. */
int ipe_hash_from_oid(const struct asn1_elem *oid, enum ipe_hash *out);

/* A SignerInfo's digestEncryptionAlgorithm: the key type, or -ENOPKG. */
int ipe_pkey_from_oid(const struct asn1_elem *oid, enum ipe_pkey *out);

#endif
