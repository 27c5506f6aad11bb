// SPDX-License-Identifier: GPL-2.0-only
/*
 * unsol.c - unsolicited responses (RegisterEventCallback,
 * UnregisterEventCallback).
 *
 * A response names only the codec address that sent it (RIRB SDataIn) and
 * the 6-bit tag the codec was programmed with, so tags are unique per codec
 * address across every client of that codec, 64 of them, and dispatch is by
 * (address, tag).  The path: the interrupt handler's RIRB processing
 * (snd_hdac_bus_update_rirb) queues the response to snd-hda-core's
 * unsolicited work, which calls the unsol_event of the driver bound to the
 * codec, i.e. of an hdaudbus client driver (driver.c), which lands here.
 * Callbacks are called at DISPATCH_LEVEL (bottom halves disabled), never
 * under a lock of the bus.
 *
 * snd-hda-core only delivers for a codec marked "registered", and it reads
 * the codec's driver without checking it; driver.c therefore marks a codec
 * registered only while a client driver is bound to it.
 */
#include <linux/bottom_half.h>
#include <linux/sched.h>

#include <hdaudbus/hdaudbus.h>

#include "compat.h"
#include "client.h"
#include "unsol.h"

/* Tags handed out first to last: 0 is what a codec sends by default. */
static unsigned int hdaudbus_unsol_tag(unsigned int i)
{
	return (i + 1) % HDAUDBUS_UNSOL_TAGS;
}

/**
 * hdaudbus_unsol_register() - RegisterEventCallback
 * @c: the client; the tag is taken in its codec's namespace
 * @fn: called for each unsolicited response with the tag
 * @context: passed to @fn
 * @tag: out: the tag (0..63) to program into the codec's widgets
 *
 * Context: process context.
 * Return: 0, or -ENOSPC when all 64 tags of the codec are in use.
 */
int hdaudbus_unsol_register(struct hdaudbus_client *c,
			    PHDAUDIO_UNSOLICITED_RESPONSE_CALLBACK fn,
			    void *context, u8 *tag)
{
	struct hdaudbus_ctrl *ctrl = c->ctrl;
	struct hdaudbus_unsol_slot *slots = ctrl->unsol[c->codec->addr];
	unsigned long flags;
	unsigned int i;
	int err = -ENOSPC;

	spin_lock_irqsave(&ctrl->unsol_lock, flags);
	for (i = 0; i < HDAUDBUS_UNSOL_TAGS; i++) {
		struct hdaudbus_unsol_slot *s = &slots[hdaudbus_unsol_tag(i)];

		if (s->owner)
			continue;
		s->owner = c;
		s->fn = fn;
		s->context = context;
		*tag = hdaudbus_unsol_tag(i);
		err = 0;
		break;
	}
	spin_unlock_irqrestore(&ctrl->unsol_lock, flags);
	return err;
}

static void hdaudbus_unsol_sync(struct hdaudbus_ctrl *ctrl)
{
	wait_event(ctrl->unsol_wq, !READ_ONCE(ctrl->unsol_running));
}

/**
 * hdaudbus_unsol_unregister() - UnregisterEventCallback
 * @c: the client
 * @tag: a tag it registered
 *
 * Once this returns, the callback is not running and is not called again.
 *
 * Context: process context.
 * Return: 0, or -EINVAL when @tag is out of range or not registered by @c.
 */
int hdaudbus_unsol_unregister(struct hdaudbus_client *c, unsigned int tag)
{
	struct hdaudbus_ctrl *ctrl = c->ctrl;
	struct hdaudbus_unsol_slot *s;
	unsigned long flags;
	int err = -EINVAL;

	if (tag >= HDAUDBUS_UNSOL_TAGS)
		return -EINVAL;
	s = &ctrl->unsol[c->codec->addr][tag];
	spin_lock_irqsave(&ctrl->unsol_lock, flags);
	if (s->owner == c) {
		memset(s, 0, sizeof(*s));
		err = 0;
	}
	spin_unlock_irqrestore(&ctrl->unsol_lock, flags);
	if (!err)
		hdaudbus_unsol_sync(ctrl);
	return err;
}

/**
 * hdaudbus_unsol_drop() - unregister every tag of a leaving client
 * @c: the client
 *
 * Context: process context.
 * Return: the number of registrations dropped.
 */
