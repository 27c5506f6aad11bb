/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * compat.h - every kernel-version difference of snd-hdaudbus, in one place.
 *
 * Supported: Debian's 6.1 and 6.12 kernels.  Where a feature macro exists it
 * is tested directly; where none exists the version that changed the API is
 * named next to the check, so the shim can be dropped with that version.
 */
#ifndef __HDAUDBUS_COMPAT_H
#define __HDAUDBUS_COMPAT_H

#include <linux/version.h>
#include <linux/export.h>
#include <linux/pci.h>
#include <sound/hdaudio.h>

/*
 * Symbol namespace.  Until 6.13 the namespace argument is a bare token that
 * the macros stringify; from 6.13 it is a string literal.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define HDAUDBUS_EXPORT(sym)	EXPORT_SYMBOL_NS_GPL(sym, "HDAUDBUS")
#else
#define HDAUDBUS_EXPORT(sym)	EXPORT_SYMBOL_NS_GPL(sym, HDAUDBUS)
#endif

/* PCI_IRQ_LEGACY was renamed PCI_IRQ_INTX in 6.8 and removed in 6.10. */
#ifdef PCI_IRQ_INTX
#define HDAUDBUS_PCI_IRQ_INTX	PCI_IRQ_INTX
#else
#define HDAUDBUS_PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

/*
 * struct hdac_driver::match takes a const driver since 6.11 (bus_type.match
 * became const-correct).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define HDAUDBUS_HDAC_DRV_CONST	const
#else
#define HDAUDBUS_HDAC_DRV_CONST
#endif

/*
 * snd_hdac_stream_setup() gained a code_loading argument (6.6) and
 * snd_hdac_stream_start() lost its fresh_start argument (6.4): 6.1 has the
 * old forms, 6.12 the new ones.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define hdaudbus_stream_setup(s)	snd_hdac_stream_setup((s), false)
#else
#define hdaudbus_stream_setup(s)	snd_hdac_stream_setup(s)
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define hdaudbus_stream_start(s)	snd_hdac_stream_start(s)
#else
#define hdaudbus_stream_start(s)	snd_hdac_stream_start((s), true)
#endif

#endif /* __HDAUDBUS_COMPAT_H */
