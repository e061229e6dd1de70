#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The Debian packages of 'make deb' and what 'make install' puts in place.
# Checked with dpkg-deb only (nothing is installed on this machine): the
# paths, modes and fields of ipe-bpf and libipe-dev, the conffiles, that the
# maintainer scripts enable both units and never start, stop or restart one,
# the units' program paths, the initramfs trigger when the initramfs-tools
# files are there, the man pages of man/, the headers of include/, that the
# packaged ipectl and iped run and that a program builds against libipe.pc;
# that lintian finds no error; that 'make install' (a PREFIX change
# reconfiguring its build directory, a relative DESTDIR) installs the same
# files as the packages, nothing outside DESTDIR, and that a relative or
# empty PREFIX is refused before anything is configured; and that make deb
# outside a git checkout is refused.
#
# Usage: test_deb.sh SOURCE_ROOT [DEB_DIR]
#   DEB_DIR holds the packages 'make deb' built; without it they are built
#   into a temporary directory (a few minutes).
set -u
. "$(dirname "$0")/../lib/usage.sh"
usage_check "$0" 1 2 "$@"
src=$(cd "$1" && pwd) debs=${2:-}
. "$(dirname "$0")/../cli/tap.sh"

version=$(sed -n "s/^ *version : '\([^']*\)',\$/\1/p" "$src/meson.build")
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

is "$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)" "$version" \
	"debian/changelog's version is meson.build's ($version)"

# log_tail FILE: the end of a failed command's log, as TAP comments.
log_tail() { tail -n 40 "$1" | sed 's/^/#   /'; }

if [ -z "$debs" ]; then
	debs=$tap_tmp/debs
	make -C "$src" deb DEB_BUILD="$debs" > "$tap_tmp/deb.log" 2>&1
	rc=$?
	is "$rc" 0 "make deb: exit 0"
	[ "$rc" = 0 ] || log_tail "$tap_tmp/deb.log"
fi
deb=$debs/ipe-bpf_${version}_$arch.deb
dev=$debs/libipe-dev_${version}_$arch.deb
changes=$debs/ipe-bpf_${version}_$arch.changes
dsc=$debs/ipe-bpf_$version.dsc
for f in "$deb" "$dev" "$changes" "$dsc"; do
	[ -f "$f" ] || { echo "Bail out! $f: not built"; exit 1; }
done

# paths DEB: the package's files and links (no directories), absolute.
paths() { dpkg-deb -c "$1" | awk '$1 !~ /^d/ { p = $6; sub(/^\./, "", p); print p }'; }
# mode DEB PATH: permissions and owner of PATH in DEB ("-rwxr-xr-x root/root").
mode() { dpkg-deb -c "$1" | awk -v p=".$2" '$6 == p { print $1, $2 }'; }
# file_of DEB PATH: the bytes of PATH in DEB.
file_of() { dpkg-deb --fsys-tarfile "$1" | tar -xOf - ".$2"; }
# control DEB NAME: a control member of DEB (empty if it has none).
control() { dpkg-deb -I "$1" "$2" 2>/dev/null; }
has() {	# LIST PATH DESCRIPTION
	printf '%s\n' "$1" | grep -Fqx -- "$2"
	tap_result $? "$3" "missing: $2"
}

# The source package is the tree git knows: debian/ and the sources.
srcfiles=$(tar -tf "$debs/ipe-bpf_$version.tar.xz" 2>/dev/null | sed 's|^[^/]*/||')
for f in debian/control debian/rules meson.build daemon/iped.c dist/iped.service.in; do
	has "$srcfiles" "$f" "the source package has $f"
done
has "$(sed -n 's/^ [0-9a-f]* [0-9]* \(.*\)$/\1/p' "$changes")" "ipe-bpf_$version.dsc" \
	"the .changes (what lintian checks) lists the source package"

# --- ipe-bpf -----------------------------------------------------------------

files=$(paths "$deb")
is "$(dpkg-deb -f "$deb" Package)" ipe-bpf "ipe-bpf: Package"
is "$(dpkg-deb -f "$deb" Version)" "$version" "ipe-bpf: Version"
is "$(dpkg-deb -f "$deb" Architecture)" "$arch" "ipe-bpf: Architecture"
is "$(dpkg-deb -f "$deb" Section)" admin "ipe-bpf: Section"
is "$(dpkg-deb -f "$deb" Recommends)" initramfs-tools "ipe-bpf: Recommends"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libbpf1 libfuse3-3 libssl3 zlib1g; do
	like "$depends" "(^|, )$lib( |,|\$)" "ipe-bpf: Depends names $lib (shlibs)"
