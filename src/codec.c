// SPDX-License-Identifier: GPL-2.0-only
/*
 * codec.c - codec discovery and the hdac_device of each codec.
 *
 * Every codec that answers on the link becomes an hdac_device of type
 * HDA_DEV_CORE on snd_hda_bus_type, named hdaudbus<N>D<addr>.  No ALSA
 * codec driver (HDA_DEV_LEGACY) or ASoC driver (HDA_DEV_ASOC) binds to that
 * type, so the codecs belong to hdaudbus client drivers alone.
 */
#include <linux/slab.h>
#include <sound/hda_verbs.h>

#include "compat.h"
#include "controller.h"

/*
 * Verbs of our codecs go through here (hdac_device.exec_verb), so that a
 * client still holding a codec after its controller left gets -ENODEV
 * instead of touching unmapped registers.
 */
static int hdaudbus_codec_exec_verb(struct hdac_device *hdev, unsigned int cmd,
				    unsigned int flags, unsigned int *res)
{
	struct hdaudbus_codec *codec = hdev_to_hdaudbus_codec(hdev);
	struct hdac_bus *bus = &codec->ctrl->bus;
	int err;

	mutex_lock(&bus->cmd_mutex);
	if (hdaudbus_ctrl_is_gone(codec->ctrl) || codec->ctrl->suspended) {
		err = -ENODEV;
	} else {
		err = snd_hdac_bus_exec_verb_unlocked(bus, hdev->addr, cmd, res);
		if (err && hdaudbus_ctrl_check_lost(codec->ctrl))
			err = -ENODEV;
	}
	mutex_unlock(&bus->cmd_mutex);
	return err;
}

static void hdaudbus_codec_release(struct device *dev)
{
	struct hdac_device *hdev = dev_to_hdac_dev(dev);
	struct hdaudbus_codec *codec = hdev_to_hdaudbus_codec(hdev);
	struct hdaudbus_ctrl *ctrl = codec->ctrl;

	snd_hdac_device_exit(hdev);
	kfree(codec);
	hdaudbus_ctrl_put(ctrl);
}

/**
 * hdaudbus_is_own_codec() - is this hdac_device one of ours?
 * @hdev: any device on snd_hda_bus_type
 *
 * Context: any.
 * Return: true if snd-hdaudbus created it.
 */
bool hdaudbus_is_own_codec(struct hdac_device *hdev)
{
	return hdev && hdev->dev.release == hdaudbus_codec_release;
}

/* Ask the codec at @addr for its vendor id, straight on the bus. */
static int hdaudbus_codec_ping(struct hdaudbus_ctrl *ctrl, unsigned int addr)
{
	struct hdac_bus *bus = &ctrl->bus;
	unsigned int cmd = (addr << 28) | (AC_NODE_ROOT << 20) |
			   (AC_VERB_PARAMETERS << 8) | AC_PAR_VENDOR_ID;
	unsigned int res = -1;
	int err;

	mutex_lock(&bus->cmd_mutex);
	err = snd_hdac_bus_exec_verb_unlocked(bus, addr, cmd, &res);
	mutex_unlock(&bus->cmd_mutex);
	if (!err && (res == -1 || !res))
		err = -EIO;
	return err;
}

static int hdaudbus_codec_create(struct hdaudbus_ctrl *ctrl, unsigned int addr)
{
	struct hdaudbus_codec *codec;
	char name[32];
	int err;

	codec = kzalloc(sizeof(*codec), GFP_KERNEL);
	if (!codec)
		return -ENOMEM;
	codec->ctrl = ctrl;
	codec->hdev.exec_verb = hdaudbus_codec_exec_verb;
	snprintf(name, sizeof(name), "hdaudbus%dD%u", ctrl->index, addr);

	/* on failure this has already dropped the device's only reference */
	err = snd_hdac_device_init(&codec->hdev, &ctrl->bus, name, addr);
	if (err) {
		kfree(codec);
		return err;
	}
	hdaudbus_ctrl_get(ctrl);
	codec->hdev.dev.release = hdaudbus_codec_release;

	err = snd_hdac_device_register(&codec->hdev);
	if (err) {
		put_device(&codec->hdev.dev);
		return err;
	}
	ctrl->codecs[addr] = codec;
	dev_info(&ctrl->pci->dev, "codec %u: %s, vendor id 0x%08x\n", addr,
		 name, codec->hdev.vendor_id);
	return 0;
}

