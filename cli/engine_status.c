// SPDX-License-Identifier: GPL-2.0-only
#include "engine_status.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "json.h"
#include "lsm.h"

#define FEATURES (sizeof(ipe_bpf_feature_names) / sizeof(*ipe_bpf_feature_names))

static const char *const counter_names[IPE_CNT_MAX] = {
	[IPE_CNT_EVENTS] = "events",
	[IPE_CNT_DENIED] = "denied",
	[IPE_CNT_AUDITED] = "audited",
	[IPE_CNT_DROPPED] = "dropped",
	[IPE_CNT_UNCLASSIFIED] = "unclassified",
	[IPE_CNT_TABLE_RACES] = "table_races",
	[IPE_CNT_FSV_UNTRACKED] = "fsv_untracked",
};

static void read_lsm(struct engine_status *es)
{
	if (lsm_list_read(es->lsm, sizeof(es->lsm))) {
		es->lsm[0] = 0;
		return;
	}
	es->kernel_ipe = lsm_listed(es->lsm, "ipe");
	es->bpf_lsm = lsm_listed(es->lsm, "bpf");
}

/* Read-only, which is all status needs and all lockdown leaves to others. */
static int open_pinned(const char *path)
{
	LIBBPF_OPTS(bpf_obj_get_opts, opts, .file_flags = BPF_F_RDONLY);

	return bpf_obj_get_opts(path, &opts);
}

/* The info entry and the counters summed over CPUs; -errno on failure. */
static int read_pinned(struct engine_status *es, int info_fd)
{
	int ncpus = libbpf_num_possible_cpus(), fd, err = 0;
	uint64_t *per_cpu;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(info_fd, &zero, &es->info))
		return -errno;
	if (ncpus <= 0)
		return ncpus ? ncpus : -EINVAL;
	fd = open_pinned(IPE_BPF_PIN_DIR "/map_counters");
	if (fd < 0)
		return -errno;
	per_cpu = calloc((size_t)ncpus, sizeof(*per_cpu));
	if (!per_cpu)
		err = -ENOMEM;
	for (__u32 i = 0; i < IPE_CNT_MAX && !err; i++) {
		if (bpf_map_lookup_elem(fd, &i, per_cpu)) {
			err = -errno;
			break;
		}
		for (int c = 0; c < ncpus; c++)
			es->counters[i] += per_cpu[c];
	}
	free(per_cpu);
	close(fd);
	return err;
}

void engine_status_read(struct engine_status *es)
{
	struct utsname u;
	int fd;

	memset(es, 0, sizeof(*es));
	if (!uname(&u))
		snprintf(es->kernel, sizeof(es->kernel), "%s", u.release);
	read_lsm(es);
	/* Only the pin's existence without privilege: opening it takes root. */
	if (access(IPE_BPF_PIN_DIR "/map_info", F_OK) && errno == ENOENT)
		return;
	es->pinned = true;
	fd = open_pinned(IPE_BPF_PIN_DIR "/map_info");
	if (fd < 0) {
		es->pinned_err = -errno;
		return;
	}
	es->pinned_err = read_pinned(es, fd);
	close(fd);
}

static const char *engine_name(const struct engine_status *es)
{
	if (es->pinned)
		return "ipe-bpf";
	return es->kernel_ipe ? "kernel IPE" : "none";
}

static void print_json(const struct engine_status *es, FILE *out)
{
	fprintf(out, "{\"name\": \"%s\", \"kernel\": ", engine_name(es));
	json_cstr(out, es->kernel);
	fprintf(out, ", \"lsm\": ");
	json_cstr(out, es->lsm);
	fprintf(out, ", \"bpf_lsm\": %s, \"kernel_ipe\": %s", es->bpf_lsm ? "true" : "false",
		es->kernel_ipe ? "true" : "false");
	if (es->pinned && es->pinned_err) {
		fprintf(out, ", \"error\": ");
		json_cstr(out, strerror(-es->pinned_err));
	} else if (es->pinned) {
		fprintf(out, ", \"abi\": %u, \"generation\": %u, \"tables\": %s, \"features\": [",
			es->info.abi, es->info.gen, es->info.has_policy ? "true" : "false");
		for (size_t i = 0, n = 0; i < FEATURES; i++)
			if (es->info.features & (1u << i))
				fprintf(out, "%s\"%s\"", n++ ? ", " : "", ipe_bpf_feature_names[i]);
		fprintf(out, "], \"counters\": {");
		for (int i = 0; i < IPE_CNT_MAX; i++)
			fprintf(out, "%s\"%s\": %llu", i ? ", " : "", counter_names[i],
				(unsigned long long)es->counters[i]);
		fputc('}', out);
	}
	fputc('}', out);
}

void engine_status_print(const struct engine_status *es, bool json, FILE *out)
{
	if (json) {
		print_json(es, out);
		return;
	}
	fprintf(out, "engine:        %s", engine_name(es));
	if (es->pinned && es->pinned_err)
		fprintf(out, " (pinned in " IPE_BPF_PIN_DIR "; its maps: %s)",
			strerror(-es->pinned_err));
	else if (es->pinned)
		fprintf(out, " (BPF LSM, ABI %u, tables generation %u%s)", es->info.abi,
			es->info.gen, es->info.has_policy ? "" : ", no policy");
	else if (!es->kernel_ipe)
		fprintf(out, " (no kernel IPE, nothing pinned in " IPE_BPF_PIN_DIR ")");
	fprintf(out, "\nkernel:        %s, lsm=%s\n", es->kernel, es->lsm[0] ? es->lsm : "?");
	if (es->pinned && !es->pinned_err) {
		fprintf(out, "features:     ");
		for (size_t i = 0; i < FEATURES; i++)
			if (es->info.features & (1u << i))
				fprintf(out, " %s", ipe_bpf_feature_names[i]);
		fprintf(out, "%s\ncounters:     ", es->info.features ? "" : " none");
		for (int i = 0; i < IPE_CNT_MAX; i++)
			fprintf(out, " %s=%llu", counter_names[i], (unsigned long long)es->counters[i]);
		fputc('\n', out);
	}
}
