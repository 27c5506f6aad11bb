/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * controller.h - the HD Audio controller owned by snd-hdaudbus.
 *
 * One struct hdaudbus_ctrl per bound PCI function.  It embeds the
 * snd-hda-core bus, owns every stream descriptor the controller announces
 * in GCAP and every codec found on the link.
 *
 * Lifetime: the controller is reference counted.  Probe holds one reference,
 * every registered codec device holds one, so a codec that a client keeps
 * alive past unbind never points at freed memory.  Remove stops the hardware,
 * unregisters the codecs, releases the PCI resources and drops the probe
 * reference; the memory goes with the last reference.
 */
#ifndef __HDAUDBUS_CONTROLLER_H
#define __HDAUDBUS_CONTROLLER_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/interrupt.h>
#include <linux/pci.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <sound/hdaudio.h>

#include "bandwidth.h"
#include "unsol.h"

#define HDAUDBUS_DRV_NAME	"snd_hdaudbus"

/* INTSTS and SSYNC have one bit per descriptor, bits 29:0 */
#define HDAUDBUS_MAX_ENGINES	30

/* snd-hda-core tracks at most HDA_MAX_CODECS codec addresses (0..7). */
#define HDAUDBUS_CODEC_MASK	((1U << HDA_MAX_CODECS) - 1)

/* bits of hdaudbus_ctrl.flags */
#define HDAUDBUS_CTRL_LOST	0	/* hdaudbus_ctrl_lost() ran */

enum hdaudbus_stream_kind {
	HDAUDBUS_STREAM_IN,	/* input (capture) descriptor */
	HDAUDBUS_STREAM_OUT,	/* output (render) descriptor */
	HDAUDBUS_STREAM_BIDIR,	/* bidirectional descriptor */
};

struct hdaudbus_stream;
struct hdaudbus_engine;

/**
 * typedef hdaudbus_stream_irq_fn - per-stream interrupt hook
 * @s: the stream descriptor that raised the interrupt
 * @sd_sts: its SDnSTS bits (BCIS, FIFOE, DESE), already acknowledged
 * @when: ktime_get() taken on entry to the hard interrupt handler
 *
 * Context: hard interrupt, no lock held.
 */
typedef void (*hdaudbus_stream_irq_fn)(struct hdaudbus_stream *s,
				       unsigned int sd_sts, ktime_t when);

/**
 * struct hdaudbus_stream - one stream descriptor of the controller
 * @hstream: snd-hda-core's stream; its @opened flag is the reservation
 * @ctrl: the owning controller
 * @kind: input, output or bidirectional descriptor
 * @irq_hook: called for each interrupt of this descriptor (may be NULL)
 * @hook_data: private data of whoever installed @irq_hook
 *
 * @irq_hook and @hook_data are written under @ctrl->bus.reg_lock and read by
 * the interrupt handler under the same lock; whoever clears the hook calls
 * synchronize_irq() before freeing what @hook_data points at.
 */
struct hdaudbus_stream {
	struct hdac_stream hstream;
	struct hdaudbus_ctrl *ctrl;
	enum hdaudbus_stream_kind kind;
	hdaudbus_stream_irq_fn irq_hook;
	void *hook_data;
};

/**
 * struct hdaudbus_codec - a codec found on the link
 * @hdev: the snd-hda-core device, type HDA_DEV_CORE, on snd_hda_bus_type
 * @ctrl: the controller; the codec holds a reference on it
 */
struct hdaudbus_codec {
	struct hdac_device hdev;
	struct hdaudbus_ctrl *ctrl;
};

