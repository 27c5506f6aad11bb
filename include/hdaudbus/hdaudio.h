/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hdaudio.h - the types of the HD Audio bus DDI: HDAUDIO_BUS_INTERFACE,
 * HDAUDIO_BUS_INTERFACE_BDL, HDAUDIO_BUS_INTERFACE_V2 and
 * HDAUDIO_BUS_INTERFACE_V3, with the structures, enums and callback types
 * their routines use.
 *
 * Names, member order, bit layouts and prototypes are those of the Windows
 * DDI, so code written against it reads the same.  Bit positions count from
 * bit 0 = least significant bit of the containing ULONG/USHORT.
 */
#ifndef __HDAUDBUS_HDAUDIO_H
#define __HDAUDBUS_HDAUDIO_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <hdaudbus/wdm.h>

/* ------------------------------------------------------------------------
 * Interface and bus GUIDs (exported by snd-hdaudbus)
 */

/* {D2EAF88B-AB18-41A8-B664-8D592167671B}: 14 routines */
extern const GUID GUID_HDAUDIO_BUS_INTERFACE;
/* {B4D65397-5634-40B0-B068-F5B9F8B967A5}: 15 routines, client-built BDL */
extern const GUID GUID_HDAUDIO_BUS_INTERFACE_BDL;
/* {B52AF5FB-424B-4BB9-A160-5B38BE94E568}: 18 routines */
extern const GUID GUID_HDAUDIO_BUS_INTERFACE_V2;
/* {DC25DA12-BCD1-4C7F-84E1-02ADB6DCDCBF}: 20 routines */
extern const GUID GUID_HDAUDIO_BUS_INTERFACE_V3;
/* {BBD1A745-ADD6-4575-9C2E-9B428D1C3266}: the bus type, not an interface */
extern const GUID GUID_HDAUDIO_BUS_CLASS;

/* ------------------------------------------------------------------------
 * Codec commands and responses
 */

/*
 * One CORB entry.  Verb8: 12-bit verb with 8-bit payload; Verb16: 4-bit
 * verb with 16-bit payload.  Command is the 32-bit value sent to the codec.
 *
 *   bits 31:28 CodecAddress, 27:20 Node, then VerbId and Data below it.
 */
typedef struct _HDAUDIO_CODEC_COMMAND {
	union {
		struct {
			ULONG Data:8;
			ULONG VerbId:12;
			ULONG Node:8;
			ULONG CodecAddress:4;
		} Verb8;
		struct {
			ULONG Data:16;
			ULONG VerbId:4;
			ULONG Node:8;
			ULONG CodecAddress:4;
		} Verb16;
		ULONG Command;
	};
} HDAUDIO_CODEC_COMMAND, *PHDAUDIO_CODEC_COMMAND;

/*
 * One response, built by the bus from an RIRB entry.
 *
 *   bits 31:0   Response (solicited), or Unsolicited.Response (20:0),
 *               Unsolicited.SubTag (25:21), Unsolicited.Tag (31:26)
 *   bits 35:32  SDataIn: codec address (SDI line) that answered
 *   bit  36     IsUnsolicitedResponse
 *   bits 61:37  reserved, 0
 *   bit  62     HasFifoOverrun: the response was lost in an RIRB overrun
 *   bit  63     IsValid: a response was received
 */
typedef struct _HDAUDIO_CODEC_RESPONSE {
	union {
		struct {
			union {
				struct {
					ULONG Response:21;
					ULONG SubTag:5;
					ULONG Tag:6;
				} Unsolicited;
				ULONG Response;
			};
			ULONG SDataIn:4;
			ULONG IsUnsolicitedResponse:1;
			ULONG:25;
			ULONG HasFifoOverrun:1;
			ULONG IsValid:1;
		};
		ULONGLONG CompleteResponse;
	};
} HDAUDIO_CODEC_RESPONSE, *PHDAUDIO_CODEC_RESPONSE;

