// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_ddi_misc.c - verbs, device and resource information, wall
 * clock and position registers, notification event rules and the PASSIVE
 * routines from atomic context, against Documentation/ddi.rst on QEMU.
 * Unmapped caller memory is (void *)0x10 or the guard page after a live
 * vmalloc() area (reserved while the area lives, so never mapped).
 */
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>

#include "ddi_client.h"

TC_DRIVER("hdaudbus_test_ddi_misc");

#define BUS	HDAUDIO_BUS_INTERFACE_V3	/* what every case queries */

#define VID_CMD(addr)	(((u32)(addr) << 28) | (AC_NODE_ROOT << 20) |	\
			 (AC_VERB_PARAMETERS << 8) | AC_PAR_VENDOR_ID)
#define NO_CODEC_ADDR	5
#define STALE		0xffffffffffffffffULL

/* Expect @call to return @want; print what it returned otherwise. */
#define EXPECT_ST(c, want, call, what)					\
	({								\
		NTSTATUS __st = (call);					\
		KTAP_EXPECT(c, __st == (want), "%s: 0x%08x", what, __st); \
	})

static DEFINE_SPINLOCK(misc_lock);	/* taken only to be atomic */
static bool async_called;	/* static: a late callback finds it */

/* Shorthands for the routines called most, @b being a BUS pointer. */
#define xfer(b, n, x)	\
	((b)->TransferCodecVerbs((b)->Context, n, (void *)(x), NULL, NULL))
#define reg(b, h, ev)	((b)->RegisterNotificationEvent((b)->Context, h, ev))
#define unreg(b, h, ev)	((b)->UnregisterNotificationEvent((b)->Context, h, ev))
#define set_state(b, s, h) ((b)->SetDmaEngineState((b)->Context, s, 1, h))

/* Wall clock ticks in @us of ktime (udelay() is not exact under TCG). */
static u32 wc_ticks(PULONG wc, s64 us)
{
	u32 w0 = READ_REGISTER_ULONG(wc);
	ktime_t t0 = ktime_get();

	while (ktime_us_delta(ktime_get(), t0) < us)
		cpu_relax();
	return READ_REGISTER_ULONG(wc) - w0;
}

static bool all_bytes(const void *p, size_t len, u8 v)
{
	const u8 *q = p;

	while (len--)
		if (*q++ != v)
			return false;
	return true;
}

/* @n vendor id reads, even entries to codec 0, odd ones to codec 1. */
static void verbs_fill(HDAUDIO_CODEC_TRANSFER *x, unsigned int n, int nocodec)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		x[i].Output.Command = VID_CMD((int)i == nocodec ?
					      NO_CODEC_ADDR : i & 1);
		x[i].Input.CompleteResponse = STALE;
	}
}

/* The number of entries whose Input is not what the contract says. */
static unsigned int verbs_check(struct ktap_case *c, HDAUDIO_CODEC_TRANSFER *x,
				unsigned int n, int nocodec)
{
	unsigned int i, bad = 0;

	for (i = 0; i < n; i++) {
		HDAUDIO_CODEC_RESPONSE *r = &x[i].Input;
		u64 want = 0;

		if ((int)i != nocodec)
			want = BIT_ULL(63) | ((u64)(i & 1) << 32) |
			       tc.codec[i & 1]->vendor_id;
		if (r->CompleteResponse == want)
			continue;
		if (bad++ < 4)
			ktap_diag("%s: entry %u: Input 0x%016llx, want 0x%016llx",
				  c->name, i, r->CompleteResponse, want);
	}
	return bad;
}

static void never_called(HDAUDIO_CODEC_TRANSFER *t, PVOID ctx)
{
	async_called = true;
}

struct engine {
	HANDLE h;
	HDAUDIO_CONVERTER_FORMAT conv;
	PMDL mdl;
	SIZE_T size;
	UCHAR tag;
	PULONG pos;
};

/* A 48 kHz 16-bit stereo render engine, with a buffer unless @count is 0. */
static bool engine_open(struct ktap_case *c, BUS *b, struct engine *e,
			ULONG count, SIZE_T req)
{
	HDAUDIO_STREAM_FORMAT fmt = tc_format(48000, 16, 16, 2);
	SIZE_T off;
	ULONG fifo;
	NTSTATUS st;

	memset(e, 0, sizeof(*e));
	st = b->AllocateRenderDmaEngine(b->Context, &fmt, FALSE, &e->h,
					&e->conv);
	if (st != STATUS_SUCCESS || !count)
		return KTAP_EXPECT(c, st == STATUS_SUCCESS,
				   "AllocateRenderDmaEngine: 0x%08x", st);
	st = b->AllocateDmaBufferWithNotification(b->Context, e->h, count, req,
			&e->mdl, &e->size, &off, &e->tag, &fifo);
	if (!KTAP_EXPECT(c, st == STATUS_SUCCESS && e->size == req,
			 "AllocateDmaBufferWithNotification: 0x%08x, %zu bytes",
			 st, (size_t)e->size))
		return false;
	st = b->GetLinkPositionRegister(b->Context, e->h, &e->pos);
	return KTAP_EXPECT(c, st == STATUS_SUCCESS && e->pos,
			   "GetLinkPositionRegister: 0x%08x", st);
}

