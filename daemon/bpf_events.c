// SPDX-License-Identifier: GPL-2.0-only
#include "bpf_events.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libipe-store.h>

#include "ipe-bpf.h"
#include "log.h"

/* Generations whose events may still be in the ring buffer. */
#define GENERATIONS 4

struct generation {
	uint32_t gen;
	uint32_t nrules;
	char **rules;		/* audit text of rule N */
};

static struct {
	pthread_mutex_t lock;	/* the generations */
	struct generation gens[GENERATIONS];
	unsigned next;
	struct ring_buffer *rb;
	struct audit_out *audit;
	int counters_fd;
	uint64_t dropped_reported;
	pthread_t thread;
	bool running;
	volatile bool stop;
} ev = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void generation_clear(struct generation *g)
{
	uint32_t i;

	for (i = 0; i < g->nrules; i++)
		free(g->rules[i]);
	free(g->rules);
	memset(g, 0, sizeof(*g));
}

int bpf_events_register(uint32_t gen, const struct ipe_policy *policy)
{
	struct generation g = { .gen = gen };
	const struct ipe_rule *r;

	g.rules = calloc(policy->nrules ? policy->nrules : 1, sizeof(*g.rules));
	if (!g.rules)
		return -ENOMEM;
	for (r = policy->rules; r; r = r->next) {
		g.rules[g.nrules] = ipe_rule_audit_text(r);
		if (!g.rules[g.nrules++]) {
			generation_clear(&g);
			return -ENOMEM;
		}
	}
	pthread_mutex_lock(&ev.lock);
	generation_clear(&ev.gens[ev.next]);
	ev.gens[ev.next] = g;
	ev.next = (ev.next + 1) % GENERATIONS;
	pthread_mutex_unlock(&ev.lock);
	return 0;
}

/* The rule text of an event, malloc'd; NULL on ENOMEM. */
static char *rule_text(const struct ipe_bpf_event *e)
{
	struct ipe_decision d = { .action = e->action, .match = e->match, .op = e->op };
	char *text = NULL;
	unsigned i;

	switch (e->match) {
	case IPE_MATCH_OP_DEFAULT:
	case IPE_MATCH_GLOBAL:
		return ipe_decision_rule_text(&d);
	case IPE_BPF_MATCH_UNCLASSIFIED:
		/* No rule decided: the kernel side could not read what the
		 * policy asks about, and denied. */
		return strdup(IPE_BPF_UNREADABLE_RULE);
	}
	pthread_mutex_lock(&ev.lock);
	for (i = 0; i < GENERATIONS; i++) {
		const struct generation *g = &ev.gens[i];

		if (g->rules && g->gen == e->gen && e->pos < g->nrules) {
			text = strdup(g->rules[e->pos]);
			break;
		}
	}
	pthread_mutex_unlock(&ev.lock);
	if (i == GENERATIONS) {
		log_msg(LOG_ERR, "audit event of unknown table generation %u", e->gen);
		return strdup("?");
	}
	return text;
}

static int on_event(void *ctx, void *data, size_t size)
{
	const struct ipe_bpf_event *e = data;
	struct ipe_access_record a;
	char *rule, *text;
	char comm[16], dev[33];

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	memcpy(comm, e->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = 0;
	memcpy(dev, e->dev, sizeof(e->dev));
	dev[sizeof(dev) - 1] = 0;
	rule = rule_text(e);
	if (!rule) {
		log_msg(LOG_ERR, "audit event lost: out of memory");
		return 0;
	}
	a = (struct ipe_access_record){
		.op = e->op,
		.hook = e->hook,
		.enforcing = e->enforcing,
		.pid = e->tgid,
		.comm = comm,
		.has_file = e->has_file,
		.path = e->path_len >= 0 && (size_t)e->path_len < sizeof(e->path) ? e->path : NULL,
		.path_too_long = e->path_len == -ENAMETOOLONG,
		.dev = dev,
		.ino = e->ino,
		.rule = rule,
	};
	text = ipe_access_record_text(&a);
	free(rule);
	if (!text) {
		log_msg(LOG_ERR, "audit event lost: out of memory");
		return 0;
	}
	audit_out_text(ev.audit, IPE_AUDIT_ACCESS, text);
	free(text);
	return 0;
}

static uint64_t counter_sum(int fd, uint32_t which)
{
	int ncpus = libbpf_num_possible_cpus();
	uint64_t *values, sum = 0;
	int i;

	if (ncpus <= 0 || !(values = calloc((size_t)ncpus, sizeof(*values))))
		return 0;
	if (!bpf_map_lookup_elem(fd, &which, values))
		for (i = 0; i < ncpus; i++)
			sum += values[i];
	free(values);
	return sum;
}

static void *consume(void *arg)
{
	(void)arg;
	while (!ev.stop) {
		uint64_t dropped;
		int n = ring_buffer__poll(ev.rb, 500);

		if (n < 0 && n != -EINTR) {
			log_msg(LOG_ERR, "reading audit events: %s", strerror(-n));
			sleep(1);
		}
		dropped = counter_sum(ev.counters_fd, IPE_CNT_DROPPED);
		if (dropped > ev.dropped_reported) {
			log_msg(LOG_WARNING, "%llu audit event(s) dropped: the ring buffer was full "
				"(decisions were not affected)",
				(unsigned long long)(dropped - ev.dropped_reported));
			ev.dropped_reported = dropped;
		}
	}
	return NULL;
}

int bpf_events_start(int events_fd, int counters_fd, struct audit_out *audit)
{
	int err;

	ev.audit = audit;
	ev.counters_fd = counters_fd;
	ev.dropped_reported = counter_sum(counters_fd, IPE_CNT_DROPPED);
	ev.rb = ring_buffer__new(events_fd, on_event, NULL, NULL);
	if (!ev.rb)
		return -errno;
	ev.stop = false;
	err = pthread_create(&ev.thread, NULL, consume, NULL);
	if (err) {
		ring_buffer__free(ev.rb);
		ev.rb = NULL;
		return -err;
	}
	ev.running = true;
	return 0;
}

void bpf_events_stop(void)
{
	unsigned i;

	if (ev.running) {
		ev.stop = true;
		pthread_join(ev.thread, NULL);
		ev.running = false;
		/* What is still queued is read before leaving. */
		ring_buffer__consume(ev.rb);
	}
	ring_buffer__free(ev.rb);
	ev.rb = NULL;
	for (i = 0; i < GENERATIONS; i++)
		generation_clear(&ev.gens[i]);
}
