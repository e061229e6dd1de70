// SPDX-License-Identifier: LGPL-2.1-or-later
/* The trust store: certificates standing for the kernel's trusted keyrings. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/x509.h>

#include "libipe-sig.h"
#include "pkcs7.h"
#include "sslutil.h"

struct ipe_trust {
	struct ipe_cert *certs;
	uint8_t **der;			/* each certificate's own copy */
	size_t n;
};

int ipe_trust_new(struct ipe_trust **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

void ipe_trust_free(struct ipe_trust *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->der[i]);
	free(t->der);
	free(t->certs);
	free(t);
}

size_t ipe_trust_count(const struct ipe_trust *t)
{
	return t->n;
}

const struct ipe_cert *ipe_trust_certs(const struct ipe_trust *t, size_t *n)
{
	*n = t->n;
	return t->certs;
}

static int digest_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 32);
}

int ipe_trust_digest(const struct ipe_trust *t, uint8_t out[32])
{
	uint8_t (*d)[32] = malloc((t->n ? t->n : 1) * sizeof(*d));
	size_t i, n = 0;

	if (!d)
		return -ENOMEM;
	for (i = 0; i < t->n; i++)
		ipe_sha256(t->certs[i].x.raw.p, t->certs[i].x.raw.len, d[i]);
	qsort(d, t->n, sizeof(*d), digest_cmp);
	/* The set: a copy of a certificate trusts nothing more. */
	for (i = 0; i < t->n; i++)
		if (!n || memcmp(d[n - 1], d[i], sizeof(d[i])))
			memmove(d[n++], d[i], sizeof(d[i]));
	ipe_sha256(d, n * sizeof(*d), out);
	free(d);
	return 0;
}

int ipe_trust_add(struct ipe_trust *t, const void *buf, size_t len)
{
	X509 *x = ipe_ssl_load_cert(buf, len);
	unsigned char *der = NULL;
	struct ipe_cert *certs;
	uint8_t **ders, *copy;
	int n, err;

	if (!x)
		return -EBADMSG;
	n = i2d_X509(x, &der);
	X509_free(x);
	if (n <= 0)
		return -EBADMSG;
	copy = malloc((size_t)n);
	if (copy)
		memcpy(copy, der, (size_t)n);
	OPENSSL_free(der);
	if (!copy)
		return -ENOMEM;
	certs = realloc(t->certs, (t->n + 1) * sizeof(*certs));
	if (certs)
		t->certs = certs;
	ders = realloc(t->der, (t->n + 1) * sizeof(*ders));
	if (ders)
		t->der = ders;
	if (!certs || !ders) {
		free(copy);
		return -ENOMEM;
	}
	/* A key the kernel could not load into a keyring is no trust at all. */
	err = ipe_x509_parse(copy, (size_t)n, &t->certs[t->n].x);
	if (err) {
		free(copy);
		return err == -ENOMEM ? err : -EBADMSG;
	}
	t->certs[t->n].id = (struct ipe_kid){ t->certs[t->n].x.serial, t->certs[t->n].x.issuer };
	t->certs[t->n].signer = -1;
	t->der[t->n++] = copy;
	return 0;
}

static int read_small_file(int dirfd, const char *name, uint8_t **out, size_t *len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t r;
	size_t got = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || st.st_size > 1 << 20) {
		close(fd);
		return -EFBIG;
	}
	*out = malloc((size_t)st.st_size + 1);
	if (!*out) {
		close(fd);
		return -ENOMEM;
	}
	while (got < (size_t)st.st_size && (r = read(fd, *out + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)r;
	close(fd);
	*len = got;
	return 0;
}

int ipe_trust_add_dir(struct ipe_trust *t, const char *dir, struct ipe_diag *diag)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	uint8_t *buf = NULL;
	size_t len = 0;
	int err = 0;

	if (!d)
		return ipe_ssl_fail(diag, -errno, "cannot open the trust directory");
	while (!err && (de = readdir(d))) {
		struct stat st;

		if (de->d_name[0] == '.' || fstatat(dirfd(d), de->d_name, &st, 0) ||
		    !S_ISREG(st.st_mode))
			continue;
		err = read_small_file(dirfd(d), de->d_name, &buf, &len);
		if (!err) {
			err = ipe_trust_add(t, buf, len);
			free(buf);
		}
		if (err)	/* the file name matters most; a long directory is cut first */
			ipe_diag_printf(diag, err, "%.100s/%.100s: %.50s", dir, de->d_name,
					err == -EBADMSG ? "not an X.509 certificate the kernel accepts" :
					strerror(-err));
	}
	closedir(d);
	return err;
}
