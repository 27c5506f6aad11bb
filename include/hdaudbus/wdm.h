/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wdm.h - the small part of the Windows driver vocabulary that the HD Audio
 * bus DDI is written in: basic types, INTERFACE, IRQL, KEVENT, MDL and the
 * register accessors.
 *
 * Windows names are used only in the public headers of snd-hdaudbus; the
 * implementation behind them lives in src/wdm.c and src/mdl.c and is
 * exported as hdaudbus_*() symbols in the HDAUDBUS namespace.
 *
 * The layouts of the DDI structures assume a little-endian CPU with the
 * usual C bit-field allocation (first field in the least significant bits),
 * as on every Windows target.
 */
#ifndef __HDAUDBUS_WDM_H
#define __HDAUDBUS_WDM_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <linux/io.h>
#include <asm/byteorder.h>
#include <asm/page.h>
#include <hdaudbus/ntstatus.h>

#ifdef __BIG_ENDIAN
#error "hdaudbus: the DDI layouts are defined for little-endian CPUs only"
#endif

/* ------------------------------------------------------------------------
 * Basic types
 */

#define VOID	void

typedef u8 UCHAR, *PUCHAR;
typedef u16 USHORT, *PUSHORT;
typedef u32 ULONG, *PULONG;
typedef s32 LONG, *PLONG;
typedef u64 ULONGLONG, *PULONGLONG;
typedef s64 LONGLONG, *PLONGLONG;
typedef char CHAR, *PCHAR;
typedef u8 BOOLEAN, *PBOOLEAN;
typedef size_t SIZE_T, *PSIZE_T;
typedef void *PVOID;
typedef PVOID HANDLE, *PHANDLE;
typedef LONG KPRIORITY;
typedef unsigned long PFN_NUMBER, *PPFN_NUMBER;

#ifndef TRUE
#define TRUE	1
#endif
#ifndef FALSE
#define FALSE	0
#endif