/* One command (written by the client) and its response (by the bus). */
typedef struct _HDAUDIO_CODEC_TRANSFER {
	HDAUDIO_CODEC_COMMAND Output;
	HDAUDIO_CODEC_RESPONSE Input;
} HDAUDIO_CODEC_TRANSFER, *PHDAUDIO_CODEC_TRANSFER;

/* ------------------------------------------------------------------------
 * Formats
 */

/* A stream format as the client asks for it. */
typedef struct _HDAUDIO_STREAM_FORMAT {
	ULONG SampleRate;		/* frames per second */
	USHORT ValidBitsPerSample;	/* significant bits per sample */
	USHORT ContainerSize;		/* bits per sample container */
	USHORT NumberOfChannels;
} HDAUDIO_STREAM_FORMAT, *PHDAUDIO_STREAM_FORMAT;

/*
 * The 16-bit HDA stream format word (SDnFMT, Set Converter Format verb).
 *
 *   bits 3:0   NumberOfChannels: channels - 1
 *   bits 6:4   BitsPerSample: 0 = 8, 1 = 16, 2 = 20, 3 = 24, 4 = 32
 *   bit  7     reserved, 0
 *   bits 14:8  SampleRate: DIV (10:8), MULT (13:11), BASE (14)
 *   bit  15    StreamType: 0 = PCM (always 0 from the bus)
 */
typedef struct _HDAUDIO_CONVERTER_FORMAT {
	union {
		struct {
			USHORT NumberOfChannels:4;
			USHORT BitsPerSample:3;
			USHORT:1;
			USHORT SampleRate:7;
			USHORT StreamType:1;
		};
		USHORT ConverterFormat;
	};
} HDAUDIO_CONVERTER_FORMAT, *PHDAUDIO_CONVERTER_FORMAT;

/* DMA engine states; Stop and Pause are the same state. */
typedef enum _HDAUDIO_STREAM_STATE {
	ResetState = 0,
	StopState = 1,
	PauseState = 1,
	RunState = 2
} HDAUDIO_STREAM_STATE, *PHDAUDIO_STREAM_STATE;

/* Defined by the DDI; no routine of the bus interfaces takes it. */
typedef enum _HDAUDIO_CODEC_POWER_STATE {
	PowerCodecUnspecified = 0,
	PowerCodecD0,
	PowerCodecD1,
	PowerCodecD2,
	PowerCodecD3,
	PowerCodecD3Cold,
	PowerCodecMaximum
} HDAUDIO_CODEC_POWER_STATE, *PHDAUDIO_CODEC_POWER_STATE;

/* ------------------------------------------------------------------------
 * Device information
 */

/*
 * The caller sets Size to the size of its buffer; the bus fills the V2
 * members too when Size >= sizeof(HDAUDIO_DEVICE_INFORMATION_V2) and
 * writes back the size it filled.  CodecsDetected is a mask: bit n set
 * means a codec answered on SDI line n.
 */
typedef struct _HDAUDIO_DEVICE_INFORMATION {
	USHORT Size;
	USHORT DeviceVersion;		/* controller VMAJ << 8 | VMIN */
	USHORT DriverVersion;		/* bus driver major << 8 | minor */
	USHORT CodecsDetected;
	BOOLEAN IsStripingSupported;	/* controller has >= 2 SDO lines */
} HDAUDIO_DEVICE_INFORMATION, *PHDAUDIO_DEVICE_INFORMATION;

typedef struct _HDAUDIO_DEVICE_INFORMATION_V2 {
	USHORT Size;
	USHORT DeviceVersion;
	USHORT DriverVersion;
	USHORT CodecsDetected;
	BOOLEAN IsStripingSupported;
	UCHAR CtrlRevision;		/* PCI revision id */
	USHORT CtrlVendorId;		/* PCI vendor id */
	USHORT CtrlDeviceId;		/* PCI device id */
} HDAUDIO_DEVICE_INFORMATION_V2, *PHDAUDIO_DEVICE_INFORMATION_V2;

/* ------------------------------------------------------------------------
 * Buffer descriptor (BDL interface): identical to a hardware BDL entry
 */

