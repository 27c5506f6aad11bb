#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the demo: runs after snd-hdaudbus is loaded and the
# controller is bound.  Shows the controller and the codecs it found.
rc=0
echo "== HD Audio controllers"
hdaudbus-bind --list || rc=1
for dev in /sys/bus/pci/devices/*; do
	[ -d "$dev/hdaudbus" ] || continue
	echo "== $(basename "$dev") bound to snd_hdaudbus"
	for a in input_streams output_streams bidir_streams codec_mask irq_mode interrupts clients; do
		printf '   %-15s %s\n' "$a" "$(cat "$dev/hdaudbus/$a")"
	done
done
found=0
echo "== codecs on the link"
for c in /sys/bus/hdaudio/devices/hdaudbus*; do
	[ -e "$c" ] || continue
	found=$((found + 1))
	printf '   %-12s vendor %s subsystem %s revision %s afg %s\n' \
		"$(basename "$c")" "$(cat "$c/vendor_id")" \
		"$(cat "$c/subsystem_id")" "$(cat "$c/revision_id")" \
		"$(cat "$c/afg")"
done
[ "$found" -gt 0 ] || { echo "   none"; rc=1; }
exit $rc
