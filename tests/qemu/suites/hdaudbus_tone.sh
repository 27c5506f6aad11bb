#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# hdaudbus_tone.sh - drive the example function driver (examples/tone): it
# binds to codec 0 and plays a 1 kHz tone for 2 s, first through a buffer
# with two notifications per pass (HDAUDIO_BUS_INTERFACE_V2), then through a
# client-built BDL of four entries with IOC on entries 2 and 4 and its own
# BDL ISR (HDAUDIO_BUS_INTERFACE_BDL).  The host then checks both tones in
# the WAV QEMU recorded (tests/wavcheck --segments 2).
. /suites/lib.sh

# play MODE [ARGS]: one run of the example driver
play() {
	_mode=$1
	shift
	dmesg -c >/dev/null
	load_module hdaudbus_tone "$@"
	ktap_result "${_mode}_loaded" $? "insmod hdaudbus_tone $* failed"

	_done=
	_i=0
	while [ $_i -lt 100 ]; do
		_done=$(dmesg | grep 'hdaudbus_tone: done:' | tail -n 1)
		[ -n "$_done" ] && break
		sleep 0.1
		_i=$((_i + 1))
	done
	if [ -n "$_done" ]; then
		ktap_diag "${_done#*] }"
		ktap_ok "${_mode}_played"
	else
		ktap_fail "${_mode}_played" "no 'done' from hdaudbus_tone within 10 s" \
			"$(dmesg | grep -i 'hdaudbus_tone\|hdaudbus0D0' | tail -n 5)"
	fi

	# 2 s of tone + 0.15 s of silence + the last buffer, two notifications
	# per 100 ms pass: about 45; allow for the ends and for coalescing.
	_n=$(echo "$_done" | sed -n 's/.* \([0-9][0-9]*\) notifications.*/\1/p')
	if [ -n "$_n" ] && [ "$_n" -ge 35 ] && [ "$_n" -le 50 ]; then
		ktap_ok "${_mode}_notifications"
	else
		ktap_fail "${_mode}_notifications" "notifications: '${_n:-none}', want 35..50"
	fi

	rmmod hdaudbus_tone
	ktap_result "${_mode}_unloaded" $? "rmmod hdaudbus_tone failed"
	# a gap between the two tones in the recording
	sleep 0.3
}

ktap_plan 9
play notification
play bdl bdl=1
_isr=$(dmesg | sed -n 's/.* \([0-9][0-9]*\) ISR calls.*/\1/p' | tail -n 1)
if [ -n "$_isr" ] && [ "$_isr" -ge 35 ]; then
	ktap_ok bdl_isr_called
else
	ktap_fail bdl_isr_called "BDL ISR calls: '${_isr:-none}', want >= 35"
fi
ktap_done
