// SPDX-License-Identifier: GPL-2.0-only
/*
 * ddi_bus.c - the bus-wide routines of the interfaces (references, codec
 * verbs, unsolicited response callbacks, device and resource information)
 * and the four routine tables.
 */
#include <linux/kernel.h>

#include <hdaudbus/hdaudbus.h>

#include "compat.h"
#include "ddi.h"
#include "unsol.h"
#include "verbs.h"

static void ddi_interface_reference(PVOID Context)
{
	struct hdaudbus_client *c = hdaudbus_client_get(Context);

	/* the lookup's reference is the one the caller asked for */
	if (c)
		hdaudbus_client_reference(c);
}

static void ddi_interface_dereference(PVOID Context)
{
	struct hdaudbus_client *c = hdaudbus_client_get(Context);

	if (c)
		hdaudbus_client_dereference(c);
}

/*
 * Without a callback: PASSIVE, returns when every response is in.  With
 * one: up to DISPATCH, queued; the callback runs once at DISPATCH_LEVEL
 * after the last response (see verbs.c).
 */
static NTSTATUS ddi_transfer_codec_verbs(PVOID _context, ULONG Count,
		PHDAUDIO_CODEC_TRANSFER CodecTransfer,
		PHDAUDIO_TRANSFER_COMPLETE_CALLBACK Callback, PVOID Context)
{
	struct hdaudbus_client *c;
	NTSTATUS st;
	int err = -EINVAL;

	st = hdaudbus_ddi_enter(_context,
				Callback ? DISPATCH_LEVEL : PASSIVE_LEVEL, &c);
	if (st)
		return st;
	if (Count && (!hdaudbus_ddi_probe(CodecTransfer,
					  sizeof(*CodecTransfer)) ||
		      !hdaudbus_ddi_probe(&CodecTransfer[Count - 1],
					  sizeof(*CodecTransfer))))
		goto out;
	if (!Callback) {
		err = hdaudbus_verbs_transfer(c, Count, CodecTransfer);
	} else {
		err = hdaudbus_verbs_queue(c, Count, CodecTransfer, Callback,
					   Context);
		if (err == -ENOMEM) {
			hdaudbus_client_put(c);
			return STATUS_NO_MEMORY;	/* the documented code */
		}
	}
out:
	return hdaudbus_ddi_leave(c, err);
}

/*
 * Size in, Size out: a caller that knows _V2 gets it (Size 14), any other
 * large enough buffer gets the first version (Size 10).
 */
static NTSTATUS ddi_get_device_information(PVOID _context,
		PHDAUDIO_DEVICE_INFORMATION DeviceInformation)
{
	HDAUDIO_DEVICE_INFORMATION_V2 info = { 0 };
	struct hdaudbus_client *c;
	struct hdaudbus_ctrl *ctrl;
	NTSTATUS st = STATUS_SUCCESS;
	USHORT size;

	st = hdaudbus_ddi_enter(_context, PASSIVE_LEVEL, &c);
	if (st)
		return st;
	ctrl = c->ctrl;
	if (!hdaudbus_ddi_get(&size, &DeviceInformation->Size, sizeof(size))) {
		st = STATUS_INVALID_PARAMETER;
		goto out;
	}
	if (size < sizeof(HDAUDIO_DEVICE_INFORMATION)) {
		st = STATUS_BUFFER_TOO_SMALL;
		goto out;
	}
	info.Size = size >= sizeof(info) ? sizeof(info) :
		    sizeof(HDAUDIO_DEVICE_INFORMATION);
	info.DeviceVersion = (ctrl->vmaj << 8) | ctrl->vmin;
	info.DriverVersion = HDAUDBUS_VERSION;
	info.CodecsDetected = ctrl->bus.codec_mask;
	/* GCAP.NSDO (bits 2:1): 0 = one SDO line, else 2 or 4 */
	info.IsStripingSupported = (ctrl->gcap & 0x6) != 0;
	if (info.Size == sizeof(info)) {
		info.CtrlRevision = ctrl->pci->revision;
		info.CtrlVendorId = ctrl->pci->vendor;
		info.CtrlDeviceId = ctrl->pci->device;
	}
	if (!hdaudbus_ddi_put(DeviceInformation, &info, info.Size))
		st = STATUS_INVALID_PARAMETER;
out:
	hdaudbus_client_put(c);
	return st;
}

static void ddi_get_resource_information(PVOID _context, PUCHAR CodecAddress,
					 PUCHAR FunctionGroupStartNode)
{
	struct hdaudbus_client *c = hdaudbus_client_get(_context);
	UCHAR addr, node;

	if (!c)
		return;
	addr = c->codec->addr;
	node = c->codec->afg ? c->codec->afg : c->codec->mfg;
	hdaudbus_ddi_put(CodecAddress, &addr, sizeof(addr));
	hdaudbus_ddi_put(FunctionGroupStartNode, &node, sizeof(node));
	hdaudbus_client_put(c);
}

static NTSTATUS ddi_register_event_callback(PVOID _context,
		PHDAUDIO_UNSOLICITED_RESPONSE_CALLBACK Routine, PVOID Context,
		PUCHAR Tag)
{
	struct hdaudbus_client *c;
	NTSTATUS st;
	int err = -EINVAL;
	u8 tag;

	st = hdaudbus_ddi_enter(_context, PASSIVE_LEVEL, &c);
	if (st)
		return st;
	if (Routine && hdaudbus_ddi_probe(Tag, sizeof(*Tag))) {
		err = hdaudbus_unsol_register(c, Routine, Context, &tag);
		if (!err && !hdaudbus_ddi_put(Tag, &tag, sizeof(tag))) {
			hdaudbus_unsol_unregister(c, tag);
			err = -EFAULT;
		}
	}
	return hdaudbus_ddi_leave(c, err);
}