/* A signed 64-bit value that can also be read as two 32-bit halves. */
typedef union _LARGE_INTEGER {
	struct {
		ULONG LowPart;
		LONG HighPart;
	};
	struct {
		ULONG LowPart;
		LONG HighPart;
	} u;
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

/* A bus (DMA) address as the controller sees it. */
typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

/* ------------------------------------------------------------------------
 * GUID
 */

typedef struct _GUID {
	ULONG Data1;
	USHORT Data2;
	USHORT Data3;
	UCHAR Data4[8];
} GUID, *PGUID;

/**
 * hdaudbus_guid_equal() - compare two GUIDs
 * @a: first GUID
 * @b: second GUID
 *
 * A GUID has no padding, so a byte comparison is exact.
 *
 * Context: Any context.
 * Return: true when both GUIDs have the same value.
 */
static inline bool hdaudbus_guid_equal(const GUID *a, const GUID *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* Windows spelling: both arguments are pointers, as in C on Windows. */
#define IsEqualGUID(a, b)	hdaudbus_guid_equal((a), (b))

/* ------------------------------------------------------------------------
 * Device objects and interfaces
 */

/*
 * The Linux counterpart of a Windows device object: a client passes its own
 * struct device where the DDI asks for its FDO, and the bus holds a reference
 * on it (get_device()) for as long as the DDI says it keeps the FDO.
 */
struct device;
typedef struct device DEVICE_OBJECT, *PDEVICE_OBJECT;

typedef void (*PINTERFACE_REFERENCE)(PVOID Context);
typedef void (*PINTERFACE_DEREFERENCE)(PVOID Context);

/* The header every queried interface starts with. */
typedef struct _INTERFACE {
	USHORT Size;
	USHORT Version;
	PVOID Context;
	PINTERFACE_REFERENCE InterfaceReference;
	PINTERFACE_DEREFERENCE InterfaceDereference;
} INTERFACE, *PINTERFACE;

/* ------------------------------------------------------------------------
 * IRQL
 *
 * Linux has no interrupt request levels; the bus reports the level that
 * corresponds to the caller's context (see hdaudbus_current_irql()):
 *
 *   PASSIVE_LEVEL    process context that may sleep
 *   DISPATCH_LEVEL   atomic context: spinlock held, preemption, bottom
 *                    halves or interrupts disabled, softirq/timer callback,
 *                    RCU read-side critical section
 *   HDAUDBUS_DIRQL   hard interrupt handler
 *   HIGH_LEVEL       NMI
 *
 * APC_LEVEL exists for source compatibility and is never reported.
 */
typedef u8 KIRQL, *PKIRQL;

#define PASSIVE_LEVEL	0
#define LOW_LEVEL	0
#define APC_LEVEL	1
#define DISPATCH_LEVEL	2
#define HDAUDBUS_DIRQL	3
#define HIGH_LEVEL	15

KIRQL hdaudbus_current_irql(void);

/**
 * KeGetCurrentIrql() - the Windows name of hdaudbus_current_irql()
 *
 * Context: Any context.
 * Return: the IRQL that corresponds to the caller's context.
 */
static inline KIRQL KeGetCurrentIrql(void)
{
	return hdaudbus_current_irql();
}

/* ------------------------------------------------------------------------
 * Kernel events
 */

typedef enum _EVENT_TYPE {
	NotificationEvent,
	SynchronizationEvent
} EVENT_TYPE;

typedef enum _KWAIT_REASON {
	Executive,
	FreePage,
	PageIn,
	PoolAllocation,
	DelayExecution,
	Suspended,
	UserRequest,
	WrExecutive,
	WrFreePage,
	WrPageIn,
	WrPoolAllocation,
	WrDelayExecution,
	WrSuspended,
	WrUserRequest
} KWAIT_REASON;

typedef enum _MODE {
	KernelMode,
	UserMode,
	MaximumMode
} MODE;

typedef CHAR KPROCESSOR_MODE;

/*
 * A Windows-style event.  Embed it in your own (non-paged, i.e. any kernel)
 * memory and initialise it with KeInitializeEvent() before use; the members
 * are private to the bus.
 *
 * @hdaudbus_wait.lock protects @hdaudbus_state (written only with it held,
 * read without it through READ_ONCE() by KeReadStateEvent()).  @hdaudbus_type
 * is set once by KeInitializeEvent() and is constant afterwards.
 */
typedef struct _KEVENT {
	wait_queue_head_t hdaudbus_wait;
	LONG hdaudbus_state;
	EVENT_TYPE hdaudbus_type;
} KEVENT, *PKEVENT, *PRKEVENT;

void hdaudbus_event_init(struct _KEVENT *event, EVENT_TYPE type, bool state);
LONG hdaudbus_event_set(struct _KEVENT *event);
LONG hdaudbus_event_reset(struct _KEVENT *event);
LONG hdaudbus_event_read_state(const struct _KEVENT *event);
NTSTATUS hdaudbus_event_wait(struct _KEVENT *event, bool alertable,
			     const LARGE_INTEGER *timeout);

/**
 * KeInitializeEvent() - initialise an event
 * @Event: the event
 * @Type: NotificationEvent or SynchronizationEvent
 * @State: TRUE to start signalled
 *
 * Context: Any context; the event must not be in use.
 */
static inline void KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type,
				     BOOLEAN State)
{
	hdaudbus_event_init(Event, Type, State);
}

/**
 * KeSetEvent() - signal an event
 * @Event: the event
 * @Increment: priority boost on Windows; ignored
 * @Wait: Windows' "a wait call follows" hint; ignored
 *
 * Context: Any context, hard interrupt handlers included (not NMI; on
 * PREEMPT_RT kernels not hard interrupt handlers either).
 * Return: the previous state (0 or 1).
 */
static inline LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment,
			      BOOLEAN Wait)
{
	(void)Increment;
	(void)Wait;
	return hdaudbus_event_set(Event);
}

/**
 * KeClearEvent() - put an event in the non-signalled state
 * @Event: the event
 *
 * Context: Any context (not NMI).
 */
