/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hdaudbus.h - the one header a client module of snd-hdaudbus includes.
 *
 * snd-hdaudbus owns an HD Audio controller and offers the Windows HD Audio
 * bus DDI (HDAUDIO_BUS_INTERFACE, _V2, _V3 and _BDL) to "function drivers"
 * written as Linux kernel modules.  A client:
 *
 *   1. registers a struct hdaudbus_driver naming the codecs it drives
 *      (module_hdaudbus_driver()); its probe runs once per matching codec;
 *   2. in probe, calls hdaudbus_query_interface() with one of the interface
 *      GUIDs (the counterpart of IRP_MN_QUERY_INTERFACE on Windows);
 *   3. calls the interface's routines exactly as on Windows, and drops its
 *      reference with InterfaceDereference() when done.
 *
 * Exports are in the symbol namespace HDAUDBUS: clients must write
 * MODULE_IMPORT_NS(HDAUDBUS) (from Linux 6.13 on: MODULE_IMPORT_NS("HDAUDBUS")).
 * To resolve the symbols at build time, pass snd-hdaudbus's Module.symvers
 * with KBUILD_EXTRA_SYMBOLS.
 */
#ifndef __HDAUDBUS_HDAUDBUS_H
#define __HDAUDBUS_HDAUDBUS_H

#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <sound/hdaudio.h>

#include <hdaudbus/ntstatus.h>
#include <hdaudbus/wdm.h>
#include <hdaudbus/hdaudio.h>

/*
 * Version of the interfaces and of the bus driver, major in the high byte
 * (Interface->Version, HDAUDIO_DEVICE_INFORMATION.DriverVersion).
 */
#define HDAUDBUS_VERSION	0x0100

/**
 * struct hdaudbus_driver - a client ("function") driver for codecs
 * @name: driver name (default: the module name)
 * @id_table: codecs to bind to, terminated by an all-zero entry; match on
 *	&hda_device_id.vendor_id (32-bit vendor and device id) and, when not
 *	zero, &hda_device_id.rev_id. Build entries with HDAUDBUS_CODEC().
 * @match: optional; replaces @id_table matching; return non-zero to bind
 * @probe: called for each matching codec; the second argument is the
 *	matching @id_table entry (NULL when @match decided)
 * @remove: called when the codec or the driver goes away
 * @shutdown: optional, at system shutdown
 * @pm: optional system sleep callbacks of the codec device; resume runs
 *	after the controller came back (engines in Stop, descriptors
 *	programmed) and must program the codec again: the link reset
 *	cleared its converters
 * @core: private to snd-hdaudbus
 *
 * Only codecs of controllers bound to snd-hdaudbus are ever matched.
 */
struct hdaudbus_driver {
	const char *name;
	const struct hda_device_id *id_table;
	int (*match)(struct hdac_device *codec);
	int (*probe)(struct hdac_device *codec, const struct hda_device_id *id);
	void (*remove)(struct hdac_device *codec);
	void (*shutdown)(struct hdac_device *codec);
	const struct dev_pm_ops *pm;
	struct hdac_driver core;
};

/*
 * One entry of an id table.  api_version carries the device type, so that
 * MODULE_DEVICE_TABLE(hdaudio, ...) produces aliases that udev loads the
 * client module for when snd-hdaudbus registers a matching codec.
 */
#define HDAUDBUS_CODEC(_vendor_id) \
	{ .vendor_id = (_vendor_id), .api_version = HDA_DEV_CORE }

int __hdaudbus_register_driver(struct hdaudbus_driver *drv,
			       struct module *owner, const char *mod_name);
void hdaudbus_unregister_driver(struct hdaudbus_driver *drv);
struct hdac_device *hdaudbus_codec_of(struct device *dev);
int hdaudbus_inject_unsol_event(struct hdac_device *codec, u32 res);

/**
 * hdaudbus_register_driver() - register a client driver
 * @drv: pointer to the driver
 *
 * See __hdaudbus_register_driver().
 */
#define hdaudbus_register_driver(drv) \
	__hdaudbus_register_driver(drv, THIS_MODULE, KBUILD_MODNAME)

/**
 * module_hdaudbus_driver() - a module whose init/exit only (un)register
 * @__drv: a struct hdaudbus_driver (not a pointer)
 */
#define module_hdaudbus_driver(__drv) \
	module_driver(__drv, hdaudbus_register_driver, \
		      hdaudbus_unregister_driver)

/**
 * hdaudbus_query_interface() - obtain a bus DDI interface for a codec
 * @codec: a codec of snd-hdaudbus (as passed to &hdaudbus_driver.probe)
 * @InterfaceType: GUID_HDAUDIO_BUS_INTERFACE, _V2, _V3 or _BDL
 * @Size: size of the caller's buffer at @Interface
 * @Version: interface version the caller asks for (>= 1)
 * @Interface: the caller's HDAUDIO_BUS_INTERFACE* struct, cast
 *
 * The Linux counterpart of IRP_MN_QUERY_INTERFACE sent to a codec's PDO.  On
 * success the whole struct is written, with a new client context in
 * Interface->Context that holds one reference (drop it with
 * Interface->InterfaceDereference(Interface->Context)).  On failure nothing
 * is written.
 *
 * Context: process context (PASSIVE_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_NOT_SUPPORTED for an unknown GUID;
 * STATUS_BUFFER_TOO_SMALL when @Size is smaller than the struct;
 * STATUS_INVALID_PARAMETER for a NULL pointer, @Version 0 or a device that
 * is not a codec of snd-hdaudbus; STATUS_NO_SUCH_DEVICE when its controller
 * is gone; STATUS_UNSUCCESSFUL when called from atomic context.
 */
NTSTATUS hdaudbus_query_interface(struct hdac_device *codec,
				  const GUID *InterfaceType, USHORT Size,
				  USHORT Version, PINTERFACE Interface);

#endif /* __HDAUDBUS_HDAUDBUS_H */
