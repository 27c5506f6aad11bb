#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# bind_cycles.sh - move the controller back to snd_hda_intel
# (hdaudbus-bind --restore) and to snd_hdaudbus again (hdaudbus-bind),
# CYCLES times.  One KTAP case per kind of check; a failure names the
# first cycle where it happened, and the cycling stops after that cycle.

# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
. /suites/lib.sh

CYCLES=${CYCLES:-20}
KINDS="restore_status restored_to_snd_hda_intel snd_hda_intel_codecs \
bind_status bound_to_snd_hdaudbus codecs_reappear codec_vendor_ids"

# shellcheck disable=SC2086 # KINDS is a word list
set -- $KINDS
ktap_plan $#

BDF=$(hda_controller)
ktap_diag "controller ${BDF:-none}, $CYCLES cycles"

i=1
while [ "$i" -le "$CYCLES" ] && [ -n "$BDF" ]; do
	CHK_CYCLE_FAILED=0
	OUT=$("$HDT_BIND" --restore 2>&1)
	check_record restore_status "$i" $? "hdaudbus-bind --restore: $OUT"

	wait_until 5 test "$(pci_driver "$BDF")" = snd_hda_intel
	check_record restored_to_snd_hda_intel "$i" $? \
		"driver is $(pci_driver "$BDF")"

	# snd_hda_intel probes the codecs asynchronously; let it finish as it
	# would on a real machine before taking the controller away again.
	wait_until 10 hda_intel_ready "$BDF"
	check_record snd_hda_intel_codecs "$i" $? \
		"snd_hda_intel codecs: '$(controller_codecs "$BDF" 'hdaudioC*D*' | tr '\n' ' ')'"

	OUT=$("$HDT_BIND" 2>&1)
	check_record bind_status "$i" $? "hdaudbus-bind: $OUT"

	hdaudbus_bound "$BDF"
	check_record bound_to_snd_hdaudbus "$i" $? "driver is $(pci_driver "$BDF")"

	D0=$(controller_codecs "$BDF" 'hdaudbus*D0')
	D1=$(controller_codecs "$BDF" 'hdaudbus*D1')
	ALL=$(controller_codecs "$BDF" 'hdaudbus*D*' | tr '\n' ' ')
	LEFT=$(controller_codecs "$BDF" 'hdaudioC*' | tr '\n' ' ')
	[ -n "$D0" ] && [ -n "$D1" ] && [ "$(echo "$ALL" | wc -w)" -eq 2 ] &&
		[ -z "$LEFT" ]
	check_record codecs_reappear "$i" $? \
		"codecs '$ALL', snd_hda_intel leftovers '$LEFT'"

	V0=$(codec_vendor "${D0:-none}")
	V1=$(codec_vendor "${D1:-none}")
	[ "$V0" = 0x1af40011 ] && [ "$V1" = 0x1af40031 ]
	check_record codec_vendor_ids "$i" $? "vendor ids D0=$V0 D1=$V1"

	if [ "$CHK_CYCLE_FAILED" -ne 0 ]; then
		ktap_diag "stopping after the failures of cycle $i"
		break
	fi
	i=$((i + 1))
done

# shellcheck disable=SC2086 # KINDS is a word list
check_report $KINDS
ktap_done
