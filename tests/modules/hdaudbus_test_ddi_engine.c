// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_ddi_engine.c - conformance tests of the DMA engine routines of the bus DDI
 * against Documentation/ddi.rst.  Each case cleans up and checks that every engine is free
 * again; what the bus programmed is read back from the stream registers (tc_stream()).
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>

#include "ddi_client.h"

TC_DRIVER("hdaudbus_test_ddi_engine");

#define NR_ENGINES	4	/* QEMU: 4 output and 4 input descriptors */
#define MAX_BUFFER	(4U << 20)
#define UNIT_48K	256	/* 2 x lcm(4-byte frame, 128) */
#define FMT_48K		0x0011	/* 48 kHz, 16/16 bits, 2 channels */
#define FMT_44K		0x4011	/* 44.1 kHz, 16/16 bits, 2 channels */
#define SENTINEL	((HANDLE)0x5a5a5a5aUL)
#define OK		STATUS_SUCCESS
#define BADPARAM	STATUS_INVALID_PARAMETER
#define BADHANDLE	STATUS_INVALID_HANDLE
#define BADSTATE	STATUS_INVALID_DEVICE_REQUEST
#define NOLEVEL		STATUS_UNSUCCESSFUL
#define RL(s, reg)	snd_hdac_stream_readl(s, reg)
#define RW(s, reg)	snd_hdac_stream_readw(s, reg)
#define running(s)	(!!(snd_hdac_stream_readb(s, SD_CTL) & SD_CTL_DMA_START))
#define sd_tag(s)	((RL(s, SD_CTL) & SD_CTL_STREAM_TAG_MASK) >> SD_CTL_STREAM_TAG_SHIFT)
#define dac(tag)	tc_converter(&bus, 0, TC_DAC_NID, tag, FMT_48K)
#define free_engine(h)	bus.FreeDmaEngine(bus.Context, h)
#define free_buf(h)	bus.FreeDmaBuffer(bus.Context, h)
#define set_states(state, n, h)	bus.SetDmaEngineState(bus.Context, state, n, h)
#define set_state(state, h)	({ HANDLE __h = (h); set_states(state, 1, &__h); })
#define begin(c)	KTAP_EXPECT(c, tc_query_v3(0, &bus), "query")
#define alloc_buf(h, count, req, b)	alloc_buf_out(h, count, req, b, -1, NULL)

