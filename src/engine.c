// SPDX-License-Identifier: GPL-2.0-only
/*
 * engine.c - DMA engines and their state machine.
 *
 * A DMA engine is a stream descriptor reserved by one client.  Its life:
 *
 *            Allocate{Render,Capture}DmaEngine
 *                          |
 *                          v          AllocateDmaBuffer*      (buffer)
 *   FreeDmaEngine <---- [Reset] ------------------------> [Reset + buffer]
 *   (no buffer only)       ^    <------------------------      |    ^
 *                          |      FreeDmaBuffer*               |    |
 *                          |                      SetDmaEngineState  |
 *                          |                       (Stop/Pause)|    |(Reset)
 *                          |                                   v    |
 *                          |                                [Stop = Pause]
 *                          |                                   |    ^
 *                          |                              (Run)|    |(Stop/Pause)
 *                          |                                   v    |
 *                          +---------- never directly ------- [Run]
 *
 * Reset <-> Run directly, and any state but Reset without a buffer, are
 * refused (STATUS_INVALID_DEVICE_REQUEST); a request for the current state
 * succeeds and does nothing.  Buffer operations and FreeDmaEngine need
 * Reset.  Several engines change state together, all or nothing: every
 * handle and every precondition is checked before the hardware is touched,
 * and engines that start or stop together do so through SSYNC.
 *
 * Handles: a HANDLE is {magic, generation, index}, never a pointer.  It is
 * resolved against the caller's controller and must name an engine that the
 * caller owns with the same generation, so NULL, small integers, -1,
 * garbage, kernel pointers, freed and foreign handles all fail with
 * STATUS_INVALID_HANDLE before anything is dereferenced.
 *
 * Locking: bus.reg_lock (a spinlock taken in the interrupt handler) protects
 * every engine member and the registers the state machine touches, which is
 * why FreeDmaEngine, SetDmaEngineState and the position getters work at
 * DISPATCH_LEVEL (atomic context).  Buffer allocation sleeps; it marks the
 * engine busy under the lock, allocates unlocked and commits under the lock.
 */
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <sound/hda_register.h>

#include "compat.h"
#include "client.h"
#include "engine.h"

/* SDnCTL bit 19: direction of a bidirectional descriptor (1 = output) */
#define HDAUDBUS_SD_CTL_DIR	BIT(19)
/* SSYNC moved from 0x34 to 0x38 after the ICH6..ICH10 generation */
#define HDAUDBUS_REG_OLD_SSYNC	0x34

/* bounded busy-waits (atomic context): 300 x 3 us, as snd-hda-core does */
#define HDAUDBUS_POLL_LOOPS	300
#define HDAUDBUS_POLL_US	3

/**
 * hdaudbus_engine_lookup() - resolve a handle of a client
 * @c: the calling client
 * @handle: what it passed
 *
 * Context: any; the caller holds bus.reg_lock.
 * Return: the engine, or NULL unless @handle is a live engine of @c.
 */
struct hdaudbus_engine *hdaudbus_engine_lookup(struct hdaudbus_client *c,
					       HANDLE handle)
{
	struct hdaudbus_ctrl *ctrl = c->ctrl;
	struct hdaudbus_engine *e;
	unsigned int index;
	u32 gen;

	lockdep_assert_held(&ctrl->bus.reg_lock);
	if (!hdaudbus_handle_decode(handle, &gen, &index) ||
	    index >= hdaudbus_ctrl_num_streams(ctrl) || !ctrl->engines)
		return NULL;
	e = &ctrl->engines[index];
	if (e->owner != c || e->gen != gen)
		return NULL;
	return e;
}

/* Has the descriptor been taken by someone (us, or a quirk keeping it)? */
static bool hdaudbus_engine_taken(struct hdaudbus_engine *e)
{
	return e->owner || e->s->hstream.opened || e->s->hstream.locked;
}

static bool hdaudbus_engine_fits(struct hdaudbus_engine *e, bool output,
				 bool bidir)
{
	switch (e->s->kind) {
	case HDAUDBUS_STREAM_IN:
		return !bidir && !output;
	case HDAUDBUS_STREAM_OUT:
		return !bidir && output;
	default:
		return bidir;
	}
}

