#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the VM bench's fixtures from scratch with the real tools, into OUT:
#
#   keys/{trusted,untrusted}.{key,pem,der}  signing keys and self-signed certs;
#       "trusted" is what the test kernels are made to trust (UEFI db on 6.12,
#       the .fs-verity keyring on both)
#   disks/dmv-NAME.img   ext4 + dm-verity hash tree (at DMV_HASH_OFFSET) for
#       NAME in trusted, revoked, unknown, signed; each holds bin/hello (static),
#       bin/hello-dyn + lib/libipetest.so (dynamic, library from the same
#       volume), bin/hello-dyn-ext (the same program, library looked up in
#       /mnt/dmv-unknown/lib), bin/script.sh (#!/bin/sh), bin/interp-trusted.sh
#       and bin/interp-unknown.sh (#!/mnt/dmv-{trusted,unknown}/bin/hello),
#       lib/modules/KVER/dummy.ko for every kernel in KERNELS, label
#       (DMV_TRUSTED_HELLO_BLOCK1: the block of the trusted volume holding
#       bin/hello's second 4 KiB)
#   disks/dmv-signed.roothash.p7s  PKCS#7 signature of the signed volume's hex
#       root hash by "trusted" (dm-verity's root hash signature format)
#   disks/fsv.img        ext4 with the verity feature; fs-verity is enabled in
#       the guest (the host kernel has none) from fsv/.sig/*: bin/hello-digest
#       (enabled, digest known), bin/hello-signed (enabled with a built-in
#       signature), bin/hello-plain (no verity)
#   rootfs/bench/bin/hello    the same static binary, on the initramfs
#   kmod/KVER/dummy.ko   the kernel module the volumes carry, per kernel (the
#       initramfs gets its kernel's copy too)
#   fixtures.env         root hashes, digests and offsets, sourced by the guest
#
# Files differ by a trailing marker (harmless after an ELF image) so that every
# fixture file has its own fs-verity digest.
#
# Usage: make-fixtures.sh OUT
#
# KERNELS is the directory fetch-kernels.sh unpacked the bench's kernels into
# (default: OUT/../kernels, where run.sh puts them); without it the volumes
# hold no kernel module.
set -eu
out=$1
here=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-cc}
kernels=${KERNELS:-$out/../kernels}

rm -rf "$out"
mkdir -p "$out/keys" "$out/disks" "$out/bin" "$out/rootfs/bench/bin" "$out/tmp"
out=$(cd "$out" && pwd)
env=$out/fixtures.env
: > "$env"

# ---- keys ----------------------------------------------------------------
for k in trusted untrusted; do
	openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 3650 \
		-subj "/CN=ipe-bpf test signer ($k)" \
		-addext basicConstraints=critical,CA:FALSE \
		-addext keyUsage=critical,digitalSignature \
		-keyout "$out/keys/$k.key" -out "$out/keys/$k.pem" 2>/dev/null
	openssl x509 -in "$out/keys/$k.pem" -outform der -out "$out/keys/$k.der"
done

# ---- programs ------------------------------------------------------------
"$cc" -O2 -static -o "$out/bin/hello" "$here/fixtures/hello.c"
"$cc" -O2 -shared -fPIC -o "$out/bin/libipetest.so" "$here/fixtures/libipetest.c"
"$cc" -O2 -o "$out/bin/hello-dyn" "$here/fixtures/hello-dyn.c" -L"$out/bin" -lipetest \
	-Wl,-rpath,'$ORIGIN/../lib'
# The same program looking for its library on the unknown volume: a binary
# that is trusted where it lies but whose library is not.
"$cc" -O2 -o "$out/bin/hello-dyn-ext" "$here/fixtures/hello-dyn.c" -L"$out/bin" -lipetest \
	-Wl,-rpath,/mnt/dmv-unknown/lib
printf '#!/bin/sh\necho "script from $0"\n' > "$out/bin/script.sh"
# Scripts whose interpreter is a binary of a given volume: the kernel checks
# the interpreter as well as the script.
for v in trusted unknown; do
	printf '#!/mnt/dmv-%s/bin/hello\n' "$v" > "$out/bin/interp-$v.sh"
done
chmod 755 "$out/bin/script.sh" "$out/bin/interp-trusted.sh" "$out/bin/interp-unknown.sh"

