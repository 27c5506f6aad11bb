#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Host-side tests of tools/hdaudbus-bind against a fake sysfs (and procfs)
# tree in a temporary directory.  Writes to fake sysfs files do not move the
# driver symlinks, so what is tested is what the tool decides and says:
# --list output, argument parsing, BDF normalisation, error messages and exit
# codes, busy detection, --dry-run output, idempotence, and how failed writes
# and failed probes are reported (with rollback).
#
# Every case is run under each available POSIX shell: dash, and busybox ash
# with a PATH holding only busybox applets (as in the QEMU initramfs).
#
# Output is KTAP; the exit status is non-zero if any case failed.
#
# Usage: tests/tools/hdaudbus-bind-test.sh [path/to/hdaudbus-bind]

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOOL=${1:-$HERE/../../tools/hdaudbus-bind}
TOOL=$(cd "$(dirname "$TOOL")" && pwd)/$(basename "$TOOL")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hdaudbus-bind-test.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
chmod 755 "$WORK"
RESULTS=$WORK/results
: > "$RESULTS"

NUM=0
PASS=0
FAIL=0
SKIP=0

ok() {
	NUM=$((NUM + 1))
	PASS=$((PASS + 1))
	echo "ok $NUM $1" >> "$RESULTS"
}

not_ok() {
	NUM=$((NUM + 1))
	FAIL=$((FAIL + 1))
	echo "not ok $NUM $1" >> "$RESULTS"
	shift
	local line
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/# /' >> "$RESULTS"
	done
}

skip() {
	NUM=$((NUM + 1))
	SKIP=$((SKIP + 1))
	echo "ok $NUM $1 # SKIP $2" >> "$RESULTS"
}

IS_ROOT=0
[ "$(id -u)" = 0 ] && IS_ROOT=1

# --- fake tree ---------------------------------------------------------------

# new_tree NAME: start an empty fake root; sets SYS and PROC.
new_tree() {
	ROOT=$WORK/$1
	rm -rf "$ROOT"
	SYS=$ROOT/sys
	PROC=$ROOT/proc
	mkdir -p "$SYS/bus/pci/devices" "$SYS/bus/pci/drivers" "$PROC/asound"
	: > "$SYS/bus/pci/drivers_probe"
}

add_driver() {
	mkdir -p "$SYS/bus/pci/drivers/$1"
}

# add_dev BDF CLASS VENDOR DEVICE DRIVER|none OVERRIDE|"(null)"
add_dev() {
	local d=$SYS/bus/pci/devices/$1
	mkdir -p "$d"
	echo "$2" > "$d/class"
	echo "$3" > "$d/vendor"
	echo "$4" > "$d/device"
	echo "$6" > "$d/driver_override"
	if [ "$5" != none ]; then
		add_driver "$5"
		ln -s "../../drivers/$5" "$d/driver"
	fi
}

# add_card BDF N STATUS...: ALSA card N owned by BDF, one substream per STATUS.
add_card() {
	local n=$2 i=0 st
	mkdir -p "$SYS/bus/pci/devices/$1/sound/card$n"
	shift 2
	for st in "$@"; do
		mkdir -p "$PROC/asound/card$n/pcm${i}p/sub0"
		printf '%s\n' "$st" > "$PROC/asound/card$n/pcm${i}p/sub0/status"
		i=$((i + 1))
	done
}

set_clients() {
	mkdir -p "$SYS/bus/pci/devices/$1/hdaudbus"
	echo "$2" > "$SYS/bus/pci/devices/$1/hdaudbus/clients"
}

# The standard tree: an HDA controller on snd_hda_intel, one already on
# snd_hdaudbus, one unbound, a GPU, and snd_hdaudbus registered.
std_tree() {
	new_tree std
	add_driver snd_hdaudbus
	add_dev 0000:00:1f.3 0x040380 0x8086 0xa348 snd_hda_intel "(null)"
	add_dev 0000:00:0e.0 0x040300 0x8086 0x5a98 snd_hdaudbus snd_hdaudbus
	add_dev 0000:01:00.1 0x040300 0x10de 0x10f0 none "(null)"
	add_dev 0000:00:02.0 0x030000 0x8086 0x3e92 i915 "(null)"
}

# --- running the tool --------------------------------------------------------