/**
 * hdaudbus_engine_alloc() - reserve an engine (Allocate*DmaEngine)
 * @c: the client
 * @output: render (true) or capture (false)
 * @fmt: stream format
 * @codec_addr: SDI line of the codec (capture)
 * @handle: out: the engine's handle
 * @fmt_val: out: the converter format
 *
 * Picks a free descriptor of the direction, a bidirectional one when those
 * are exhausted.  Does not program the hardware; the engine starts in Reset
 * without a buffer.
 *
 * Context: any (takes bus.reg_lock).
 * Return: 0; -EINVAL for a format that cannot be encoded; -ENOSPC when no
 * engine is free or the link has not enough bandwidth left for the format;
 * -ENODEV when the controller is gone.
 */
int hdaudbus_engine_alloc(struct hdaudbus_client *c, bool output,
			  const struct hdaudbus_format *fmt, u8 codec_addr,
			  HANDLE *handle, u16 *fmt_val)
{
	struct hdaudbus_ctrl *ctrl = c->ctrl;
	struct hdaudbus_engine *e = NULL;
	unsigned int i, n = hdaudbus_ctrl_num_streams(ctrl);
	unsigned long flags;
	unsigned int words;
	int pass, err;
	u16 val;

	err = hdaudbus_format_encode(fmt, &val);
	if (err)
		return err;

	spin_lock_irqsave(&ctrl->bus.reg_lock, flags);
	if (hdaudbus_ctrl_is_gone(ctrl)) {
		err = -ENODEV;
		goto out;
	}
	for (pass = 0; pass < 2 && !e; pass++)
		for (i = 0; i < n && !e; i++)
			if (!hdaudbus_engine_taken(&ctrl->engines[i]) &&
			    hdaudbus_engine_fits(&ctrl->engines[i], output,
						 pass))
				e = &ctrl->engines[i];
	if (!e) {
		err = -ENOSPC;
		goto out;
	}
	words = hdaudbus_bw_words(fmt);
	err = hdaudbus_bw_reserve(&ctrl->bw, output, codec_addr, words);
	if (err)
		goto out;
	e->bw_words = words;
	e->s->hstream.opened = true;
	e->s->hstream.running = false;
	e->owner = c;
	if (!++e->gen)
		e->gen = 1;
	e->state = HDAUDBUS_ENGINE_RESET;
	e->busy = false;
	e->output = output;
	e->fmt = *fmt;
	e->fmt_val = val;
	e->codec_addr = codec_addr;
	e->buf = NULL;
	e->nevents = 0;
	*handle = hdaudbus_handle_encode(e->gen, e->s->hstream.index);
	*fmt_val = val;
out:
	spin_unlock_irqrestore(&ctrl->bus.reg_lock, flags);
	return err;
}

/* Give a descriptor back; its handle dies with it.  reg_lock held. */
static void hdaudbus_engine_release(struct hdaudbus_engine *e)
{
	hdaudbus_bw_release(&e->s->ctrl->bw, e->output, e->codec_addr,
			    e->bw_words);
	e->bw_words = 0;
	e->owner = NULL;
	e->nevents = 0;
	e->state = HDAUDBUS_ENGINE_RESET;
	e->s->hstream.opened = false;
	e->s->hstream.running = false;
}

/**
 * hdaudbus_engine_free() - release an engine (FreeDmaEngine)
 * @c: the client
 * @handle: the engine
 *
 * Registered notification events are dropped with the engine.  V3
 * callbacks hold a reference on the client's device and may be running:
 * they must be unregistered first.
 *
 * Context: any (takes bus.reg_lock; never sleeps).
 * Return: 0; -EBADF for a bad handle; -EBUSY unless the engine is in
 * Reset without a buffer and without V3 callbacks.
 */
int hdaudbus_engine_free(struct hdaudbus_client *c, HANDLE handle)
{
	struct hdac_bus *bus = &c->ctrl->bus;
	struct hdaudbus_engine *e;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&bus->reg_lock, flags);
	e = hdaudbus_engine_lookup(c, handle);
	if (!e)
		err = -EBADF;
	else if (e->state != HDAUDBUS_ENGINE_RESET || e->buf || e->busy ||
		 e->ncbs)
		err = -EBUSY;
	else
		hdaudbus_engine_release(e);
	spin_unlock_irqrestore(&bus->reg_lock, flags);
	return err;
}