/**
 * struct hdaudbus_ctrl - an HD Audio controller bound to snd-hdaudbus
 * @bus: snd-hda-core bus; @bus.reg_lock protects the registers shared by
 *	all streams (INTCTL, SSYNC), the stream flags and the IRQ hooks;
 *	@bus.cmd_mutex serialises codec verbs and @gone for verb senders
 * @pci: the PCI function
 * @ref: reference count (probe + one per registered codec)
 * @index: number used in device names (hdaudbus<index>D<addr>)
 * @irq: Linux IRQ number, or -1 while none is requested
 * @msi: true when the IRQ is an MSI vector
 * @gcap: GCAP as read at probe
 * @vmaj: VMAJ, the controller's HD Audio major version
 * @vmin: VMIN, its minor version
 * @n_in: input stream descriptors (GCAP.ISS)
 * @n_out: output stream descriptors (GCAP.OSS)
 * @n_bidir: bidirectional stream descriptors (GCAP.BSS)
 * @bw: link bandwidth budget and use (use under @bus.reg_lock)
 * @streams: all stream descriptors, in register order (in, out, bidir)
 * @engines: the DDI's view of each descriptor (engine.c), same order
 * @last_ssync_mask: descriptors last started or stopped together through
 *	SSYNC (0 for a single one); under @bus.reg_lock, for tests
 * @codecs: registered codecs by address
 * @notify_tasklet: runs the V3 notification callbacks (notify.c)
 * @notify_wq: woken when a callback round finishes
 * @unsol: unsolicited response registrations by codec address and tag
 * @unsol_lock: protects @unsol and @unsol_running
 * @unsol_running: unsolicited callbacks being called right now
 * @unsol_wq: woken when @unsol_running drops to 0
 * @suspended: between system suspend and resume; verb senders test it
 *	under @bus.cmd_mutex
 * @gone: the controller was removed or reads all-ones; set once, never
 *	cleared; verb senders test it under @bus.cmd_mutex
 * @flags: HDAUDBUS_CTRL_LOST once hdaudbus_ctrl_lost() ran (atomic bitops)
 * @lost_work: releases the driver from a lost controller
 * @clients: number of live client contexts (for sysfs and unbind tools)
 * @irqs: interrupts handled (statistics, sysfs)
 */
struct hdaudbus_ctrl {
	struct hdac_bus bus;
	struct pci_dev *pci;
	struct kref ref;
	int index;
	int irq;
	bool msi;
	u16 gcap;
	u8 vmaj;
	u8 vmin;
	unsigned int n_in;
	unsigned int n_out;
	unsigned int n_bidir;
	struct hdaudbus_bw bw;
	struct hdaudbus_stream *streams;
	struct hdaudbus_engine *engines;
	unsigned int last_ssync_mask;
	struct hdaudbus_codec *codecs[HDA_MAX_CODECS];
	struct tasklet_struct notify_tasklet;
	wait_queue_head_t notify_wq;
	struct hdaudbus_unsol_slot unsol[HDA_MAX_CODECS][HDAUDBUS_UNSOL_TAGS];
	spinlock_t unsol_lock;
	unsigned int unsol_running;
	wait_queue_head_t unsol_wq;
	bool suspended;
	bool gone;
	unsigned long flags;
	struct work_struct lost_work;
	atomic_t clients;
	atomic64_t irqs;
};

#define bus_to_hdaudbus_ctrl(b)	container_of(b, struct hdaudbus_ctrl, bus)
#define hdev_to_hdaudbus_codec(h) container_of(h, struct hdaudbus_codec, hdev)
#define hstream_to_hdaudbus_stream(h) \
	container_of(h, struct hdaudbus_stream, hstream)

static inline unsigned int hdaudbus_ctrl_num_streams(struct hdaudbus_ctrl *c)
{
	return c->n_in + c->n_out + c->n_bidir;
}

/* controller.c */
extern struct pci_driver hdaudbus_pci_driver;
void hdaudbus_ctrl_get(struct hdaudbus_ctrl *ctrl);
void hdaudbus_ctrl_put(struct hdaudbus_ctrl *ctrl);
bool hdaudbus_ctrl_is_gone(struct hdaudbus_ctrl *ctrl);
void hdaudbus_ctrl_mark_gone(struct hdaudbus_ctrl *ctrl);
void hdaudbus_ctrl_lost(struct hdaudbus_ctrl *ctrl);
bool hdaudbus_ctrl_check_lost(struct hdaudbus_ctrl *ctrl);
int hdaudbus_ctrl_init(void);
void hdaudbus_ctrl_exit(void);

/* irq.c */
irqreturn_t hdaudbus_irq_handler(int irq, void *data);
void hdaudbus_stream_set_irq_hook(struct hdaudbus_stream *s,
				  hdaudbus_stream_irq_fn fn, void *data);

/* codec.c */
int hdaudbus_codecs_probe(struct hdaudbus_ctrl *ctrl);
void hdaudbus_codecs_resume(struct hdaudbus_ctrl *ctrl);
void hdaudbus_codecs_remove(struct hdaudbus_ctrl *ctrl);
bool hdaudbus_is_own_codec(struct hdac_device *hdev);

/* power.c */
extern const struct dev_pm_ops hdaudbus_pm_ops;

/* sysfs.c */
extern const struct attribute_group *hdaudbus_ctrl_groups[];

#endif /* __HDAUDBUS_CONTROLLER_H */