/* Give the DAC the engine's tag and format, then Pause -> Run. */
static bool engine_run(struct ktap_case *c, BUS *b, struct engine *e)
{
	tc_converter(b, 0, TC_DAC_NID, e->tag, e->conv.ConverterFormat);
	return EXPECT_ST(c, STATUS_SUCCESS, set_state(b, PauseState, &e->h),
			 "Pause") &&
	       EXPECT_ST(c, STATUS_SUCCESS, set_state(b, RunState, &e->h),
			 "Run");
}

/* Stop first (no IOC after this), reset, free, detach the DAC. */
static void engine_close(struct ktap_case *c, BUS *b, struct engine *e)
{
	if (!e->h)
		return;
	if (e->mdl) {
		EXPECT_ST(c, STATUS_SUCCESS, set_state(b, PauseState, &e->h),
			  "Pause");
		EXPECT_ST(c, STATUS_SUCCESS, set_state(b, ResetState, &e->h),
			  "Reset");
		EXPECT_ST(c, STATUS_SUCCESS,
			  b->FreeDmaBufferWithNotification(b->Context, e->h,
							   e->mdl, e->size),
			  "FreeDmaBufferWithNotification");
		tc_converter(b, 0, TC_DAC_NID, 0, e->conv.ConverterFormat);
	}
	EXPECT_ST(c, STATUS_SUCCESS, b->FreeDmaEngine(b->Context, e->h),
		  "FreeDmaEngine");
	memset(e, 0, sizeof(*e));
}

/* 1. TransferCodecVerbs */
static void transfer_codec_verbs(struct ktap_case *c)
{
	HDAUDIO_CODEC_TRANSFER *x, one;
	unsigned int bad;
	u8 *page;
	BUS bus;
	s64 us;
	ktime_t t0;

	if (!KTAP_EXPECT(c, tc_query_v3(0, &bus), "no interface"))
		return;
	x = kcalloc(200, sizeof(*x), GFP_KERNEL);
	page = vmalloc(PAGE_SIZE);
	if (!KTAP_EXPECT(c, x && page, "out of memory"))
		goto out;

	verbs_fill(x, 64, -1);
	EXPECT_ST(c, STATUS_SUCCESS, xfer(&bus, 64, x), "64 verbs");
	bad = verbs_check(c, x, 64, -1);
	KTAP_EXPECT(c, !bad, "%u of 64 responses wrong", bad);

	verbs_fill(x, 200, -1);
	EXPECT_ST(c, STATUS_SUCCESS, xfer(&bus, 200, x), "200 verbs");
	bad = verbs_check(c, x, 200, -1);
	KTAP_EXPECT(c, !bad, "%u of 200 responses wrong", bad);

	/* address 5 has no codec: not sent, IsValid 0, the others answered */
	verbs_fill(x, 9, 4);
	t0 = ktime_get();
	EXPECT_ST(c, STATUS_SUCCESS, xfer(&bus, 9, x), "address 5");
	us = ktime_us_delta(ktime_get(), t0);
	KTAP_EXPECT(c, us < 100000, "batch with address 5 took %lld us", us);
	bad = verbs_check(c, x, 9, 4);
	KTAP_EXPECT(c, !bad, "%u of 9 responses wrong", bad);
	ktap_diag("%s: 9 verbs, one to address %u: %lld us", c->name,
		  NO_CODEC_ADDR, us);

	/* nor is the invalid command 0xffffffff */
	verbs_fill(x, 3, -1);
	x[1].Output.Command = 0xffffffff;
	EXPECT_ST(c, STATUS_SUCCESS, xfer(&bus, 3, x), "0xffffffff");
	KTAP_EXPECT(c, !x[1].Input.CompleteResponse && x[0].Input.IsValid &&
		    x[2].Input.IsValid, "0xffffffff: Input 0x%016llx",
		    x[1].Input.CompleteResponse);

	EXPECT_ST(c, STATUS_SUCCESS, xfer(&bus, 0, x), "Count 0");
	EXPECT_ST(c, STATUS_SUCCESS, xfer(&bus, 0, NULL), "Count 0, NULL");
	EXPECT_ST(c, STATUS_INVALID_PARAMETER, xfer(&bus, 1, NULL), "NULL");
	EXPECT_ST(c, STATUS_INVALID_PARAMETER, xfer(&bus, 1, (void *)0x10),
		  "0x10");
	EXPECT_ST(c, STATUS_INVALID_PARAMETER, xfer(&bus, 1, page + PAGE_SIZE),
		  "unmapped");

	/* a bad array is refused at once, without a callback (more: _v3) */
	one.Output.Command = VID_CMD(0);
	one.Input.CompleteResponse = STALE;
	EXPECT_ST(c, STATUS_INVALID_PARAMETER,
		  bus.TransferCodecVerbs(bus.Context, 1,
					 (void *)(page + PAGE_SIZE),
					 never_called, NULL), "Callback");
	msleep(50);
	KTAP_EXPECT(c, !async_called && one.Input.CompleteResponse == STALE,
		    "the refused asynchronous request did something");
out:
	vfree(page);
	kfree(x);
	tc_release(&bus);
}