done

for prog in /usr/sbin/iped /usr/bin/ipectl; do
	is "$(mode "$deb" $prog)" "-rwxr-xr-x root/root" "ipe-bpf: $prog, 0755 root"
done
for unit in iped.service ipe-bpf-load-policies.service; do
	has "$files" /lib/systemd/system/$unit "ipe-bpf: /lib/systemd/system/$unit"
done
has "$files" /etc/ipe-bpf/iped.conf "ipe-bpf: /etc/ipe-bpf/iped.conf"
has "$files" /usr/share/doc/ipe-bpf/copyright "ipe-bpf: its copyright file"
for page in "$src"/man/*.[1-8]; do
	name=${page##*/}
	has "$files" "/usr/share/man/man${name##*.}/$name.gz" "ipe-bpf: man/$name, compressed"
done

has "$(control "$deb" conffiles)" /etc/ipe-bpf/iped.conf "ipe-bpf: iped.conf is a conffile"
is "$(control "$deb" conffiles | sort)" "$(printf '%s\n' "$files" | grep '^/etc/' | sort)" \
	"ipe-bpf: every file in /etc is a conffile, and only those"

like "$(file_of "$deb" /lib/systemd/system/iped.service)" "^ExecStart=/usr/sbin/iped( |\$)" \
	"iped.service runs /usr/sbin/iped"
like "$(file_of "$deb" /lib/systemd/system/ipe-bpf-load-policies.service)" \
	"^ExecStart=/usr/bin/ipectl load-dir " "ipe-bpf-load-policies.service runs /usr/bin/ipectl load-dir"

postinst=$(control "$deb" postinst)
for unit in iped.service ipe-bpf-load-policies.service; do
	like "$postinst" "deb-systemd-helper enable '$unit'" "postinst enables $unit"
done
scripts=$(for s in preinst postinst prerm postrm; do control "$deb" $s; done)
like "$scripts" "systemctl --system daemon-reload" "the scripts come from dh_installsystemd"
like "$postinst" "^	systemctl --system daemon-reload" \
	"postinst has systemd read the changed units on an upgrade (nothing starts them)"
is "$(printf '%s\n' "$scripts" | grep -E 'deb-systemd-invoke|invoke-rc\.d|systemctl.* (start|stop|restart)')" "" \
	"no maintainer script starts, stops or restarts a unit"

# The initramfs-tools hook and scripts: runnable, and update-initramfs
# triggered.
for f in hooks/ipe-bpf scripts/init-top/ipe-bpf scripts/init-bottom/ipe-bpf; do
	like "$(mode "$deb" "/usr/share/initramfs-tools/$f")" '^-rwx' \
		"ipe-bpf: /usr/share/initramfs-tools/$f is there and executable"
done
like "$(control "$deb" triggers)" '^activate-noawait update-initramfs$' \
	"ipe-bpf: the initramfs-tools files trigger update-initramfs"
for pol in "$src"/examples/*.pol; do
	has "$files" "/usr/share/doc/ipe-bpf/examples/${pol##*/}" "ipe-bpf: the example policy ${pol##*/}"
done
# Bash completions: one per program shipped.
for prog in ipectl iped; do
	printf '%s\n' "$files" | grep -qx "/usr/share/bash-completion/completions/$prog"
	tap_result $? "ipe-bpf: the bash completion of $prog"
done
like "$(mode "$deb" /etc/ipe-bpf/trust/)" '^drwxr-xr-x root/root' \
	"ipe-bpf: the trust directory /etc/ipe-bpf/trust, 0755 root"

root=$tap_tmp/root
dpkg-deb -x "$deb" "$root" && dpkg-deb -x "$dev" "$root"
is "$("$root/usr/bin/ipectl" --version)" "ipectl $version" "the packaged ipectl runs: --version"
is "$("$root/usr/sbin/iped" --version)" "iped $version" "the packaged iped runs: --version"

# --- libipe-dev --------------------------------------------------------------

is "$(dpkg-deb -f "$dev" Package)" libipe-dev "libipe-dev: Package"
is "$(dpkg-deb -f "$dev" Version)" "$version" "libipe-dev: Version"
is "$(dpkg-deb -f "$dev" Section)" libdevel "libipe-dev: Section"
like "$(dpkg-deb -f "$dev" Depends)" "(^|, )libssl-dev( |,|\$)" \
	"libipe-dev: Depends on libssl-dev (libcrypto, for linking libipe.a)"
want=$( {
	for h in "$src"/include/*.h; do echo "/usr/include/${h##*/}"; done
	echo "/usr/lib/$multiarch/libipe.a"
	echo "/usr/lib/$multiarch/pkgconfig/libipe.pc"
} | sort)
is "$(paths "$dev" | grep -v '^/usr/share/doc/' | sort)" "$want" \
	"libipe-dev: libipe.a, libipe.pc and every header of include/, nothing else"