typedef struct _HDAUDIO_BUFFER_DESCRIPTOR {
	PHYSICAL_ADDRESS Address;	/* 128-byte aligned fragment start */
	ULONG Length;			/* fragment length in bytes */
	ULONG InterruptOnCompletion;	/* 1: interrupt when done */
} HDAUDIO_BUFFER_DESCRIPTOR, *PHDAUDIO_BUFFER_DESCRIPTOR;

/* ------------------------------------------------------------------------
 * Callbacks
 */

/* Completion of an asynchronous TransferCodecVerbs(); DISPATCH_LEVEL. */
typedef void (*PHDAUDIO_TRANSFER_COMPLETE_CALLBACK)(
		HDAUDIO_CODEC_TRANSFER *Transfer, PVOID Context);

/* An unsolicited response with a registered tag; DISPATCH_LEVEL. */
typedef void (*PHDAUDIO_UNSOLICITED_RESPONSE_CALLBACK)(
		HDAUDIO_CODEC_RESPONSE Response, PVOID Context);

/* Stream interrupt of a BDL-interface engine; hard-IRQ context. */
typedef void (*PHDAUDIO_BDL_ISR)(VOID *Context, ULONG InterruptBitMask);

/* InterruptBitMask bits: the stream's SDnSTS bits; all others are 0. */
#define HDAUDIO_BDL_ISR_BCIS	0x00000004U	/* buffer completed (IOC) */
#define HDAUDIO_BDL_ISR_FIFOE	0x00000008U	/* FIFO under/overrun */
#define HDAUDIO_BDL_ISR_DESE	0x00000010U	/* descriptor error */
#define HDAUDIO_BDL_ISR_MASK	(HDAUDIO_BDL_ISR_BCIS | \
				 HDAUDIO_BDL_ISR_FIFOE | \
				 HDAUDIO_BDL_ISR_DESE)

/* DMA progress notification (V3); DISPATCH_LEVEL. */
typedef void (*PHDAUDIO_DMA_NOTIFICATION_CALLBACK)(PVOID Context,
		LARGE_INTEGER QPCDMANotificationTimestamp);

/* ------------------------------------------------------------------------
 * Routines.  _context is always the Context member of the interface.
 */

typedef NTSTATUS (*PTRANSFER_CODEC_VERBS)(PVOID _context, ULONG Count,
		PHDAUDIO_CODEC_TRANSFER CodecTransfer,
		PHDAUDIO_TRANSFER_COMPLETE_CALLBACK Callback, PVOID Context);

typedef NTSTATUS (*PALLOCATE_CAPTURE_DMA_ENGINE)(PVOID _context,
		UCHAR CodecAddress, PHDAUDIO_STREAM_FORMAT StreamFormat,
		PHANDLE Handle, PHDAUDIO_CONVERTER_FORMAT ConverterFormat);

typedef NTSTATUS (*PALLOCATE_RENDER_DMA_ENGINE)(PVOID _context,
		PHDAUDIO_STREAM_FORMAT StreamFormat, BOOLEAN Stripe,
		PHANDLE Handle, PHDAUDIO_CONVERTER_FORMAT ConverterFormat);

typedef NTSTATUS (*PCHANGE_BANDWIDTH_ALLOCATION)(PVOID _context, HANDLE Handle,
		PHDAUDIO_STREAM_FORMAT StreamFormat,
		PHDAUDIO_CONVERTER_FORMAT ConverterFormat);

typedef NTSTATUS (*PALLOCATE_DMA_BUFFER)(PVOID _context, HANDLE Handle,
					 SIZE_T RequestedBufferSize,
					 PMDL *BufferMdl,
					 PSIZE_T AllocatedBufferSize,
					 PUCHAR StreamId, PULONG FifoSize);

typedef NTSTATUS (*PFREE_DMA_BUFFER)(PVOID _context, HANDLE Handle);

typedef NTSTATUS (*PFREE_DMA_ENGINE)(PVOID _context, HANDLE Handle);

