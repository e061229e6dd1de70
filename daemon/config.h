/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iped's settings: built-in defaults, then /etc/ipe-bpf/iped.conf (or
 * --config FILE), then the command line; the later source wins key by key.
 */
#ifndef IPED_CONFIG_H
#define IPED_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include <libipe-sig.h>

#define IPED_DEFAULT_CONFIG "/etc/ipe-bpf/iped.conf"
#define IPED_DEFAULT_MOUNT "/run/ipe-bpf/security"
#define IPED_DEFAULT_STATE_DIR "/run/ipe-bpf/state"
#define IPED_DEFAULT_TRUST_DIR "/etc/ipe-bpf/trust"
/*
 * The boot policy when none is configured, if the file exists: where the
 * initramfs leaves the one it enforces, so that a real-root iped with no
 * saved state of its own (a persistent state directory's first boot)
 * carries on with it instead of dropping it.
 */
#define IPED_DEFAULT_BOOT_POLICY "/run/ipe-bpf/boot.pol"
/* --max-policy-size: the kernel's IPE_PKCS7_KERNEL_MAX up to this. */
#define IPED_MAX_POLICY_SIZE (256u << 20)

/* A setting given explicitly overrides the saved one; unset keeps it. */
enum tristate { UNSET = -1, OFF = 0, ON = 1 };

struct config {
	bool foreground;
	char *mount;
	char *state_dir;
	char *trust_dir;
	char *boot_policy;	/* NULL: none */
	char *backend;		/* "bpf" or "none" */
	char *audit_log;	/* NULL: no JSON log */
	enum tristate enforce, success_audit, lockdown;
	bool version_floors;
	size_t max_policy_bytes;	/* signed policies; over the kernel's: extension */
	char *config_file;	/* the configuration file read (absolute), NULL: none */
};

/*
 * Fill CFG from ARGV and the configuration file; paths come out absolute.
 * Returns 0 to run, 1 when
 * --help or --version was answered, or -1 after printing the error (a
 * missing default configuration file is not one; a missing --config is).
 */
int config_load(struct config *cfg, int argc, char **argv);
void config_free(struct config *cfg);

#endif