/*
 * 1b. A call that fails changes nothing: with entry 1 of two ending in
 * unmapped memory, entry 0 (a Set Stream/Channel to the DAC) must not be
 * sent and its Input must not be written.
 */
static void failed_verbs_change_nothing(struct ktap_case *c)
{
	HDAUDIO_CODEC_TRANSFER *x;
	u32 before, after;
	u8 *page;
	BUS bus;

	if (!KTAP_EXPECT(c, tc_query_v3(0, &bus), "no interface"))
		return;
	page = vmalloc(PAGE_SIZE);
	if (!KTAP_EXPECT(c, page, "out of memory"))
		goto out;
	x = (void *)(page + PAGE_SIZE - sizeof(*x) - 8);
	x[0].Output.Command = (TC_DAC_NID << 20) |
			      (AC_VERB_SET_CHANNEL_STREAMID << 8) | 0x70;
	x[0].Input.CompleteResponse = STALE;
	x[1].Output.Command = VID_CMD(0);	/* readable; its Input is not */
	before = tc_verb(&bus, 0, TC_DAC_NID, AC_VERB_GET_CONV, 0);
	EXPECT_ST(c, STATUS_INVALID_PARAMETER, xfer(&bus, 2, x), "bad array");
	after = tc_verb(&bus, 0, TC_DAC_NID, AC_VERB_GET_CONV, 0);
	KTAP_EXPECT(c, after == before, "entry 0 was sent: 0x%x -> 0x%x",
		    before, after);
	KTAP_EXPECT(c, x[0].Input.CompleteResponse == STALE,
		    "entry 0's Input written: 0x%016llx",
		    x[0].Input.CompleteResponse);
	tc_verb(&bus, 0, TC_DAC_NID, AC_VERB_SET_CHANNEL_STREAMID, before);
	vfree(page);
out:
	tc_release(&bus);
}

/* 2. GetResourceInformation */
static void resource_information(struct ktap_case *c)
{
	unsigned int addr;
	UCHAR o[2];	/* CodecAddress, FunctionGroupStartNode */
	BUS bus;

	for (addr = 0; addr < 2; addr++) {
		if (!KTAP_EXPECT(c, tc_query_v3(addr, &bus), "codec %u", addr))
			continue;
		memset(o, 0xee, sizeof(o));
		bus.GetResourceInformation(bus.Context, &o[0], &o[1]);
		KTAP_EXPECT(c, o[0] == addr && o[1] == tc.codec[addr]->afg &&
			    o[1] == 1, "codec %u: %u, start node %u, afg %u",
			    addr, o[0], o[1], tc.codec[addr]->afg);
		bus.GetResourceInformation(bus.Context, NULL, NULL);
		bus.GetResourceInformation(bus.Context, (PUCHAR)0x10,
					   (PUCHAR)0x10);
		memset(o, 0xee, sizeof(o));
		bus.GetResourceInformation(bus.Context, &o[0], NULL);
		bus.GetResourceInformation(bus.Context, NULL, &o[1]);
		KTAP_EXPECT(c, o[0] == addr && o[1] == 1,
			    "one at a time: %u, %u", o[0], o[1]);
		memset(o, 0xee, sizeof(o));
		bus.GetResourceInformation((PVOID)0x10, &o[0], &o[1]);
		KTAP_EXPECT(c, o[0] == 0xee && o[1] == 0xee,
			    "bad Context wrote %u/%u", o[0], o[1]);
		tc_release(&bus);
	}
}

