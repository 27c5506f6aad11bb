# SPDX-License-Identifier: GPL-2.0-only
#
# User wrapper around kbuild for snd-hdaudbus.  `make help` lists targets.
#
# Knobs:
#   KVER=<release>   build for an installed kernel, e.g. 6.12.117+deb12-amd64
#   KDIR=<path>      build against this kernel tree / headers directory
# Without them the running kernel's headers are used, or, when those are
# not installed, the newest /usr/src/linux-headers-*-amd64.

MAKEFLAGS += --no-print-directory
SHELL := /bin/bash

ifeq ($(origin KDIR),undefined)
  ifneq ($(KVER),)
    KDIR := /lib/modules/$(KVER)/build
  else ifneq ($(wildcard /lib/modules/$(shell uname -r)/build/Makefile),)
    KVER := $(shell uname -r)
    KDIR := /lib/modules/$(KVER)/build
  else
    KDIR := $(lastword $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V))
    KVER := $(patsubst linux-headers-%,%,$(notdir $(KDIR)))
  endif
endif

KBUILD := $(MAKE) -C $(KDIR) M=$(CURDIR)
TESTS_KBUILD := $(MAKE) -C $(KDIR) M=$(CURDIR)/tests/modules \
	KBUILD_EXTRA_SYMBOLS=$(CURDIR)/Module.symvers

.PHONY: all modules tests clean install check demo lint help kdir-check

all: modules

kdir-check:
	@if [ -z "$(KDIR)" ] || [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "error: no kernel headers found$(if $(KDIR), at $(KDIR)): install them with 'apt-get install linux-headers-$(if $(KVER),$(KVER),amd64)' or pass KDIR=<kernel tree>" >&2; \
		exit 1; \
	fi

modules: kdir-check
	+$(KBUILD) modules

tests: modules
	+$(TESTS_KBUILD) modules

install: kdir-check
	+$(KBUILD) modules_install
	@depmod -a $(KVER) 2>/dev/null || true

clean:
	@if [ -n "$(KDIR)" ] && [ -f "$(KDIR)/Makefile" ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/modules clean; \
		$(MAKE) -C $(KDIR) M=$(CURDIR) clean; \
	fi
	rm -rf build

# The whole test suite, on every supported kernel (see README.md).
check:
	@tests/check

# The main job: build, boot QEMU, bind the controller, show what was found.
demo:
	@tests/demo

# Static checks: W=1 + sparse builds and checkpatch.
lint: kdir-check
	+$(KBUILD) W=1 C=1 modules
	@tests/lint

help:
	@echo "Targets:"
	@echo "  modules  (default) build snd-hdaudbus.ko for KVER/KDIR"
	@echo "  tests    build the kernel test modules in tests/modules"
	@echo "  install  install the module (kbuild modules_install, then depmod)"
	@echo "  clean    remove build output"
	@echo "  check    install test dependencies, then build and run every test"
	@echo "           under QEMU on Debian's 6.1 and 6.12 kernels"
	@echo "  demo     install dependencies, build, boot QEMU with an HD Audio"
	@echo "           controller, bind it and show what was found"
	@echo "  lint     W=1 + sparse build and checkpatch"
	@echo "Knobs: KVER=<kernel release>, KDIR=<kernel build tree>"
	@echo "Now: KVER=$(KVER) KDIR=$(KDIR)"