# ---- kernel modules ------------------------------------------------------
# A harmless module (net "dummy": no hardware, no dependencies, not built
# in) for each kernel, from that kernel's own modules: a module loads only
# into the kernel it was built for.  Copied unchanged: a trailing marker
# would hide the module's signature.
mkdir -p "$out/kmod"
for kdir in "$kernels"/*/; do
	[ -f "$kdir/kver" ] || continue
	kver=$(cat "$kdir/kver")
	ko=$(find "$kdir/lib/modules/$kver" -name dummy.ko | head -n 1)
	[ -n "$ko" ] || { echo "make-fixtures: no dummy.ko in $kdir" >&2; exit 1; }
	mkdir -p "$out/kmod/$kver"
	cp "$ko" "$out/kmod/$kver/dummy.ko"
done

# copy_marked SRC DST MARK: a copy of SRC whose bytes are its own.
copy_marked() {
	cp "$1" "$2"
	printf '\n# fixture: %s\n' "$3" >> "$2"
}

copy_marked "$out/bin/hello" "$out/rootfs/bench/bin/hello" initramfs

# ---- dm-verity volumes ---------------------------------------------------
data_size=$((8 * 1024 * 1024))
echo "DMV_HASH_OFFSET=$data_size" >> "$env"
for vol in trusted revoked unknown signed; do
	tree=$out/tmp/dmv-$vol
	img=$out/disks/dmv-$vol.img
	mkdir -p "$tree/bin" "$tree/lib"
	copy_marked "$out/bin/hello" "$tree/bin/hello" "dmv-$vol"
	copy_marked "$out/bin/hello-dyn" "$tree/bin/hello-dyn" "dmv-$vol"
	copy_marked "$out/bin/hello-dyn-ext" "$tree/bin/hello-dyn-ext" "dmv-$vol"
	copy_marked "$out/bin/libipetest.so" "$tree/lib/libipetest.so" "dmv-$vol"
	copy_marked "$out/bin/script.sh" "$tree/bin/script.sh" "dmv-$vol"
	copy_marked "$out/bin/interp-trusted.sh" "$tree/bin/interp-trusted.sh" "dmv-$vol"
	copy_marked "$out/bin/interp-unknown.sh" "$tree/bin/interp-unknown.sh" "dmv-$vol"
	cp -r "$out/kmod" "$tree/lib/modules"
	echo "dmv-$vol" > "$tree/label"
	mkfs.ext4 -q -b 4096 -L "dmv-$vol" -d "$tree" "$img" $((data_size / 1024))k >/dev/null
	root=$(veritysetup format --hash-offset=$data_size --data-blocks=$((data_size / 4096)) \
		"$img" "$img" | sed -n 's/^Root hash:[[:space:]]*//p')
	[ ${#root} -eq 64 ] || { echo "make-fixtures: no root hash for $vol" >&2; exit 1; }
	var=$(echo "$vol" | tr a-z A-Z)
	echo "DMV_${var}_HEX=$root" >> "$env"
	echo "DMV_${var}=sha256:$root" >> "$env"
done
# Where bin/hello's second block lies on the trusted volume (4 KiB blocks):
# the dmverity-tables scenario corrupts a copy there.
block=$(debugfs -R "bmap /bin/hello 1" "$out/disks/dmv-trusted.img" 2>/dev/null)
[ "$block" -gt 0 ] 2>/dev/null || { echo "make-fixtures: no block for bin/hello" >&2; exit 1; }
echo "DMV_TRUSTED_HELLO_BLOCK1=$block" >> "$env"
printf %s "$(sed -n 's/^DMV_SIGNED_HEX=//p' "$env")" > "$out/tmp/signed.roothash"
openssl smime -sign -nocerts -noattr -binary -in "$out/tmp/signed.roothash" \
	-inkey "$out/keys/trusted.key" -signer "$out/keys/trusted.pem" \
	-outform der -out "$out/disks/dmv-signed.roothash.p7s"

# ---- fs-verity image -----------------------------------------------------
tree=$out/tmp/fsv
mkdir -p "$tree/bin" "$tree/lib" "$tree/.sig"
for f in hello-digest hello-signed hello-plain; do
	copy_marked "$out/bin/hello" "$tree/bin/$f" "fsv-$f"
done
copy_marked "$out/bin/libipetest.so" "$tree/lib/libipetest.so" fsv
echo "FSV_ENABLE='bin/hello-digest bin/hello-signed'" >> "$env"
echo "FSV_SIGNED='bin/hello-signed'" >> "$env"
for f in hello-digest hello-signed hello-plain; do
	d=$(fsverity digest --compact "$tree/bin/$f")
	var=$(echo "$f" | tr a-z- A-Z_)
	echo "FSV_${var}=sha256:$d" >> "$env"
	echo "FSV_${var}_HEX=$d" >> "$env"
done
fsverity sign "$tree/bin/hello-signed" "$tree/.sig/hello-signed.sig" \
	--key="$out/keys/trusted.key" --cert="$out/keys/trusted.pem" >/dev/null
fsverity sign "$tree/bin/hello-digest" "$tree/.sig/hello-digest.untrusted.sig" \
	--key="$out/keys/untrusted.key" --cert="$out/keys/untrusted.pem" >/dev/null
mkfs.ext4 -q -b 4096 -O verity -L fsv -d "$tree" "$out/disks/fsv.img" 16M >/dev/null

rm -rf "$out/tmp"
echo "make-fixtures: $(grep -c . "$env") values in $env" >&2