/* 3. GetDeviceInformation */

/*
 * Call with @size in a buffer of 0xa5 bytes; expect @want, Size @out and
 * the V1 members on success, and nothing written from byte @from on.
 */
static void devinfo_expect(struct ktap_case *c, BUS *b, USHORT size,
			   NTSTATUS want, USHORT out, size_t from)
{
	u8 buf[32];
	HDAUDIO_DEVICE_INFORMATION *i = (void *)buf;
	NTSTATUS st;

	memset(buf, 0xa5, sizeof(buf));
	i->Size = size;
	st = b->GetDeviceInformation(b->Context, i);
	KTAP_EXPECT(c, st == want && i->Size == out,
		    "Size %u: 0x%08x, Size %u", size, st, i->Size);
	KTAP_EXPECT(c, all_bytes(buf + from, sizeof(buf) - from, 0xa5),
		    "Size %u: bytes from %zu on written", size, from);
	if (st != STATUS_SUCCESS)
		return;
	KTAP_EXPECT(c, i->DeviceVersion == 0x0100 &&
		    i->DriverVersion == 0x0100 && i->CodecsDetected == 0x3 &&
		    !i->IsStripingSupported,
		    "Size %u: versions 0x%04x 0x%04x, codecs 0x%x, striping %u",
		    size, i->DeviceVersion, i->DriverVersion,
		    i->CodecsDetected, i->IsStripingSupported);
}

static void device_information(struct ktap_case *c)
{
	HDAUDIO_DEVICE_INFORMATION_V2 v2 = { .Size = sizeof(v2) };
	struct pci_dev *pdev;
	USHORT *edge;
	u8 *page;
	BUS bus;

	if (!KTAP_EXPECT(c, tc_query_v3(0, &bus), "no interface"))
		return;
	devinfo_expect(c, &bus, 10, STATUS_SUCCESS, 10, 10);
	devinfo_expect(c, &bus, 12, STATUS_SUCCESS, 10, 10);
	devinfo_expect(c, &bus, 14, STATUS_SUCCESS, 14, 14);
	devinfo_expect(c, &bus, 32, STATUS_SUCCESS, 14, 14);
	devinfo_expect(c, &bus, 9, STATUS_BUFFER_TOO_SMALL, 9, 2);
	devinfo_expect(c, &bus, 0, STATUS_BUFFER_TOO_SMALL, 0, 2);
	EXPECT_ST(c, STATUS_INVALID_PARAMETER,
		  bus.GetDeviceInformation(bus.Context, NULL), "NULL");

	EXPECT_ST(c, STATUS_SUCCESS,
		  bus.GetDeviceInformation(bus.Context, (void *)&v2), "V2");
	if (KTAP_EXPECT(c, dev_is_pci(tc.codec[0]->bus->dev), "not PCI")) {
		pdev = to_pci_dev(tc.codec[0]->bus->dev);
		KTAP_EXPECT(c, v2.CtrlVendorId == 0x8086 &&
			    v2.CtrlDeviceId == 0x293e &&
			    v2.CtrlRevision == pdev->revision,
			    "controller %04x:%04x rev %u, PCI revision %u",
			    v2.CtrlVendorId, v2.CtrlDeviceId, v2.CtrlRevision,
			    pdev->revision);
	}
	ktap_diag("%s: %04x:%04x rev %u, version 0x%04x, codecs 0x%x",
		  c->name, v2.CtrlVendorId, v2.CtrlDeviceId, v2.CtrlRevision,
		  v2.DeviceVersion, v2.CodecsDetected);

	/* Size in the last two mapped bytes: nothing but Size is read */
	page = vmalloc(PAGE_SIZE);
	if (KTAP_EXPECT(c, page, "out of memory")) {
		edge = (USHORT *)(page + PAGE_SIZE - 2);
		*edge = 9;
		EXPECT_ST(c, STATUS_BUFFER_TOO_SMALL,
			  bus.GetDeviceInformation(bus.Context, (void *)edge),
			  "Size 9 at a page end");
		*edge = 14;
		EXPECT_ST(c, STATUS_INVALID_PARAMETER,
			  bus.GetDeviceInformation(bus.Context, (void *)edge),
			  "Size 14 at a page end");
		KTAP_EXPECT(c, *edge == 14, "Size rewritten to %u", *edge);
		vfree(page);
	}
	tc_release(&bus);
}

