/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The live table of a device-mapper disk, read through the dm control
 * device, as far as IPE cares: is it one verity target, with which root hash
 * and algorithm, and was its root hash signature verified.
 */
#ifndef IPECTL_DM_LIVE_H
#define IPECTL_DM_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dm_verity_params.h"

/*
 * For block device DEV: its dm name in NAME and its verity target in *VT.
 * Returns 0; -ENODEV when DEV is not a dm disk; -ENOENT when its live table
 * is not exactly one verity target (none loaded, linear, crypt, several);
 * -EBADMSG when the verity parameters are not understood; another negative
 * errno when the table cannot be read (-EACCES: the control device needs
 * CAP_SYS_ADMIN).
 */
int dm_live_verity(dev_t dev, char *name, size_t name_size, struct dm_verity_target *vt);

#endif
