// SPDX-License-Identifier: GPL-2.0-only
/*
 * ddi_engine.c - the DMA engine, buffer, state, position and notification
 * routines of the bus interfaces.  The contract of each routine is the
 * Windows one (Documentation/ddi.rst lists the Linux specifics).
 */
#include <linux/kernel.h>
#include <sound/hda_register.h>

#include "compat.h"
#include "ddi.h"
#include "engine.h"

/* Fetch a HDAUDIO_STREAM_FORMAT from caller memory. */
static bool ddi_get_format(struct hdaudbus_format *fmt,
			   const HDAUDIO_STREAM_FORMAT *sf)
{
	HDAUDIO_STREAM_FORMAT f;

	if (!hdaudbus_ddi_get(&f, sf, sizeof(f)))
		return false;
	fmt->rate = f.SampleRate;
	fmt->valid_bits = f.ValidBitsPerSample;
	fmt->container_bits = f.ContainerSize;
	fmt->channels = f.NumberOfChannels;
	return true;
}

static NTSTATUS ddi_allocate_engine(PVOID _context, bool output, UCHAR addr,
				    PHDAUDIO_STREAM_FORMAT StreamFormat,
				    PHANDLE Handle,
				    PHDAUDIO_CONVERTER_FORMAT ConverterFormat)
{
	HDAUDIO_CONVERTER_FORMAT conv = { .ConverterFormat = 0 };
	struct hdaudbus_format fmt;
	struct hdaudbus_client *c;
	NTSTATUS st;
	HANDLE h = NULL;
	int err;
	u16 val;

	st = hdaudbus_ddi_enter(_context, PASSIVE_LEVEL, &c);
	if (st)
		return st;
	err = -EINVAL;
	if (!ddi_get_format(&fmt, StreamFormat) ||
	    !hdaudbus_ddi_probe(Handle, sizeof(*Handle)) ||
	    !hdaudbus_ddi_probe(ConverterFormat, sizeof(*ConverterFormat)))
		goto out;
	if (!output && (addr >= HDA_MAX_CODECS ||
			!(c->ctrl->bus.codec_mask & BIT(addr))))
		goto out;
	err = hdaudbus_engine_alloc(c, output, &fmt, addr, &h, &val);
	if (err)
		goto out;
	conv.ConverterFormat = val;
	if (!hdaudbus_ddi_put(Handle, &h, sizeof(h)) ||
	    !hdaudbus_ddi_put(ConverterFormat, &conv, sizeof(conv))) {
		/* readable but not writable: give the engine back */
		hdaudbus_engine_free(c, h);
		err = -EFAULT;
	}
out:
	return hdaudbus_ddi_leave(c, err);
}

NTSTATUS hdaudbus_ddi_allocate_capture_dma_engine(PVOID _context,
		UCHAR CodecAddress, PHDAUDIO_STREAM_FORMAT StreamFormat,
		PHANDLE Handle, PHDAUDIO_CONVERTER_FORMAT ConverterFormat)
{
	return ddi_allocate_engine(_context, false, CodecAddress, StreamFormat,
				   Handle, ConverterFormat);
}

/*
 * Stripe is accepted and ignored: striping needs a controller with more
 * than one SDO line and a codec that supports it (see Documentation).
 */
NTSTATUS hdaudbus_ddi_allocate_render_dma_engine(PVOID _context,
		PHDAUDIO_STREAM_FORMAT StreamFormat, BOOLEAN Stripe,
		PHANDLE Handle, PHDAUDIO_CONVERTER_FORMAT ConverterFormat)
{
	return ddi_allocate_engine(_context, true, 0, StreamFormat, Handle,
				   ConverterFormat);
}

NTSTATUS hdaudbus_ddi_change_bandwidth_allocation(PVOID _context,
		HANDLE Handle, PHDAUDIO_STREAM_FORMAT StreamFormat,
		PHDAUDIO_CONVERTER_FORMAT ConverterFormat)
{
	HDAUDIO_CONVERTER_FORMAT conv = { .ConverterFormat = 0 };
	struct hdaudbus_format fmt;
	struct hdaudbus_client *c;
	NTSTATUS st;
	int err = -EINVAL;
	u16 val;

	st = hdaudbus_ddi_enter(_context, PASSIVE_LEVEL, &c);
	if (st)
		return st;
	if (ddi_get_format(&fmt, StreamFormat) &&
	    hdaudbus_ddi_probe(ConverterFormat, sizeof(*ConverterFormat))) {
		err = hdaudbus_engine_change_format(c, Handle, &fmt, &val);
		if (!err) {
			conv.ConverterFormat = val;
			if (!hdaudbus_ddi_put(ConverterFormat, &conv,
					      sizeof(conv)))
				err = -EFAULT;
		}
	}
	return hdaudbus_ddi_leave(c, err);
}