/**
 * hdaudbus_engine_change_format() - ChangeBandwidthAllocation
 * @c: the client
 * @handle: the engine
 * @fmt: the new format
 * @fmt_val: out: its converter format
 *
 * On failure the old format and its bandwidth reservation stay.
 *
 * Context: any (takes bus.reg_lock).
 * Return: 0; -EBADF; -EINVAL for a format that cannot be encoded; -EBUSY
 * unless the engine is in Reset without a buffer; -ENOSPC when the link
 * has not enough bandwidth for the new format.
 */
int hdaudbus_engine_change_format(struct hdaudbus_client *c, HANDLE handle,
				  const struct hdaudbus_format *fmt,
				  u16 *fmt_val)
{
	struct hdac_bus *bus = &c->ctrl->bus;
	struct hdaudbus_engine *e;
	unsigned long flags;
	unsigned int words;
	int err;
	u16 val;

	spin_lock_irqsave(&bus->reg_lock, flags);
	e = hdaudbus_engine_lookup(c, handle);
	if (!e) {
		err = -EBADF;
		goto out;
	}
	err = hdaudbus_format_encode(fmt, &val);
	if (err)
		goto out;
	if (e->state != HDAUDBUS_ENGINE_RESET || e->buf || e->busy) {
		err = -EBUSY;
		goto out;
	}
	words = hdaudbus_bw_words(fmt);
	hdaudbus_bw_release(&c->ctrl->bw, e->output, e->codec_addr,
			    e->bw_words);
	err = hdaudbus_bw_reserve(&c->ctrl->bw, e->output, e->codec_addr,
				  words);
	if (err) {
		/* what was just released fits again */
		hdaudbus_bw_reserve(&c->ctrl->bw, e->output, e->codec_addr,
				    e->bw_words);
		goto out;
	}
	e->bw_words = words;
	e->fmt = *fmt;
	e->fmt_val = val;
	*fmt_val = val;
out:
	spin_unlock_irqrestore(&bus->reg_lock, flags);
	return err;
}

/*
 * Bits 7:5 of SDnCTL are reserved and read 0: a value of 0xff means the
 * device reads all-ones, i.e. it is lost.  Any context.
 */
static bool hdaudbus_sd_ctl_lost(struct hdac_stream *hs, u8 v)
{
	if (v != 0xff)
		return false;
	hdaudbus_ctrl_lost(hstream_to_hdaudbus_stream(hs)->ctrl);
	return true;
}

/* Wait for SDnCTL bits to read as @want.  reg_lock held, atomic. */
static int hdaudbus_sd_ctl_wait(struct hdac_stream *hs, u8 mask, u8 want)
{
	unsigned int i;

	for (i = 0; i < HDAUDBUS_POLL_LOOPS; i++) {
		u8 v = snd_hdac_stream_readb(hs, SD_CTL);

		if (hdaudbus_sd_ctl_lost(hs, v))
			return -ENODEV;
		if ((v & mask) == want)
			return 0;
		udelay(HDAUDBUS_POLL_US);
	}
	return -ETIMEDOUT;
}

/*
 * Stream reset (HD Audio spec 3.3.35): RUN off and read back, SRST on until
 * it reads 1, SRST off until it reads 0.  It clears every descriptor
 * register, so the caller programs the descriptor again.
 */
static int hdaudbus_stream_reset(struct hdac_stream *hs)
{
	int err;

	snd_hdac_stream_updateb(hs, SD_CTL, SD_CTL_DMA_START | SD_INT_MASK, 0);
	err = hdaudbus_sd_ctl_wait(hs, SD_CTL_DMA_START, 0);
	if (err)
		return err;
	snd_hdac_stream_writeb(hs, SD_STS, SD_INT_MASK);
	snd_hdac_stream_updateb(hs, SD_CTL, 0, SD_CTL_STREAM_RESET);
	err = hdaudbus_sd_ctl_wait(hs, SD_CTL_STREAM_RESET,
				   SD_CTL_STREAM_RESET);
	if (err)
		return err;
	snd_hdac_stream_updateb(hs, SD_CTL, SD_CTL_STREAM_RESET, 0);
	err = hdaudbus_sd_ctl_wait(hs, SD_CTL_STREAM_RESET, 0);
	if (err)
		return err;
	if (hs->posbuf)
		*hs->posbuf = 0;
	return 0;
}

