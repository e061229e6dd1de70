# SPDX-License-Identifier: GPL-2.0-only
#
# The project's stable interface.  Meson + Ninja do the building; these
# targets name the jobs people and CI run.
#
#   make            build everything into build/
#   make check      install missing packages, build, run every test
#                   (normal build, ASan + UBSan build, a short fuzz run,
#                   the packages, the full-system test, the VM bench)
#   make check-vm   the VM bench only (tests/vm/run.sh; SCENARIOS=... to pick)
#   make attack-table  run the lockdown scenario and rewrite docs/lockdown.md's
#                   table of attacks from what it measured
#   make demo       install missing packages, build, show the main job
#   make bench      parser throughput and memory, and execve/mmap latency in the
#                   VM with and without ipe-bpf (bench/RESULTS.md)
#   make fuzz       run every fuzz target (FUZZ_SECONDS each, default 600)
#   make install    build a release (build-install/) and install it under
#                   PREFIX (default /usr/local), staged below DESTDIR if set
#   make deb        build the Debian packages (debian/) into build-deb/,
#                   installing what that takes first
#   make check-deb  build them and check them and make install
#                   (tests/dist/test_deb.sh)
#   make check-system  the full-system test: the .deb in a Debian 12 made
#                   with debootstrap, booted from a dm-verity root
#                   (tests/system/run.sh, docs/system.md)
#   make deps       install the Debian packages the above need
#   make clean      remove the build directories

BUILD      ?= build
SAN_BUILD  ?= build-san
FUZZ_BUILD ?= build-fuzz
INSTALL_BUILD ?= build-install
DEB_BUILD ?= build-deb
SYSTEM_DIR ?= build-system
PREFIX ?= /usr/local
DESTDIR ?=
FUZZ_SECONDS ?= 600
CHECK_FUZZ_SECONDS ?= 30

# Debian 12 packages: compilers, build system, sanitizer/fuzzer runtimes,
# GNU time for the benchmark, python3 to validate JSON in tests.
DEB_PACKAGES := gcc libc6-dev clang libclang-rt-14-dev meson ninja-build pkg-config time python3
# libipe signs and verifies policies with OpenSSL 3's libcrypto.
DEB_PACKAGES += libssl-dev openssl
# iped serves the control tree with libfuse 3; its tests mount it.
DEB_PACKAGES += libfuse3-dev fuse3
# groff formats ipectl(8); its test checks it formats without a warning.
DEB_PACKAGES += groff-base
# The BPF engine: clang targets BPF (above), libbpf and its libraries, bpftool
# for the skeleton.
DEB_PACKAGES += libbpf-dev libelf-dev zlib1g-dev bpftool
# The VM bench: QEMU and UEFI firmware, the guest's busybox, the tools that
# build and open the verity fixtures, module dependency resolution, the
# initramfs archiver, and what the UEFI variable tool imports.
DEB_PACKAGES += qemu-system-x86 ovmf busybox-static cryptsetup-bin dmsetup fsverity \
	e2fsprogs keyutils openssl kmod cpio xz-utils python3-cryptography python3-pkg-resources
# make deb and its test: the Debian package tools and the checker.
DEB_PACKAGES += debhelper dpkg-dev lintian git
# The full-system test builds a Debian 12 tree.
DEB_PACKAGES += debootstrap

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

VM_DIR ?= build-vm
SCENARIOS ?=

.PHONY: all deps check check-unit check-san check-fuzz check-vm attack-table demo bench fuzz clean
.PHONY: install deb deb-deps check-deb check-system

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD)