/* 4. GetWallClockRegister */
static void wall_clock_register(struct ktap_case *c)
{
	PULONG wc = NULL, wc2 = NULL;
	unsigned long flags;
	u32 w0, w1;
	BUS bus;
	ktime_t t0;
	u64 rate;
	s64 ns;

	if (!KTAP_EXPECT(c, tc_query_v3(0, &bus), "no interface"))
		return;
	bus.GetWallClockRegister(bus.Context, &wc);
	if (!KTAP_EXPECT(c, wc, "GetWallClockRegister gave NULL"))
		goto out;

	t0 = ktime_get();
	w0 = READ_REGISTER_ULONG(wc);
	msleep(100);
	w1 = READ_REGISTER_ULONG(wc);
	ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	rate = div64_u64((u64)(w1 - w0) * NSEC_PER_SEC, ns);
	ktap_diag("%s: %u ticks in %lld ns: %llu Hz", c->name, w1 - w0, ns,
		  rate);
	KTAP_EXPECT(c, rate >= 21600000 && rate <= 26400000, "%llu Hz", rate);

	spin_lock_irqsave(&misc_lock, flags);
	bus.GetWallClockRegister(bus.Context, &wc2);
	w1 = wc2 ? wc_ticks(wc2, 100) : 0;
	spin_unlock_irqrestore(&misc_lock, flags);
	KTAP_EXPECT(c, wc2 == wc && w1 >= 1200,
		    "atomic: %p (want %p), %u ticks in 100 us", wc2, wc, w1);

	bus.GetWallClockRegister(bus.Context, NULL);
	bus.GetWallClockRegister(bus.Context, (PULONG *)0x10);
	wc2 = (PULONG)0x1234;
	bus.GetWallClockRegister((PVOID)0x10, &wc2);
	KTAP_EXPECT(c, !wc2, "garbage Context: %p", wc2);
out:
	tc_release(&bus);
}

/* 5. GetLinkPositionRegister and the position of a running engine */
static void link_position_register(struct ktap_case *c)
{
	u32 p0, p50, p, prev, hi = 0, inlock = ~0U;
	unsigned int wraps = 0, beyond = 0;
	unsigned long flags;
	s64 ms, first = -1;
	struct engine e;
	PULONG p2 = NULL;
	NTSTATUS st;
	ktime_t t0;
	BUS bus;

	if (!KTAP_EXPECT(c, tc_query_v3(0, &bus), "no interface"))
		return;
	if (!engine_open(c, &bus, &e, 2, 19200) || !engine_run(c, &bus, &e))
		goto out;

	p0 = READ_REGISTER_ULONG(e.pos);
	msleep(50);
	p50 = READ_REGISTER_ULONG(e.pos);
	KTAP_EXPECT(c, p50 != p0, "position stuck at %u for 50 ms", p0);
	/* 300 ms of samples: within the buffer, and at least one wrap */
	prev = p50;
	t0 = ktime_get();
	while ((ms = ktime_ms_delta(ktime_get(), t0)) < 300) {
		p = READ_REGISTER_ULONG(e.pos);
		beyond += p >= e.size;
		if (p < prev && !wraps++)
			first = ms;
		hi = max(hi, p);
		prev = p;
		usleep_range(500, 1000);
	}
	KTAP_EXPECT(c, wraps, "no wrap in 300 ms (max %u)", hi);
	KTAP_EXPECT(c, !beyond, "%u positions >= %zu", beyond, (size_t)e.size);
	ktap_diag("%s: %u, then %u after 50 ms; %u wraps in 300 ms, first after %lld ms; max %u of %zu",
		  c->name, p0, p50, wraps, first, hi, (size_t)e.size);

	spin_lock_irqsave(&misc_lock, flags);
	st = bus.GetLinkPositionRegister(bus.Context, e.h, &p2);
	if (st == STATUS_SUCCESS && p2)
		inlock = READ_REGISTER_ULONG(p2);
	spin_unlock_irqrestore(&misc_lock, flags);
	KTAP_EXPECT(c, st == STATUS_SUCCESS && p2 == e.pos && inlock < e.size,
		    "atomic context: 0x%08x, %p, read %u", st, p2, inlock);

	EXPECT_ST(c, STATUS_INVALID_PARAMETER,
		  bus.GetLinkPositionRegister(bus.Context, e.h, NULL), "NULL");
out:
	engine_close(c, &bus, &e);
	tc_release(&bus);
}

/* 6. Notification event registration rules */
#define NEVENTS	16

/* A registration that must fail; undone if it did not (no stray signal). */
static void reg_refused(struct ktap_case *c, BUS *b, HANDLE h, PKEVENT ev,
			NTSTATUS want, const char *what)
{
	NTSTATUS st = reg(b, h, ev);

	KTAP_EXPECT(c, st == want, "%s: 0x%08x", what, st);
	if (st == STATUS_SUCCESS)
		unreg(b, h, ev);
}