/**
 * hdaudbus_codecs_probe() - find and register the codecs on the link
 * @ctrl: controller with a running CORB/RIRB
 *
 * A codec that is present in STATESTS but does not answer is dropped with a
 * warning; the controller still binds.
 *
 * Context: process context.
 * Return: 0, or -ENOMEM.
 */
int hdaudbus_codecs_probe(struct hdaudbus_ctrl *ctrl)
{
	struct hdac_bus *bus = &ctrl->bus;
	unsigned long mask = bus->codec_mask;
	bool reset = false;
	unsigned int addr;
	int err;

	for_each_set_bit(addr, &mask, HDA_MAX_CODECS) {
		if (hdaudbus_codec_ping(ctrl, addr) < 0) {
			dev_warn(&ctrl->pci->dev,
				 "codec %u does not answer, ignoring it\n",
				 addr);
			clear_bit(addr, &bus->codec_mask);
			reset = true;
		}
	}
	if (reset) {
		/* a codec that timed out can leave the link confused */
		snd_hdac_bus_stop_chip(bus);
		snd_hdac_bus_init_chip(bus, true);
	}
	if (!bus->codec_mask)
		dev_warn(&ctrl->pci->dev, "no codec found on the link\n");

	mask = bus->codec_mask;
	for_each_set_bit(addr, &mask, HDA_MAX_CODECS) {
		err = hdaudbus_codec_create(ctrl, addr);
		if (err == -ENOMEM) {
			hdaudbus_codecs_remove(ctrl);
			return err;
		}
		if (err)
			dev_warn(&ctrl->pci->dev,
				 "codec %u not registered: %d\n", addr, err);
	}
	return 0;
}

/**
 * hdaudbus_codecs_resume() - check the codecs after system sleep
 * @ctrl: controller whose link just left reset, verbs not yet open to
 *	clients; bus.codec_mask holds the codecs that signalled their
 *	presence (STATESTS) after the reset
 *
 * The link reset put every codec back in its power-on state.  Each codec
 * registered at probe must have signalled its presence again (STATESTS)
 * and answer; one that does not is left out of the link (its verbs then
 * answer IsValid = 0) with a warning, and keeps its device, so that its
 * client can still be unbound.  Client drivers program their codecs again
 * in their own resume, which runs after this.
 *
 * Context: process context, during resume.
 */
void hdaudbus_codecs_resume(struct hdaudbus_ctrl *ctrl)
{
	struct hdac_bus *bus = &ctrl->bus;
	unsigned long present = bus->codec_mask;
	unsigned long mask = 0;
	unsigned int addr;

	for (addr = 0; addr < HDA_MAX_CODECS; addr++) {
		if (!ctrl->codecs[addr])
			continue;
		if (!test_bit(addr, &present) ||
		    hdaudbus_codec_ping(ctrl, addr) < 0) {
			dev_warn(&ctrl->pci->dev,
				 "codec %u did not come back after system sleep\n",
				 addr);
			continue;
		}
		__set_bit(addr, &mask);
	}
	bus->codec_mask = mask;
}

/**
 * hdaudbus_codecs_remove() - unregister every codec of a controller
 * @ctrl: the controller
 *
 * Client drivers bound to the codecs are unbound first (their remove runs
 * while verbs still work).  Each codec's memory goes with its last
 * reference.
 *
 * Context: process context.
 */
void hdaudbus_codecs_remove(struct hdaudbus_ctrl *ctrl)
{
	unsigned int addr;

	for (addr = 0; addr < HDA_MAX_CODECS; addr++) {
		struct hdaudbus_codec *codec = ctrl->codecs[addr];

		if (!codec)
			continue;
		ctrl->codecs[addr] = NULL;
		snd_hdac_device_unregister(&codec->hdev);
		put_device(&codec->hdev.dev);
	}
}