pc=$(file_of "$dev" "/usr/lib/$multiarch/pkgconfig/libipe.pc")
like "$pc" "^Version: $version\$" "libipe.pc: Version"
like "$pc" '^Libs: -L\$\{libdir\} -lipe$' "libipe.pc: Libs"
like "$pc" '^Requires(\.private)?: libcrypto( |$)' "libipe.pc: requires libcrypto"

# A program of libipe's parser, printer and libcrypto-backed SHA-256.
cat > "$tap_tmp/prog.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libipe.h>
#include <libipe-sig.h>

int main(int argc, char **argv)
{
	struct ipe_policy *p;
	uint8_t d[32];
	char *canon;
	size_t len;

	if (argc != 2)
		return 2;
	len = strlen(argv[1]);
	if (ipe_policy_parse(argv[1], len, &p, NULL))
		return 1;
	canon = ipe_policy_format(p, NULL);
	if (!canon)
		return 1;
	ipe_sha256(argv[1], len, d);
	fputs(canon, stdout);
	for (int i = 0; i < 32; i++)
		printf("%02x", d[i]);
	printf("\n");
	free(canon);
	ipe_policy_free(p);
	return 0;
}
EOF
policy='policy_name=pc policy_version=0.0.1
DEFAULT action=ALLOW
DEFAULT op=EXECUTE action=DENY
op=EXECUTE boot_verified=TRUE action=ALLOW
'
canonical=$(printf '%s' "$policy"; printf '%s' "$policy" | sha256sum | cut -d' ' -f1)
# build_prog NAME PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR PKG-CONFIG-ARGS...:
# compile and run prog.c as pkg-config says; the flags in $flags.  The
# arguments but --define-variable name the test.
build_prog() {
	name=$1 pcdir=$2 sysroot=$3
	shift 3
	label=$(printf '%s\n' --cflags --libs "$@" | grep -v '^--define-variable' | paste -sd ' ')
	flags=$(PKG_CONFIG_PATH=$pcdir PKG_CONFIG_SYSROOT_DIR=$sysroot \
		pkg-config "$@" --cflags --libs libipe) &&
	cc -Wall -Wextra -Werror -o "$tap_tmp/$name" "$tap_tmp/prog.c" $flags 2> "$tap_tmp/cc.err"
	tap_result $? "$name: builds with the flags of pkg-config $label alone" "flags: $flags" \
		"$(cat "$tap_tmp/cc.err")"
	is "$("$tap_tmp/$name" "$policy")" "$canonical" "$name: parses, prints and hashes"
}
build_prog prog-deb "$root/usr/lib/$multiarch/pkgconfig" "" --define-variable=prefix="$root/usr" --static
build_prog prog-deb-nostatic "$root/usr/lib/$multiarch/pkgconfig" "" --define-variable=prefix="$root/usr"

# --- lintian -----------------------------------------------------------------

lintian "$changes" > "$tap_tmp/lintian" 2>&1
is "$?" 0 "lintian: exit 0"
is "$(grep -c '^E: ' "$tap_tmp/lintian")" 0 "lintian: no error"
grep -E '^[EWIPX]: ' "$tap_tmp/lintian" | sed 's/^/# lintian: /'

# --- make install ------------------------------------------------------------

ib=$tap_tmp/build-install
make -C "$src" install INSTALL_BUILD="$ib" PREFIX=/opt/ipe-bpf DESTDIR="$tap_tmp/stage-opt" \
	> "$tap_tmp/install.log" 2>&1
