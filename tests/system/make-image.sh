#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The full-system test's machine: the Debian 12 tree of make-base.sh with
# the ipe-bpf .deb installed, made into a read-only dm-verity root image,
# and the kernel and initramfs that Debian's own initramfs-tools builds
# for it, with the ipe-bpf hook enforcing a boot policy that allows the
# initramfs and that root hash only.
#
# Usage: make-image.sh BASE-TARBALL OUT DEB...
#
# OUT gets: root.img + hash.img (the verity pair), var.img (the writable
# /var: /var/tmp, the journal, /etc/ipe through a bind mount), vmlinuz,
# initrd.img, roothash, and image.tap (the hook's checks).
set -eu
. "$(dirname "$0")/../lib/usage.sh"
usage_check "$0" 3 '' "$@"
base=$1 out=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)

rm -rf "$out"
mkdir -p "$out/keys"
out=$(cd "$out" && pwd)
root=$out/root

# chroot_run LOG COMMAND...: run in the tree with /proc mounted only
# meanwhile (the tree is made into an image between runs); its status.
chroot_run() {
	log=$1
	shift
	mount -t proc proc "$root/proc"
	rc=0
	chroot "$root" "$@" > "$log" 2>&1 || rc=$?
	umount "$root/proc"
	return "$rc"
}
# in_chroot LOG COMMAND...: the same, for a command that must work.
in_chroot() {
	chroot_run "$@" ||
		{ cat "$1" >&2; shift; echo "make-image: $* failed in the tree" >&2; exit 1; }
}
# The hook's own checks, as TAP in OUT/image.tap.
tap_n=0
tap() {
	tap_n=$((tap_n + 1))
	if [ "$1" = OK ]; then echo "ok $tap_n - $2"; else echo "not ok $tap_n - $2"; fi >> "$out/image.tap"
}
# in_initramfs PATH: whether the tree's initramfs holds PATH.
in_initramfs() {
	chroot_run "$out/lsinitramfs.log" lsinitramfs "/boot/initrd.img-$kver" &&
		grep -qx "$1" "$out/lsinitramfs.log"
}
trap 'umount "$root/proc" 2>/dev/null || true' EXIT

mkdir "$root"
tar -C "$root" --numeric-owner -xf "$base"
# Nothing may start in the chroot: it shares the host's kernel.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

# ---- the package, as an administrator installs it ------------------------
mkdir -p "$root/tmp/debs"
cp "$@" "$root/tmp/debs/"
in_chroot "$out/dpkg.log" sh -c 'dpkg -i /tmp/debs/*.deb'
rm -rf "$root/tmp/debs" "$root/usr/sbin/policy-rc.d"
kver=$(ls "$root/lib/modules")
: > "$out/image.tap"
# The package's trigger rebuilt the initramfs; with no boot policy yet, the
# hook added nothing (the scripts come in whatever the hooks do).
in_initramfs scripts/init-top/ipe-bpf && tap OK "the package's trigger built an initramfs with its scripts" ||
	tap FAIL "the package's trigger built an initramfs with its scripts"
in_initramfs usr/sbin/iped && tap FAIL "without a boot policy the initramfs has no iped" ||
	tap OK "without a boot policy the initramfs has no iped"
printf 'policy_name=broken policy_version=1.0.0\nop=EXECUTE no_such_property=TRUE action=ALLOW\n' \
	> "$root/etc/ipe-bpf/boot.pol"
if chroot_run "$out/broken.log" update-initramfs -u -k "$kver"; then
	tap FAIL "update-initramfs fails on a boot policy that does not parse"
else
	tap OK "update-initramfs fails on a boot policy that does not parse"
fi
grep -q "E: ipe-bpf: the boot policy /etc/ipe-bpf/boot.pol is not a valid policy" "$out/broken.log" &&
	grep -q 'boot.pol:2:' "$out/broken.log" &&
	tap OK "and says which file and line" || tap FAIL "and says which file and line"
rm "$root/etc/ipe-bpf/boot.pol"
conf=$root/etc/ipe-bpf/iped.conf
cp "$conf" "$out/iped.conf.packaged"
echo "boot-policy = /etc/ipe-bpf/missing.pol" >> "$conf"
if chroot_run "$out/missing.log" update-initramfs -u -k "$kver"; then
	tap FAIL "update-initramfs fails on a configured boot policy that is not there"
else
	tap OK "update-initramfs fails on a configured boot policy that is not there"
fi
grep -q "E: ipe-bpf: /etc/ipe-bpf/iped.conf names the boot policy /etc/ipe-bpf/missing.pol, which is not there" \
	"$out/missing.log" && tap OK "and says so" || tap FAIL "and says so"
# foreground is the real root's iped.service's way already; in the
# initramfs it would hold up the boot, so the hook must leave it out.
{ cat "$out/iped.conf.packaged"; echo "foreground = 1"; } > "$conf"

# ---- the README's quick start, step 2: a signer iped trusts ---------------
# (the key goes to the writable disk, where the test signs its policy with
# it as the README does; /etc is in the image, so the certificate goes now)
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 3650 \
	-subj "/CN=ipe-bpf system test signer" \
	-addext basicConstraints=critical,CA:FALSE -addext keyUsage=critical,digitalSignature \
	-keyout "$out/keys/signer.key" -out "$out/keys/signer.pem" 2>/dev/null
