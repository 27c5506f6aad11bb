// SPDX-License-Identifier: GPL-2.0-only
/*
 * irq.c - the controller's interrupt handler.
 *
 * snd_hdac_bus_handle_stream_irq() only reports streams that belong to an
 * ALSA PCM, so the handler walks the descriptors itself:
 *
 *   INTSTS == 0           -> not ours (shared INTx)
 *   INTSTS == 0xffffffff  -> the device is gone (hdaudbus_ctrl_lost()):
 *                            stop touching it, release it
 *   stream bits           -> read SDnSTS, write it back to acknowledge
 *                            (QEMU stalls a stream's DMA until BCIS is
 *                            acknowledged), remember it for the hook
 *   CIS                   -> RIRB responses and unsolicited responses via
 *                            snd_hdac_bus_update_rirb()
 *
 * Hooks run after bus.reg_lock is dropped, still in hard IRQ context, with
 * the timestamp taken on entry.
 */
#include <linux/interrupt.h>
#include <linux/bitops.h>
#include <sound/hda_register.h>

#include "compat.h"
#include "controller.h"

/* bounded like snd-hda-intel: an interrupt storm cannot hang the CPU */
#define HDAUDBUS_IRQ_LOOPS	10

struct hdaudbus_irq_event {
	hdaudbus_stream_irq_fn fn;
	struct hdaudbus_stream *s;
	u8 sts;
};

/**
 * hdaudbus_stream_set_irq_hook() - install or clear a stream's IRQ hook
 * @s: the stream descriptor
 * @fn: hook, or NULL to clear
 * @data: stored in @s->hook_data for the hook's use
 *
 * After clearing a hook the caller must synchronize_irq(@s->ctrl->irq)
 * before freeing anything the hook may touch.
 *
 * Context: any; takes bus.reg_lock.
 */
void hdaudbus_stream_set_irq_hook(struct hdaudbus_stream *s,
				  hdaudbus_stream_irq_fn fn, void *data)
{
	unsigned long flags;

	spin_lock_irqsave(&s->ctrl->bus.reg_lock, flags);
	s->irq_hook = fn;
	s->hook_data = data;
	spin_unlock_irqrestore(&s->ctrl->bus.reg_lock, flags);
}

/**
 * hdaudbus_irq_handler() - hard interrupt handler of a controller
 * @irq: the interrupt number
 * @data: the struct hdaudbus_ctrl
 *
 * Context: hard interrupt.
 * Return: IRQ_HANDLED when the controller raised it, else IRQ_NONE.
 */
irqreturn_t hdaudbus_irq_handler(int irq, void *data)
{
	struct hdaudbus_ctrl *ctrl = data;
	struct hdac_bus *bus = &ctrl->bus;
	struct hdaudbus_irq_event ev[HDAUDBUS_MAX_ENGINES];
	unsigned int i, nev = 0, loops;
	ktime_t when = ktime_get();
	bool handled = false;
	u32 status;

	if (hdaudbus_ctrl_is_gone(ctrl))
		return IRQ_NONE;

	spin_lock(&bus->reg_lock);
	for (loops = 0; loops < HDAUDBUS_IRQ_LOOPS; loops++) {
		struct hdac_stream *hs;
		u8 rirb;

		status = snd_hdac_chip_readl(bus, INTSTS);
		if (!status)
			break;
		if (status == 0xffffffff) {
			/* in system sleep it may be in D3: not a loss */
			if (!READ_ONCE(ctrl->suspended))
				hdaudbus_ctrl_lost(ctrl);
			break;
		}
		handled = true;

		list_for_each_entry(hs, &bus->stream_list, list) {
			struct hdaudbus_stream *s;
			u8 sts;

			if (!(status & hs->sd_int_sta_mask))
				continue;
			sts = snd_hdac_stream_readb(hs, SD_STS);
			snd_hdac_stream_writeb(hs, SD_STS, SD_INT_MASK);
			s = hstream_to_hdaudbus_stream(hs);
			sts &= SD_INT_MASK;
			if (!sts || !s->irq_hook)
				continue;
			/* merge repeated interrupts of one stream */
			for (i = 0; i < nev; i++)
				if (ev[i].s == s)
					break;
			if (i == nev) {
				if (nev == ARRAY_SIZE(ev))
					continue;
				ev[nev].s = s;
				ev[nev].fn = s->irq_hook;
				ev[nev].sts = 0;
				nev++;
			}
			ev[i].sts |= sts;
		}

		rirb = snd_hdac_chip_readb(bus, RIRBSTS);
		if (rirb & RIRB_INT_MASK) {
			if (rirb & RIRB_INT_RESPONSE)
				snd_hdac_bus_update_rirb(bus);
			snd_hdac_chip_writeb(bus, RIRBSTS, RIRB_INT_MASK);
		}
	}
	spin_unlock(&bus->reg_lock);

	for (i = 0; i < nev; i++)
		ev[i].fn(ev[i].s, ev[i].sts, when);

	if (handled)
		atomic64_inc(&ctrl->irqs);
	return IRQ_RETVAL(handled);
}