static void notification_event_rules(struct ktap_case *c)
{
	LARGE_INTEGER to = { .QuadPart = -2000000 };	/* 200 ms */
	unsigned int i, fails = 0;
	struct engine e;
	KEVENT *ev, bad;
	SIZE_T off;
	ULONG fifo;
	NTSTATUS st;
	BUS bus;

	ev = kcalloc(NEVENTS, sizeof(*ev), GFP_KERNEL);
	if (!KTAP_EXPECT(c, ev, "out of memory"))
		return;
	if (!KTAP_EXPECT(c, tc_query_v3(0, &bus), "no interface"))
		goto free;
	if (!engine_open(c, &bus, &e, 0, 0))
		goto out;
	for (i = 0; i < NEVENTS; i++)
		KeInitializeEvent(&ev[i], NotificationEvent, FALSE);
	memset(&bad, 0xff, sizeof(bad));

	reg_refused(c, &bus, e.h, NULL, STATUS_INVALID_PARAMETER, "NULL");
	reg_refused(c, &bus, e.h, &bad, STATUS_INVALID_PARAMETER, "0xff..ff");
	reg_refused(c, &bus, NULL, &ev[0], STATUS_INVALID_HANDLE, "no handle");

	/* ev[0] twice and ev[1..14] once make 16 registrations */
	for (i = 0; i < NEVENTS; i++)
		fails += reg(&bus, e.h, &ev[i ? i - 1 : 0]) != STATUS_SUCCESS;
	KTAP_EXPECT(c, !fails, "%u of 16 registrations failed", fails);
	EXPECT_ST(c, STATUS_INSUFFICIENT_RESOURCES, reg(&bus, e.h, &ev[15]),
		  "17th");
	EXPECT_ST(c, STATUS_INVALID_PARAMETER, unreg(&bus, e.h, &ev[15]),
		  "never registered");
	EXPECT_ST(c, STATUS_INVALID_PARAMETER, unreg(&bus, e.h, NULL),
		  "unregister NULL");
	fails = 0;
	for (i = 0; i < NEVENTS; i++)
		fails += unreg(&bus, e.h, &ev[i ? i - 1 : 0]) != STATUS_SUCCESS;
	KTAP_EXPECT(c, !fails, "%u of 16 unregistrations failed", fails);
	fails = 0;
	for (i = 0; i < NEVENTS - 1; i++)
		fails += unreg(&bus, e.h, &ev[i]) != STATUS_INVALID_PARAMETER;
	KTAP_EXPECT(c, !fails, "%u events unregistered twice", fails);

	/* ev[0] registered in Reset without a buffer; buffers come and go */
	EXPECT_ST(c, STATUS_SUCCESS, reg(&bus, e.h, &ev[0]), "Reset");
	st = bus.AllocateDmaBufferWithNotification(bus.Context, e.h, 1, 3840,
			&e.mdl, &e.size, &off, &e.tag, &fifo);
	if (st == STATUS_SUCCESS)
		st = bus.FreeDmaBufferWithNotification(bus.Context, e.h, e.mdl,
						       e.size);
	e.mdl = NULL;
	if (st == STATUS_SUCCESS)
		st = bus.AllocateDmaBufferWithNotification(bus.Context, e.h, 2,
				3840, &e.mdl, &e.size, &off, &e.tag, &fifo);
	if (!KTAP_EXPECT(c, st == STATUS_SUCCESS, "buffer cycle: 0x%08x", st))
		goto close;	/* a failed call wrote nothing: e.mdl is NULL */
	/* ev[1] in Reset with a buffer, ev[2] in Pause, ev[3] in Run */
	EXPECT_ST(c, STATUS_SUCCESS, reg(&bus, e.h, &ev[1]), "Reset+buffer");
	tc_converter(&bus, 0, TC_DAC_NID, e.tag, e.conv.ConverterFormat);
	EXPECT_ST(c, STATUS_SUCCESS, set_state(&bus, PauseState, &e.h),
		  "Pause");
	EXPECT_ST(c, STATUS_SUCCESS, reg(&bus, e.h, &ev[2]), "in Pause");
	EXPECT_ST(c, STATUS_SUCCESS, set_state(&bus, RunState, &e.h), "Run");
	EXPECT_ST(c, STATUS_SUCCESS, reg(&bus, e.h, &ev[3]), "in Run");
	for (i = 0; i < 4; i++) {
		st = KeWaitForSingleObject(&ev[i], Executive, KernelMode,
					   FALSE, &to);
		KTAP_EXPECT(c, st == STATUS_SUCCESS,
			    "event %u not signalled while running: 0x%08x", i,
			    st);
	}
	for (i = 0; i < 4; i++)
		EXPECT_ST(c, STATUS_SUCCESS, unreg(&bus, e.h, &ev[i]),
			  "unregister");
close:
	engine_close(c, &bus, &e);
out:
	tc_release(&bus);
free:
	kfree(ev);
}

