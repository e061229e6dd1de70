// SPDX-License-Identifier: GPL-2.0-only
#include "audit_out.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "log.h"

/* libaudit's numbers; the kernel's uapi header does not name them. */
#define USER_MAC_POLICY_LOAD 2310
#define USER_MAC_CONFIG_CHANGE 2312
#define USER_MAC_STATUS 2313
#define USER_AVC 1107

/* libaudit's MAX_AUDIT_MESSAGE_LENGTH: the largest message auditd takes. */
#define AUDIT_MESSAGE_MAX 8970

/* How long a finding "auditd is (not) running" is trusted. */
#define AUDITD_RECHECK_SECONDS 10

struct audit_out {
	FILE *json;
	int nl;			/* NETLINK_AUDIT socket, or -1 */
	uint32_t seq;
	bool auditd;
	time_t checked;
	bool muted;
	pthread_mutex_t lock;	/* the control tree and the event thread share it */
};

int audit_out_open(const char *json_path, struct audit_out **out)
{
	struct audit_out *a = calloc(1, sizeof(*a));

	*out = NULL;
	if (!a)
		return -ENOMEM;
	pthread_mutex_init(&a->lock, NULL);
	if (json_path) {
		a->json = fopen(json_path, "ae");
		if (!a->json) {
			int err = -errno;

			free(a);
			return err;
		}
	}
	/* No audit support (or no right to it) just means syslog. */
	a->nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (a->nl >= 0) {
		/* A kernel that never answers must not stall the tree. */
		struct timeval timeout = { .tv_sec = 1 };

		setsockopt(a->nl, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	}
	a->checked = -AUDITD_RECHECK_SECONDS;
	*out = a;
	return 0;
}

void audit_out_close(struct audit_out *a)
{
	if (!a)
		return;
	if (a->json)
		fclose(a->json);
	if (a->nl >= 0)
		close(a->nl);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

void audit_out_mute(struct audit_out *a, bool muted)
{
	pthread_mutex_lock(&a->lock);
	a->muted = muted;
	pthread_mutex_unlock(&a->lock);
}

static time_t monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/*
 * One request to the audit subsystem and its answer: an ack (0 or the
 * kernel's -errno) or, for AUDIT_GET, the status.  REPLY may be NULL.
 */
static int nl_request(struct audit_out *a, uint16_t type, const void *payload, size_t len,
		      struct audit_status *reply)
{
	struct {
		struct nlmsghdr h;
		char data[AUDIT_MESSAGE_MAX];
	} msg = { 0 }, in;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct nlmsghdr *h;
	ssize_t n;

	if (len > sizeof(msg.data))
		return -EMSGSIZE;
	msg.h.nlmsg_len = NLMSG_LENGTH(len);
	msg.h.nlmsg_type = type;
	msg.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	msg.h.nlmsg_seq = ++a->seq;
	if (len)
		memcpy(msg.data, payload, len);
	if (sendto(a->nl, &msg, msg.h.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	for (;;) {
		struct sockaddr_nl from;
		socklen_t from_len = sizeof(from);

		n = recvfrom(a->nl, &in, sizeof(in), 0, (struct sockaddr *)&from, &from_len);
		if (n < 0)
			return -errno;
		h = &in.h;
		if (from.nl_pid != 0 || !NLMSG_OK(h, (size_t)n) ||
		    h->nlmsg_seq != msg.h.nlmsg_seq)
			continue;
		if (h->nlmsg_type == NLMSG_ERROR) {
			if (NLMSG_PAYLOAD(h, 0) < sizeof(struct nlmsgerr))
				return -EPROTO;
			const struct nlmsgerr *e = NLMSG_DATA(h);

			if (e->error || !reply)
				return e->error;
			continue;	/* the ack before the status */
		}
		if (h->nlmsg_type == AUDIT_GET && reply) {
			memset(reply, 0, sizeof(*reply));
			memcpy(reply, NLMSG_DATA(h),
			       NLMSG_PAYLOAD(h, 0) < sizeof(*reply) ? NLMSG_PAYLOAD(h, 0)
								     : sizeof(*reply));
			return 0;
		}
	}
}

static bool auditd_running(struct audit_out *a)
{
	struct audit_status status;
	time_t now = monotonic_seconds();

	if (a->nl < 0)
		return false;
	if (now - a->checked < AUDITD_RECHECK_SECONDS)
		return a->auditd;
	a->checked = now;
	/* Disabled auditing acks user messages and drops them: syslog then. */
	a->auditd = !nl_request(a, AUDIT_GET, NULL, 0, &status) && status.pid && status.enabled;
	return a->auditd;
}

static uint16_t user_type(uint16_t kernel_type)
{
	switch (kernel_type) {
	case IPE_AUDIT_POLICY_LOAD:
		return USER_MAC_POLICY_LOAD;
	case IPE_AUDIT_CONFIG_CHANGE:
		return USER_MAC_CONFIG_CHANGE;
	case IPE_AUDIT_ACCESS:
		return USER_AVC;
	default:
		return USER_MAC_STATUS;
	}
}

static void write_json(struct audit_out *a, uint16_t type, const char *text)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(a->json, "{\"time\": %lld.%03ld, \"type\": %u, \"text\": ", (long long)ts.tv_sec,
		ts.tv_nsec / 1000000, type);
	json_cstr(a->json, text);
	fputs("}\n", a->json);
	if (fflush(a->json))
		log_msg(LOG_ERR, "audit log: %s", strerror(errno));
}

void audit_out_text(struct audit_out *a, uint16_t type, const char *text)
{
	pthread_mutex_lock(&a->lock);
	if (!a->muted) {
		if (!auditd_running(a) ||
		    nl_request(a, user_type(type), text, strlen(text) + 1, NULL))
			log_msg(LOG_NOTICE, "audit type=%u %s", type, text);
		if (a->json)
			write_json(a, type, text);
	}
	pthread_mutex_unlock(&a->lock);
}

void audit_out_record(void *ctx, const struct ipe_audit_record *rec)
{
	char *text = ipe_audit_record_text(rec);

	if (!text) {
		log_msg(LOG_ERR, "audit record %u lost: out of memory", rec->type);
		return;
	}
	audit_out_text(ctx, rec->type, text);
	free(text);
}
