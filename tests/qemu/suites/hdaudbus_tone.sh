#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# hdaudbus_tone.sh - drive the example function driver: it binds to codec 0,
# plays a 1 kHz tone for 2 s through a buffer with notifications, and says
# "done" with its counts.  The host then checks the WAV QEMU recorded.
. /suites/lib.sh

ktap_plan 4
load_module hdaudbus_tone
ktap_result tone_loaded $? "insmod hdaudbus_tone failed"

done_line=
i=0
while [ $i -lt 100 ]; do
	done_line=$(dmesg | grep 'hdaudbus_tone: done:' | tail -n 1)
	[ -n "$done_line" ] && break
	sleep 0.1
	i=$((i + 1))
done
if [ -n "$done_line" ]; then
	ktap_diag "${done_line#*] }"
	ktap_ok tone_played
else
	ktap_fail tone_played "no 'done' from hdaudbus_tone within 10 s" \
		"$(dmesg | grep -i 'hdaudbus_tone\|hdaudbus0D0' | tail -n 5)"
fi

# 2 s of tone + 0.15 s of silence, two notifications per 100 ms pass: about
# 43; allow for the ends and for notifications coalescing under emulation.
n=$(echo "$done_line" | sed -n 's/.* \([0-9][0-9]*\) notifications.*/\1/p')
if [ -n "$n" ] && [ "$n" -ge 35 ] && [ "$n" -le 50 ]; then
	ktap_ok tone_notifications
else
	ktap_fail tone_notifications "notifications: '${n:-none}', want 35..50"
fi

rmmod hdaudbus_tone
ktap_result tone_unloaded $? "rmmod hdaudbus_tone failed"
ktap_done