/* Both buffer allocators; @offset is NULL for AllocateDmaBuffer. */
static NTSTATUS ddi_allocate_buffer(PVOID _context, HANDLE Handle,
				    unsigned int notifications, bool v1,
				    SIZE_T RequestedBufferSize, PMDL *BufferMdl,
				    PSIZE_T AllocatedBufferSize,
				    PSIZE_T OffsetFromFirstPage,
				    PUCHAR StreamId, PULONG FifoSize)
{
	struct hdaudbus_buffer_info info;
	struct hdaudbus_client *c;
	NTSTATUS st;
	SIZE_T zero = 0;
	int err = -EINVAL;

	st = hdaudbus_ddi_enter(_context, PASSIVE_LEVEL, &c);
	if (st)
		return st;
	if (!hdaudbus_ddi_probe(BufferMdl, sizeof(*BufferMdl)) ||
	    !hdaudbus_ddi_probe(AllocatedBufferSize,
				sizeof(*AllocatedBufferSize)) ||
	    (!v1 && !hdaudbus_ddi_probe(OffsetFromFirstPage,
					sizeof(*OffsetFromFirstPage))) ||
	    !hdaudbus_ddi_probe(StreamId, sizeof(*StreamId)) ||
	    !hdaudbus_ddi_probe(FifoSize, sizeof(*FifoSize)))
		goto out;
	if (!v1 && notifications != 1 && notifications != 2)
		goto out;
	err = hdaudbus_buffer_alloc(c, Handle, notifications,
				    RequestedBufferSize, &info);
	if (err)
		goto out;
	if (!hdaudbus_ddi_put(BufferMdl, &info.mdl, sizeof(info.mdl)) ||
	    !hdaudbus_ddi_put(AllocatedBufferSize, &info.size,
			      sizeof(info.size)) ||
	    (!v1 && !hdaudbus_ddi_put(OffsetFromFirstPage, &zero,
				      sizeof(zero))) ||
	    !hdaudbus_ddi_put(StreamId, &info.stream_id,
			      sizeof(info.stream_id)) ||
	    !hdaudbus_ddi_put(FifoSize, &info.fifo_size,
			      sizeof(info.fifo_size))) {
		hdaudbus_buffer_free(c, Handle);
		err = -EFAULT;
	}
out:
	return hdaudbus_ddi_leave(c, err);
}

NTSTATUS hdaudbus_ddi_allocate_dma_buffer(PVOID _context, HANDLE Handle,
		SIZE_T RequestedBufferSize, PMDL *BufferMdl,
		PSIZE_T AllocatedBufferSize, PUCHAR StreamId, PULONG FifoSize)
{
	return ddi_allocate_buffer(_context, Handle, 0, true,
				   RequestedBufferSize, BufferMdl,
				   AllocatedBufferSize, NULL, StreamId,
				   FifoSize);
}

NTSTATUS hdaudbus_ddi_allocate_dma_buffer_with_notification(PVOID _context,
		HANDLE Handle, ULONG NotificationCount,
		SIZE_T RequestedBufferSize, PMDL *BufferMdl,
		PSIZE_T AllocatedBufferSize, PSIZE_T OffsetFromFirstPage,
		PUCHAR StreamId, PULONG FifoSize)
{
	return ddi_allocate_buffer(_context, Handle, NotificationCount, false,
				   RequestedBufferSize, BufferMdl,
				   AllocatedBufferSize, OffsetFromFirstPage,
				   StreamId, FifoSize);
}

/* A routine whose whole work is @op on (client, handle). */
static NTSTATUS ddi_handle_op(PVOID _context, KIRQL level, HANDLE Handle,
			      int (*op)(struct hdaudbus_client *c, HANDLE h))
{
	struct hdaudbus_client *c;
	NTSTATUS st;

	st = hdaudbus_ddi_enter(_context, level, &c);
	if (st)
		return st;
	return hdaudbus_ddi_leave(c, op(c, Handle));
}

NTSTATUS hdaudbus_ddi_free_dma_buffer(PVOID _context, HANDLE Handle)
{
	return ddi_handle_op(_context, PASSIVE_LEVEL, Handle,
			     hdaudbus_buffer_free);
}

/*
 * BufferMdl and BufferSize are informational: the engine's own buffer is
 * freed, whatever they say (the reference's DECISION).
 */
