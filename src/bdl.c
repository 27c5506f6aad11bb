// SPDX-License-Identifier: GPL-2.0-only
/*
 * bdl.c - the BDL interface: a contiguous buffer whose buffer descriptor
 * list the client writes itself (AllocateContiguousDmaBuffer,
 * SetupDmaEngineWithBdl; FreeContiguousDmaBuffer is the common buffer free).
 *
 * The BDL memory handed out is the descriptor's own BDL page (4 KiB, 256
 * entries, 128-byte aligned, within the controller's DMA mask), so what the
 * client writes is what SDnBDPL/BDPU point at.  The client learns the bus
 * address of its data with MmGetPhysicalAddress().  SetupDmaEngineWithBdl
 * checks every entry before the descriptor is programmed: 128-byte aligned
 * start, non-empty, inside the data buffer, IOC flag 0 or 1, and the sum of
 * the lengths equal to the cyclic buffer length.
 */
#include <linux/kernel.h>

#include "compat.h"
#include "client.h"
#include "engine.h"

/* one 4 KiB BDL page holds 256 entries; LVI is 8 bits */
#define HDAUDBUS_BDL_ENTRIES	256

/**
 * hdaudbus_bdl_alloc() - AllocateContiguousDmaBuffer
 * @c: the client
 * @handle: the engine
 * @size: data bytes, 1 .. HDAUDBUS_MAX_BUFFER
 * @data: out: kernel address of the zeroed, contiguous data buffer
 * @bdl: out: kernel address of the zeroed BDL page the client fills
 *
 * The engine is not programmed; it stays in Reset.
 *
 * Context: process context.
 * Return: 0; -EINVAL for size 0; -EBADF; -EBUSY when not in Reset or a
 * buffer exists; -ENOMEM (also for sizes above the limit); -ENODEV.
 */
int hdaudbus_bdl_alloc(struct hdaudbus_client *c, HANDLE handle, u32 size,
		       void **data, HDAUDIO_BUFFER_DESCRIPTOR **bdl)
{
	struct hdaudbus_ctrl *ctrl = c->ctrl;
	struct hdaudbus_buffer *buf = NULL;
	struct hdaudbus_engine *e;
	unsigned long flags;
	int err = 0;

	if (!size)
		return -EINVAL;
	spin_lock_irqsave(&ctrl->bus.reg_lock, flags);
	e = hdaudbus_engine_lookup(c, handle);
	if (!e)
		err = -EBADF;
	else if (hdaudbus_ctrl_is_gone(ctrl))
		err = -ENODEV;
	else if (e->state != HDAUDBUS_ENGINE_RESET || e->buf || e->busy)
		err = -EBUSY;
	else
		e->busy = true;
	spin_unlock_irqrestore(&ctrl->bus.reg_lock, flags);
	if (err)
		return err;

	if (size <= HDAUDBUS_MAX_BUFFER)
		buf = hdaudbus_buffer_create(ctrl, size, false);

	spin_lock_irqsave(&ctrl->bus.reg_lock, flags);
	e->busy = false;
	if (!buf) {
		err = -ENOMEM;
	} else {
		buf->client_bdl = true;
		memset(e->s->hstream.bdl.area, 0, e->s->hstream.bdl.bytes);
		e->buf = buf;
		*data = buf->area;
		*bdl = (HDAUDIO_BUFFER_DESCRIPTOR *)e->s->hstream.bdl.area;
	}
	spin_unlock_irqrestore(&ctrl->bus.reg_lock, flags);
	return err;
}

/**
 * hdaudbus_bdl_setup() - SetupDmaEngineWithBdl
 * @c: the client
 * @handle: the engine
 * @length: the cyclic buffer length: the sum of the entries' lengths
 * @lvi: last valid index, 1..255 (at least two entries)
 * @isr: called in hard interrupt context with the SDnSTS bits on IOC and
 *	on FIFO and descriptor errors while the engine runs; may be NULL
 * @isr_context: passed to @isr
 * @info: out: stream id and FIFO size
 *
 * May be called again in Reset to switch to another BDL.
 *
 * Context: process context (takes bus.reg_lock).
 * Return: 0; -EBADF; -EINVAL for a bad @lvi, @length or entry; -EBUSY when
 * not in Reset or no contiguous buffer is allocated; -ETIMEDOUT when the
 * descriptor does not leave reset; -ENODEV.
 */
int hdaudbus_bdl_setup(struct hdaudbus_client *c, HANDLE handle, u32 length,
		       u32 lvi, PHDAUDIO_BDL_ISR isr, void *isr_context,
		       struct hdaudbus_buffer_info *info)
{
	struct hdaudbus_ctrl *ctrl = c->ctrl;
	struct hdaudbus_engine *e;
	struct hdac_stream *hs;
	unsigned long flags;
	int err;

	spin_lock_irqsave(&ctrl->bus.reg_lock, flags);
	e = hdaudbus_engine_lookup(c, handle);
	if (!e) {
		err = -EBADF;
		goto out;
	}
	if (e->state != HDAUDBUS_ENGINE_RESET || e->busy || !e->buf ||
	    !e->buf->client_bdl) {
		err = -EBUSY;
		goto out;
	}
	hs = &e->s->hstream;
	if (lvi < 1 || lvi >= min_t(size_t, HDAUDBUS_BDL_ENTRIES,
				    hs->bdl.bytes / 16) || !length) {
		err = -EINVAL;
		goto out;
	}
	err = hdaudbus_bdl_check((HDAUDIO_BUFFER_DESCRIPTOR *)hs->bdl.area,
				 lvi, e->buf->addr, e->buf->size, length);
	if (err)
		goto out;

	hs->bufsize = length;
	hs->frags = lvi + 1;
	hs->period_bytes = 0;
	hs->format_val = e->fmt_val;
	err = hdaudbus_engine_program(e);
	if (err) {
		hdaudbus_engine_unprogram(e);
		e->buf->programmed = false;
		goto out;
	}
	e->buf->programmed = true;
	e->buf->isr = isr;
	e->buf->isr_context = isr_context;
	info->stream_id = hs->stream_tag;
	info->fifo_size = hs->fifo_size;
out:
	spin_unlock_irqrestore(&ctrl->bus.reg_lock, flags);
	return err;
}
