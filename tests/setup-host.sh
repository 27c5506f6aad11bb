#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# setup-host.sh - install what building hdaudbus, its QEMU tests
# (tests/qemu/run) and the demo need on a Debian 12 (bookworm) machine.
# Idempotent: it only calls apt-get when a package is missing, and then
# says what it installs.  Run as root.
#
#   tools:    qemu-system-x86 busybox-static cpio kmod python3 make gcc
#             sparse dkms xz-utils shellcheck dash
#   kernels:  linux-image-amd64 linux-headers-amd64 (Debian's 6.1) and
#             linux-image-6.12-amd64 linux-headers-6.12-amd64 (6.12, from
#             bookworm-security or bookworm-backports)

set -euo pipefail

PROG=${0##*/}
export DEBIAN_FRONTEND=noninteractive

TOOLS=(qemu-system-x86 busybox-static cpio kmod python3 make gcc sparse dkms xz-utils shellcheck dash)
KERNELS=(linux-image-amd64 linux-headers-amd64 linux-image-6.12-amd64 linux-headers-6.12-amd64)

installed() { # installed PACKAGE
	[[ $(dpkg-query -W -f='${Status}' "$1" 2> /dev/null) == "install ok installed" ]]
}

# candidate PACKAGE: print apt's candidate version ("" if there is none).
candidate() {
	apt-cache policy "$1" 2> /dev/null |
		awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }'
}

missing=()
for p in "${TOOLS[@]}" "${KERNELS[@]}"; do
	installed "$p" || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
	echo "$PROG: everything is installed"
	exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
	echo "$PROG: missing packages: ${missing[*]}" >&2
	echo "$PROG: run this script as root to install them" >&2
	exit 1
fi

echo "$PROG: apt-get update"
apt-get -qq update

# The 6.12 kernel packages come from bookworm-security or -backports.
for p in "${missing[@]}"; do
	if [[ -z $(candidate "$p") ]]; then
		echo "$PROG: no package $p in the apt sources (the 6.12 kernels need bookworm-security or bookworm-backports)" >&2
		exit 1
	fi
done

echo "$PROG: installing: ${missing[*]}"
apt-get -qq -y --no-install-recommends install "${missing[@]}" > /dev/null

still=()
for p in "${missing[@]}"; do
	installed "$p" || still+=("$p")
done
if [[ ${#still[@]} -gt 0 ]]; then
	echo "$PROG: failed to install: ${still[*]}" >&2
	exit 1
fi
kernels=$(find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f ' | sed 's/vmlinuz-//g')
echo "$PROG: done; kernels in /boot: $kernels"