rc=$?
is "$rc" 0 "make install PREFIX=/opt/ipe-bpf: exit 0"
[ "$rc" = 0 ] || log_tail "$tap_tmp/install.log"
[ -x "$tap_tmp/stage-opt/opt/ipe-bpf/sbin/iped" ]
tap_result $? "... iped in DESTDIR/opt/ipe-bpf/sbin"

# The same build directory, another PREFIX, DESTDIR relative to the tree.
stage=$tap_tmp/stage
make -C "$src" install INSTALL_BUILD="$ib" PREFIX=/usr/local \
	DESTDIR="$(realpath -m --relative-to="$src" "$stage")" > "$tap_tmp/install.log" 2>&1
rc=$?
is "$rc" 0 "make install PREFIX=/usr/local DESTDIR=(relative): exit 0"
[ "$rc" = 0 ] || log_tail "$tap_tmp/install.log"
is "$(cd "$stage" && find . ! -type d | grep -Ev '^\./(usr/local|etc/ipe-bpf)/')" "" \
	"... everything under PREFIX (the build was reconfigured), but the configuration in /etc/ipe-bpf"
is "$(grep -v '^#' "$ib/meson-logs/install-log.txt" | grep -Ev "^$stage(/|\$)")" "" \
	"... every file installed is below DESTDIR (meson's install log)"
for prog in usr/local/sbin/iped usr/local/bin/ipectl; do
	[ -x "$stage/$prog" ]
	tap_result $? "... $prog"
done
is "$("$stage/usr/local/bin/ipectl" --version)" "ipectl $version" "... and it runs"
like "$(cat "$stage/usr/local/lib/systemd/system/iped.service")" "^ExecStart=/usr/local/sbin/iped( |\$)" \
	"... iped.service runs /usr/local/sbin/iped"
like "$(cat "$stage/usr/local/lib/systemd/system/ipe-bpf-load-policies.service")" \
	"^ExecStart=/usr/local/bin/ipectl load-dir " "... ipe-bpf-load-policies.service runs /usr/local/bin/ipectl"
[ -f "$stage/etc/ipe-bpf/iped.conf" ]
tap_result $? "... /etc/ipe-bpf/iped.conf, where iped reads it"
echo "enforce = 0" >> "$stage/etc/ipe-bpf/iped.conf"
make -C "$src" install INSTALL_BUILD="$ib" PREFIX=/usr/local DESTDIR="$stage" \
	> "$tap_tmp/install.log" 2>&1
is "$?" 0 "make install again: exit 0"
is "$(tail -n 1 "$stage/etc/ipe-bpf/iped.conf")" "enforce = 0" \
	"... keeps the administrator's iped.conf"

# Both sides as paths below their prefix (/usr/local, /usr or /), man pages
# uncompressed; the packages' documentation and lintian overrides aside.
canon() { sed -e 's|^/usr/local/||' -e 's|^/usr/||' -e 's|^/||' -e 's|^\(share/man/.*\)\.gz$|\1|' | sort; }
is "$(cd "$stage" && find . ! -type d | sed 's|^\.||' | canon)" \
	"$( { paths "$deb"; paths "$dev"; } | grep -Ev '^/usr/share/(doc|lintian)/' | canon)" \
	"make install installs the files the packages hold, no more, no less"

build_prog prog-install "$stage/usr/local/lib/$multiarch/pkgconfig" "$stage" --static
like "$flags" "^-I$stage/usr/local/include " "... against the staged headers"

for prefix in usr/local ''; do
	run make -C "$src" install INSTALL_BUILD="$tap_tmp/bad-build" PREFIX="$prefix" \
		DESTDIR="$tap_tmp/bad-stage"
	is "$rc" 2 "make install PREFIX='$prefix': refused"
	like "$err" "make install: PREFIX must be an absolute path, not '$prefix'" "... saying why"
	[ ! -e "$tap_tmp/bad-build" ] && [ ! -e "$tap_tmp/bad-stage" ]
	tap_result $? "... before configuring or installing anything"
done

# make deb copies what git knows: outside a checkout it says so and stops.
mkdir "$tap_tmp/nogit" && cp "$src/Makefile" "$tap_tmp/nogit/"
run make -C "$tap_tmp/nogit" deb
is "$rc" 2 "make deb outside a git checkout: refused"
like "$err" "make deb: not a git checkout; in a source tree without git, run dpkg-buildpackage" "... saying what to do"
[ ! -e "$tap_tmp/nogit/build-deb" ]
tap_result $? "... before creating anything"

tap_done
