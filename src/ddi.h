/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ddi.h - helpers shared by the DDI routines (ddi_*.c).
 *
 * A DDI routine does only this: check the caller's context level, look up
 * the client context, copy the caller's arguments in, call the engine or
 * bus layer, copy results out and convert errno to NTSTATUS.  Caller memory
 * is only touched through fault-tolerant copies, so a garbage pointer gives
 * STATUS_INVALID_PARAMETER, not an oops.
 */
#ifndef __HDAUDBUS_DDI_H
#define __HDAUDBUS_DDI_H

#include <linux/uaccess.h>
#include <hdaudbus/hdaudio.h>

#include "client.h"

/* May the caller's context run a routine allowed up to @level? */
static inline bool hdaudbus_ddi_level_ok(KIRQL level)
{
	return hdaudbus_current_irql() <= level;
}

/*
 * Every routine starts with this: its level, then the caller's context.
 * On STATUS_SUCCESS *@c holds a reference that hdaudbus_ddi_leave() drops.
 */
static inline NTSTATUS hdaudbus_ddi_enter(PVOID context, KIRQL level,
					  struct hdaudbus_client **c)
{
	if (!hdaudbus_ddi_level_ok(level))
		return STATUS_UNSUCCESSFUL;
	*c = hdaudbus_client_get(context);
	if (!*c)
		return STATUS_INVALID_PARAMETER;
	/* its driver was unbound or its controller went away */
	if (READ_ONCE((*c)->revoked) || hdaudbus_ctrl_is_gone((*c)->ctrl)) {
		hdaudbus_client_put(*c);
		return STATUS_NO_SUCH_DEVICE;
	}
	return STATUS_SUCCESS;
}

/* ... and ends with this: drop the reference, errno to NTSTATUS. */
static inline NTSTATUS hdaudbus_ddi_leave(struct hdaudbus_client *c, int err)
{
	hdaudbus_client_put(c);
	return hdaudbus_errno_to_ntstatus(err);
}

/* Copy @len bytes from caller memory; false when @src is not readable. */
static inline bool hdaudbus_ddi_get(void *dst, const void *src, size_t len)
{
	return src && !copy_from_kernel_nofault(dst, src, len);
}

long hdaudbus_copy_to_kernel_nofault(void *dst, const void *src, size_t size);

/* Copy @len bytes to caller memory; false when @dst is not writable. */
static inline bool hdaudbus_ddi_put(void *dst, const void *src, size_t len)
{
	return dst && !hdaudbus_copy_to_kernel_nofault(dst, src, len);
}

/*
 * Is caller memory at @p readable for @len bytes?  Reads its first and last
 * byte (the objects probed are far smaller than a page), writes nothing.
 */
static inline bool hdaudbus_ddi_probe(const void *p, size_t len)
{
	u8 tmp;

	return len && hdaudbus_ddi_get(&tmp, p, 1) &&
	       hdaudbus_ddi_get(&tmp, (const u8 *)p + len - 1, 1);
}

void hdaudbus_ddi_fill_v1(struct hdaudbus_client *c, HDAUDIO_BUS_INTERFACE *i);
void hdaudbus_ddi_fill_v2(struct hdaudbus_client *c,
			  HDAUDIO_BUS_INTERFACE_V2 *i);
void hdaudbus_ddi_fill_v3(struct hdaudbus_client *c,
			  HDAUDIO_BUS_INTERFACE_V3 *i);
void hdaudbus_ddi_fill_bdl(struct hdaudbus_client *c,
			   HDAUDIO_BUS_INTERFACE_BDL *i);

/* ddi_engine.c: the engine and buffer routines, for the tables */
NTSTATUS hdaudbus_ddi_allocate_capture_dma_engine(PVOID _context,
		UCHAR CodecAddress, PHDAUDIO_STREAM_FORMAT StreamFormat,
		PHANDLE Handle, PHDAUDIO_CONVERTER_FORMAT ConverterFormat);
NTSTATUS hdaudbus_ddi_allocate_render_dma_engine(PVOID _context,
		PHDAUDIO_STREAM_FORMAT StreamFormat, BOOLEAN Stripe,
		PHANDLE Handle, PHDAUDIO_CONVERTER_FORMAT ConverterFormat);
NTSTATUS hdaudbus_ddi_change_bandwidth_allocation(PVOID _context,
		HANDLE Handle, PHDAUDIO_STREAM_FORMAT StreamFormat,
		PHDAUDIO_CONVERTER_FORMAT ConverterFormat);
NTSTATUS hdaudbus_ddi_allocate_dma_buffer(PVOID _context, HANDLE Handle,
		SIZE_T RequestedBufferSize, PMDL *BufferMdl,
		PSIZE_T AllocatedBufferSize, PUCHAR StreamId, PULONG FifoSize);
NTSTATUS hdaudbus_ddi_free_dma_buffer(PVOID _context, HANDLE Handle);
NTSTATUS hdaudbus_ddi_free_dma_engine(PVOID _context, HANDLE Handle);
NTSTATUS hdaudbus_ddi_set_dma_engine_state(PVOID _context,
		HDAUDIO_STREAM_STATE StreamState, ULONG NumberOfHandles,
		PHANDLE Handles);
void hdaudbus_ddi_get_wall_clock_register(PVOID _context, PULONG *Wallclock);
NTSTATUS hdaudbus_ddi_get_link_position_register(PVOID _context,
		HANDLE Handle, PULONG *Position);
NTSTATUS hdaudbus_ddi_allocate_dma_buffer_with_notification(PVOID _context,
		HANDLE Handle, ULONG NotificationCount,
		SIZE_T RequestedBufferSize, PMDL *BufferMdl,
		PSIZE_T AllocatedBufferSize, PSIZE_T OffsetFromFirstPage,
		PUCHAR StreamId, PULONG FifoSize);
NTSTATUS hdaudbus_ddi_free_dma_buffer_with_notification(PVOID _context,
		HANDLE Handle, PMDL BufferMdl, SIZE_T BufferSize);
NTSTATUS hdaudbus_ddi_register_notification_event(PVOID _context,
		HANDLE Handle, PKEVENT NotificationEvent);
NTSTATUS hdaudbus_ddi_unregister_notification_event(PVOID _context,
		HANDLE Handle, PKEVENT NotificationEvent);
NTSTATUS hdaudbus_ddi_register_notification_callback(PVOID _context,
		HANDLE Handle, PDEVICE_OBJECT Fdo,
		PHDAUDIO_DMA_NOTIFICATION_CALLBACK NotificationCallback,
		PVOID CallbackContext);
NTSTATUS hdaudbus_ddi_unregister_notification_callback(PVOID _context,
		HANDLE Handle,
		PHDAUDIO_DMA_NOTIFICATION_CALLBACK NotificationCallback,
		PVOID CallbackContext);
NTSTATUS hdaudbus_ddi_allocate_contiguous_dma_buffer(PVOID _context,
		HANDLE Handle, ULONG RequestedBufferSize, PVOID *DataBuffer,
		PHDAUDIO_BUFFER_DESCRIPTOR *BdlBuffer);
NTSTATUS hdaudbus_ddi_setup_dma_engine_with_bdl(PVOID _context,
		HANDLE Handle, ULONG BufferLength, ULONG Lvi,
		PHDAUDIO_BDL_ISR Isr, PVOID Context, PUCHAR StreamId,
		PULONG FifoSize);

#endif /* __HDAUDBUS_DDI_H */