typedef NTSTATUS (*PSET_DMA_ENGINE_STATE)(PVOID _context,
					  HDAUDIO_STREAM_STATE StreamState,
					  ULONG NumberOfHandles,
					  PHANDLE Handles);

typedef void (*PGET_WALL_CLOCK_REGISTER)(PVOID _context, PULONG *Wallclock);

typedef NTSTATUS (*PGET_LINK_POSITION_REGISTER)(PVOID _context, HANDLE Handle,
						PULONG *Position);

typedef NTSTATUS (*PREGISTER_EVENT_CALLBACK)(PVOID _context,
		PHDAUDIO_UNSOLICITED_RESPONSE_CALLBACK Routine, PVOID Context,
		PUCHAR Tag);

typedef NTSTATUS (*PUNREGISTER_EVENT_CALLBACK)(PVOID _context, UCHAR Tag);

typedef NTSTATUS (*PGET_DEVICE_INFORMATION)(PVOID _context,
		PHDAUDIO_DEVICE_INFORMATION DeviceInformation);

typedef void (*PGET_RESOURCE_INFORMATION)(PVOID _context, PUCHAR CodecAddress,
					  PUCHAR FunctionGroupStartNode);

typedef NTSTATUS (*PALLOCATE_DMA_BUFFER_WITH_NOTIFICATION)(PVOID _context,
		HANDLE Handle, ULONG NotificationCount,
		SIZE_T RequestedBufferSize, PMDL *BufferMdl,
		PSIZE_T AllocatedBufferSize, PSIZE_T OffsetFromFirstPage,
		PUCHAR StreamId, PULONG FifoSize);

typedef NTSTATUS (*PFREE_DMA_BUFFER_WITH_NOTIFICATION)(PVOID _context,
		HANDLE Handle, PMDL BufferMdl, SIZE_T BufferSize);

typedef NTSTATUS (*PREGISTER_NOTIFICATION_EVENT)(PVOID _context, HANDLE Handle,
		PKEVENT NotificationEvent);

typedef NTSTATUS (*PUNREGISTER_NOTIFICATION_EVENT)(PVOID _context,
		HANDLE Handle, PKEVENT NotificationEvent);

typedef NTSTATUS (*PREGISTER_NOTIFICATION_CALLBACK)(PVOID _context,
		HANDLE Handle, PDEVICE_OBJECT Fdo,
		PHDAUDIO_DMA_NOTIFICATION_CALLBACK NotificationCallback,
		PVOID CallbackContext);

typedef NTSTATUS (*PUNREGISTER_NOTIFICATION_CALLBACK)(PVOID _context,
		HANDLE Handle,
		PHDAUDIO_DMA_NOTIFICATION_CALLBACK NotificationCallback,
		PVOID CallbackContext);

typedef NTSTATUS (*PALLOCATE_CONTIGUOUS_DMA_BUFFER)(PVOID _context,
		HANDLE Handle, ULONG RequestedBufferSize, PVOID *DataBuffer,
		PHDAUDIO_BUFFER_DESCRIPTOR *BdlBuffer);

typedef NTSTATUS (*PSETUP_DMA_ENGINE_WITH_BDL)(PVOID _context, HANDLE Handle,
					       ULONG BufferLength, ULONG Lvi,
					       PHDAUDIO_BDL_ISR Isr,
					       PVOID Context, PUCHAR StreamId,
					       PULONG FifoSize);

typedef NTSTATUS (*PFREE_CONTIGUOUS_DMA_BUFFER)(PVOID _context, HANDLE Handle);

/* ------------------------------------------------------------------------
 * The interfaces.  Each starts with the members of INTERFACE.
 */