/* Expect a call to return @want; the diagnostic names @tag and the call. */
#define EXPECT_TAG(c, tag, call, want)							\
	({ NTSTATUS __st = (call);							\
	   KTAP_EXPECT(c, __st == (want), "%s%s: 0x%x", tag, #call, __st); })
#define EXPECT_ST(c, call, want)	EXPECT_TAG(c, "", call, want)

/* The interface of the running case (codec 0). */
static HDAUDIO_BUS_INTERFACE_V3 bus;

/* Read-only memory: an output pointed here cannot be written. */
static const u64 ro_area[4] = { 1, 2, 3, 4 };

/* What a buffer allocation returned. */
struct buf {
	PMDL mdl;
	SIZE_T size;
	SIZE_T offset;
	UCHAR sid;
	ULONG fifo;
};

/* Capture engines are for hda-micro, codec address 1. */
static NTSTATUS alloc_raw(bool capture, void *f, void *h, void *conv)
{
	if (capture)
		return bus.AllocateCaptureDmaEngine(bus.Context, 1, f, h, conv);
	return bus.AllocateRenderDmaEngine(bus.Context, f, FALSE, h, conv);
}

static NTSTATUS alloc_engine(bool capture, HANDLE *h)
{
	HDAUDIO_STREAM_FORMAT f = tc_format(48000, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv;

	return alloc_raw(capture, &f, h, &conv);
}

/* count 0: AllocateDmaBuffer; output @bad (0 MDL .. 4 FifoSize) replaced by @p. */
static NTSTATUS alloc_buf_out(HANDLE h, ULONG count, SIZE_T req, struct buf *b, int bad,
			      void *p)
{
	void *o[5] = { &b->mdl, &b->size, &b->offset, &b->sid, &b->fifo };

	memset(b, 0, sizeof(*b));
	b->offset = 0x5a5a;
	if (bad >= 0)
		o[bad] = p;
	if (!count)
		return bus.AllocateDmaBuffer(bus.Context, h, req, o[0], o[1], o[3], o[4]);
	return bus.AllocateDmaBufferWithNotification(bus.Context, h, count, req, o[0], o[1],
						     o[2], o[3], o[4]);
}

/* Take an engine down from any state; the statuses do not matter here. */
static void teardown(HDAUDIO_BUS_INTERFACE_V3 *b, HANDLE h)
{
	if (!h || !b->Context)
		return;
	b->SetDmaEngineState(b->Context, PauseState, 1, &h);
	b->SetDmaEngineState(b->Context, ResetState, 1, &h);
	b->FreeDmaBuffer(b->Context, h);
	b->FreeDmaEngine(b->Context, h);
}

/* How many engines of a direction are free (they are freed again). */
static unsigned int count_free(bool capture)
{
	HANDLE h[16];
	unsigned int i, n = 0;

	while (n < ARRAY_SIZE(h) && alloc_engine(capture, &h[n]) == OK)
		n++;
	for (i = 0; i < n; i++)
		free_engine(h[i]);
	return n;
}

static void expect_free(struct ktap_case *c, unsigned int render)
{
	unsigned int r = count_free(false), k = count_free(true);

	KTAP_EXPECT(c, r == render && k == NR_ENGINES, "%u render, %u capture", r, k);
}

/* Take @n engines down, detach the DAC, check all engines are free, release. */
static void end(struct ktap_case *c, const HANDLE *h, unsigned int n)
{
	if (!bus.Context)
		return;		/* the query failed */
	while (n--)
		teardown(&bus, h[n]);
	dac(0);
	expect_free(c, NR_ENGINES);
	tc_release(&bus);
}

/* A new render engine (unless *@h is set) with a buffer; the DAC plays it if @play. */
static struct hdac_stream *engine_buf(struct ktap_case *c, HANDLE *h, struct buf *b, bool play)
{
	struct hdac_stream *s;

	if ((!*h && !EXPECT_ST(c, alloc_engine(false, h), OK)) ||
	    !EXPECT_ST(c, alloc_buf(*h, 2, 19200, b), OK))
		return NULL;
	s = tc_stream(0, false, b->sid);
	if (KTAP_EXPECT(c, s, "tag %u", b->sid) && play)
		dac(b->sid);
	return s;
}

/* Alive: FreeDmaEngine(NULL) fails on the handle and verbs work; else both refuse it. */
#define EXPECT_CONTEXT(c, r, ctx, alive, what)						\
	KTAP_EXPECT(c, (r)->FreeDmaEngine(ctx, NULL) == ((alive) ? BADHANDLE : BADPARAM) &&	\
		    (r)->TransferCodecVerbs(ctx, 0, NULL, NULL, NULL) ==			\
		    ((alive) ? OK : BADPARAM), "%s (0x%lx)", what, (unsigned long)(ctx))

static void query_and_contexts(struct ktap_case *c)
{
	static const struct {
		const GUID *guid;
		USHORT size;
	} ifs[] = {
		{ &GUID_HDAUDIO_BUS_INTERFACE, sizeof(HDAUDIO_BUS_INTERFACE) },
		{ &GUID_HDAUDIO_BUS_INTERFACE_V2, sizeof(HDAUDIO_BUS_INTERFACE_V2) },
		{ &GUID_HDAUDIO_BUS_INTERFACE_V3, sizeof(HDAUDIO_BUS_INTERFACE_V3) },
		{ &GUID_HDAUDIO_BUS_INTERFACE_BDL, sizeof(HDAUDIO_BUS_INTERFACE_BDL) },
	};
	union {
		INTERFACE hdr;
		u8 raw[sizeof(HDAUDIO_BUS_INTERFACE_V3) + 64];
	} u;
	HDAUDIO_BUS_INTERFACE_V3 a = { }, b = { }, n;
	unsigned int i, o, nulls;
	NTSTATUS st;

	/* each interface with its Size, a bigger Size, and Version 2: no routine NULL */
	for (i = 0; i < ARRAY_SIZE(ifs) * 3; i++) {
		USHORT want = ifs[i / 3].size, size = i % 3 == 1 ? sizeof(u) : want;

		memset(&u, 0, sizeof(u));
		st = hdaudbus_query_interface(tc.codec[0], ifs[i / 3].guid, size,
					      i % 3 == 2 ? 2 : 0x0100, &u.hdr);
		nulls = 0;
		for (o = offsetof(INTERFACE, InterfaceReference); o < want; o += sizeof(PVOID))
			nulls += !*(void **)&u.raw[o];
		KTAP_EXPECT(c, st == OK && u.hdr.Size == want && u.hdr.Version == 0x0100 && !nulls,
			    "query %u: 0x%x, Size %u, Version 0x%x, %u NULL", i, st, u.hdr.Size,
			    u.hdr.Version, nulls);
		if (st == OK && u.hdr.InterfaceDereference)
			u.hdr.InterfaceDereference(u.hdr.Context);
	}

	if (!KTAP_EXPECT(c, tc_query_v3(0, &a) && tc_query_v3(0, &b), "query")) {
		tc_release(&a);
		return;
	}
	KTAP_EXPECT(c, a.Context != b.Context, "0x%lx", (unsigned long)a.Context);
	EXPECT_CONTEXT(c, &a, a.Context, true, "fresh");
	a.InterfaceDereference(a.Context);
	EXPECT_CONTEXT(c, &a, a.Context, false, "after the last dereference");
	EXPECT_CONTEXT(c, &b, b.Context, true, "the other context");
	EXPECT_CONTEXT(c, &b, (PVOID)0x1234UL, false, "garbage context");
	/* a stale Context stays stale when new contexts are created */
	if (KTAP_EXPECT(c, tc_query_v3(0, &n), "query n")) {
		EXPECT_CONTEXT(c, &a, a.Context, false, "stale, after a new query");
		tc_release(&n);
	}
	b.InterfaceReference(b.Context);
	b.InterfaceDereference(b.Context);
	EXPECT_CONTEXT(c, &b, b.Context, true, "reference + 1 dereference");
	b.InterfaceDereference(b.Context);
	EXPECT_CONTEXT(c, &b, b.Context, false, "reference + 2 dereferences");
}

static void engine_formats(struct ktap_case *c)
{
	static const struct {
		HDAUDIO_STREAM_FORMAT f;
		USHORT conv;		/* 0: not encodable */
	} fmts[] = {
		{ { 48000, 16, 16, 2 }, 0x0011 }, { { 44100, 16, 16, 2 }, 0x4011 },
		{ { 22050, 16, 16, 2 }, 0x4111 }, { { 96000, 24, 32, 2 }, 0x0831 },
		{ { 8000, 16, 16, 1 }, 0x0510 },	/* 48k / 6, BITS 1 */
		{ { 192000, 32, 32, 2 }, 0x1841 },	/* 48k x 4, BITS 4 */
		{ { 48000, 16, 16, 8 }, 0x0017 },	/* fits an SDI line too */
		{ { 0, 16, 16, 2 } }, { { 12345, 16, 16, 2 } }, { { 7000, 16, 16, 2 } },
		{ { 48000, 16, 16, 0 } }, { { 48000, 16, 16, 17 } }, { { 48000, 12, 16, 2 } },
		{ { 48000, 24, 24, 2 } }, { { 48000, 16, 32, 2 } }, { { 48000, 32, 16, 2 } },
	};
	HDAUDIO_CONVERTER_FORMAT conv;
	HDAUDIO_STREAM_FORMAT f;
	unsigned int i;
	NTSTATUS st;
	HANDLE h;

	if (!begin(c))
		return;
	for (i = 0; i < ARRAY_SIZE(fmts) * 2; i++) {	/* render, capture */
		f = fmts[i / 2].f;
		h = SENTINEL;
		conv.ConverterFormat = 0xffff;
		st = alloc_raw(i % 2, &f, &h, &conv);
		KTAP_EXPECT(c, fmts[i / 2].conv ? st == OK && conv.ConverterFormat ==
			    fmts[i / 2].conv : st == BADPARAM && h == SENTINEL,
			    "capture %u, %u/%u/%u/%u: 0x%x, 0x%04x", i % 2, f.SampleRate,
			    f.ValidBitsPerSample, f.ContainerSize, f.NumberOfChannels, st,
			    conv.ConverterFormat);
		if (st == OK)
			EXPECT_ST(c, free_engine(h), OK);
	}
	end(c, NULL, 0);
}

static void engine_bad_pointers(struct ktap_case *c)
{
	void * const bad[] = { NULL, (void *)1UL, (void *)0x10000UL,
			       (void *)0xdead000000000000UL, (void *)ro_area };
	HDAUDIO_STREAM_FORMAT f = tc_format(48000, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv;
	unsigned int i, cap;
	NTSTATUS st[3];
	HANDLE h;

	if (!begin(c))
		return;
	for (i = 0; i < ARRAY_SIZE(bad) * 2; i++) {
		cap = i % 2;
		st[0] = alloc_raw(cap, bad[i / 2], &h, &conv);
		st[1] = alloc_raw(cap, &f, bad[i / 2], &conv);
		st[2] = alloc_raw(cap, &f, &h, bad[i / 2]);
		KTAP_EXPECT(c, st[0] == BADPARAM && st[1] == BADPARAM && st[2] == BADPARAM,
			    "capture %u, pointer %u: 0x%x 0x%x 0x%x", cap, i / 2, st[0], st[1],
			    st[2]);
	}
	KTAP_EXPECT(c, READ_ONCE(ro_area[0]) == 1 && READ_ONCE(ro_area[3]) == 4, "written");
	end(c, NULL, 0);
}

static void engine_exhaustion(struct ktap_case *c)
{
	HDAUDIO_STREAM_FORMAT f = tc_format(48000, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv;
	HANDLE h[2 * NR_ENGINES + 3] = { };
	HANDLE *x = &h[2 * NR_ENGINES];
	unsigned int cap, n;

	if (!begin(c))
		return;
	EXPECT_ST(c, bus.AllocateCaptureDmaEngine(bus.Context, 5, &f, &x[0], &conv), BADPARAM);
	EXPECT_ST(c, bus.AllocateCaptureDmaEngine(bus.Context, 200, &f, &x[1], &conv), BADPARAM);
	for (cap = 0; cap < 2; cap++) {
		HANDLE *hh = &h[cap * NR_ENGINES];

		for (n = 0; n < NR_ENGINES; n++)
			EXPECT_ST(c, alloc_engine(cap, &hh[n]), OK);
		KTAP_EXPECT(c, hh[0] != hh[1] && hh[1] != hh[2] && hh[2] != hh[3], "same handles");
		EXPECT_ST(c, alloc_engine(cap, &x[2]), STATUS_INSUFFICIENT_RESOURCES);
		teardown(&bus, x[2]);
		EXPECT_ST(c, free_engine(hh[1]), OK);
		EXPECT_ST(c, alloc_engine(cap, &hh[1]), OK);
		x[2] = NULL;
		EXPECT_ST(c, alloc_engine(cap, &x[2]), STATUS_INSUFFICIENT_RESOURCES);
		teardown(&bus, x[2]);
		x[2] = NULL;
	}
	end(c, h, ARRAY_SIZE(h));
}

/* Never on the stack: a registration (wrongly accepted, or left to the bus) may outlive a case. */
static KEVENT event;

/* Every routine taking a handle, given @h and valid other arguments. */
static void expect_bad_handle(struct ktap_case *c, HDAUDIO_BUS_INTERFACE_V3 *b, HANDLE h,
			      const char *tag, const struct buf *mb)
{
	HDAUDIO_STREAM_FORMAT f = tc_format(48000, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv = { .ConverterFormat = 0xffff };
	struct buf o = { .offset = 0x5a5a };
	KEVENT *ev = &event;
	void *x = b->Context;
	PULONG pos = NULL;

	KeInitializeEvent(ev, NotificationEvent, FALSE);
	EXPECT_TAG(c, tag, b->FreeDmaEngine(x, h), BADHANDLE);
	EXPECT_TAG(c, tag, b->SetDmaEngineState(x, ResetState, 1, &h), BADHANDLE);
	EXPECT_TAG(c, tag, b->AllocateDmaBuffer(x, h, 4096, &o.mdl, &o.size, &o.sid, &o.fifo),
		   BADHANDLE);
	EXPECT_TAG(c, tag, b->AllocateDmaBufferWithNotification(x, h, 1, 4096, &o.mdl, &o.size,
			&o.offset, &o.sid, &o.fifo), BADHANDLE);
	EXPECT_TAG(c, tag, b->FreeDmaBuffer(x, h), BADHANDLE);
	EXPECT_TAG(c, tag, b->FreeDmaBufferWithNotification(x, h, mb->mdl, mb->size), BADHANDLE);
	EXPECT_TAG(c, tag, b->ChangeBandwidthAllocation(x, h, &f, &conv), BADHANDLE);
	EXPECT_TAG(c, tag, b->GetLinkPositionRegister(x, h, &pos), BADHANDLE);
	EXPECT_TAG(c, tag, b->RegisterNotificationEvent(x, h, ev), BADHANDLE);
	EXPECT_TAG(c, tag, b->UnregisterNotificationEvent(x, h, ev), BADHANDLE);
	KTAP_EXPECT(c, !pos && conv.ConverterFormat == 0xffff && !o.mdl && o.offset == 0x5a5a,
		    "%san output was written", tag);
}

static void bad_handles(struct ktap_case *c)
{
	static const char * const tags[] = { "NULL: ", "1: ", "7: ", "-1: ", "random: ",
		"stack pointer: ", "kmalloc pointer: ", "freed: ", "other context's: " };
	HDAUDIO_BUS_INTERFACE_V3 b2 = { };
	void *obj = kmalloc(64, GFP_KERNEL);
	int local;
	HANDLE h[3] = { }, bad[] = {
		NULL, (HANDLE)1UL, (HANDLE)7UL, (HANDLE)~0UL,
		(HANDLE)(unsigned long)get_random_u64(), &local, obj, NULL, NULL,
	};
	struct buf bw, bv;
	unsigned int i;

	if (!begin(c) || !KTAP_EXPECT(c, obj, "kmalloc") ||
	    !KTAP_EXPECT(c, tc_query_v3(0, &b2), "second query") ||
	    !EXPECT_ST(c, alloc_engine(false, &h[0]), OK) ||
	    !EXPECT_ST(c, alloc_engine(false, &h[1]), OK) ||
	    !EXPECT_ST(c, alloc_buf(h[1], 2, 19200, &bw), OK) ||
	    !EXPECT_ST(c, alloc_engine(false, &bad[7]), OK) ||
	    !EXPECT_ST(c, free_engine(bad[7]), OK))
		goto out;
	swap(bus, b2);			/* an engine of the other context */
	EXPECT_ST(c, alloc_engine(false, &h[2]), OK);
	swap(bus, b2);
	bad[8] = h[2];
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		expect_bad_handle(c, &bus, bad[i], tags[i], &bw);
	expect_bad_handle(c, &b2, h[0], "first context's: ", &bw);

	/* h[0] untouched: still in Reset, without a buffer */
	EXPECT_ST(c, set_state(RunState, h[0]), BADSTATE);
	EXPECT_ST(c, alloc_buf(h[0], 1, 4096, &bv), OK);
	EXPECT_ST(c, set_state(RunState, h[0]), BADSTATE);
	/* h[1] kept its buffer, the other context its engine */
	EXPECT_ST(c, alloc_buf(h[1], 1, 4096, &bv), BADSTATE);
	if (EXPECT_ST(c, b2.FreeDmaEngine(b2.Context, h[2]), OK))
		h[2] = NULL;
out:
	kfree(obj);
	teardown(&b2, h[2]);
	tc_release(&b2);
	end(c, h, 2);
}

/* What Documentation/ddi.rst says of a 48 kHz 16-bit stereo buffer. */
static void check_buffer(struct ktap_case *c, const struct buf *b, ULONG count, SIZE_T req)
{
	SIZE_T want = req >= MAX_BUFFER ? MAX_BUFFER : roundup(req, UNIT_48K);
	struct hdac_stream *s = tc_stream(0, false, b->sid);
	unsigned long i, pages, bad = 0;
	const __le32 *bdl;
	u8 *va, *p;

	KTAP_EXPECT(c, b->size == want && b->size % UNIT_48K == 0 && b->size <= MAX_BUFFER,
		    "count %u, request %zu: %zu", count, req, b->size);
	KTAP_EXPECT(c, !count || !b->offset, "%zu", b->offset);
	if (!KTAP_EXPECT(c, b->sid >= 1 && b->sid <= 15 && s, "%u", b->sid))
		return;
	KTAP_EXPECT(c, RL(s, SD_CBL) == b->size && RW(s, SD_LVI) == 1 && sd_tag(s) == b->sid &&
		    b->fifo == RW(s, SD_FIFOSIZE) + 1U && RW(s, SD_FORMAT) == FMT_48K,
		    "CBL %u LVI %u tag %u FIFOS %u FifoSize %u FMT 0x%x", RL(s, SD_CBL),
		    RW(s, SD_LVI), sd_tag(s), RW(s, SD_FIFOSIZE), b->fifo, RW(s, SD_FORMAT));
	bdl = (const __le32 *)s->bdl.area;
	KTAP_EXPECT(c, le32_to_cpu(bdl[2]) + le32_to_cpu(bdl[6]) == b->size &&
		    le32_to_cpu(bdl[2]) == b->size / 2, "%u + %u", le32_to_cpu(bdl[2]),
		    le32_to_cpu(bdl[6]));
	KTAP_EXPECT(c, le32_to_cpu(bdl[3]) == (count == 2) && le32_to_cpu(bdl[7]) == (count >= 1),
		    "count %u: {%u,%u}", count, le32_to_cpu(bdl[3]), le32_to_cpu(bdl[7]));
	va = b->mdl ? MmGetSystemAddressForMdlSafe(b->mdl, NormalPagePriority) : NULL;
	if (!KTAP_EXPECT(c, va, "no MDL or address"))
		return;
	KTAP_EXPECT(c, MmGetMdlByteCount(b->mdl) == b->size && MmGetMdlByteOffset(b->mdl) == 0,
		    "%u, %u", MmGetMdlByteCount(b->mdl), MmGetMdlByteOffset(b->mdl));
	pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, b->size);
	for (i = 0, p = va; i < pages; i++, p += PAGE_SIZE)	/* vmalloc'ed or direct-mapped */
		bad += MmGetMdlPfnArray(b->mdl)[i] != (is_vmalloc_addr(p) ? vmalloc_to_pfn(p) :
						       page_to_pfn(virt_to_page(p)));
	KTAP_EXPECT(c, !bad, "%lu of %lu PFNs wrong", bad, pages);
	KTAP_EXPECT(c, !memchr_inv(va, 0, b->size), "buffer not zeroed");
}

static void buffers(struct ktap_case *c)
{
	static const SIZE_T sizes[] = { 1, 100, 4096, 19200, 48000, (SIZE_T)-1 };
	static const ULONG counts[] = { 1, 2, 0 };	/* 0: AllocateDmaBuffer */
	struct hdac_stream *s;
	struct buf b, b2;
	HANDLE h = NULL;
	unsigned int i;
	NTSTATUS st;

	if (!begin(c) || !EXPECT_ST(c, alloc_engine(false, &h), OK))
		goto out;
	for (i = 0; i < 2; i++)		/* NotificationCount 0, 3 */
		EXPECT_ST(c, bus.AllocateDmaBufferWithNotification(bus.Context, h, i * 3, 4096,
				&b.mdl, &b.size, &b.offset, &b.sid, &b.fifo), BADPARAM);
	EXPECT_ST(c, alloc_buf(h, 1, 0, &b), BADPARAM);
	EXPECT_ST(c, alloc_buf(h, 0, 0, &b), BADPARAM);
	for (i = 0; i < 20; i++) {	/* v1 and v2, each output NULL and read-only */
		if (i / 10 == 0 && i % 5 == 2)
			continue;	/* AllocateDmaBuffer has no offset */
		st = alloc_buf_out(h, i / 10, 4096, &b, i % 5, i % 10 < 5 ? NULL : (void *)ro_area);
		KTAP_EXPECT(c, st == BADPARAM, "%u: 0x%x", i, st);
	}
	for (i = 0; i < ARRAY_SIZE(counts) * ARRAY_SIZE(sizes); i++) {
		ULONG count = counts[i / ARRAY_SIZE(sizes)];
		SIZE_T req = sizes[i % ARRAY_SIZE(sizes)];

		st = alloc_buf(h, count, req, &b);
		if (!KTAP_EXPECT(c, st == OK, "count %u, %zu: 0x%x", count, req, st))
			continue;
		check_buffer(c, &b, count, req);
		EXPECT_ST(c, alloc_buf(h, count, req, &b2), BADSTATE);
		/* either routine frees a buffer of either allocator */
		st = i % 2 ? free_buf(h) :
			     bus.FreeDmaBufferWithNotification(bus.Context, h, b.mdl, b.size);
		KTAP_EXPECT(c, st == OK, "count %u, free %u: 0x%x", count, i % 2, st);
		s = tc_stream(0, false, b.sid);
		KTAP_EXPECT(c, s && !RL(s, SD_BDLPL) && !RL(s, SD_BDLPU) && !RL(s, SD_CBL),
			    "registers kept");
		EXPECT_ST(c, free_buf(h), BADSTATE);
	}
out:
	end(c, &h, 1);
}

static void free_engine_rules(struct ktap_case *c)
{
	HANDLE h = NULL;
	struct buf b;

	if (!begin(c) || !EXPECT_ST(c, alloc_engine(false, &h), OK) ||
	    !EXPECT_ST(c, alloc_buf(h, 1, 4096, &b), OK))
		goto out;
	EXPECT_ST(c, free_engine(h), BADSTATE);
	EXPECT_ST(c, set_state(PauseState, h), OK);
	EXPECT_ST(c, free_engine(h), BADSTATE);
	EXPECT_ST(c, set_state(ResetState, h), OK);
	EXPECT_ST(c, free_engine(h), BADSTATE);
	EXPECT_ST(c, bus.FreeDmaBufferWithNotification(bus.Context, h, b.mdl, b.size), OK);
	if (EXPECT_ST(c, free_engine(h), OK)) {
		expect_bad_handle(c, &bus, h, "freed: ", &b);
		h = NULL;
	}
out:
	end(c, &h, 1);
}

/* SetDmaEngineState(@state) returns @want, then RUN reads @run (-1: not read). */
#define STEP(c, h, s, state, want, run)							\
	({ NTSTATUS __st = set_state(state, h);						\
	   KTAP_EXPECT(c, __st == (want) && ((run) < 0 || running(s) == ((run) > 0)), "%s: 0x%x", \
		       #state, __st); })

static void state_machine(struct ktap_case *c)
{
	struct hdac_stream *s = NULL;
	HANDLE h = NULL, two[2];
	struct buf b;

	if (!begin(c) || !EXPECT_ST(c, alloc_engine(false, &h), OK))
		goto out;
	STEP(c, h, s, StopState, BADSTATE, -1);		/* no buffer */
	STEP(c, h, s, RunState, BADSTATE, -1);
	STEP(c, h, s, ResetState, OK, -1);
	s = engine_buf(c, &h, &b, true);
	if (!s)
		goto out;
	STEP(c, h, s, RunState, BADSTATE, 0);		/* Reset->Run */
	STEP(c, h, s, StopState, OK, 0);		/* Reset->Stop */
	STEP(c, h, s, StopState, OK, 0);		/* Stop->Stop */
	STEP(c, h, s, RunState, OK, 1);			/* Stop->Run */
	STEP(c, h, s, RunState, OK, 1);			/* Run->Run */
	STEP(c, h, s, ResetState, BADSTATE, 1);		/* Run->Reset */
	STEP(c, h, s, PauseState, OK, 0);		/* Run->Pause */
	STEP(c, h, s, ResetState, OK, 0);		/* Pause->Reset */
	STEP(c, h, s, ResetState, OK, 0);		/* Reset->Reset */
	STEP(c, h, s, (HDAUDIO_STREAM_STATE)3, BADPARAM, 0);
	STEP(c, h, s, (HDAUDIO_STREAM_STATE)-1, BADPARAM, 0);
	KTAP_EXPECT(c, RL(s, SD_CBL) == b.size && sd_tag(s) == b.sid &&
		    RW(s, SD_FORMAT) == FMT_48K && RW(s, SD_LVI) == 1, "Reset lost the buffer");
	EXPECT_ST(c, set_states(StopState, 0, &h), BADPARAM);
	EXPECT_ST(c, set_states(StopState, 1, NULL), BADPARAM);
	two[0] = h;
	two[1] = h;
	EXPECT_ST(c, set_states(StopState, 2, two), BADPARAM);
	STEP(c, h, s, RunState, BADSTATE, 0);		/* still in Reset */
out:
	end(c, &h, 1);
}

static void state_all_or_nothing(struct ktap_case *c)
{
	struct hdac_stream *sa, *sb;
	HANDLE h[2] = { }, three[3];
	struct buf ba, bb;

	if (!begin(c))
		return;
	sa = engine_buf(c, &h[0], &ba, true);
	sb = engine_buf(c, &h[1], &bb, false);
	if (!sa || !sb)
		goto out;
	three[0] = h[0];
	three[1] = (HANDLE)1UL;
	three[2] = h[1];
	EXPECT_ST(c, set_states(StopState, 3, three), BADHANDLE);
	EXPECT_ST(c, set_states(StopState, 2, h), OK);
	EXPECT_ST(c, set_states(RunState, 3, three), BADHANDLE);
	KTAP_EXPECT(c, !running(sa) && !running(sb), "a partial Run");
	/* b back in Reset without a buffer */
	EXPECT_ST(c, set_state(ResetState, h[1]), OK);
	EXPECT_ST(c, free_buf(h[1]), OK);
	EXPECT_ST(c, set_states(RunState, 2, h), BADSTATE);
	KTAP_EXPECT(c, !running(sa), "a partial Run");
	sb = engine_buf(c, &h[1], &bb, false);
	if (!sb)
		goto out;
	EXPECT_ST(c, set_state(StopState, h[1]), OK);
	EXPECT_ST(c, set_states(RunState, 2, h), OK);
	KTAP_EXPECT(c, running(sa) && running(sb), "not both running");
	EXPECT_ST(c, set_states(PauseState, 2, h), OK);
	KTAP_EXPECT(c, !running(sa) && !running(sb), "not both paused");
	EXPECT_ST(c, set_states(ResetState, 2, h), OK);
out:
	end(c, h, ARRAY_SIZE(h));
}

/* Allocate a buffer, return the SDnFMT it programmed, free it again. */
static u16 programmed_format(struct ktap_case *c, HANDLE h)
{
	struct buf b;
	struct hdac_stream *s = engine_buf(c, &h, &b, false);
	u16 fmt = s ? RW(s, SD_FORMAT) : 0;

	EXPECT_ST(c, free_buf(h), OK);
	return fmt;
}

static void bandwidth(struct ktap_case *c)
{
	HDAUDIO_STREAM_FORMAT good = tc_format(44100, 16, 16, 2);
	HDAUDIO_STREAM_FORMAT bad = tc_format(12345, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv = { .ConverterFormat = 0xffff };
	PCHANGE_BANDWIDTH_ALLOCATION change;
	HANDLE h = NULL;
	struct buf b;
	u16 fmt;

	if (!begin(c) || !EXPECT_ST(c, alloc_engine(false, &h), OK) ||
	    !EXPECT_ST(c, alloc_buf(h, 1, 4096, &b), OK))
		goto out;
	change = bus.ChangeBandwidthAllocation;
	EXPECT_ST(c, change(bus.Context, h, &good, &conv), BADSTATE);
	EXPECT_ST(c, free_buf(h), OK);
	EXPECT_ST(c, change(bus.Context, h, &bad, &conv), BADPARAM);
	EXPECT_ST(c, change(bus.Context, h, NULL, &conv), BADPARAM);
	EXPECT_ST(c, change(bus.Context, h, &good, NULL), BADPARAM);
	fmt = programmed_format(c, h);
	KTAP_EXPECT(c, fmt == FMT_48K, "old format lost: 0x%04x", fmt);
	EXPECT_ST(c, change(bus.Context, h, &good, &conv), OK);
	KTAP_EXPECT(c, conv.ConverterFormat == FMT_44K, "0x%04x", conv.ConverterFormat);
	fmt = programmed_format(c, h);
	KTAP_EXPECT(c, fmt == FMT_44K, "new format: 0x%04x", fmt);
out:
	end(c, &h, 1);
}

static struct {
	struct ktap_case *c;
	const char *tag;
	bool hardirq;	/* above DISPATCH: every routine refuses */
	bool in_context;
	HANDLE e[3];	/* buffer, DAC; target of the refused calls; to free */
	struct hdac_stream *s;
	struct buf b;
	struct timer_list timer;
	struct hrtimer hrtimer;
	struct completion done;
} lv;

static DEFINE_SPINLOCK(level_lock);

/* Where sleeping is not allowed: PASSIVE routines refuse, the others work. */
static void level_calls(void)
{
	HDAUDIO_STREAM_FORMAT f = tc_format(44100, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv = { .ConverterFormat = 0xffff };
	NTSTATUS want = lv.hardirq ? NOLEVEL : OK;
	struct ktap_case *c = lv.c;
	const char *tag = lv.tag;
	HANDLE h = SENTINEL;
	PULONG pos = NULL;
	struct buf o;

	EXPECT_TAG(c, tag, alloc_raw(false, &f, &h, &conv), NOLEVEL);
	EXPECT_TAG(c, tag, alloc_raw(true, &f, &h, &conv), NOLEVEL);
	EXPECT_TAG(c, tag, bus.ChangeBandwidthAllocation(bus.Context, lv.e[1], &f, &conv),
		   NOLEVEL);
	EXPECT_TAG(c, tag, alloc_buf(lv.e[1], 0, 4096, &o), NOLEVEL);
	EXPECT_TAG(c, tag, alloc_buf(lv.e[1], 2, 4096, &o), NOLEVEL);
	EXPECT_TAG(c, tag, free_buf(lv.e[0]), NOLEVEL);
	EXPECT_TAG(c, tag, bus.FreeDmaBufferWithNotification(bus.Context, lv.e[0], lv.b.mdl,
							     lv.b.size), NOLEVEL);
	KTAP_EXPECT(c, h == SENTINEL && conv.ConverterFormat == 0xffff && !o.mdl,
		    "%sa refused call wrote", tag);
	EXPECT_TAG(c, tag, set_state(StopState, lv.e[0]), want);
	EXPECT_TAG(c, tag, set_state(RunState, lv.e[0]), want);
	KTAP_EXPECT(c, !running(lv.s) == lv.hardirq, "%sRUN bit", tag);
	EXPECT_TAG(c, tag, set_state(StopState, lv.e[0]), want);
	KTAP_EXPECT(c, !running(lv.s), "%snot stopped", tag);
	EXPECT_TAG(c, tag, set_state(ResetState, lv.e[0]), want);
	EXPECT_TAG(c, tag, bus.GetLinkPositionRegister(bus.Context, lv.e[0], &pos), want);
	KTAP_EXPECT(c, !pos == lv.hardirq, "%sposition register %p", tag, pos);
	EXPECT_TAG(c, tag, free_engine(lv.e[2]), want);
}

static void lv_softirq(struct timer_list *t)
{
	lv.in_context = in_serving_softirq() && !in_hardirq();
	level_calls();
	complete(&lv.done);
}

static enum hrtimer_restart lv_hardirq(struct hrtimer *t)
{
	lv.in_context = in_hardirq();
	level_calls();
	complete(&lv.done);
	return HRTIMER_NORESTART;
}

/* level_calls() with a spinlock held, with irqs off, in a timer, in a hard irq */
static void context_levels(struct ktap_case *c)
{
	static const char * const tags[] = { "spinlock: ", "irqs off: ", "timer: ", "hard irq: " };
	unsigned long done;
	unsigned int how;
	struct buf b;

	for (how = 0; how < 4 && begin(c); how++) {
		memset(lv.e, 0, sizeof(lv.e));
		lv.c = c;
		lv.tag = tags[how];
		lv.hardirq = how == 3;
		lv.in_context = how < 2;
		lv.s = engine_buf(c, &lv.e[0], &lv.b, true);
		if (!lv.s || !EXPECT_ST(c, alloc_engine(false, &lv.e[1]), OK) ||
		    !EXPECT_ST(c, alloc_engine(false, &lv.e[2]), OK))
			goto out;
		done = 1;
		reinit_completion(&lv.done);
		if (how == 0) {
			spin_lock(&level_lock);
			level_calls();
			spin_unlock(&level_lock);
		} else if (how == 1) {
			local_irq_disable();
			level_calls();
			local_irq_enable();
		} else {
			if (how == 2)
				mod_timer(&lv.timer, jiffies + 1);
			else
				hrtimer_start(&lv.hrtimer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
			done = wait_for_completion_timeout(&lv.done, 2 * HZ);
			timer_delete_sync(&lv.timer);
			hrtimer_cancel(&lv.hrtimer);
		}
		if (!KTAP_EXPECT(c, done && lv.in_context, "%snot run there", lv.tag))
			goto out;
		/* e[0] kept its buffer, e[1] its format; e[2] is free unless in a hard irq */
		EXPECT_ST(c, alloc_buf(lv.e[0], 1, 4096, &b), BADSTATE);
		KTAP_EXPECT(c, RL(lv.s, SD_CBL) == lv.b.size, "%s", lv.tag);
		EXPECT_ST(c, free_engine(lv.e[2]), lv.hardirq ? OK : BADHANDLE);
		expect_free(c, NR_ENGINES - 2);
		lv.s = engine_buf(c, &lv.e[1], &b, false);
		KTAP_EXPECT(c, lv.s && RW(lv.s, SD_FORMAT) == FMT_48K, "%s", lv.tag);
out:
		end(c, lv.e, ARRAY_SIZE(lv.e));
	}
}

static void leftovers(struct ktap_case *c)
{
	struct hdac_stream *s;
	unsigned int i, n = 0;
	HANDLE h = NULL;
	struct buf b;

	if (!begin(c))
		return;
	KeInitializeEvent(&event, NotificationEvent, FALSE);
	s = engine_buf(c, &h, &b, true);
	if (s) {
		EXPECT_ST(c, bus.RegisterNotificationEvent(bus.Context, h, &event), OK);
		EXPECT_ST(c, set_state(StopState, h), OK);
		EXPECT_ST(c, set_state(RunState, h), OK);
	}
	bus.InterfaceDereference(bus.Context);	/* nothing cleaned up */

	if (!begin(c))
		return;
	for (i = 0; i < 40 && n != NR_ENGINES; i++) {
		n = count_free(false);
		if (n != NR_ENGINES)
			msleep(50);
	}
	KTAP_EXPECT(c, n == NR_ENGINES, "%u render engines free after 2 s", n);
	KTAP_EXPECT(c, !s || !running(s), "the reclaimed engine runs");
	end(c, NULL, 0);
}

static const struct ktap_test tests[] = {
	KTAP_CASE(query_and_contexts),
	KTAP_CASE(engine_formats),
	KTAP_CASE(engine_bad_pointers),
	KTAP_CASE(engine_exhaustion),
	KTAP_CASE(bad_handles),
	KTAP_CASE(buffers),
	KTAP_CASE(free_engine_rules),
	KTAP_CASE(state_machine),
	KTAP_CASE(state_all_or_nothing),
	KTAP_CASE(bandwidth),
	KTAP_CASE(context_levels),
	KTAP_CASE(leftovers),
};

static int __init test_init(void)
{
	int err;

	timer_setup(&lv.timer, lv_softirq, 0);
	hrtimer_init(&lv.hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	lv.hrtimer.function = lv_hardirq;
	init_completion(&lv.done);
	err = hdaudbus_register_driver(&tc_driver);
	if (err)
		return err;
	ktap_run("hdaudbus_test_ddi_engine", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit test_exit(void)
{
	timer_shutdown_sync(&lv.timer);
	hrtimer_cancel(&lv.hrtimer);
	hdaudbus_unregister_driver(&tc_driver);
}

module_init(test_init);
module_exit(test_exit);

MODULE_DESCRIPTION("snd-hdaudbus DMA engine DDI conformance tests");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
