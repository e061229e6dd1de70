/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Rendering pieces of a policy for other parts of the library. */
#ifndef IPE_PRINTER_H
#define IPE_PRINTER_H

#include "libipe.h"
#include "strbuf.h"

/*
 * One property as it is written in a policy, for a message meant for a
 * terminal: the algorithm escaped as ipe_strbuf_escaped() does, the digest
 * in lower-case hex.
 */
void ipe_strbuf_prop(struct ipe_strbuf *sb, const struct ipe_prop *prop);

#endif
