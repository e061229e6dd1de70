#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# meson install script: install FILE into DIR (below $DESTDIR) unless a file
# of that name is there: a reinstall must not overwrite what the
# administrator configured.
# Usage: install-config.sh FILE DIR
set -eu
dir=${DESTDIR:-}$2
dest=$dir/$(basename "$1")
if [ -e "$dest" ]; then
	echo "Keeping $dest (it exists; the new default is $1)"
else
	install -d -m 755 "$dir"
	install -m 644 "$1" "$dest"
	echo "Installing $1 to $dest"
fi
