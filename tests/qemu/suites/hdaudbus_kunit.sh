#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# hdaudbus_kunit.sh - run the KUnit tests of the pure logic
# (tests/kunit/hdaudbus_kunit.ko, debug kernel only).  A KUnit module prints
# its suite as a nested KTAP block and the suite's result line, but no
# top-level header: this suite supplies it (one result: the KUnit suite).
. /suites/lib.sh

echo "KTAP version 1"
echo "1..1"
dmesg -c >/dev/null
if load_module hdaudbus_kunit; then
	dmesg -c | sed 's/^\[[^]]*\] //' | grep -E '^(    |ok |not ok |# )'
	rmmod hdaudbus_kunit
else
	echo "not ok 1 hdaudbus_logic # insmod failed"
fi