static inline void KeClearEvent(PRKEVENT Event)
{
	hdaudbus_event_reset(Event);
}

/**
 * KeResetEvent() - put an event in the non-signalled state
 * @Event: the event
 *
 * Context: Any context (not NMI).
 * Return: the previous state (0 or 1).
 */
static inline LONG KeResetEvent(PRKEVENT Event)
{
	return hdaudbus_event_reset(Event);
}

/**
 * KeReadStateEvent() - read the state of an event
 * @Event: the event
 *
 * Context: Any context.
 * Return: 1 when signalled, 0 otherwise.
 */
static inline LONG KeReadStateEvent(PRKEVENT Event)
{
	return hdaudbus_event_read_state(Event);
}

/**
 * KeWaitForSingleObject() - wait for an event to be signalled
 * @Object: a KEVENT (the only waitable object of this vocabulary)
 * @WaitReason: ignored
 * @WaitMode: ignored (every wait is a kernel-mode wait)
 * @Alertable: TRUE lets a signal end the wait with STATUS_ALERTED
 * @Timeout: NULL waits forever; 0 polls; a negative value is a relative
 *	timeout in units of 100 ns; absolute (positive) times are rejected
 *
 * See hdaudbus_event_wait() for the details.
 *
 * Context: Process context for a non-zero timeout; any context for a poll.
 * Return: STATUS_SUCCESS, STATUS_TIMEOUT, STATUS_ALERTED,
 * STATUS_INVALID_PARAMETER or STATUS_UNSUCCESSFUL (cannot sleep here).
 */
static inline NTSTATUS KeWaitForSingleObject(PVOID Object,
					     KWAIT_REASON WaitReason,
					     KPROCESSOR_MODE WaitMode,
					     BOOLEAN Alertable,
					     PLARGE_INTEGER Timeout)
{
	(void)WaitReason;
	(void)WaitMode;
	return hdaudbus_event_wait(Object, Alertable, Timeout);
}

/* ------------------------------------------------------------------------
 * Memory descriptor lists
 *
 * An MDL describes a buffer that is mapped in kernel virtual memory: its
 * address, its length and the page frame of every page it touches.  The
 * bus hands out MDLs for the DMA buffers it allocates; a client reads them
 * only through the accessors below.
 */
typedef struct _MDL {
	struct _MDL *Next;	/* always NULL: no chains */
	PVOID StartVa;		/* page-aligned start of the first page */
	PVOID MappedSystemVa;	/* kernel address of the first byte */
	ULONG ByteCount;	/* length in bytes */
	ULONG ByteOffset;	/* offset of the first byte in its page */
	ULONG PageCount;	/* entries in PfnArray */
	PFN_NUMBER PfnArray[];	/* page frame numbers, in order */
} MDL, *PMDL;

/* Priority argument of MmGetSystemAddressForMdlSafe(); no effect here. */
typedef enum _MM_PAGE_PRIORITY {
	LowPagePriority = 0,
	NormalPagePriority = 16,
	HighPagePriority = 32
} MM_PAGE_PRIORITY;

#define MdlMappingNoWrite	0x80000000U
#define MdlMappingNoExecute	0x40000000U

/* Number of pages spanned by @Size bytes starting at address @Va. */
#define ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size)			\
	((ULONG)((((unsigned long)(Va) & ~PAGE_MASK) + (Size) +	\
		  PAGE_SIZE - 1) >> PAGE_SHIFT))

struct _MDL *hdaudbus_mdl_alloc(void *va, size_t size, gfp_t gfp);
void hdaudbus_mdl_free(struct _MDL *mdl);

u64 hdaudbus_physical_address(const void *va);

/**
 * MmGetPhysicalAddress() - the address the controller uses for a buffer byte
 * @BaseAddress: an address inside a buffer the bus allocated (for example
 *	the DataBuffer of AllocateContiguousDmaBuffer)
 *
 * For filling a BDL.  Only buffers of snd-hdaudbus are known (with an IOMMU
 * a bus address is not a CPU physical address).
 *
 * Context: Any context.
 * Return: the bus address, QuadPart 0 for any other memory.
 */
