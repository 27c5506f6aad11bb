#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# hdaudbus_test_faults.sh - the allocation failure tests (debug kernel):
# make sleeping and order-0 allocations eligible for injected failures,
# quietly, run tests/faults/hdaudbus_test_faults.ko, restore the settings.
. /suites/lib.sh

D=/sys/kernel/debug
set_knob() { [ -w "$D/$1" ] && echo "$2" >"$D/$1"; }
set_knob failslab/ignore-gfp-wait N
set_knob failslab/verbose 0
set_knob fail_page_alloc/ignore-gfp-wait N
set_knob fail_page_alloc/min-order 0
set_knob fail_page_alloc/verbose 0

dmesg -c >/dev/null
if load_module hdaudbus_test_faults; then
	dmesg -c | sed 's/^\[[^]]*\] //' |
		grep -E '^(KTAP version|1\.\.|ok |not ok |# )'
	rmmod hdaudbus_test_faults
else
	echo "KTAP version 1"
	echo "1..1"
	echo "not ok 1 faults_in_allocations # insmod failed"
fi

set_knob failslab/ignore-gfp-wait Y
set_knob fail_page_alloc/ignore-gfp-wait Y
set_knob fail_page_alloc/min-order 1