/**
 * hdaudbus_engine_program() - reset the descriptor and program the buffer
 * @e: an engine with @e->buf set and its BDL written
 *
 * Context: atomic; bus.reg_lock held.
 * Return: 0, -ETIMEDOUT when the descriptor does not leave reset, -ENODEV
 * when the controller is gone.
 */
int hdaudbus_engine_program(struct hdaudbus_engine *e)
{
	struct hdac_stream *hs = &e->s->hstream;
	struct hdac_bus *bus = hs->bus;
	u32 ctl;
	int err;

	lockdep_assert_held(&bus->reg_lock);
	if (hdaudbus_ctrl_is_gone(e->s->ctrl))
		return -ENODEV;
	if (READ_ONCE(e->s->ctrl->suspended))
		return -EBUSY;	/* the controller is powered down */
	err = hdaudbus_stream_reset(hs);
	if (err)
		return err;

	ctl = snd_hdac_stream_readl(hs, SD_CTL);
	ctl &= ~(SD_CTL_STREAM_TAG_MASK | HDAUDBUS_SD_CTL_DIR);
	ctl |= hs->stream_tag << SD_CTL_STREAM_TAG_SHIFT;
	if (e->s->kind == HDAUDBUS_STREAM_BIDIR && e->output)
		ctl |= HDAUDBUS_SD_CTL_DIR;
	snd_hdac_stream_writel(hs, SD_CTL, ctl);
	snd_hdac_stream_writel(hs, SD_CBL, hs->bufsize);
	snd_hdac_stream_writew(hs, SD_FORMAT, hs->format_val);
	snd_hdac_stream_writew(hs, SD_LVI, hs->frags - 1);
	snd_hdac_stream_writel(hs, SD_BDLPL, (u32)hs->bdl.addr);
	snd_hdac_stream_writel(hs, SD_BDLPU, upper_32_bits(hs->bdl.addr));
	if (bus->use_posbuf && bus->posbuf.addr &&
	    !(snd_hdac_chip_readl(bus, DPLBASE) & AZX_DPLBASE_ENABLE))
		snd_hdac_chip_writel(bus, DPLBASE,
				     (u32)bus->posbuf.addr | AZX_DPLBASE_ENABLE);
	/* FIFOS is valid once the format is written (HD Audio spec errata) */
	hs->fifo_size = snd_hdac_stream_readw(hs, SD_FIFOSIZE) + 1;
	return 0;
}

/**
 * hdaudbus_engine_unprogram() - make the descriptor forget its buffer
 * @e: an engine in Reset
 *
 * Clears the BDL address, length and control registers, so the hardware
 * references no memory before the buffer is freed.
 *
 * Context: atomic; bus.reg_lock held.
 */
void hdaudbus_engine_unprogram(struct hdaudbus_engine *e)
{
	struct hdac_stream *hs = &e->s->hstream;

	lockdep_assert_held(&hs->bus->reg_lock);
	if (!hdaudbus_ctrl_is_gone(e->s->ctrl)) {
		snd_hdac_stream_writel(hs, SD_BDLPL, 0);
		snd_hdac_stream_writel(hs, SD_BDLPU, 0);
		snd_hdac_stream_writel(hs, SD_CBL, 0);
		snd_hdac_stream_writew(hs, SD_LVI, 0);
		snd_hdac_stream_writel(hs, SD_CTL, 0);
	}
	hs->bufsize = 0;
	hs->frags = 0;
	hs->format_val = 0;
}

