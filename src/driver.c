// SPDX-License-Identifier: GPL-2.0-only
/*
 * driver.c - registration of client ("function") drivers for our codecs.
 *
 * A client module describes the codecs it drives with a table of
 * struct hda_device_id and registers a struct hdaudbus_driver.  It is an
 * hdac_driver of type HDA_DEV_CORE on snd_hda_bus_type; the match below also
 * makes sure it only ever binds to codecs that snd-hdaudbus created.
 */
#include <linux/module.h>
#include <sound/hdaudio.h>

#include <hdaudbus/hdaudbus.h>

#include "compat.h"
#include "client.h"
#include "controller.h"

static struct hdaudbus_driver *to_hdaudbus_driver(struct device_driver *drv)
{
	return container_of(drv_to_hdac_driver(drv), struct hdaudbus_driver,
			    core);
}

static const struct hda_device_id *
hdaudbus_drv_find_id(const struct hdaudbus_driver *drv,
		     struct hdac_device *hdev)
{
	const struct hda_device_id *id;

	for (id = drv->id_table; id && id->vendor_id; id++)
		if (id->vendor_id == hdev->vendor_id &&
		    (!id->rev_id || id->rev_id == hdev->revision_id))
			return id;
	return NULL;
}

static int hdaudbus_drv_match(struct hdac_device *hdev,
			      HDAUDBUS_HDAC_DRV_CONST struct hdac_driver *hdrv)
{
	const struct hdaudbus_driver *drv =
		container_of(hdrv, struct hdaudbus_driver, core);

	if (!hdaudbus_is_own_codec(hdev))
		return 0;
	if (drv->match)
		return drv->match(hdev);
	return !!hdaudbus_drv_find_id(drv, hdev);
}

/*
 * snd-hda-core hands unsolicited responses only to codecs marked
 * "registered", and dereferences the codec's driver without checking it:
 * a codec is marked only while a client driver is bound to it.
 */
static void hdaudbus_drv_mark(struct hdac_device *hdev, bool bound)
{
	unsigned long flags;

	spin_lock_irqsave(&hdev->bus->reg_lock, flags);
	hdev->registered = bound;
	spin_unlock_irqrestore(&hdev->bus->reg_lock, flags);
	if (!bound)
		flush_work(&hdev->bus->unsol_work);
}

static int hdaudbus_drv_probe(struct device *dev)
{
	struct hdaudbus_driver *drv = to_hdaudbus_driver(dev->driver);
	struct hdac_device *hdev = dev_to_hdac_dev(dev);
	int err;

	err = drv->probe(hdev, hdaudbus_drv_find_id(drv, hdev));
	if (!err)
		hdaudbus_drv_mark(hdev, true);
	return err;
}

static int hdaudbus_drv_remove(struct device *dev)
{
	struct hdaudbus_driver *drv = to_hdaudbus_driver(dev->driver);
	struct hdac_device *hdev = dev_to_hdac_dev(dev);

	hdaudbus_drv_mark(hdev, false);
	if (drv->remove)
		drv->remove(hdev);
	/* what the client did not release, it never will */
	hdaudbus_clients_revoke(hdev, NULL);
	return 0;
}

static void hdaudbus_drv_unsol_event(struct hdac_device *hdev,
				     unsigned int res)
{
	hdaudbus_unsol_dispatch(hdev_to_hdaudbus_codec(hdev)->ctrl,
				hdev->addr, res);
}

static void hdaudbus_drv_shutdown(struct device *dev)
{
	struct hdaudbus_driver *drv = to_hdaudbus_driver(dev->driver);

	if (drv->shutdown)
		drv->shutdown(dev_to_hdac_dev(dev));
}

/**
 * __hdaudbus_register_driver() - register a client driver for our codecs
 * @drv: the driver; @drv->name, @drv->id_table (or @drv->match) and
 *	@drv->probe are filled by the caller
 * @owner: the module that owns @drv (THIS_MODULE)
 * @mod_name: KBUILD_MODNAME of that module
 *
 * The driver binds to each matching codec of every controller bound to
 * snd-hdaudbus, now and as controllers come and go; @drv->probe runs once
 * per codec.  Use hdaudbus_register_driver() or module_hdaudbus_driver().
 *
 * Context: process context.
 * Return: 0 or a negative errno (-EINVAL for a driver without name, probe
 * or a way to match).
 */
int __hdaudbus_register_driver(struct hdaudbus_driver *drv,
			       struct module *owner, const char *mod_name)
{
	if (!drv || !drv->probe || (!drv->id_table && !drv->match))
		return -EINVAL;

	drv->core.driver.name = drv->name ? drv->name : mod_name;
	drv->core.driver.owner = owner;
	drv->core.driver.mod_name = mod_name;
	drv->core.driver.bus = &snd_hda_bus_type;
	drv->core.driver.probe = hdaudbus_drv_probe;
	drv->core.driver.remove = hdaudbus_drv_remove;
	drv->core.driver.shutdown = hdaudbus_drv_shutdown;
	drv->core.driver.pm = drv->pm;
	drv->core.type = HDA_DEV_CORE;
	drv->core.id_table = drv->id_table;
	drv->core.match = hdaudbus_drv_match;
	drv->core.unsol_event = hdaudbus_drv_unsol_event;
	return driver_register(&drv->core.driver);
}
HDAUDBUS_EXPORT(__hdaudbus_register_driver);

/**
 * hdaudbus_unregister_driver() - unregister a client driver
 * @drv: a driver registered with hdaudbus_register_driver()
 *
 * Its remove callback runs for every codec it is bound to.
 *
 * Context: process context.
 */
void hdaudbus_unregister_driver(struct hdaudbus_driver *drv)
{
	driver_unregister(&drv->core.driver);
}
HDAUDBUS_EXPORT(hdaudbus_unregister_driver);

/**
 * hdaudbus_codec_of() - is @dev a codec of snd-hdaudbus?
 * @dev: any struct device
 *
 * Context: any.
 * Return: the codec's hdac_device, or NULL when @dev is not one of ours.
 */
struct hdac_device *hdaudbus_codec_of(struct device *dev)
{
	struct hdac_device *hdev;

	if (!dev || dev->bus != &snd_hda_bus_type)
		return NULL;
	hdev = dev_to_hdac_dev(dev);
	return hdaudbus_is_own_codec(hdev) ? hdev : NULL;
}
HDAUDBUS_EXPORT(hdaudbus_codec_of);