# run ARGS...: run the tool under $SH with SYSFS/PROCFS pointing at the fake
# tree; sets OUT, ERR, RC.
run() {
	local env_path=$PATH
	[ -n "$SH_PATH" ] && env_path=$SH_PATH
	PATH=$env_path SYSFS=$SYS PROCFS=$PROC $SH "$TOOL" "$@" \
		> "$WORK/out" 2> "$WORK/err"
	RC=$?
	OUT=$(cat "$WORK/out")
	ERR=$(cat "$WORK/err")
}

# check NAME WANT_RC [out|err PATTERN]...: PATTERN is a grep -E regex that
# must match a line of stdout/stderr; "!out"/"!err" must not match; "=out"
# must equal the whole output.
check() {
	local name="$SHNAME: $1" want=$2 why=() kind pat
	shift 2
	[ "$RC" = "$want" ] || why+=("exit status $RC, want $want")
	while [ $# -gt 0 ]; do
		kind=$1 pat=$2
		shift 2
		case $kind in
		out) grep -Eq -- "$pat" <<< "$OUT" || why+=("stdout lacks /$pat/") ;;
		err) grep -Eq -- "$pat" <<< "$ERR" || why+=("stderr lacks /$pat/") ;;
		!out) grep -Eq -- "$pat" <<< "$OUT" && why+=("stdout has /$pat/") ;;
		!err) grep -Eq -- "$pat" <<< "$ERR" && why+=("stderr has /$pat/") ;;
		=out) [ "$OUT" = "$pat" ] || why+=("stdout is not exactly: $pat") ;;
		=err) [ "$ERR" = "$pat" ] || why+=("stderr is not exactly: $pat") ;;
		esac
	done
	if [ ${#why[@]} -eq 0 ]; then
		ok "$name"
	else
		not_ok "$name" "${why[@]}" "stdout: $OUT" "stderr: $ERR"
	fi
}

# --- static checks -----------------------------------------------------------

static_checks() {
	local l2
	if [ -x "$TOOL" ]; then ok "tool is executable"; else not_ok "tool is executable"; fi
	l2=$(sed -n 2p "$TOOL")
	if [ "$(head -n1 "$TOOL")" = "#!/bin/sh" ] &&
		[ "$l2" = "# SPDX-License-Identifier: GPL-2.0-only" ]; then
		ok "shebang and SPDX line"
	else
		not_ok "shebang and SPDX line" "line 2: $l2"
	fi
	if command -v shellcheck > /dev/null; then
		if shellcheck -s sh "$TOOL" > "$WORK/sc" 2>&1; then
			ok "shellcheck -s sh"
		else
			not_ok "shellcheck -s sh" "$(cat "$WORK/sc")"
		fi
	else
		skip "shellcheck -s sh" "shellcheck not installed"
	fi
	if command -v dash > /dev/null; then
		if dash -n "$TOOL" 2> "$WORK/sc"; then ok "dash -n"; else not_ok "dash -n" "$(cat "$WORK/sc")"; fi
	else
		skip "dash -n" "dash not installed"
	fi
	if command -v busybox > /dev/null; then
		if busybox sh -n "$TOOL" 2> "$WORK/sc"; then ok "busybox sh -n"; else not_ok "busybox sh -n" "$(cat "$WORK/sc")"; fi
	else
		skip "busybox sh -n" "busybox not installed"
	fi
}

# --- behaviour, under one shell ------------------------------------------------

shell_cases() {
	local bdf_line='0000:00:1f.3 8086:a348 snd_hda_intel none'
	local bdf_re='^0000:00:1f\.3 8086:a348 snd_hda_intel none$'

	# Options and usage.
	std_tree
	run --help
	check "--help prints usage" 0 out '^Usage: hdaudbus-bind ' out '--restore' out 'Exit status'
	run -h
	check "-h prints usage" 0 out '^Usage: '
	run --version
	check "--version" 0 =out "hdaudbus-bind $(sed -n 's/^VERSION=//p' "$TOOL")"
	run -V
	check "-V" 0 out '^hdaudbus-bind [0-9]'
	run --bogus
	check "unknown long option is a usage error" 2 \
		err '^hdaudbus-bind: unknown option: --bogus$' =out ""
	run -x
	check "unknown short option is a usage error" 2 err '^hdaudbus-bind: unknown option: -x$'
	run --list --restore
	check "--list with --restore is a usage error" 2 err '^hdaudbus-bind: .*mutually exclusive'
	run -l xyz
	check "malformed BDF is a usage error" 2 err "^hdaudbus-bind: invalid PCI address: 'xyz'"
	run -l 00:1f.8
	check "function > 7 is a usage error" 2 err "invalid PCI address"
	run -l 0000:00:1f
	check "BDF without function is a usage error" 2 err "invalid PCI address"

	# --list.
	run --list
	check "--list shows every HDA controller, one line each" 0 \
		=out "0000:00:0e.0 8086:5a98 snd_hdaudbus snd_hdaudbus
0000:00:1f.3 8086:a348 snd_hda_intel none
0000:01:00.1 10de:10f0 none none" =err ""
	run -l
	check "-l lists without the GPU" 0 !out '0000:00:02\.0'
	run -l 00:1f.3
	check "short BDF gets the 0000: domain" 0 =out "$bdf_line"
	run -l 00:1F.3
	check "upper-case BDF is normalised" 0 out "$bdf_re"
	run -l 0000:00:1f.3 00:1f.3
	check "duplicate BDFs are listed once" 0 =out "$bdf_line"
	run -l -- 00:1f.3
	check "-- ends options" 0 out "$bdf_re"

	# No such device / wrong class / none at all.
	run -l 00:1c.0
	check "--list of a missing device: exit 4" 4 \
		=err "hdaudbus-bind: no such PCI device: 0000:00:1c.0"
	run -n 0000:00:1c.0
	check "bind of a missing device: exit 4" 4 \
		=err "hdaudbus-bind: no such PCI device: 0000:00:1c.0"
	run -n 00:02.0
	check "non-HDA device: exit 4 with its class" 4 \
		=err "hdaudbus-bind: 0000:00:02.0 is not an HD Audio controller (class 0x030000)"
	run -n 00:1f.3 00:1c.0
	check "one bad BDF stops everything before any change" 4 \
		err 'no such PCI device: 0000:00:1c\.0' !out 'would move'
	new_tree nohda
	add_driver snd_hdaudbus
	add_dev 0000:00:02.0 0x030000 0x8086 0x3e92 i915 "(null)"
	run -n
	check "no HD Audio controller at all: exit 4" 4 \
		err '^hdaudbus-bind: no HD Audio controller .* found' =out ""
	run -l
	check "--list with no controller: exit 4" 4 err 'no HD Audio controller'
	new_tree nobus
	rm -rf "$SYS/bus/pci/devices"
	run -l
	check "missing devices dir: exit 4" 4 err 'no HD Audio controller'

	# Module not loaded.
	std_tree
	rm -rf "$SYS/bus/pci/drivers/snd_hdaudbus"
	run -n 00:1f.3
	check "snd_hdaudbus not registered: exit 5" 5 \
		=err "hdaudbus-bind: driver snd_hdaudbus is not registered: load it first (modprobe snd-hdaudbus)"
	run -l
	check "--list works without the module" 0 out "$bdf_re"
	run -n -r 00:1f.3
	check "--restore does not need the module" 0 out 'nothing to do'

	# --dry-run, bind.
	std_tree
	local d=$SYS/bus/pci/devices/0000:00:1f.3
	run --dry-run 00:1f.3
	check "--dry-run bind prints the steps" 0 \
		=out "0000:00:1f.3: would move snd_hda_intel -> snd_hdaudbus
  echo snd_hdaudbus > $d/driver_override
  echo 0000:00:1f.3 > $d/driver/unbind
  echo 0000:00:1f.3 > $SYS/bus/pci/drivers_probe" =err ""
	if [ "$(cat "$d/driver_override")" = "(null)" ] &&
		[ ! -e "$SYS/bus/pci/drivers/snd_hda_intel/unbind" ] &&
		[ ! -s "$SYS/bus/pci/drivers_probe" ]; then
		ok "$SHNAME: --dry-run changes nothing"
	else
		not_ok "$SHNAME: --dry-run changes nothing"
	fi
	run -n 00:01:00.1
	check "BDF with too many fields is a usage error" 2 err 'invalid PCI address'
	run -n 01:00.1
	check "--dry-run bind of an unbound device skips unbind" 0 \
		out '^0000:01:00\.1: would move none -> snd_hdaudbus$' !out 'unbind'
	run -n 00:0e.0
	check "--dry-run bind of a bound device: already bound" 0 \
		=out "0000:00:0e.0: already bound to snd_hdaudbus"
	run -n
	check "--dry-run without BDF acts on every controller" 0 \
		out '^0000:00:1f\.3: would move' out '^0000:01:00\.1: would move' \
		out '^0000:00:0e\.0: already bound' !out '00:02\.0'

	# --dry-run, restore.
	run -n -r 00:0e.0
	check "--dry-run --restore prints the steps" 0 \
		=out "0000:00:0e.0: would move snd_hdaudbus -> (driver chosen by the kernel)
  echo > $SYS/bus/pci/devices/0000:00:0e.0/driver_override
  echo 0000:00:0e.0 > $SYS/bus/pci/devices/0000:00:0e.0/driver/unbind
  echo 0000:00:0e.0 > $SYS/bus/pci/drivers_probe"
	run -nr 00:1f.3
	check "--restore of a device not on snd_hdaudbus: nothing to do" 0 \
		=out "0000:00:1f.3: not bound to snd_hdaudbus (driver: snd_hda_intel); nothing to do"

	# Busy: hdaudbus clients.
	set_clients 0000:00:0e.0 2
	run -n --restore 00:0e.0
	check "restore with hdaudbus clients: exit 6" 6 \
		=err "hdaudbus-bind: 0000:00:0e.0 busy: 2 hdaudbus clients hold it" =out ""
	run -n --restore --force 00:0e.0
	check "--force overrides hdaudbus clients" 0 \
		out 'would move snd_hdaudbus' err 'warning: 0000:00:0e\.0 busy: 2 hdaudbus clients'
	run -nrf 00:0e.0
	check "bundled short options -nrf" 0 out 'would move snd_hdaudbus'
	set_clients 0000:00:0e.0 0
	run -n --restore 00:0e.0
	check "restore with 0 hdaudbus clients is not busy" 0 out 'would move' =err ""
	set_clients 0000:00:0e.0 3
	run -n 00:0e.0
	check "clients do not matter for bind" 0 out 'already bound'

	# Busy: ALSA PCM streams.
	std_tree
	add_card 0000:00:1f.3 1 closed closed
	run -n 00:1f.3
	check "closed PCM substreams are not busy" 0 out 'would move' =err ""
	std_tree
	add_card 0000:00:1f.3 1 closed "state: RUNNING"
	run -n 00:1f.3
	check "open PCM substream: exit 6" 6 \
		=err "hdaudbus-bind: 0000:00:1f.3 busy: ALSA card 1 has open PCM streams" =out ""
	run -n
	check "busy device stops the whole run" 6 !out 'would move'
	run -n -f 00:1f.3
	check "--force overrides open PCM streams" 0 \
		out 'would move snd_hda_intel' err 'warning: .*ALSA card 1'
	run -n -r 00:1f.3
	check "ALSA streams do not matter for restore" 0 out 'nothing to do'

	# Root check.
	std_tree
	if [ "$IS_ROOT" = 0 ]; then
		run 00:1f.3
		check "not root: exit 3" 3 =err "hdaudbus-bind: must be run as root"
		run -r 00:1f.3
		check "not root, --restore: exit 3" 3 err 'must be run as root'
	elif command -v setpriv > /dev/null &&
		setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		cp "$TOOL" "$WORK/tool" && chmod 755 "$WORK/tool"
		chmod -R a+rX "$WORK"
		local saved=$TOOL
		TOOL=$WORK/tool
		local saved_sh=$SH
		SH="$(command -v setpriv) --reuid=65534 --regid=65534 --clear-groups $SH"
		run 00:1f.3
		check "not root: exit 3" 3 =err "hdaudbus-bind: must be run as root"
		run -r 00:1f.3
		check "not root, --restore: exit 3" 3 err 'must be run as root'
		run -n 00:1f.3
		check "not root, --dry-run works" 0 out 'would move'
		run -l
		check "not root, --list works" 0 out "$bdf_re"
		TOOL=$saved
		SH=$saved_sh
	else
		skip "$SHNAME: not root: exit 3" "running as root and setpriv cannot drop privileges"
	fi

	# Real (non-dry-run) runs: need root, or the tool stops at exit 3.
	if [ "$IS_ROOT" = 0 ]; then
		skip "$SHNAME: real runs against the fake tree" "not root"
		return
	fi
	std_tree
	run 00:0e.0
	check "bind of a bound device: already bound, exit 0" 0 \
		=out "0000:00:0e.0: already bound to snd_hdaudbus"
	run -r 00:1f.3
	check "restore of a device not on snd_hdaudbus: exit 0" 0 out 'nothing to do'

	# The fake symlink never moves, so the probe "fails": the tool must say
	# so, roll back driver_override and exit 1.
	run 00:1f.3
	check "bind whose probe does not take: exit 1, rollback" 1 \
		err '0000:00:1f\.3: snd_hdaudbus did not bind \(device is bound to snd_hda_intel' \
		err 'rolled back: bound to snd_hda_intel' !out '->'
	if [ "$(cat "$d/driver_override")" = "" ] &&
		[ "$(cat "$SYS/bus/pci/drivers/snd_hda_intel/unbind")" = 0000:00:1f.3 ] &&
		[ "$(cat "$SYS/bus/pci/drivers_probe")" = 0000:00:1f.3 ]; then
		ok "$SHNAME: bind wrote unbind, drivers_probe, and cleared the override on rollback"
	else
		not_ok "$SHNAME: bind wrote unbind, drivers_probe, and cleared the override on rollback" \
			"driver_override: $(cat "$d/driver_override")"
	fi

	# A write that fails reports the errno text.
	std_tree
	mkdir "$SYS/bus/pci/drivers/snd_hda_intel/unbind"
	run 00:1f.3
	check "failed unbind write reports the errno text" 1 \
		err "^hdaudbus-bind: 0000:00:1f\.3: writing '0000:00:1f\.3' to .*/driver/unbind failed: Is a directory$"

	std_tree
	run -r 00:0e.0
	check "restore whose unbind does not take: exit 1" 1 \
		err 'still bound to snd_hdaudbus'
	if [ "$(cat "$SYS/bus/pci/devices/0000:00:0e.0/driver_override")" = "" ]; then
		ok "$SHNAME: restore cleared driver_override"
	else
		not_ok "$SHNAME: restore cleared driver_override"
	fi

	std_tree
	set_clients 0000:00:0e.0 1
	run -r 00:0e.0
	check "real restore with a client: exit 6, nothing written" 6 \
		=err "hdaudbus-bind: 0000:00:0e.0 busy: 1 hdaudbus clients hold it"
	if [ "$(cat "$SYS/bus/pci/devices/0000:00:0e.0/driver_override")" = snd_hdaudbus ]; then
		ok "$SHNAME: busy restore left driver_override alone"
	else
		not_ok "$SHNAME: busy restore left driver_override alone"
	fi
}

# --- main ----------------------------------------------------------------------

static_checks

SHELLS=0
if command -v dash > /dev/null; then
	SH=dash SHNAME=dash SH_PATH=
	shell_cases
	SHELLS=$((SHELLS + 1))
else
	skip "dash: behaviour" "dash not installed"
fi
if command -v busybox > /dev/null; then
	# Only busybox applets on PATH, as in the initramfs.
	mkdir -p "$WORK/bb"
	BB=$(command -v busybox)
	for applet in $("$BB" --list); do
		ln -sf "$BB" "$WORK/bb/$applet"
	done
	SH="$BB sh" SHNAME="busybox sh" SH_PATH=$WORK/bb
	shell_cases
	SHELLS=$((SHELLS + 1))
else
	skip "busybox sh: behaviour" "busybox not installed"
fi
if [ "$SHELLS" = 0 ]; then
	SH=sh SHNAME=sh SH_PATH=
	shell_cases
fi

echo "KTAP version 1"
echo "1..$NUM"
cat "$RESULTS"
echo "# Totals: pass:$PASS fail:$FAIL xfail:0 xpass:0 skip:$SKIP error:0"
echo "hdaudbus-bind-test: $PASS passed, $FAIL failed, $SKIP skipped"
[ "$FAIL" = 0 ]