static unsigned int hdaudbus_ssync_reg(struct hdaudbus_ctrl *ctrl)
{
	static const u16 old_ssync_ids[] = {
		0x2668, 0x27d8, 0x269a, 0x284b, 0x293e, 0x293f, 0x3a3e, 0x3a6e,
	};
	unsigned int i;

	if (ctrl->pci->vendor == PCI_VENDOR_ID_INTEL)
		for (i = 0; i < ARRAY_SIZE(old_ssync_ids); i++)
			if (ctrl->pci->device == old_ssync_ids[i])
				return HDAUDBUS_REG_OLD_SSYNC;
	return AZX_REG_SSYNC;
}

/*
 * Start (@run) or stop a group of engines together.  reg_lock held.
 * -ENODEV when the controller reads all-ones afterwards.
 */
static int hdaudbus_engines_trigger(struct hdaudbus_ctrl *ctrl,
				     struct hdaudbus_engine **es,
				     unsigned int n, bool run)
{
	unsigned int i, mask = 0, reg = hdaudbus_ssync_reg(ctrl);
	struct hdac_stream *first = &es[0]->s->hstream;
	u8 ctl;

	for (i = 0; i < n; i++)
		mask |= es[i]->s->hstream.sd_int_sta_mask;
	if (n > 1)
		snd_hdac_stream_sync_trigger(first, true, mask, reg);
	for (i = 0; i < n; i++) {
		if (run)
			hdaudbus_stream_start(&es[i]->s->hstream);
		else
			snd_hdac_stream_stop(&es[i]->s->hstream);
	}
	/* FIFORDY on start, RUN read back as 0 on stop; bounded */
	snd_hdac_stream_sync(first, run, mask);
	if (n > 1)
		snd_hdac_stream_sync_trigger(first, false, mask, reg);
	ctrl->last_ssync_mask = n > 1 ? mask : 0;
	ctl = snd_hdac_stream_readb(first, SD_CTL);
	return hdaudbus_sd_ctl_lost(first, ctl) ? -ENODEV : 0;
}

/**
 * hdaudbus_engine_set_state() - SetDmaEngineState for one or more engines
 * @c: the client
 * @state: target state
 * @n: number of handles (1..number of descriptors)
 * @handles: the engines; each at most once
 *
 * All or nothing: every handle, the transition and the buffer of every
 * engine are checked first.  Engines that start (or stop) start (or stop)
 * together through SSYNC.
 *
 * Context: any up to DISPATCH_LEVEL (takes bus.reg_lock; busy-waits at most
 * a few hundred microseconds per engine).
 * Return: 0; -EINVAL for a bad state, count or a repeated handle; -EBADF
 * for a bad handle; -EBUSY for a forbidden transition, an engine without
 * a buffer or with a buffer operation in progress; -ENODEV when the
 * controller is gone; -ETIMEDOUT when a reset does not complete.
 */