/* 7. No signal once UnregisterNotificationEvent has returned */
static void unregister_stops_signals(struct ktap_case *c)
{
	LARGE_INTEGER to = { .QuadPart = -2000000 };	/* 200 ms */
	unsigned int i, got = 0;
	struct engine e;
	KEVENT ev, ctl;
	BUS bus;

	if (!KTAP_EXPECT(c, tc_query_v3(0, &bus), "no interface"))
		return;
	KeInitializeEvent(&ev, NotificationEvent, FALSE);
	KeInitializeEvent(&ctl, NotificationEvent, FALSE);
	if (!engine_open(c, &bus, &e, 2, 3840))
		goto close;
	EXPECT_ST(c, STATUS_SUCCESS, reg(&bus, e.h, &ev), "register");
	EXPECT_ST(c, STATUS_SUCCESS, reg(&bus, e.h, &ctl), "register control");
	if (!engine_run(c, &bus, &e))
		goto close;

	for (i = 0; i < 3; i++) {
		if (KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE,
					  &to) != STATUS_SUCCESS)
			break;
		got++;
		KeClearEvent(&ev);
	}
	KTAP_EXPECT(c, got == 3, "%u of 3 signals", got);

	EXPECT_ST(c, STATUS_SUCCESS, unreg(&bus, e.h, &ev), "unregister");
	KeClearEvent(&ev);
	KeClearEvent(&ctl);
	msleep(100);
	KTAP_EXPECT(c, !KeReadStateEvent(&ev),
		    "signalled after UnregisterNotificationEvent returned");
	/* the engine did interrupt meanwhile: the registered one saw it */
	KTAP_EXPECT(c, KeReadStateEvent(&ctl), "no IOC in 100 ms");
	EXPECT_ST(c, STATUS_SUCCESS, unreg(&bus, e.h, &ctl),
		  "unregister control");
close:
	engine_close(c, &bus, &e);
	tc_release(&bus);
}

/* 8. PASSIVE routines from atomic context */
struct atomic_calls {
	BUS *bus;
	HANDLE h;
	KEVENT *reg;		/* registered in atomic context: must fail */
	KEVENT *unreg;		/* registered before: unregister must fail */
	HDAUDIO_CODEC_TRANSFER x;
	u8 info[16];
	KIRQL irql;
	NTSTATUS verbs, regst, unregst, infost;
	PULONG wc;
	u32 ticks;
	struct completion done;
};

static void atomic_calls_run(struct atomic_calls *a)
{
	BUS *b = a->bus;

	a->irql = KeGetCurrentIrql();
	a->verbs = xfer(b, 1, &a->x);
	a->regst = reg(b, a->h, a->reg);
	a->unregst = unreg(b, a->h, a->unreg);
	a->infost = b->GetDeviceInformation(b->Context, (void *)a->info);
	b->GetWallClockRegister(b->Context, &a->wc);
	a->ticks = a->wc ? wc_ticks(a->wc, 50) : 0;
}

static struct atomic_calls *timer_calls;

static void misc_timer_fn(struct timer_list *t)
{
	atomic_calls_run(timer_calls);
	complete(&timer_calls->done);
}

static DEFINE_TIMER(misc_timer, misc_timer_fn);

/* Register @unreg from process context and arm the record. */
static void atomic_calls_prepare(struct ktap_case *c, struct atomic_calls *a,
				 BUS *b, HANDLE h, KEVENT *r, KEVENT *u)
{
	memset(a, 0, sizeof(*a));
	a->bus = b;
	a->h = h;
	a->reg = r;
	a->unreg = u;
	a->x.Output.Command = VID_CMD(0);
	a->x.Input.CompleteResponse = STALE;
	memset(a->info, 0xa5, sizeof(a->info));
	((HDAUDIO_DEVICE_INFORMATION *)a->info)->Size = 14;
	init_completion(&a->done);
	EXPECT_ST(c, STATUS_SUCCESS, reg(b, h, u), "register");
}

/* What the atomic calls did, checked from process context. */
static void atomic_calls_check(struct ktap_case *c, const char *where,
			       struct atomic_calls *a, PULONG wc)
{
	BUS *b = a->bus;
	unsigned int fails;