static NTSTATUS ddi_unregister_event_callback(PVOID _context, UCHAR Tag)
{
	struct hdaudbus_client *c;
	NTSTATUS st;
	int err;

	st = hdaudbus_ddi_enter(_context, PASSIVE_LEVEL, &c);
	if (st)
		return st;
	err = hdaudbus_unsol_unregister(c, Tag);
	return hdaudbus_ddi_leave(c, err);
}

/* The members every interface shares, in every struct's order. */
#define HDAUDBUS_DDI_COMMON(i, c)					\
	do {								\
		(i)->Size = sizeof(*(i));				\
		(i)->Version = HDAUDBUS_VERSION;			\
		(i)->Context = hdaudbus_client_context(c);		\
		(i)->InterfaceReference = ddi_interface_reference;	\
		(i)->InterfaceDereference = ddi_interface_dereference;	\
		(i)->TransferCodecVerbs = ddi_transfer_codec_verbs;	\
		(i)->AllocateCaptureDmaEngine =				\
			hdaudbus_ddi_allocate_capture_dma_engine;	\
		(i)->AllocateRenderDmaEngine =				\
			hdaudbus_ddi_allocate_render_dma_engine;	\
		(i)->ChangeBandwidthAllocation =			\
			hdaudbus_ddi_change_bandwidth_allocation;	\
		(i)->FreeDmaEngine = hdaudbus_ddi_free_dma_engine;	\
		(i)->SetDmaEngineState =				\
			hdaudbus_ddi_set_dma_engine_state;		\
		(i)->GetWallClockRegister =				\
			hdaudbus_ddi_get_wall_clock_register;		\
		(i)->GetLinkPositionRegister =				\
			hdaudbus_ddi_get_link_position_register;	\
		(i)->RegisterEventCallback = ddi_register_event_callback; \
		(i)->UnregisterEventCallback =				\
			ddi_unregister_event_callback;			\
		(i)->GetDeviceInformation = ddi_get_device_information;	\
		(i)->GetResourceInformation =				\
			ddi_get_resource_information;			\
	} while (0)

static_assert(offsetof(HDAUDIO_BUS_INTERFACE_V2, GetResourceInformation) ==
	      offsetof(HDAUDIO_BUS_INTERFACE, GetResourceInformation));
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_V3, UnregisterNotificationEvent) ==
	      offsetof(HDAUDIO_BUS_INTERFACE_V2, UnregisterNotificationEvent));

/*
 * V2 is V1 with routines appended, and V3 is V2 with routines appended:
 * each fill function fills the shorter struct it starts with, then its own
 * members, then the Size.
 */

/**
 * hdaudbus_ddi_fill_v1() - fill an HDAUDIO_BUS_INTERFACE
 * @c: the client context the interface is for
 * @i: the interface
 *
 * Context: any.
 */
void hdaudbus_ddi_fill_v1(struct hdaudbus_client *c, HDAUDIO_BUS_INTERFACE *i)
{
	HDAUDBUS_DDI_COMMON(i, c);
	i->AllocateDmaBuffer = hdaudbus_ddi_allocate_dma_buffer;
	i->FreeDmaBuffer = hdaudbus_ddi_free_dma_buffer;
}

/**
 * hdaudbus_ddi_fill_v2() - fill an HDAUDIO_BUS_INTERFACE_V2
 * @c: the client context the interface is for
 * @i: the interface
 *
 * Context: any.
 */
void hdaudbus_ddi_fill_v2(struct hdaudbus_client *c,
			  HDAUDIO_BUS_INTERFACE_V2 *i)
{
	hdaudbus_ddi_fill_v1(c, (HDAUDIO_BUS_INTERFACE *)i);
	i->AllocateDmaBufferWithNotification =
		hdaudbus_ddi_allocate_dma_buffer_with_notification;
	i->FreeDmaBufferWithNotification =
		hdaudbus_ddi_free_dma_buffer_with_notification;
	i->RegisterNotificationEvent =
		hdaudbus_ddi_register_notification_event;
	i->UnregisterNotificationEvent =
		hdaudbus_ddi_unregister_notification_event;
	i->Size = sizeof(*i);
}

/**
 * hdaudbus_ddi_fill_v3() - fill an HDAUDIO_BUS_INTERFACE_V3
 * @c: the client context the interface is for
 * @i: the interface
 *
 * Context: any.
 */
void hdaudbus_ddi_fill_v3(struct hdaudbus_client *c,
			  HDAUDIO_BUS_INTERFACE_V3 *i)
{
	hdaudbus_ddi_fill_v2(c, (HDAUDIO_BUS_INTERFACE_V2 *)i);
	i->RegisterNotificationCallback =
		hdaudbus_ddi_register_notification_callback;
	i->UnregisterNotificationCallback =
		hdaudbus_ddi_unregister_notification_callback;
	i->Size = sizeof(*i);
}

/**
 * hdaudbus_ddi_fill_bdl() - fill an HDAUDIO_BUS_INTERFACE_BDL
 * @c: the client context the interface is for
 * @i: the interface
 *
 * Context: any.
 */
void hdaudbus_ddi_fill_bdl(struct hdaudbus_client *c,
			   HDAUDIO_BUS_INTERFACE_BDL *i)
{
	HDAUDBUS_DDI_COMMON(i, c);
	i->AllocateContiguousDmaBuffer =
		hdaudbus_ddi_allocate_contiguous_dma_buffer;
	i->SetupDmaEngineWithBdl = hdaudbus_ddi_setup_dma_engine_with_bdl;
	i->FreeContiguousDmaBuffer = hdaudbus_ddi_free_dma_buffer;
}
