#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# controller.sh - after the bind: the controller is owned by snd_hdaudbus,
# its sysfs attributes describe QEMU's ich9-intel-hda, and the two QEMU
# codecs (hda-output at 0, hda-micro at 1, both mixer=off) are registered
# as hdaudbus<bus>D<addr> on the hdaudio bus, with no snd_hda_intel codec
# left behind.

# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
. /suites/lib.sh

ktap_plan 13

BDF=$(hda_controller)
if [ -n "$BDF" ]; then
	ktap_diag "controller $BDF"
	ktap_ok controller_found
else
	ktap_fail controller_found "no PCI device of class 0x0403xx"
fi
DEV=/sys/bus/pci/devices/$BDF

expect_eq driver "$HDT_DRIVER" "$(pci_driver "$BDF")"

# attr NAME: the value of hdaudbus/NAME, or "missing".
attr() {
	cat "$DEV/hdaudbus/$1" 2>/dev/null || echo missing
}
expect_eq input_streams 4 "$(attr input_streams)"
expect_eq output_streams 4 "$(attr output_streams)"
expect_eq bidir_streams 0 "$(attr bidir_streams)"

MASK=$(attr codec_mask)
case $MASK in
0x[0-9a-fA-F]*)
	expect_eq codec_mask 3 "$((MASK))"
	;;
*)
	ktap_fail codec_mask "codec_mask: expected hex like 0x3, got '$MASK'"
	;;
esac
expect_eq clients 0 "$(attr clients)"

CODECS=$(controller_codecs "$BDF" 'hdaudbus*D*' | tr '\n' ' ')
CODECS=${CODECS% }
D0=$(controller_codecs "$BDF" 'hdaudbus*D0')
D1=$(controller_codecs "$BDF" 'hdaudbus*D1')
expect_eq codec_count 2 "$(echo "$CODECS" | wc -w)"
if [ -n "$D0" ] && [ -n "$D1" ]; then
	ktap_diag "codecs: $CODECS"
	ktap_ok codec_addresses
else
	ktap_fail codec_addresses "expected hdaudbus<bus>D0 and hdaudbus<bus>D1, got '$CODECS'"
fi

# on_hdaudio_bus: every codec is registered on the hdaudio bus.
ONBUS=0
MISSING=
for c in $CODECS; do
	if [ ! -e "/sys/bus/hdaudio/devices/$c" ]; then
		ONBUS=1
		MISSING="$MISSING $c"
	fi
done
[ -n "$CODECS" ] || ONBUS=1
ktap_result on_hdaudio_bus "$ONBUS" "not in /sys/bus/hdaudio/devices:${MISSING:- (no codecs)}"

expect_eq d0_vendor_id 0x1af40011 "$(codec_vendor "${D0:-none}")"
expect_eq d1_vendor_id 0x1af40031 "$(codec_vendor "${D1:-none}")"

LEFT=$(controller_codecs "$BDF" 'hdaudioC*' | tr '\n' ' ')
[ -z "$LEFT" ]
ktap_result no_snd_hda_intel_codecs $? "left behind: $LEFT"

ktap_done