cp "$out/keys/signer.pem" "$root/etc/ipe-bpf/trust/signer.pem"

# ---- a read-only root, a writable /var -----------------------------------
echo ipe-system > "$root/etc/hostname"
: > "$root/etc/machine-id"
mkdir -p "$root/etc/ipe"
cat > "$root/etc/fstab" <<'FSTAB'
/dev/disk/by-id/virtio-var  /var      ext4  defaults  0 0
tmpfs                       /tmp      tmpfs defaults  0 0
# /etc is part of the signed image; the policies an administrator adds live
# on the writable disk, where /etc/ipe is kept.
/var/lib/ipe-etc            /etc/ipe  none  bind,x-systemd.requires-mounts-for=/var  0 0
FSTAB
# Debian's initramfs-tools has no dm-verity root: the test adds it.
install -m 755 "$here/guest/verity-root.hook" "$root/etc/initramfs-tools/hooks/verity-root"
install -m 755 "$here/guest/verity-root.script" \
	"$root/etc/initramfs-tools/scripts/local-top/verity-root"
install -m 755 "$here/guest/phase.script" "$root/etc/initramfs-tools/scripts/init-bottom/ipe-test-phase"

# ---- the test, run by systemd --------------------------------------------
install -d "$root/usr/local/lib/ipe-test"
install -m 755 "$here/guest/probe" "$here/guest/check" "$root/usr/local/lib/ipe-test/"
install -m 644 "$here/guest/quickstart" "$here/guest/state.conf" "$here/guest/state-dir.conf" \
	"$root/usr/local/lib/ipe-test/"
install -m 644 "$here/guest/ipe-test-early.service" "$here/guest/ipe-test-between.service" \
	"$here/guest/ipe-test.service" "$root/etc/systemd/system/"
in_chroot "$out/systemctl.log" systemctl enable ipe-test-early.service \
	ipe-test-between.service ipe-test.service
# The serial console is the test's: no login prompt on it.
in_chroot "$out/systemctl.log" systemctl mask serial-getty@ttyS0.service \
	serial-getty@ttyS1.service getty@tty1.service

mv "$root/var" "$out/var"
mkdir "$root/var"
mkdir -p "$out/var/lib/ipe-etc" "$out/var/lib/ipe-test"
mkfs.ext4 -q -b 4096 -L root -d "$root" "$out/root.img" 1200M
veritysetup format "$out/root.img" "$out/hash.img" > "$out/verity.txt"
roothash=$(sed -n 's/^Root hash:[[:space:]]*//p' "$out/verity.txt")
[ -n "$roothash" ] || { echo "make-image: no root hash from veritysetup" >&2; exit 1; }
echo "$roothash" > "$out/roothash"

# ---- the boot policy: the initramfs and this root hash, nothing else ------
# Written into the tree after the image was made: the image does not hold
# its own hash; only the initramfs, built next from this tree, does.
{
	echo "policy_name=boot policy_version=1.0.0"
	echo "DEFAULT action=DENY"
	for op in EXECUTE KMODULE FIRMWARE; do
		echo "op=$op boot_verified=TRUE action=ALLOW"
		echo "op=$op dmverity_roothash=sha256:$roothash action=ALLOW"
	done
} > "$root/etc/ipe-bpf/boot.pol"
cp "$out/keys/signer.key" "$out/var/lib/ipe-test/signer.key"
mkfs.ext4 -q -b 4096 -L var -d "$out/var" "$out/var.img" 512M
rmdir "$root/var"
mv "$out/var" "$root/var"

in_chroot "$out/initramfs.log" update-initramfs -u -k "$kver"
for f in usr/sbin/iped etc/ipe-bpf/boot.pol etc/ipe-bpf/trust/signer.pem \
	etc/ipe-bpf/iped.conf scripts/init-top/ipe-bpf scripts/init-bottom/ipe-bpf; do
	in_initramfs "$f" && tap OK "the initramfs has $f" || tap FAIL "the initramfs has $f"
done
chroot_run "$out/unmkinitramfs.log" sh -c \
	"mkdir /tmp/initrd && unmkinitramfs /boot/initrd.img-$kver /tmp/initrd &&
	 cat /tmp/initrd/main/etc/ipe-bpf/iped.conf /tmp/initrd/etc/ipe-bpf/iped.conf 2>/dev/null;
	 rm -rf /tmp/initrd" > /dev/null || true
sed 's/^/# /' "$out/unmkinitramfs.log" >> "$out/image.tap"
grep -qx 'boot-policy = /run/ipe-bpf/boot.pol' "$out/unmkinitramfs.log" &&
	tap OK "the initramfs's iped.conf takes the boot policy from /run" ||
	tap FAIL "the initramfs's iped.conf takes the boot policy from /run"
grep -q '^foreground' "$out/unmkinitramfs.log" &&
	tap FAIL "the initramfs's iped.conf leaves foreground out" ||
	tap OK "the initramfs's iped.conf leaves foreground out"
cp "$root/boot/vmlinuz-$kver" "$out/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$out/initrd.img"
rm -rf "$root"