NTSTATUS hdaudbus_ddi_free_dma_buffer_with_notification(PVOID _context,
		HANDLE Handle, PMDL BufferMdl, SIZE_T BufferSize)
{
	return hdaudbus_ddi_free_dma_buffer(_context, Handle);
}

/* Up to DISPATCH_LEVEL: the engine state is under a spinlock. */
NTSTATUS hdaudbus_ddi_free_dma_engine(PVOID _context, HANDLE Handle)
{
	return ddi_handle_op(_context, DISPATCH_LEVEL, Handle,
			     hdaudbus_engine_free);
}

NTSTATUS hdaudbus_ddi_set_dma_engine_state(PVOID _context,
		HDAUDIO_STREAM_STATE StreamState, ULONG NumberOfHandles,
		PHANDLE Handles)
{
	HANDLE handles[HDAUDBUS_MAX_ENGINES];
	struct hdaudbus_client *c;
	NTSTATUS st;
	int err = -EINVAL;

	st = hdaudbus_ddi_enter(_context, DISPATCH_LEVEL, &c);
	if (st)
		return st;
	if ((unsigned int)StreamState <= RunState && NumberOfHandles &&
	    NumberOfHandles <= ARRAY_SIZE(handles) &&
	    hdaudbus_ddi_get(handles, Handles,
			     NumberOfHandles * sizeof(HANDLE)))
		err = hdaudbus_engine_set_state(c,
						(enum hdaudbus_engine_state)StreamState,
						NumberOfHandles, handles);
	return hdaudbus_ddi_leave(c, err);
}

/*
 * The WALCLKA alias (0x2030), so that the page handed out holds no other
 * registers.  NULL when the context or controller is gone or the caller
 * runs above DISPATCH_LEVEL.
 */
void hdaudbus_ddi_get_wall_clock_register(PVOID _context, PULONG *Wallclock)
{
	struct hdaudbus_client *c;
	PULONG reg = NULL;

	if (!hdaudbus_ddi_level_ok(DISPATCH_LEVEL))
		goto out;
	c = hdaudbus_client_get(_context);
	if (!c)
		goto out;
	if (!hdaudbus_ctrl_is_gone(c->ctrl))
		reg = (PULONG __force)(c->ctrl->bus.remap_addr + 0x2000 +
				       AZX_REG_WALLCLK);
	hdaudbus_client_put(c);
out:
	hdaudbus_ddi_put(Wallclock, &reg, sizeof(reg));
}

NTSTATUS hdaudbus_ddi_get_link_position_register(PVOID _context,
		HANDLE Handle, PULONG *Position)
{
	struct hdaudbus_client *c;
	NTSTATUS st;
	u32 *reg = NULL;
	int err = -EINVAL;

	st = hdaudbus_ddi_enter(_context, DISPATCH_LEVEL, &c);
	if (st)
		return st;
	if (hdaudbus_ddi_probe(Position, sizeof(*Position))) {
		err = hdaudbus_engine_position_register(c, Handle, &reg);
		if (!err && !hdaudbus_ddi_put(Position, &reg, sizeof(reg)))
			err = -EFAULT;
	}
	return hdaudbus_ddi_leave(c, err);
}

/* A KEVENT the caller initialised: readable, with a known event type. */
static bool ddi_event_ok(const KEVENT *event)
{
	KEVENT copy;

	return hdaudbus_ddi_get(&copy, event, sizeof(copy)) &&
	       (copy.hdaudbus_type == NotificationEvent ||
		copy.hdaudbus_type == SynchronizationEvent);
}

NTSTATUS hdaudbus_ddi_register_notification_event(PVOID _context,
		HANDLE Handle, PKEVENT NotificationEvent)
{
	struct hdaudbus_client *c;
	NTSTATUS st;
	int err = -EINVAL;

	st = hdaudbus_ddi_enter(_context, PASSIVE_LEVEL, &c);
	if (st)
		return st;
	if (ddi_event_ok(NotificationEvent))
		err = hdaudbus_engine_register_event(c, Handle,
						     NotificationEvent);
	return hdaudbus_ddi_leave(c, err);
}

NTSTATUS hdaudbus_ddi_unregister_notification_event(PVOID _context,
		HANDLE Handle, PKEVENT NotificationEvent)
{
	struct hdaudbus_client *c;
	NTSTATUS st;
	int err;

	st = hdaudbus_ddi_enter(_context, PASSIVE_LEVEL, &c);
	if (st)
		return st;
	err = hdaudbus_engine_unregister_event(c, Handle, NotificationEvent);
	return hdaudbus_ddi_leave(c, err);
}