typedef struct _HDAUDIO_BUS_INTERFACE {
	USHORT Size;
	USHORT Version;
	PVOID Context;
	PINTERFACE_REFERENCE InterfaceReference;
	PINTERFACE_DEREFERENCE InterfaceDereference;
	PTRANSFER_CODEC_VERBS TransferCodecVerbs;
	PALLOCATE_CAPTURE_DMA_ENGINE AllocateCaptureDmaEngine;
	PALLOCATE_RENDER_DMA_ENGINE AllocateRenderDmaEngine;
	PCHANGE_BANDWIDTH_ALLOCATION ChangeBandwidthAllocation;
	PALLOCATE_DMA_BUFFER AllocateDmaBuffer;
	PFREE_DMA_BUFFER FreeDmaBuffer;
	PFREE_DMA_ENGINE FreeDmaEngine;
	PSET_DMA_ENGINE_STATE SetDmaEngineState;
	PGET_WALL_CLOCK_REGISTER GetWallClockRegister;
	PGET_LINK_POSITION_REGISTER GetLinkPositionRegister;
	PREGISTER_EVENT_CALLBACK RegisterEventCallback;
	PUNREGISTER_EVENT_CALLBACK UnregisterEventCallback;
	PGET_DEVICE_INFORMATION GetDeviceInformation;
	PGET_RESOURCE_INFORMATION GetResourceInformation;
} HDAUDIO_BUS_INTERFACE, *PHDAUDIO_BUS_INTERFACE;

/* Not a prefix of the others: routines 4..6 differ, the rest shift. */
typedef struct _HDAUDIO_BUS_INTERFACE_BDL {
	USHORT Size;
	USHORT Version;
	PVOID Context;
	PINTERFACE_REFERENCE InterfaceReference;
	PINTERFACE_DEREFERENCE InterfaceDereference;
	PTRANSFER_CODEC_VERBS TransferCodecVerbs;
	PALLOCATE_CAPTURE_DMA_ENGINE AllocateCaptureDmaEngine;
	PALLOCATE_RENDER_DMA_ENGINE AllocateRenderDmaEngine;
	PCHANGE_BANDWIDTH_ALLOCATION ChangeBandwidthAllocation;
	PALLOCATE_CONTIGUOUS_DMA_BUFFER AllocateContiguousDmaBuffer;
	PSETUP_DMA_ENGINE_WITH_BDL SetupDmaEngineWithBdl;
	PFREE_CONTIGUOUS_DMA_BUFFER FreeContiguousDmaBuffer;
	PFREE_DMA_ENGINE FreeDmaEngine;
	PSET_DMA_ENGINE_STATE SetDmaEngineState;
	PGET_WALL_CLOCK_REGISTER GetWallClockRegister;
	PGET_LINK_POSITION_REGISTER GetLinkPositionRegister;
	PREGISTER_EVENT_CALLBACK RegisterEventCallback;
	PUNREGISTER_EVENT_CALLBACK UnregisterEventCallback;
	PGET_DEVICE_INFORMATION GetDeviceInformation;
	PGET_RESOURCE_INFORMATION GetResourceInformation;
} HDAUDIO_BUS_INTERFACE_BDL, *PHDAUDIO_BUS_INTERFACE_BDL;

typedef struct _HDAUDIO_BUS_INTERFACE_V2 {
	USHORT Size;
	USHORT Version;
	PVOID Context;
	PINTERFACE_REFERENCE InterfaceReference;
	PINTERFACE_DEREFERENCE InterfaceDereference;
	PTRANSFER_CODEC_VERBS TransferCodecVerbs;
	PALLOCATE_CAPTURE_DMA_ENGINE AllocateCaptureDmaEngine;
	PALLOCATE_RENDER_DMA_ENGINE AllocateRenderDmaEngine;
	PCHANGE_BANDWIDTH_ALLOCATION ChangeBandwidthAllocation;
	PALLOCATE_DMA_BUFFER AllocateDmaBuffer;
	PFREE_DMA_BUFFER FreeDmaBuffer;
	PFREE_DMA_ENGINE FreeDmaEngine;
	PSET_DMA_ENGINE_STATE SetDmaEngineState;
	PGET_WALL_CLOCK_REGISTER GetWallClockRegister;
	PGET_LINK_POSITION_REGISTER GetLinkPositionRegister;
	PREGISTER_EVENT_CALLBACK RegisterEventCallback;
	PUNREGISTER_EVENT_CALLBACK UnregisterEventCallback;
	PGET_DEVICE_INFORMATION GetDeviceInformation;
	PGET_RESOURCE_INFORMATION GetResourceInformation;
	PALLOCATE_DMA_BUFFER_WITH_NOTIFICATION AllocateDmaBufferWithNotification;
	PFREE_DMA_BUFFER_WITH_NOTIFICATION FreeDmaBufferWithNotification;
	PREGISTER_NOTIFICATION_EVENT RegisterNotificationEvent;
	PUNREGISTER_NOTIFICATION_EVENT UnregisterNotificationEvent;
} HDAUDIO_BUS_INTERFACE_V2, *PHDAUDIO_BUS_INTERFACE_V2;

