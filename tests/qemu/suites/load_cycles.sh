#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# load_cycles.sh - rmmod snd_hdaudbus while it owns the controller, then
# load it and bind again, CYCLES times.  After rmmod the controller must be
# unbound (driver_override keeps snd_hda_intel away) and its codec devices
# gone; after the reload both codecs are back.  One KTAP case per kind of
# check; the cycling stops after the first cycle with a failure.  Slab and
# MemAvailable before and after are printed for information.

# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
. /suites/lib.sh

CYCLES=${CYCLES:-20}
KINDS="rmmod_status module_gone controller_unbound codecs_removed \
insmod_status bind_status bound_to_snd_hdaudbus codecs_reappear"

# shellcheck disable=SC2086 # KINDS is a word list
set -- $KINDS
ktap_plan $(($# + 1))

BDF=$(hda_controller)
ktap_diag "controller ${BDF:-none}, $CYCLES cycles"

SLAB0=$(meminfo Slab)
AVAIL0=$(meminfo MemAvailable)

i=1
while [ "$i" -le "$CYCLES" ] && [ -n "$BDF" ]; do
	CHK_CYCLE_FAILED=0
	OUT=$(rmmod "$HDT_DRIVER" 2>&1)
	check_record rmmod_status "$i" $? "rmmod $HDT_DRIVER: $OUT"

	! module_loaded "$HDT_DRIVER"
	check_record module_gone "$i" $? "/sys/module/$HDT_DRIVER still present"

	test "$(pci_driver "$BDF")" = none
	check_record controller_unbound "$i" $? "driver is $(pci_driver "$BDF")"

	ALL=$(controller_codecs "$BDF" 'hdaudbus*D*' | tr '\n' ' ')
	BUS=
	for c in /sys/bus/hdaudio/devices/hdaudbus*; do
		[ -e "$c" ] && BUS="$BUS ${c##*/}"
	done
	[ -z "$ALL" ] && [ -z "$BUS" ]
	check_record codecs_removed "$i" $? "still present: '$ALL' on the bus: '$BUS'"

	OUT=$(load_snd_hdaudbus 2>&1)
	check_record insmod_status "$i" $? "insmod snd-hdaudbus: $OUT"

	OUT=$("$HDT_BIND" 2>&1)
	check_record bind_status "$i" $? "hdaudbus-bind: $OUT"

	hdaudbus_bound "$BDF"
	check_record bound_to_snd_hdaudbus "$i" $? "driver is $(pci_driver "$BDF")"

	D0=$(controller_codecs "$BDF" 'hdaudbus*D0')
	D1=$(controller_codecs "$BDF" 'hdaudbus*D1')
	V0=$(codec_vendor "${D0:-none}")
	V1=$(codec_vendor "${D1:-none}")
	[ "$V0" = 0x1af40011 ] && [ "$V1" = 0x1af40031 ]
	check_record codecs_reappear "$i" $? "D0=${D0:-none} ($V0) D1=${D1:-none} ($V1)"

	if [ "$CHK_CYCLE_FAILED" -ne 0 ]; then
		ktap_diag "stopping after the failures of cycle $i"
		break
	fi
	i=$((i + 1))
done

# shellcheck disable=SC2086 # KINDS is a word list
check_report $KINDS

# The final state: loaded, bound, both codecs.
if module_loaded "$HDT_DRIVER" && [ -n "$BDF" ] && hdaudbus_bound "$BDF" &&
	[ "$(controller_codecs "$BDF" 'hdaudbus*D*' | wc -l)" -eq 2 ]; then
	ktap_ok final_state_bound
else
	ktap_fail final_state_bound \
		"loaded: $(module_loaded "$HDT_DRIVER" && echo yes || echo no), driver: $(pci_driver "${BDF:-none}"), codecs: $(controller_codecs "${BDF:-none}" 'hdaudbus*D*' | tr '\n' ' ')"
fi

SLAB1=$(meminfo Slab)
AVAIL1=$(meminfo MemAvailable)
ktap_diag "after $CYCLES cycles: Slab ${SLAB0} -> ${SLAB1} kB ($((SLAB1 - SLAB0)) kB), MemAvailable ${AVAIL0} -> ${AVAIL1} kB ($((AVAIL1 - AVAIL0)) kB) (informational)"

ktap_done