/*
 * The Fdo gets a reference (get_device() writes its refcount): it must be a
 * device that is initialised and registered, which an object in read-only
 * memory or a stale pointer to zeroed memory is not.
 */
static bool ddi_device_ok(struct device *dev)
{
	struct kobject kobj;

	return hdaudbus_ddi_get(&kobj, &dev->kobj, sizeof(kobj)) &&
	       kobj.state_initialized && kobj.state_in_sysfs;
}

NTSTATUS hdaudbus_ddi_register_notification_callback(PVOID _context,
		HANDLE Handle, PDEVICE_OBJECT Fdo,
		PHDAUDIO_DMA_NOTIFICATION_CALLBACK NotificationCallback,
		PVOID CallbackContext)
{
	struct hdaudbus_client *c;
	NTSTATUS st;
	int err = -EINVAL;

	st = hdaudbus_ddi_enter(_context, PASSIVE_LEVEL, &c);
	if (st)
		return st;
	if (NotificationCallback && Fdo && ddi_device_ok(Fdo))
		err = hdaudbus_engine_register_callback(c, Handle, Fdo,
							NotificationCallback,
							CallbackContext);
	return hdaudbus_ddi_leave(c, err);
}

NTSTATUS hdaudbus_ddi_unregister_notification_callback(PVOID _context,
		HANDLE Handle,
		PHDAUDIO_DMA_NOTIFICATION_CALLBACK NotificationCallback,
		PVOID CallbackContext)
{
	struct hdaudbus_client *c;
	NTSTATUS st;
	int err;

	st = hdaudbus_ddi_enter(_context, PASSIVE_LEVEL, &c);
	if (st)
		return st;
	err = hdaudbus_engine_unregister_callback(c, Handle,
						  NotificationCallback,
						  CallbackContext);
	return hdaudbus_ddi_leave(c, err);
}

NTSTATUS hdaudbus_ddi_allocate_contiguous_dma_buffer(PVOID _context,
		HANDLE Handle, ULONG RequestedBufferSize, PVOID *DataBuffer,
		PHDAUDIO_BUFFER_DESCRIPTOR *BdlBuffer)
{
	HDAUDIO_BUFFER_DESCRIPTOR *bdl;
	struct hdaudbus_client *c;
	NTSTATUS st;
	int err = -EINVAL;
	void *data;

	st = hdaudbus_ddi_enter(_context, PASSIVE_LEVEL, &c);
	if (st)
		return st;
	if (!hdaudbus_ddi_probe(DataBuffer, sizeof(*DataBuffer)) ||
	    !hdaudbus_ddi_probe(BdlBuffer, sizeof(*BdlBuffer)))
		goto out;
	err = hdaudbus_bdl_alloc(c, Handle, RequestedBufferSize, &data, &bdl);
	if (!err && (!hdaudbus_ddi_put(DataBuffer, &data, sizeof(data)) ||
		     !hdaudbus_ddi_put(BdlBuffer, &bdl, sizeof(bdl)))) {
		hdaudbus_buffer_free(c, Handle);
		err = -EFAULT;
	}
out:
	return hdaudbus_ddi_leave(c, err);
}

NTSTATUS hdaudbus_ddi_setup_dma_engine_with_bdl(PVOID _context,
		HANDLE Handle, ULONG BufferLength, ULONG Lvi,
		PHDAUDIO_BDL_ISR Isr, PVOID Context, PUCHAR StreamId,
		PULONG FifoSize)
{
	struct hdaudbus_buffer_info info;
	struct hdaudbus_client *c;
	NTSTATUS st;
	int err = -EINVAL;

	st = hdaudbus_ddi_enter(_context, PASSIVE_LEVEL, &c);
	if (st)
		return st;
	if (hdaudbus_ddi_probe(StreamId, sizeof(*StreamId)) &&
	    hdaudbus_ddi_probe(FifoSize, sizeof(*FifoSize))) {
		err = hdaudbus_bdl_setup(c, Handle, BufferLength, Lvi, Isr,
					 Context, &info);
		/* readable but not writable outputs: the setup stays valid */
		if (!err && (!hdaudbus_ddi_put(StreamId, &info.stream_id,
					       sizeof(info.stream_id)) ||
			     !hdaudbus_ddi_put(FifoSize, &info.fifo_size,
					       sizeof(info.fifo_size))))
			err = -EFAULT;
	}
	return hdaudbus_ddi_leave(c, err);
}