	KTAP_EXPECT(c, a->irql == DISPATCH_LEVEL, "%s: IRQL %u", where,
		    a->irql);
	KTAP_EXPECT(c, a->verbs == STATUS_UNSUCCESSFUL &&
		    a->x.Input.CompleteResponse == STALE,
		    "%s: TransferCodecVerbs 0x%08x, Input 0x%016llx", where,
		    a->verbs, a->x.Input.CompleteResponse);
	KTAP_EXPECT(c, a->regst == STATUS_UNSUCCESSFUL &&
		    a->unregst == STATUS_UNSUCCESSFUL,
		    "%s: Register 0x%08x, Unregister 0x%08x", where, a->regst,
		    a->unregst);
	KTAP_EXPECT(c, a->infost == STATUS_UNSUCCESSFUL &&
		    ((HDAUDIO_DEVICE_INFORMATION *)a->info)->Size == 14 &&
		    all_bytes(a->info + 2, sizeof(a->info) - 2, 0xa5),
		    "%s: GetDeviceInformation 0x%08x, or it wrote", where,
		    a->infost);
	KTAP_EXPECT(c, a->wc == wc && a->ticks,
		    "%s: wall clock %p (want %p), %u ticks", where, a->wc, wc,
		    a->ticks);

	/*
	 * No effect: the atomic registration does not exist (bit 0), the
	 * earlier one is still there (bit 1), once (bit 2), and the event
	 * refused there registers (bit 3) and unregisters (bit 4) now.
	 */
	fails = (unreg(b, a->h, a->reg) != STATUS_INVALID_PARAMETER) |
		(unreg(b, a->h, a->unreg) != STATUS_SUCCESS) << 1 |
		(unreg(b, a->h, a->unreg) != STATUS_INVALID_PARAMETER) << 2 |
		(reg(b, a->h, a->reg) != STATUS_SUCCESS) << 3 |
		(unreg(b, a->h, a->reg) != STATUS_SUCCESS) << 4;
	KTAP_EXPECT(c, !fails, "%s: registrations afterwards: 0x%x", where,
		    fails);
}

static void context_levels(struct ktap_case *c)
{
	struct atomic_calls *a;
	KEVENT evr, evu;
	struct engine e;
	PULONG wc = NULL;
	BUS bus;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!KTAP_EXPECT(c, a, "out of memory"))
		return;
	if (!KTAP_EXPECT(c, tc_query_v3(0, &bus), "no interface"))
		goto free;
	if (!engine_open(c, &bus, &e, 0, 0))
		goto out;
	bus.GetWallClockRegister(bus.Context, &wc);
	KeInitializeEvent(&evr, SynchronizationEvent, FALSE);
	KeInitializeEvent(&evu, SynchronizationEvent, FALSE);

	atomic_calls_prepare(c, a, &bus, e.h, &evr, &evu);
	spin_lock(&misc_lock);
	atomic_calls_run(a);
	spin_unlock(&misc_lock);
	atomic_calls_check(c, "spinlock", a, wc);

	atomic_calls_prepare(c, a, &bus, e.h, &evr, &evu);
	timer_calls = a;
	mod_timer(&misc_timer, jiffies + 1);
	KTAP_EXPECT(c, wait_for_completion_timeout(&a->done, 2 * HZ),
		    "the timer did not run");
	/* it cannot run any more: the record is freed below */
	timer_delete_sync(&misc_timer);
	atomic_calls_check(c, "timer", a, wc);
	engine_close(c, &bus, &e);
out:
	tc_release(&bus);
free:
	kfree(a);
}

static const struct ktap_test tests[] = {
	KTAP_CASE(transfer_codec_verbs),
	KTAP_CASE(failed_verbs_change_nothing),
	KTAP_CASE(resource_information),
	KTAP_CASE(device_information),
	KTAP_CASE(wall_clock_register),
	KTAP_CASE(link_position_register),
	KTAP_CASE(notification_event_rules),
	KTAP_CASE(unregister_stops_signals),
	KTAP_CASE(context_levels),
};

static int __init misc_init(void)
{
	int err = hdaudbus_register_driver(&tc_driver);

	if (err) {
		pr_err("hdaudbus_test_ddi_misc: cannot register: %d\n", err);
		return err;
	}
	ktap_run("hdaudbus_test_ddi_misc", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit misc_exit(void)
{
	/* no timer callback can run once the module text is gone */
	timer_shutdown_sync(&misc_timer);
	hdaudbus_unregister_driver(&tc_driver);
}

module_init(misc_init);
module_exit(misc_exit);

MODULE_DESCRIPTION("snd-hdaudbus DDI tests: verbs, clocks, events");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