unsigned int hdaudbus_unsol_drop(struct hdaudbus_client *c)
{
	struct hdaudbus_ctrl *ctrl = c->ctrl;
	struct hdaudbus_unsol_slot *slots = ctrl->unsol[c->codec->addr];
	unsigned int i, n = 0;
	unsigned long flags;

	spin_lock_irqsave(&ctrl->unsol_lock, flags);
	for (i = 0; i < HDAUDBUS_UNSOL_TAGS; i++) {
		if (slots[i].owner != c)
			continue;
		memset(&slots[i], 0, sizeof(slots[i]));
		n++;
	}
	spin_unlock_irqrestore(&ctrl->unsol_lock, flags);
	if (n)
		hdaudbus_unsol_sync(ctrl);
	return n;
}

/**
 * hdaudbus_unsol_dispatch() - deliver one unsolicited response
 * @ctrl: the controller
 * @addr: the codec address that sent it
 * @res: the 32-bit response; its tag is in bits 31:26
 *
 * Context: process context (snd-hda-core's unsolicited work).
 */
void hdaudbus_unsol_dispatch(struct hdaudbus_ctrl *ctrl, unsigned int addr,
			     u32 res)
{
	PHDAUDIO_UNSOLICITED_RESPONSE_CALLBACK fn = NULL;
	HDAUDIO_CODEC_RESPONSE rsp = { .CompleteResponse = 0 };
	unsigned int tag = res >> 26;
	void *context = NULL;
	unsigned long flags;

	if (addr >= HDA_MAX_CODECS)
		return;
	spin_lock_irqsave(&ctrl->unsol_lock, flags);
	if (ctrl->unsol[addr][tag].owner) {
		fn = ctrl->unsol[addr][tag].fn;
		context = ctrl->unsol[addr][tag].context;
		ctrl->unsol_running++;
	}
	spin_unlock_irqrestore(&ctrl->unsol_lock, flags);
	if (!fn)
		return;

	rsp.Response = res;
	rsp.SDataIn = addr;
	rsp.IsUnsolicitedResponse = 1;
	rsp.IsValid = 1;
	local_bh_disable();
	fn(rsp, context);
	local_bh_enable();

	spin_lock_irqsave(&ctrl->unsol_lock, flags);
	if (!--ctrl->unsol_running)
		wake_up_all(&ctrl->unsol_wq);
	spin_unlock_irqrestore(&ctrl->unsol_lock, flags);
}

/**
 * hdaudbus_inject_unsol_event() - queue an unsolicited response
 * @codec: the codec that "sent" it
 * @res: the response (tag in bits 31:26)
 *
 * Puts the response into snd-hda-core's unsolicited queue exactly as the
 * RIRB handler does for a response flagged unsolicited, so it travels the
 * whole delivery path.  For tests, and for simulating jack events on
 * emulated codecs that never send any.
 *
 * Context: any (takes bus.reg_lock).
 * Return: 0, or -EINVAL when @codec is not one of ours.
 */
int hdaudbus_inject_unsol_event(struct hdac_device *codec, u32 res)
{
	struct hdac_bus *bus;
	unsigned long flags;
	unsigned int wp;

	if (!hdaudbus_is_own_codec(codec))
		return -EINVAL;
	bus = codec->bus;
	spin_lock_irqsave(&bus->reg_lock, flags);
	wp = (bus->unsol_wp + 1) % HDA_UNSOL_QUEUE_SIZE;
	bus->unsol_wp = wp;
	bus->unsol_queue[2 * wp] = res;
	/* RIRB extended response: codec address, bit 4 = unsolicited */
	bus->unsol_queue[2 * wp + 1] = codec->addr | BIT(4);
	spin_unlock_irqrestore(&bus->reg_lock, flags);
	schedule_work(&bus->unsol_work);
	return 0;
}
HDAUDBUS_EXPORT(hdaudbus_inject_unsol_event);

/**
 * hdaudbus_unsol_init() - set up a controller's tag tables
 * @ctrl: the controller
 *
 * Context: process context (probe).
 */
void hdaudbus_unsol_init(struct hdaudbus_ctrl *ctrl)
{
	spin_lock_init(&ctrl->unsol_lock);
	init_waitqueue_head(&ctrl->unsol_wq);
}
