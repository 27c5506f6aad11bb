# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh disable=SC2034 # the variables are used by the suites
#
# lib.sh - helpers shared by /init and the guest shell suites of the
# hdaudbus QEMU harness (busybox sh; POSIX, no 'local').  Source it with
# ". /suites/lib.sh".
#
# KTAP:  ktap_plan N; ktap_ok NAME; ktap_fail NAME [DIAG...];
#        ktap_skip NAME REASON; ktap_diag TEXT; expect_eq NAME WANT GOT;
#        ktap_done (prints a summary diagnostic; always returns 0).
# Diagnostics of a case are printed before its result line, as the test
# modules do.
#
# Guest state: hda_controller, pci_driver BDF, controller_codecs BDF GLOB,
# wait_until SECONDS CMD..., module_loaded NAME, load_module NAME [ARGS],
# load_snd_hdaudbus.

HDT_ETC=/etc/hdaudbus-test
HDT_MODS=/mods
HDT_BIND=/bin/hdaudbus-bind
HDT_DRIVER=snd_hdaudbus
# finit_module-only loader built by the host (see run); busybox insmod
# would run a failing module init twice.
HDT_INSMOD=insmod
[ -x /bin/hdt-insmod ] && HDT_INSMOD=/bin/hdt-insmod

KTAP_N=0
KTAP_FAILED=0
KTAP_SKIPPED=0

ktap_plan() {
	echo "KTAP version 1"
	echo "1..$1"
}

# ktap_diag TEXT...: each line of each TEXT as a "# " diagnostic.
ktap_diag() {
	for _d in "$@"; do
		[ -n "$_d" ] && printf '%s\n' "$_d" | sed 's/^/# /'
	done
	return 0
}

ktap_ok() {
	KTAP_N=$((KTAP_N + 1))
	echo "ok $KTAP_N $1"
}

# ktap_fail NAME [DIAG...]
ktap_fail() {
	_name=$1
	shift
	ktap_diag "$@"
	KTAP_N=$((KTAP_N + 1))
	KTAP_FAILED=$((KTAP_FAILED + 1))
	echo "not ok $KTAP_N $_name"
}

# ktap_skip NAME REASON
ktap_skip() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_SKIPPED=$((KTAP_SKIPPED + 1))
	echo "ok $KTAP_N $1 # SKIP ${2:-}"
}

# ktap_result NAME STATUS [DIAG...]: ok when STATUS is 0.
ktap_result() {
	_name=$1
	_st=$2
	shift 2
	if [ "$_st" -eq 0 ]; then
		ktap_ok "$_name"
	else
		ktap_fail "$_name" "$@"
	fi
}

# expect_eq NAME WANT GOT
expect_eq() {
	if [ "$2" = "$3" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1" "$1: expected '$2', got '$3'"
	fi
}

ktap_done() {
	ktap_diag "$KTAP_N cases: $KTAP_FAILED failed, $KTAP_SKIPPED skipped"
	return 0
}

# --- cycle checks: one KTAP case per kind, the first failing cycle named --

# check_record KIND CYCLE STATUS [DIAG]: remember the first failure of KIND;
# a failure also sets CHK_CYCLE_FAILED=1 (the suites stop cycling then).
check_record() {
	_c_n=0
	eval "_c_seen=\${CHK_SEEN_$1:-}"
	if [ -z "$_c_seen" ]; then
		eval "CHK_SEEN_$1=1"
		eval "CHK_FAIL_$1=0"
		CHK_KINDS="${CHK_KINDS:-} $1"
	fi
	if [ "$3" -ne 0 ]; then
		CHK_CYCLE_FAILED=1
		eval "_c_n=\$CHK_FAIL_$1"
		if [ "$_c_n" -eq 0 ]; then
			eval "CHK_DIAG_$1=\"cycle \$2: \${4:-failed}\""
		fi
		eval "CHK_FAIL_$1=$((_c_n + 1))"
	fi
}

# check_report KIND...: one KTAP case per kind (unrecorded kinds fail).
check_report() {
	_c_n=0
	_c_d=
	for _k in "$@"; do
		eval "_c_seen=\${CHK_SEEN_$_k:-}"
		if [ -z "$_c_seen" ]; then
			ktap_fail "$_k" "$_k: never checked (the cycles stopped early)"
			continue
		fi
		eval "_c_n=\$CHK_FAIL_$_k"
		if [ "$_c_n" -eq 0 ]; then
			ktap_ok "$_k"
		else
			eval "_c_d=\$CHK_DIAG_$_k"
			ktap_fail "$_k" "$_k failed in $_c_n cycles; first: $_c_d"
		fi
	done
}

# --- guest state -----------------------------------------------------------

# hda_controller: print the BDF of the first HD Audio controller (class
# 0x0403xx); status 1 if there is none.
hda_controller() {
	for _dev in /sys/bus/pci/devices/*; do
		case $(cat "$_dev/class" 2>/dev/null) in
		0x0403*)
			echo "${_dev##*/}"
			return 0
			;;
		esac
	done
	return 1
}

