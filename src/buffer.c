// SPDX-License-Identifier: GPL-2.0-only
/*
 * buffer.c - the DMA buffers the bus allocates for engines
 * (AllocateDmaBuffer, AllocateDmaBufferWithNotification and their frees).
 *
 * A buffer is one physically contiguous, coherent allocation described by a
 * two-entry BDL split at the midpoint:
 *
 *   notifications 0: no IOC          (AllocateDmaBuffer)
 *   notifications 1: IOC on entry 1  (at the wrap)
 *   notifications 2: IOC on entries 0 and 1 (midpoint and wrap)
 *
 * Sizes: each half must start 128-byte aligned (HD Audio BDL rule) and hold
 * whole frames, so the size is a multiple of 2 * lcm(frame bytes, 128).  A
 * request is rounded up to that, and clamped to HDAUDBUS_MAX_BUFFER (the
 * closest usable size, as the DDI asks); the size reported to the client is
 * exactly the cyclic buffer length programmed.  OffsetFromFirstPage is 0.
 */
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "compat.h"
#include "client.h"
#include "engine.h"

/* Every live buffer, for MmGetPhysicalAddress(); under the lock below. */
static LIST_HEAD(hdaudbus_buffers);
static DEFINE_SPINLOCK(hdaudbus_buffers_lock);

/**
 * hdaudbus_physical_address() - bus address of a byte of a bus buffer
 * @va: an address inside a buffer that snd-hdaudbus allocated (a DMA
 *	buffer or the data buffer of AllocateContiguousDmaBuffer)
 *
 * The Linux side of MmGetPhysicalAddress() for the BDL interface: a client
 * fills its BDL with the addresses the controller must use.  With an IOMMU
 * these are not CPU physical addresses, so only buffers of the bus are
 * known.
 *
 * Context: any.
 * Return: the address as the controller sees it, or 0 when @va is not in
 * such a buffer.
 */
u64 hdaudbus_physical_address(const void *va)
{
	struct hdaudbus_buffer *buf;
	unsigned long flags;
	u64 addr = 0;

	spin_lock_irqsave(&hdaudbus_buffers_lock, flags);
	list_for_each_entry(buf, &hdaudbus_buffers, node) {
		if (va >= buf->area && va < buf->area + buf->size) {
			addr = buf->addr + (va - buf->area);
			break;
		}
	}
	spin_unlock_irqrestore(&hdaudbus_buffers_lock, flags);
	return addr;
}
HDAUDBUS_EXPORT(hdaudbus_physical_address);

/**
 * hdaudbus_buffer_release() - free a buffer no descriptor references
 * @ctrl: its controller
 * @buf: the buffer, or NULL
 *
 * Context: process context.
 */
void hdaudbus_buffer_release(struct hdaudbus_ctrl *ctrl,
			     struct hdaudbus_buffer *buf)
{
	unsigned long flags;

	if (!buf)
		return;
	if (!list_empty(&buf->node)) {
		spin_lock_irqsave(&hdaudbus_buffers_lock, flags);
		list_del(&buf->node);
		spin_unlock_irqrestore(&hdaudbus_buffers_lock, flags);
	}
	hdaudbus_mdl_free(buf->mdl);
	if (buf->area)
		dma_free_coherent(&ctrl->pci->dev, buf->size, buf->area,
				  buf->addr);
	kfree(buf);
}

/**
 * hdaudbus_buffer_create() - allocate a zeroed, contiguous DMA buffer
 * @ctrl: the controller that will read or write it
 * @size: bytes
 * @mdl: also build the MDL that describes it
 *
 * Context: process context.
 * Return: the buffer, or NULL when out of memory.
 */
struct hdaudbus_buffer *hdaudbus_buffer_create(struct hdaudbus_ctrl *ctrl,
					       size_t size, bool mdl)
{
	struct hdaudbus_buffer *buf;
	unsigned long flags;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return NULL;
	INIT_LIST_HEAD(&buf->node);
	buf->size = size;
	buf->area = dma_alloc_coherent(&ctrl->pci->dev, size, &buf->addr,
				       GFP_KERNEL);
	if (buf->area && mdl)
		buf->mdl = hdaudbus_mdl_alloc(buf->area, size, GFP_KERNEL);
	if (!buf->area || (mdl && !buf->mdl)) {
		hdaudbus_buffer_release(ctrl, buf);
		return NULL;
	}
	spin_lock_irqsave(&hdaudbus_buffers_lock, flags);
	list_add(&buf->node, &hdaudbus_buffers);
	spin_unlock_irqrestore(&hdaudbus_buffers_lock, flags);
	return buf;
}

/**
 * hdaudbus_buffer_detach() - take an engine's buffer away from it
 * @e: an engine in Reset
 *
 * The descriptor forgets the buffer and the BDL ISR is cleared.  The
 * caller frees the buffer after synchronize_irq(), so that no interrupt
 * handler still uses it.
 *
 * Context: atomic; bus.reg_lock held.
 * Return: the buffer, or NULL when the engine had none.
 */
struct hdaudbus_buffer *hdaudbus_buffer_detach(struct hdaudbus_engine *e)
{
	struct hdaudbus_buffer *buf = e->buf;