typedef struct _HDAUDIO_BUS_INTERFACE_V3 {
	USHORT Size;
	USHORT Version;
	PVOID Context;
	PINTERFACE_REFERENCE InterfaceReference;
	PINTERFACE_DEREFERENCE InterfaceDereference;
	PTRANSFER_CODEC_VERBS TransferCodecVerbs;
	PALLOCATE_CAPTURE_DMA_ENGINE AllocateCaptureDmaEngine;
	PALLOCATE_RENDER_DMA_ENGINE AllocateRenderDmaEngine;
	PCHANGE_BANDWIDTH_ALLOCATION ChangeBandwidthAllocation;
	PALLOCATE_DMA_BUFFER AllocateDmaBuffer;
	PFREE_DMA_BUFFER FreeDmaBuffer;
	PFREE_DMA_ENGINE FreeDmaEngine;
	PSET_DMA_ENGINE_STATE SetDmaEngineState;
	PGET_WALL_CLOCK_REGISTER GetWallClockRegister;
	PGET_LINK_POSITION_REGISTER GetLinkPositionRegister;
	PREGISTER_EVENT_CALLBACK RegisterEventCallback;
	PUNREGISTER_EVENT_CALLBACK UnregisterEventCallback;
	PGET_DEVICE_INFORMATION GetDeviceInformation;
	PGET_RESOURCE_INFORMATION GetResourceInformation;
	PALLOCATE_DMA_BUFFER_WITH_NOTIFICATION AllocateDmaBufferWithNotification;
	PFREE_DMA_BUFFER_WITH_NOTIFICATION FreeDmaBufferWithNotification;
	PREGISTER_NOTIFICATION_EVENT RegisterNotificationEvent;
	PUNREGISTER_NOTIFICATION_EVENT UnregisterNotificationEvent;
	PREGISTER_NOTIFICATION_CALLBACK RegisterNotificationCallback;
	PUNREGISTER_NOTIFICATION_CALLBACK UnregisterNotificationCallback;
} HDAUDIO_BUS_INTERFACE_V3, *PHDAUDIO_BUS_INTERFACE_V3;

/* ------------------------------------------------------------------------
 * Layout checks
 *
 * Sizes that do not depend on the pointer size hold on every little-endian
 * Linux ABI.  Routine i of every interface sits at
 * sizeof(INTERFACE) + i * sizeof(void *); the literal x86-64 numbers of the
 * DDI are checked as well.  Bit-field positions cannot be checked at compile
 * time; the header test module checks them at run time.
 */

#define __HDAUDBUS_ROUTINE_OFF(i) \
	(sizeof(INTERFACE) + (i) * sizeof(void *))