# pci_driver BDF: print the bound driver's name, or "none".
pci_driver() {
	if [ -e "/sys/bus/pci/devices/$1/driver" ]; then
		_drv=$(readlink "/sys/bus/pci/devices/$1/driver")
		echo "${_drv##*/}"
	else
		echo none
	fi
}

# controller_codecs BDF GLOB: print the names of the controller's child
# devices matching GLOB (e.g. 'hdaudbus*D*' or 'hdaudioC*D*'), one a line.
controller_codecs() {
	for _c in /sys/bus/pci/devices/"$1"/$2; do
		[ -e "$_c" ] && echo "${_c##*/}"
	done
	return 0
}

# codec_vendor NAME: print /sys/bus/hdaudio/devices/NAME/vendor_id.
codec_vendor() {
	cat "/sys/bus/hdaudio/devices/$1/vendor_id" 2>/dev/null || echo missing
}

# wait_until SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_until() {
	_w_left=$(($1 * 10))
	shift
	while ! "$@"; do
		[ "$_w_left" -gt 0 ] || return 1
		_w_left=$((_w_left - 1))
		sleep 0.1
	done
	return 0
}

# module_loaded NAME: true if the loadable module NAME is live.
module_loaded() {
	[ -e "/sys/module/$(echo "$1" | tr - _)/initstate" ]
}

# load_module NAME [ARGS]: insmod the dependencies of NAME (a suite name
# or a kernel module name) in the order the host computed, skipping loaded
# ones, then the module itself with ARGS.  The order file has one line per
# module, "MODNAME FILE", and "MODNAME FILE top" for the module itself.
load_module() {
	_lm_order=$HDT_ETC/modorder/$1
	shift
	if [ ! -f "$_lm_order" ]; then
		echo "load_module: no module order $_lm_order" >&2
		return 1
	fi
	while read -r _lm_mod _lm_file _lm_top; do
		[ -n "$_lm_mod" ] || continue
		if [ "$_lm_top" = top ]; then
			"$HDT_INSMOD" "$HDT_MODS/$_lm_file" "$@" || return $?
		elif ! module_loaded "$_lm_mod"; then
			"$HDT_INSMOD" "$HDT_MODS/$_lm_file" || return $?
		fi
	done < "$_lm_order"
	return 0
}

# module_name NAME: print the kernel module name of suite/module NAME.
module_name() {
	awk '$3 == "top" { print $1 }' "$HDT_ETC/modorder/$1"
}

load_snd_hdaudbus() {
	load_module snd_hdaudbus
}

# hdaudbus_bound BDF: the controller is bound to snd_hdaudbus.
hdaudbus_bound() {
	[ "$(pci_driver "$1")" = "$HDT_DRIVER" ]
}

# hda_intel_ready BDF: bound to snd_hda_intel with a registered card and
# at least one codec (snd_hda_intel probes codecs asynchronously).
hda_intel_ready() {
	[ "$(pci_driver "$1")" = snd_hda_intel ] || return 1
	[ -n "$(controller_codecs "$1" 'hdaudioC*D*')" ] || return 1
	for _card in /sys/bus/pci/devices/"$1"/sound/card*; do
		[ -e "$_card" ] && return 0
	done
	return 1
}

# meminfo FIELD: print FIELD of /proc/meminfo in kB.
meminfo() {
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}