$(SAN_BUILD)/build.ninja:
	CC=clang meson setup $(SAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debug

$(FUZZ_BUILD)/build.ninja:
	CC=clang meson setup $(FUZZ_BUILD) -Dfuzz=true -Db_sanitize=address,undefined \
		-Db_lundef=false -Dbuildtype=debugoptimized

# apt_install PACKAGES: those of them not installed yet.
define apt_install
	@missing=$$(for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install,$(DEB_PACKAGES))

# What make deb needs on a machine that has built nothing: git for the
# copy, the package tools, and debian/control's build dependencies
# (build-essential included).
deb-deps:
	$(call apt_install,git dpkg-dev)
	@dpkg-checkbuilddeps > /dev/null 2>&1 || { \
		echo "installing the build dependencies of debian/control"; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive \
		$(SUDO) apt-get build-dep -y -q --no-install-recommends ./; }

# One make for all: the .debs are built once for check-deb and check-system.
check: deps
	$(MAKE) check-unit check-san check-fuzz check-deb check-system check-vm

# iped's tests mount FUSE, which takes root: only they run through sudo.
check-unit: all
	meson test -C $(BUILD) --print-errorlogs --no-suite daemon
	$(SUDO) meson test -C $(BUILD) --print-errorlogs --suite daemon

check-san: $(SAN_BUILD)/build.ninja
	ninja -C $(SAN_BUILD)
	meson test -C $(SAN_BUILD) --print-errorlogs --timeout-multiplier 4 --no-suite daemon
	$(SUDO) meson test -C $(SAN_BUILD) --print-errorlogs --timeout-multiplier 4 --suite daemon

check-fuzz:
	$(MAKE) fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS)

# docs/lockdown.md's attack table must be what the lockdown scenario measured.
check-vm: all
	VM_DIR=$(VM_DIR) BUILD=$(BUILD) tests/vm/run.sh $(SCENARIOS)
	case " $(or $(SCENARIOS),lockdown) " in *" lockdown "*) \
		tests/vm/attack-table.sh --check $(VM_DIR)/results docs/lockdown.md ;; esac

attack-table: all
	VM_DIR=$(VM_DIR) BUILD=$(BUILD) tests/vm/run.sh lockdown
	tests/vm/attack-table.sh $(VM_DIR)/results docs/lockdown.md

demo: deps all
	./examples/demo.sh $(BUILD)/cli/ipectl
	VM_DIR=$(VM_DIR) BUILD=$(BUILD) ./examples/demo-vm.sh

bench: deps all
	./bench/run.sh $(BUILD)
	./bench/vm.sh $(BUILD)

fuzz: $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD)
	./fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# A release build of its own, so build/ keeps its configuration; set up
# again when PREFIX changes.  (The configuration goes to /etc/ipe-bpf
# whatever PREFIX is: dist/meson.build installs it where iped reads it.)
INSTALL_OPTS = --prefix='$(PREFIX)' -Dbuildtype=release
install:
	@case '$(PREFIX)' in /*) ;; *) \
		echo "make install: PREFIX must be an absolute path, not '$(PREFIX)'" >&2; exit 2 ;; esac
	@if [ ! -f $(INSTALL_BUILD)/build.ninja ]; then \
		(set -x; meson setup $(INSTALL_BUILD) $(INSTALL_OPTS)); \
	elif [ "$$(cat $(INSTALL_BUILD)/install-prefix 2>/dev/null)" != '$(PREFIX)' ]; then \
		(set -x; meson configure $(INSTALL_BUILD) $(INSTALL_OPTS)); \
	fi && echo '$(PREFIX)' > $(INSTALL_BUILD)/install-prefix
	$(if $(DESTDIR),DESTDIR='$(abspath $(DESTDIR))') meson install -C $(INSTALL_BUILD)

# dpkg-buildpackage on a copy of the sources git knows (tracked, or new and
# not ignored), so neither the tree nor its parent gets build products; the
# .debs, the source package (.dsc, .tar.xz), .changes and .buildinfo land
# in $(DEB_BUILD).
deb:
	@git rev-parse --is-inside-work-tree > /dev/null 2>&1 || { echo "make deb: not a git" \
		"checkout; in a source tree without git, run dpkg-buildpackage -us -uc" >&2; exit 2; }
	@$(MAKE) --no-print-directory deb-deps
	rm -rf $(DEB_BUILD)
	mkdir -p $(DEB_BUILD)/ipe-bpf
	git ls-files -z --cached --others --exclude-standard | \
		tar --null --files-from=- --ignore-failed-read -cf - | tar -xf - -C $(DEB_BUILD)/ipe-bpf
	cd $(DEB_BUILD)/ipe-bpf && dpkg-buildpackage -us -uc
	rm -rf $(DEB_BUILD)/ipe-bpf
	@ls -1 $(DEB_BUILD)/*.deb

check-deb: deb
	tests/dist/test_deb.sh . $(DEB_BUILD)

check-system: deb
	$(SUDO) tests/system/run.sh $(DEB_BUILD) $(SYSTEM_DIR)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD) $(VM_DIR) $(SYSTEM_DIR) $(INSTALL_BUILD) $(DEB_BUILD)
