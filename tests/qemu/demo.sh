#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the demo: runs after snd-hdaudbus is loaded and the
# controller is bound.  Shows the controller and the codecs it found, then
# plays a tone with the example function driver when it is in the guest.
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

# Play a tone with the example function driver (examples/tone).
if [ -f /mods/hdaudbus_tone.ko ]; then
	. /suites/lib.sh
	echo "== playing 1 kHz for 2 s through the bus DDI (examples/tone)"
	if load_module hdaudbus_tone; then
		i=0
		while [ $i -lt 100 ]; do
			dmesg | grep -q 'hdaudbus_tone: done:' && break
			sleep 0.1
			i=$((i + 1))
		done
		dmesg | grep 'hdaudbus_tone' | sed 's/^\[[^]]*\] /   /'
		dmesg | grep -q 'hdaudbus_tone: done:' || rc=1
		rmmod hdaudbus_tone || rc=1
	else
		echo "   cannot load hdaudbus_tone"
		rc=1
	fi
fi
exit $rc