int hdaudbus_engine_set_state(struct hdaudbus_client *c,
			      enum hdaudbus_engine_state state,
			      unsigned int n, const HANDLE *handles)
{
	struct hdaudbus_ctrl *ctrl = c->ctrl;
	struct hdaudbus_engine *es[HDAUDBUS_MAX_ENGINES];
	struct hdaudbus_engine *move[HDAUDBUS_MAX_ENGINES];
	unsigned int i, j, nmove = 0;
	unsigned long flags;
	int err = 0;

	if (state > HDAUDBUS_ENGINE_RUN || !n ||
	    n > hdaudbus_ctrl_num_streams(ctrl))
		return -EINVAL;

	spin_lock_irqsave(&ctrl->bus.reg_lock, flags);
	for (i = 0; i < n; i++) {
		es[i] = hdaudbus_engine_lookup(c, handles[i]);
		if (!es[i]) {
			err = -EBADF;
			goto out;
		}
		for (j = 0; j < i; j++)
			if (es[j] == es[i]) {
				err = -EINVAL;
				goto out;
			}
	}
	for (i = 0; i < n; i++) {
		struct hdaudbus_engine *e = es[i];

		if (e->busy || !hdaudbus_transition_ok(e->state, state) ||
		    (state != HDAUDBUS_ENGINE_RESET &&
		     (!e->buf || !e->buf->programmed))) {
			err = -EBUSY;
			goto out;
		}
	}
	if (hdaudbus_ctrl_is_gone(ctrl)) {
		err = -ENODEV;
		goto out;
	}
	if (READ_ONCE(ctrl->suspended)) {
		err = -EBUSY;	/* system sleep: the hardware is down */
		goto out;
	}

	/* engines leaving Run stop together */
	for (i = 0; i < n; i++)
		if (es[i]->state == HDAUDBUS_ENGINE_RUN &&
		    state != HDAUDBUS_ENGINE_RUN)
			move[nmove++] = es[i];
	if (nmove) {
		err = hdaudbus_engines_trigger(ctrl, move, nmove, false);
		if (err)
			goto out;
	}

	/* Stop -> Reset: reset and program the buffer again */
	for (i = 0; i < n; i++) {
		if (state == HDAUDBUS_ENGINE_RESET &&
		    es[i]->state != HDAUDBUS_ENGINE_RESET && es[i]->buf &&
		    es[i]->buf->programmed) {
			int e2 = hdaudbus_engine_program(es[i]);

			if (e2 && !err)
				err = e2;
		}
		if (state != HDAUDBUS_ENGINE_RUN)
			es[i]->state = state;
	}

	/* engines entering Run start together */
	nmove = 0;
	for (i = 0; i < n; i++)
		if (state == HDAUDBUS_ENGINE_RUN &&
		    es[i]->state != HDAUDBUS_ENGINE_RUN)
			move[nmove++] = es[i];
	if (nmove && !err) {
		err = hdaudbus_engines_trigger(ctrl, move, nmove, true);
		for (i = 0; i < nmove && !err; i++)
			move[i]->state = HDAUDBUS_ENGINE_RUN;
	}
out:
	spin_unlock_irqrestore(&ctrl->bus.reg_lock, flags);
	return err;
}

/**
 * hdaudbus_engine_position_register() - GetLinkPositionRegister
 * @c: the client
 * @handle: the engine
 * @reg: out: address of the engine's position
 *
 * The DMA position buffer slot of the engine when the controller has one
 * (a ULONG in memory the controller updates), else the SDnLPIB alias
 * register (0x2084 + 0x20 * n).
 *
 * Context: any (takes bus.reg_lock).
 * Return: 0 or -EBADF.
 */
int hdaudbus_engine_position_register(struct hdaudbus_client *c,
				      HANDLE handle, u32 **reg)
{
	struct hdac_bus *bus = &c->ctrl->bus;
	struct hdaudbus_engine *e;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&bus->reg_lock, flags);
	e = hdaudbus_engine_lookup(c, handle);
	if (!e)
		err = -EBADF;
	else if (bus->use_posbuf && e->s->hstream.posbuf)
		*reg = (u32 __force *)e->s->hstream.posbuf;
	else
		*reg = (u32 __force *)(e->s->hstream.sd_addr + 0x2000 +
				       AZX_REG_SD_LPIB);
	spin_unlock_irqrestore(&bus->reg_lock, flags);
	return err;
}

/**
 * hdaudbus_engines_init() - one engine per stream descriptor
 * @ctrl: controller whose streams are initialised
 *
 * Context: process context (probe).
 * Return: 0 or -ENOMEM.
 */
int hdaudbus_engines_init(struct hdaudbus_ctrl *ctrl)
{
	unsigned int i, n = hdaudbus_ctrl_num_streams(ctrl);

	ctrl->engines = kcalloc(n, sizeof(*ctrl->engines), GFP_KERNEL);
	if (!ctrl->engines)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		ctrl->engines[i].s = &ctrl->streams[i];
		hdaudbus_stream_set_irq_hook(&ctrl->streams[i],
					     hdaudbus_engine_irq,
					     &ctrl->engines[i]);
	}
	hdaudbus_notify_init(ctrl);
	return 0;
}

/**
 * hdaudbus_engines_pause_all() - stop every running engine
 * @ctrl: the controller, going to sleep or away
 *
 * Running engines go to Stop (= Pause) and keep owner, handle and buffer.
 *
 * Context: process context.
 */