	if (!buf)
		return NULL;
	if (buf->programmed)
		hdaudbus_engine_unprogram(e);
	buf->isr = NULL;
	e->buf = NULL;
	return buf;
}

static void hdaudbus_bdl_entry(__le32 *bdl, dma_addr_t addr, u32 len, bool ioc)
{
	bdl[0] = cpu_to_le32(lower_32_bits(addr));
	bdl[1] = cpu_to_le32(upper_32_bits(addr));
	bdl[2] = cpu_to_le32(len);
	bdl[3] = cpu_to_le32(ioc ? 1 : 0);
}

/**
 * hdaudbus_buffer_alloc() - allocate and program an engine's buffer
 * @c: the client
 * @handle: the engine
 * @notifications: IOCs per pass: 0, 1 or 2
 * @requested: bytes asked for
 * @info: out: MDL, size, stream id and FIFO size
 *
 * The engine must be in Reset without a buffer; it stays in Reset.
 *
 * Context: process context.
 * Return: 0; -EINVAL for a bad count or size 0; -EBADF; -EBUSY when not in
 * Reset, a buffer exists or another buffer call is in progress; -ENOMEM;
 * -ETIMEDOUT when the descriptor does not come out of reset; -ENODEV.
 */
int hdaudbus_buffer_alloc(struct hdaudbus_client *c, HANDLE handle,
			  unsigned int notifications, size_t requested,
			  struct hdaudbus_buffer_info *info)
{
	struct hdaudbus_ctrl *ctrl = c->ctrl;
	struct hdac_bus *bus = &ctrl->bus;
	struct hdaudbus_format fmt;
	struct hdaudbus_buffer *buf;
	struct hdaudbus_engine *e;
	struct hdac_stream *hs;
	unsigned long flags;
	size_t size, half;
	int err = 0;

	if (notifications > 2 || !requested)
		return -EINVAL;

	spin_lock_irqsave(&bus->reg_lock, flags);
	e = hdaudbus_engine_lookup(c, handle);
	if (!e)
		err = -EBADF;
	else if (hdaudbus_ctrl_is_gone(ctrl))
		err = -ENODEV;
	else if (e->state != HDAUDBUS_ENGINE_RESET || e->buf || e->busy)
		err = -EBUSY;
	else
		e->busy = true;
	if (!err)
		fmt = e->fmt;
	spin_unlock_irqrestore(&bus->reg_lock, flags);
	if (err)
		return err;

	size = hdaudbus_buffer_size(&fmt, notifications, requested);
	half = size / 2;
	buf = hdaudbus_buffer_create(ctrl, size, true);

	spin_lock_irqsave(&bus->reg_lock, flags);
	e->busy = false;
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	buf->notifications = notifications;
	hs = &e->s->hstream;
	hdaudbus_bdl_entry((__le32 *)hs->bdl.area, buf->addr, half,
			   notifications == 2);
	hdaudbus_bdl_entry((__le32 *)hs->bdl.area + 4, buf->addr + half,
			   size - half, notifications >= 1);
	hs->bufsize = size;
	hs->period_bytes = notifications ? size / notifications : size;
	hs->frags = 2;
	hs->format_val = e->fmt_val;
	err = hdaudbus_engine_program(e);
	if (err) {
		hdaudbus_engine_unprogram(e);
		goto out;
	}
	buf->programmed = true;
	e->buf = buf;
	info->mdl = buf->mdl;
	info->size = size;
	info->stream_id = hs->stream_tag;
	info->fifo_size = hs->fifo_size;
	buf = NULL;
out:
	spin_unlock_irqrestore(&bus->reg_lock, flags);
	hdaudbus_buffer_release(ctrl, buf);
	return err;
}

/**
 * hdaudbus_buffer_free() - free an engine's buffer
 * @c: the client
 * @handle: the engine
 *
 * The descriptor forgets the buffer (BDL address, length and control
 * registers cleared) and a BDL ISR is cleared before the memory is freed.
 * Either kind of buffer (bus-built or client-built BDL) is freed.
 *
 * Context: process context.
 * Return: 0; -EBADF; -EBUSY when not in Reset or no buffer is allocated.
 */
int hdaudbus_buffer_free(struct hdaudbus_client *c, HANDLE handle)
{
	struct hdaudbus_ctrl *ctrl = c->ctrl;
	struct hdaudbus_buffer *buf = NULL;
	struct hdaudbus_engine *e;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&ctrl->bus.reg_lock, flags);
	e = hdaudbus_engine_lookup(c, handle);
	if (!e) {
		err = -EBADF;
	} else if (e->state != HDAUDBUS_ENGINE_RESET || !e->buf || e->busy) {
		err = -EBUSY;
	} else {
		buf = hdaudbus_buffer_detach(e);
	}
	spin_unlock_irqrestore(&ctrl->bus.reg_lock, flags);
	if (buf && buf->client_bdl && ctrl->irq >= 0)
		synchronize_irq(ctrl->irq);	/* its ISR may be running */
	hdaudbus_buffer_release(ctrl, buf);
	return err;
}
