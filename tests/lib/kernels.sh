# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Helpers shared by tests/check and tests/demo: which kernels to use and
# how to build the module and the test modules for one of them out of tree.

# Newest installed kernel release of a series (e.g. 6.1, 6.12), generic
# amd64 flavour, that has both an image and a headers tree.
hdaudbus_newest_kernel() {
	local series=$1 k best=""
	for k in $(ls /lib/modules 2>/dev/null | sort -V); do
		case $k in
		"$series".*-amd64) ;;
		*) continue ;;
		esac
		case $k in *-rt-amd64|*-cloud-amd64) continue ;; esac
		[ -f "/boot/vmlinuz-$k" ] && [ -f "/lib/modules/$k/build/Makefile" ] || continue
		best=$k
	done
	echo "$best"
}

# The kernels every test run covers: HDAUDBUS_KERNELS, or Debian 12's
# 6.1 and 6.12.
hdaudbus_test_kernels() {
	if [ -n "${HDAUDBUS_KERNELS:-}" ]; then
		echo "$HDAUDBUS_KERNELS"
		return
	fi
	echo "$(hdaudbus_newest_kernel 6.1) $(hdaudbus_newest_kernel 6.12)"
}

# hdaudbus_build TOP KVER OUT LOG: copy the sources to OUT and build the
# module and the test modules there with W=1 (against HDAUDBUS_KDIR when
# set, else the installed headers of KVER).  Returns non-zero on a build
# error; warnings are left in LOG for the caller to judge.
hdaudbus_build() {
	local top=$1 kver=$2 out=$3 log=$4
	local kdir=${HDAUDBUS_KDIR:-/lib/modules/$kver/build}

	rm -rf "$out"
	mkdir -p "$out"
	cp -a "$top/Kbuild" "$top/dkms.conf" "$top/src" "$top/include" "$out/"
	mkdir -p "$out/tests"
	cp -a "$top/tests/modules" "$out/tests/"
	[ -d "$top/examples" ] && cp -a "$top/examples" "$out/"
	{
		make -C "$kdir" M="$out" W=1 modules &&
		make -C "$kdir" M="$out/tests/modules" W=1 \
			KBUILD_EXTRA_SYMBOLS="$out/Module.symvers" modules &&
		make -C "$kdir" M="$out/examples/tone" W=1 \
			KBUILD_EXTRA_SYMBOLS="$out/Module.symvers" modules
	} >"$log" 2>&1
}