void hdaudbus_engines_pause_all(struct hdaudbus_ctrl *ctrl)
{
	unsigned int i, n = hdaudbus_ctrl_num_streams(ctrl);
	unsigned long flags;

	spin_lock_irqsave(&ctrl->bus.reg_lock, flags);
	for (i = 0; i < n; i++) {
		struct hdaudbus_engine *e = &ctrl->engines[i];

		if (e->owner && e->state == HDAUDBUS_ENGINE_RUN) {
			struct hdaudbus_engine *one[1] = { e };

			hdaudbus_engines_trigger(ctrl, one, 1, false);
			e->state = HDAUDBUS_ENGINE_STOP;
		}
	}
	spin_unlock_irqrestore(&ctrl->bus.reg_lock, flags);
}

/**
 * hdaudbus_engines_reprogram() - program every engine's buffer again
 * @ctrl: a controller that was reset (resume)
 *
 * Context: process context.
 */
void hdaudbus_engines_reprogram(struct hdaudbus_ctrl *ctrl)
{
	unsigned int i, n = hdaudbus_ctrl_num_streams(ctrl);
	unsigned long flags;

	spin_lock_irqsave(&ctrl->bus.reg_lock, flags);
	for (i = 0; i < n; i++) {
		struct hdaudbus_engine *e = &ctrl->engines[i];

		if (e->owner && e->buf && e->buf->programmed &&
		    hdaudbus_engine_program(e))
			dev_warn(&ctrl->pci->dev,
				 "stream descriptor %u did not come back\n", i);
	}
	spin_unlock_irqrestore(&ctrl->bus.reg_lock, flags);
}

/**
 * hdaudbus_engines_free() - free the engine table (last controller put)
 * @ctrl: the controller
 *
 * Context: process context.
 */
void hdaudbus_engines_free(struct hdaudbus_ctrl *ctrl)
{
	kfree(ctrl->engines);
	ctrl->engines = NULL;
}

/**
 * hdaudbus_engines_reclaim() - take back everything a leaving client holds
 * @c: a client whose last reference is gone
 * @buffers: out: buffers freed
 * @events: out: event registrations dropped
 *
 * Running engines are stopped, buffers freed (after the descriptor forgot
 * them), engines released.
 *
 * Context: process context.
 * Return: the number of engines released.
 */
unsigned int hdaudbus_engines_reclaim(struct hdaudbus_client *c,
				      unsigned int *buffers,
				      unsigned int *events)
{
	struct hdaudbus_ctrl *ctrl = c->ctrl;
	unsigned int i, n = hdaudbus_ctrl_num_streams(ctrl), count = 0;
	unsigned long flags;

	for (i = 0; i < n && ctrl->engines; i++) {
		struct hdaudbus_engine *e = &ctrl->engines[i];
		struct hdaudbus_buffer *buf;

		spin_lock_irqsave(&ctrl->bus.reg_lock, flags);
		if (e->owner != c) {
			spin_unlock_irqrestore(&ctrl->bus.reg_lock, flags);
			continue;
		}
		if (e->state == HDAUDBUS_ENGINE_RUN &&
		    !hdaudbus_ctrl_is_gone(ctrl)) {
			struct hdaudbus_engine *one[1] = { e };

			hdaudbus_engines_trigger(ctrl, one, 1, false);
		}
		e->state = HDAUDBUS_ENGINE_RESET;
		e->busy = true;	/* nothing else touches it meanwhile */
		buf = hdaudbus_buffer_detach(e);
		*events += e->nevents;
		e->nevents = 0;
		spin_unlock_irqrestore(&ctrl->bus.reg_lock, flags);

		*events += hdaudbus_engine_drop_callbacks(e);
		if (buf) {
			/* the descriptor may have been mid-transfer */
			if (ctrl->irq >= 0)
				synchronize_irq(ctrl->irq);
			hdaudbus_buffer_release(ctrl, buf);
			(*buffers)++;
		}
		spin_lock_irqsave(&ctrl->bus.reg_lock, flags);
		e->busy = false;
		hdaudbus_engine_release(e);
		spin_unlock_irqrestore(&ctrl->bus.reg_lock, flags);
		count++;
	}
	return count;
}
