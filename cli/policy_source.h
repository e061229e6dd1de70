/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A policy given to a command that only reads it (test, diff): policy text,
 * or a signed policy as deploy takes it.
 *
 * Contract:
 *  - The kind is told by content, not by name: a file whose first byte is
 *    0x30 (a DER SEQUENCE) is a PKCS#7 blob.  No valid policy text starts
 *    with that byte (its first line is the header, "policy_name=..."), so
 *    nothing valid is ever taken for the other kind.
 *  - The signature is NOT checked (ipe_pkcs7_content): what is read is what
 *    the blob would load if the kernel trusted its signer.
 *  - Diagnostics are the ones 'policy check' and 'policy verify' print.
 */
#ifndef IPECTL_POLICY_SOURCE_H
#define IPECTL_POLICY_SOURCE_H

#include <stdbool.h>

#include <libipe.h>

/*
 * Read and parse PATH ('-' = standard input).  Returns EXIT_OK with *OUT set
 * (and *SIGNED telling which kind it was, when SIGNED is not NULL),
 * EXIT_INVALID after printing why the file holds no valid policy, or
 * EXIT_USAGE when it cannot be read or memory runs out.
 */
int policy_source_load(const char *path, struct ipe_policy **out, bool *is_signed);

#endif