static inline PHYSICAL_ADDRESS MmGetPhysicalAddress(PVOID BaseAddress)
{
	PHYSICAL_ADDRESS pa;

	pa.QuadPart = hdaudbus_physical_address(BaseAddress);
	return pa;
}

/**
 * MmGetSystemAddressForMdlSafe() - kernel address of an MDL's buffer
 * @Mdl: the MDL
 * @Priority: a MM_PAGE_PRIORITY, optionally ORed with MdlMapping* flags;
 *	ignored, the buffer is always mapped
 *
 * Context: Any context.
 * Return: the kernel virtual address of the first byte of the buffer.
 */
static inline PVOID MmGetSystemAddressForMdlSafe(PMDL Mdl, ULONG Priority)
{
	(void)Priority;
	return Mdl->MappedSystemVa;
}

/**
 * MmGetMdlVirtualAddress() - virtual address of an MDL's buffer
 * @Mdl: the MDL
 *
 * Context: Any context.
 * Return: the address of the first byte (the kernel address, here).
 */
static inline PVOID MmGetMdlVirtualAddress(PMDL Mdl)
{
	return (PCHAR)Mdl->StartVa + Mdl->ByteOffset;
}

/**
 * MmGetMdlByteCount() - length of an MDL's buffer
 * @Mdl: the MDL
 *
 * Context: Any context.
 * Return: the length in bytes.
 */
static inline ULONG MmGetMdlByteCount(PMDL Mdl)
{
	return Mdl->ByteCount;
}

/**
 * MmGetMdlByteOffset() - offset of an MDL's buffer in its first page
 * @Mdl: the MDL
 *
 * Context: Any context.
 * Return: the byte offset of the first byte within the first page.
 */
static inline ULONG MmGetMdlByteOffset(PMDL Mdl)
{
	return Mdl->ByteOffset;
}

/**
 * MmGetMdlPfnArray() - page frames of an MDL's buffer
 * @Mdl: the MDL
 *
 * The array has ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(Mdl),
 * MmGetMdlByteCount(Mdl)) entries.
 *
 * Context: Any context.
 * Return: the array of page frame numbers.
 */
static inline PPFN_NUMBER MmGetMdlPfnArray(PMDL Mdl)
{
	return Mdl->PfnArray;
}

/* ------------------------------------------------------------------------
 * Register access
 *
 * Windows register pointers carry no address-space annotation, and the bus
 * hands out plain PULONG pointers that point either into the controller's
 * MMIO window (wall clock, LPIB aliases) or into the DMA position buffer in
 * RAM.  These accessors therefore take plain pointers and cast them to
 * __iomem for readl()/writel().  On x86 readl()/writel() are single volatile
 * mov instructions, which are equally correct for MMIO and for RAM; on other
 * architectures they add the barriers MMIO needs, which RAM tolerates.
 * The parameters are volatile pointers, as in the Windows prototypes, so
 * that callers holding volatile pointers compile without warnings.
 */

static inline UCHAR READ_REGISTER_UCHAR(volatile UCHAR *Register)
{
	return readb((const void __iomem __force *)Register);
}

static inline USHORT READ_REGISTER_USHORT(volatile USHORT *Register)
{
	return readw((const void __iomem __force *)Register);
}

static inline ULONG READ_REGISTER_ULONG(volatile ULONG *Register)
{
	return readl((const void __iomem __force *)Register);
}

static inline VOID WRITE_REGISTER_UCHAR(volatile UCHAR *Register, UCHAR Value)
{
	writeb(Value, (void __iomem __force *)Register);
}

static inline VOID WRITE_REGISTER_USHORT(volatile USHORT *Register,
					 USHORT Value)
{
	writew(Value, (void __iomem __force *)Register);
}

static inline VOID WRITE_REGISTER_ULONG(volatile ULONG *Register, ULONG Value)
{
	writel(Value, (void __iomem __force *)Register);
}

#endif /* __HDAUDBUS_WDM_H */