static_assert(sizeof(HDAUDIO_CODEC_COMMAND) == 4);
static_assert(sizeof(HDAUDIO_CODEC_RESPONSE) == 8);
static_assert(sizeof(HDAUDIO_CODEC_TRANSFER) == 16);
static_assert(offsetof(HDAUDIO_CODEC_TRANSFER, Input) == 8);
static_assert(sizeof(HDAUDIO_STREAM_FORMAT) == 12);
static_assert(sizeof(HDAUDIO_CONVERTER_FORMAT) == 2);
static_assert(sizeof(HDAUDIO_STREAM_STATE) == 4);
static_assert(sizeof(HDAUDIO_DEVICE_INFORMATION) == 10);
static_assert(offsetof(HDAUDIO_DEVICE_INFORMATION, IsStripingSupported) == 8);
static_assert(sizeof(HDAUDIO_DEVICE_INFORMATION_V2) == 14);
static_assert(offsetof(HDAUDIO_DEVICE_INFORMATION_V2, CtrlRevision) == 9);
static_assert(offsetof(HDAUDIO_DEVICE_INFORMATION_V2, CtrlVendorId) == 10);
static_assert(offsetof(HDAUDIO_DEVICE_INFORMATION_V2, CtrlDeviceId) == 12);
static_assert(sizeof(HDAUDIO_BUFFER_DESCRIPTOR) == 16);
static_assert(offsetof(HDAUDIO_BUFFER_DESCRIPTOR, Length) == 8);
static_assert(offsetof(HDAUDIO_BUFFER_DESCRIPTOR, InterruptOnCompletion) == 12);
static_assert(sizeof(LARGE_INTEGER) == 8);
static_assert(sizeof(GUID) == 16);

static_assert(offsetof(HDAUDIO_BUS_INTERFACE, TransferCodecVerbs) ==
	      __HDAUDBUS_ROUTINE_OFF(0));
static_assert(offsetof(HDAUDIO_BUS_INTERFACE, FreeDmaEngine) ==
	      __HDAUDBUS_ROUTINE_OFF(6));
static_assert(offsetof(HDAUDIO_BUS_INTERFACE, GetResourceInformation) ==
	      __HDAUDBUS_ROUTINE_OFF(13));
static_assert(sizeof(HDAUDIO_BUS_INTERFACE) == __HDAUDBUS_ROUTINE_OFF(14));
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_BDL, AllocateContiguousDmaBuffer)
	      == __HDAUDBUS_ROUTINE_OFF(4));
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_BDL, FreeDmaEngine) ==
	      __HDAUDBUS_ROUTINE_OFF(7));
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_BDL, GetResourceInformation) ==
	      __HDAUDBUS_ROUTINE_OFF(14));
static_assert(sizeof(HDAUDIO_BUS_INTERFACE_BDL) == __HDAUDBUS_ROUTINE_OFF(15));
static_assert(sizeof(HDAUDIO_BUS_INTERFACE_V2) == __HDAUDBUS_ROUTINE_OFF(18));
static_assert(sizeof(HDAUDIO_BUS_INTERFACE_V3) == __HDAUDBUS_ROUTINE_OFF(20));

#ifdef CONFIG_X86_64
static_assert(sizeof(INTERFACE) == 32);
static_assert(offsetof(INTERFACE, Context) == 8);
static_assert(offsetof(INTERFACE, InterfaceDereference) == 24);

static_assert(sizeof(HDAUDIO_BUS_INTERFACE) == 144);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE, TransferCodecVerbs) == 32);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE, SetDmaEngineState) == 88);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE, GetResourceInformation) == 136);

static_assert(sizeof(HDAUDIO_BUS_INTERFACE_BDL) == 152);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_BDL, TransferCodecVerbs) == 32);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_BDL, SetupDmaEngineWithBdl) == 72);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_BDL, FreeContiguousDmaBuffer) ==
	      80);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_BDL, SetDmaEngineState) == 96);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_BDL, GetResourceInformation) ==
	      144);

static_assert(sizeof(HDAUDIO_BUS_INTERFACE_V2) == 176);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_V2, TransferCodecVerbs) == 32);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_V2, GetDeviceInformation) == 128);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_V2,
		       AllocateDmaBufferWithNotification) == 144);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_V2, UnregisterNotificationEvent)
	      == 168);

static_assert(sizeof(HDAUDIO_BUS_INTERFACE_V3) == 192);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_V3, TransferCodecVerbs) == 32);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_V3, SetDmaEngineState) == 88);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_V3, RegisterNotificationEvent) ==
	      160);
static_assert(offsetof(HDAUDIO_BUS_INTERFACE_V3,
		       UnregisterNotificationCallback) == 184);
#endif /* CONFIG_X86_64 */

#endif /* __HDAUDBUS_HDAUDIO_H */
