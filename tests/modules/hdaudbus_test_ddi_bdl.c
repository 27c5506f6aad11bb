// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_ddi_bdl.c - the BDL interface (a contiguous buffer whose
 * BDL the client writes, its ISR), link bandwidth and SSYNC, as a client
 * driver of QEMU's codecs (hda-output at address 0, DAC node 2; hda-micro
 * at 1, ADC node 4).  QEMU's ICH9: 4 input and 4 output descriptors, 60
 * words per frame on SDO and 29 per SDI, SSYNC at 0x34 (not emulated);
 * a descriptor moves data only while a converter has its stream tag.
 */
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <sound/hda_register.h>
#include <sound/hda_verbs.h>

#include <hdaudbus/hdaudbus.h>

#include "ktap.h"

/* --- The client driver and DDI helpers --- */

#define TC_DAC_NID	2	/* hda-output, codec 0 */
#define TC_ADC_NID	4	/* hda-micro, codec 1 */
#define TC_SSYNC	0x34	/* SSYNC of the ICH6..ICH10 generation */

#define TC_FMT(r, b, s, n)	((HDAUDIO_STREAM_FORMAT){ .SampleRate = (r), \
				 .ValidBitsPerSample = (b),		\
				 .ContainerSize = (s),			\
				 .NumberOfChannels = (n) })

/* Evaluate @expr once; a failure unless it is the status @want. */
#define EXPECT_ST(c, expr, want, what)					\
	({								\
		NTSTATUS __st = (expr);					\
		KTAP_EXPECT(c, __st == (want), "%s: 0x%08x, want 0x%08x",\
			    what, __st, (NTSTATUS)(want));		\
	})

static struct {
	struct hdac_device *codec[2];	/* by address */
} tc;

static int tc_probe(struct hdac_device *codec, const struct hda_device_id *id)
{
	if (codec->addr < ARRAY_SIZE(tc.codec))
		tc.codec[codec->addr] = codec;
	return 0;
}

static void tc_remove(struct hdac_device *codec)
{
	if (codec->addr < ARRAY_SIZE(tc.codec))
		tc.codec[codec->addr] = NULL;
}

static struct hda_device_id tc_ids[] = {
	HDAUDBUS_CODEC(0x1af40011),	/* hda-output, mixer=off */
	HDAUDBUS_CODEC(0x1af40031),	/* hda-micro, mixer=off */
	{ }
};

static struct hdaudbus_driver tc_driver = {
	.name = "hdaudbus_test_ddi_bdl",
	.id_table = tc_ids,
	.probe = tc_probe,
	.remove = tc_remove,
};

/* Any interface of codec 0; @size is its struct's size. */
static bool tc_query(const GUID *guid, void *iface, USHORT size)
{
	memset(iface, 0, size);
	return tc.codec[0] && tc.codec[1] &&
	       NT_SUCCESS(hdaudbus_query_interface(tc.codec[0], guid, size,
						   0x0100, iface));
}

/* InterfaceDereference is the second member of every interface. */
static void tc_release(void *iface)
{
	PINTERFACE i = iface;

	if (i->InterfaceDereference)
		i->InterfaceDereference(i->Context);
	i->InterfaceDereference = NULL;
}

/* Give a converter a stream: format and tag, through any interface. */
static void tc_converter(void *iface, u8 addr, u8 nid, u8 tag, u16 fmt)
{
	HDAUDIO_BUS_INTERFACE_V3 *bus = iface;	/* all start alike */
	HDAUDIO_CODEC_TRANSFER x[2] = { 0 };
	u32 node = ((u32)addr << 28) | ((u32)nid << 20);

	x[0].Output.Command = node | AC_VERB_SET_STREAM_FORMAT << 8 | fmt;
	x[1].Output.Command = node | AC_VERB_SET_CHANNEL_STREAMID << 8 |
			      tag << 4;
	bus->TransferCodecVerbs(bus->Context, 2, x, NULL, NULL);
}

/* The snd-hda-core stream behind an engine, by direction and tag. */
static struct hdac_stream *tc_stream(bool capture, u8 tag)
{
	struct hdac_stream *s;

	list_for_each_entry(s, &tc.codec[0]->bus->stream_list, list)
		if (s->stream_tag == tag &&
		    s->direction == (capture ? SNDRV_PCM_STREAM_CAPTURE :
					       SNDRV_PCM_STREAM_PLAYBACK))
			return s;
	return NULL;
}

/* --- A render engine with a contiguous buffer (BDL interface) --- */

#define BQ		4864	/* 25.3 ms of 48 kHz 16-bit stereo */

struct bd_engine {
	HDAUDIO_BUS_INTERFACE_BDL b;
	HANDLE h;
	HDAUDIO_CONVERTER_FORMAT conv;
	PVOID data;
	PHDAUDIO_BUFFER_DESCRIPTOR bd;
	u64 pa;			/* bus address of data */
	UCHAR tag;
	ULONG fifo;
};

static bool bd_open(struct ktap_case *c, struct bd_engine *e, ULONG size)
{
	HDAUDIO_STREAM_FORMAT fmt = TC_FMT(48000, 16, 16, 2);

	/* a failed call writes nothing: what is not NULL was allocated */
	memset(e, 0, sizeof(*e));
	if (!KTAP_EXPECT(c, tc_query(&GUID_HDAUDIO_BUS_INTERFACE_BDL, &e->b,
				     sizeof(e->b)), "no BDL interface") ||
	    !EXPECT_ST(c, e->b.AllocateRenderDmaEngine(e->b.Context, &fmt,
			FALSE, &e->h, &e->conv), STATUS_SUCCESS, "engine"))
		return false;
	if (!size)
		return true;
	if (!EXPECT_ST(c, e->b.AllocateContiguousDmaBuffer(e->b.Context, e->h,
			size, &e->data, &e->bd), STATUS_SUCCESS, "buffer"))
		return false;
	e->pa = MmGetPhysicalAddress(e->data).QuadPart;
	return KTAP_EXPECT(c, e->pa && e->bd, "no bus address or BDL");
}

static void bd_close(struct bd_engine *e)
{
	if (e->h) {
		e->b.SetDmaEngineState(e->b.Context, PauseState, 1, &e->h);
		e->b.SetDmaEngineState(e->b.Context, ResetState, 1, &e->h);
	}
	if (e->data)
		e->b.FreeContiguousDmaBuffer(e->b.Context, e->h);
	if (e->h)
		e->b.FreeDmaEngine(e->b.Context, e->h);
	tc_release(&e->b);
}

/* Entries of @len bytes from @e->pa; IOC where @ioc has a bit. */
static void bd_fill(struct bd_engine *e, unsigned int n, u32 len, u32 ioc)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		e->bd[i].Address.QuadPart = e->pa + i * len;
		e->bd[i].Length = len;
		e->bd[i].InterruptOnCompletion = (ioc >> i) & 1;
	}
}

static NTSTATUS bd_setup(struct bd_engine *e, ULONG length, ULONG lvi,
			 PHDAUDIO_BDL_ISR isr, PVOID context)
{
	return e->b.SetupDmaEngineWithBdl(e->b.Context, e->h, length, lvi, isr,
					  context, &e->tag, &e->fifo);
}

/* --- The interface and its buffer --- */

static void bdl_interface_query(struct ktap_case *c)
{
	HDAUDIO_BUS_INTERFACE_BDL b;
	void **r = (void **)&b.InterfaceReference;	/* 17 routines */
	unsigned int i;

	if (!KTAP_EXPECT(c, tc_query(&GUID_HDAUDIO_BUS_INTERFACE_BDL, &b,
				     sizeof(b)), "no BDL interface"))
		return;
	KTAP_EXPECT(c, b.Size == 152 && b.Size == sizeof(b) &&
		    b.Version == 0x0100 && b.Context, "Size %u Version 0x%x",
		    b.Size, b.Version);
	for (i = 0; (void *)&r[i] < (void *)(&b + 1); i++)
		KTAP_EXPECT(c, r[i], "routine %u is NULL", i);
	tc_release(&b);
}

static void contiguous_buffer_rules(struct ktap_case *c)
{
	HDAUDIO_STREAM_FORMAT fmt = TC_FMT(48000, 16, 16, 2);
	size_t k, offs[] = { 0, 1, 127, 4096, 4 * BQ - 1 };
	PHDAUDIO_BUFFER_DESCRIPTOR bd;
	HDAUDIO_BUS_INTERFACE_V3 v3;
	HDAUDIO_CONVERTER_FORMAT conv;
	struct bd_engine e;
	HANDLE h = NULL;
	void *data, *obj;
	SIZE_T size;
	UCHAR tag;
	ULONG fifo;
	PMDL mdl;

	/* leave entries in the BDL page of the first output descriptor */
	if (!KTAP_EXPECT(c, tc_query(&GUID_HDAUDIO_BUS_INTERFACE_V3, &v3,
				     sizeof(v3)), "no V3 interface"))
		return;
	if (v3.AllocateRenderDmaEngine(v3.Context, &fmt, FALSE, &h, &conv) ==
	    STATUS_SUCCESS && v3.AllocateDmaBuffer(v3.Context, h, 4096, &mdl,
			&size, &tag, &fifo) == STATUS_SUCCESS)
		v3.FreeDmaBuffer(v3.Context, h);
	if (h)
		v3.FreeDmaEngine(v3.Context, h);
	tc_release(&v3);

	if (!bd_open(c, &e, 0))
		goto out;
	EXPECT_ST(c, e.b.AllocateContiguousDmaBuffer(e.b.Context,
			(HANDLE)0x1234, 4096, &data, &bd),
		  STATUS_INVALID_HANDLE, "bad handle");
	EXPECT_ST(c, e.b.AllocateContiguousDmaBuffer(e.b.Context, e.h, 0,
			&data, &bd), STATUS_INVALID_PARAMETER, "size 0");
	EXPECT_ST(c, e.b.AllocateContiguousDmaBuffer(e.b.Context, e.h,
			0xffffffff, &data, &bd),
		  STATUS_INSUFFICIENT_RESOURCES, "size 0xffffffff");
	EXPECT_ST(c, e.b.AllocateContiguousDmaBuffer(e.b.Context, e.h, 4096,
			NULL, &bd), STATUS_INVALID_PARAMETER, "NULL DataBuffer");
	EXPECT_ST(c, e.b.AllocateContiguousDmaBuffer(e.b.Context, e.h, 4096,
			&data, NULL), STATUS_INVALID_PARAMETER, "NULL BdlBuffer");

	if (!EXPECT_ST(c, e.b.AllocateContiguousDmaBuffer(e.b.Context, e.h,
			4 * BQ, &e.data, &e.bd), STATUS_SUCCESS, "allocate") ||
	    !KTAP_EXPECT(c, e.data && e.bd, "data %p BDL %p", e.data, e.bd))
		goto out;
	KTAP_EXPECT(c, !memchr_inv(e.data, 0, 4 * BQ), "data not zeroed");
	KTAP_EXPECT(c, !memchr_inv(e.bd, 0, 4096), "BDL page not zeroed");
	KTAP_EXPECT(c, IS_ALIGNED((unsigned long)e.bd, 128), "BDL at 0x%lx",
		    (unsigned long)e.bd & ~PAGE_MASK);
	ktap_diag("%s: BDL page %spage-aligned", c->name,
		  PAGE_ALIGNED(e.bd) ? "" : "not ");
	e.pa = MmGetPhysicalAddress(e.data).QuadPart;
	KTAP_EXPECT(c, e.pa, "no bus address for the data buffer");
	for (k = 0; k < ARRAY_SIZE(offs); k++)
		KTAP_EXPECT(c, MmGetPhysicalAddress((u8 *)e.data +
				offs[k]).QuadPart == e.pa + offs[k],
			    "bus address of byte %zu", offs[k]);
	obj = kmalloc(64, GFP_KERNEL);
	KTAP_EXPECT(c, !obj || !MmGetPhysicalAddress(obj).QuadPart,
		    "kmalloc'd memory has a bus address");
	kfree(obj);

	EXPECT_ST(c, e.b.AllocateContiguousDmaBuffer(e.b.Context, e.h, 4096,
			&data, &bd), STATUS_INVALID_DEVICE_REQUEST,
		  "second buffer");
	EXPECT_ST(c, e.b.SetDmaEngineState(e.b.Context, PauseState, 1, &e.h),
		  STATUS_INVALID_DEVICE_REQUEST, "Pause before setup");
	if (EXPECT_ST(c, e.b.FreeContiguousDmaBuffer(e.b.Context, e.h),
		      STATUS_SUCCESS, "FreeContiguousDmaBuffer"))
		e.data = NULL;
	EXPECT_ST(c, e.b.FreeContiguousDmaBuffer(e.b.Context, e.h),
		  STATUS_INVALID_DEVICE_REQUEST, "second free");
out:
	bd_close(&e);
}

/* --- SetupDmaEngineWithBdl --- */

/* A valid 4-entry BDL, Lvi 3, with one thing changed */
static const struct bs_bad {
	const char *what;
	ULONG lvi;
	int length;		/* added to BufferLength 4 * BQ */
	u8 entry;		/* the entry changed: */
	int addr, len;		/* added to its address and length */
	u32 ioc;		/* its IOC flag, when not 0 */
	u8 null;		/* 1: NULL StreamId, 2: NULL FifoSize */
} bs_bad[] = {
	{ "Lvi 0", 0 }, { "Lvi 256", 256 }, { "Lvi 300", 300 },
	{ "BufferLength 0", 3, -4 * BQ },
	{ "BufferLength != sum", 3, -128 },
	{ "entry not 128-byte aligned", 3, 0, 1, 64 },
	{ "entry before the buffer", 3, 0, 0, -128 },
	{ "entry past the buffer", 3, 128, 3, 0, 128 },
	{ "zero-length entry", 3, -BQ, 2, 0, -BQ },
	{ "IOC 2", 3, 0, 1, 0, 0, 2 },
	{ "NULL StreamId", 3, .null = 1 },
	{ "NULL FifoSize", 3, .null = 2 },
};

static void setup_rules(struct ktap_case *c)
{
	struct bd_engine e, e2 = { .h = NULL };
	HDAUDIO_BUS_INTERFACE_V3 v3;
	struct hdac_stream *s = NULL;
	const struct bs_bad *x;
	bool taken = false;
	unsigned int i;
	SIZE_T size;
	UCHAR tag;
	ULONG fifo;
	PMDL mdl;
	NTSTATUS st;

	if (!bd_open(c, &e, 4 * BQ))
		goto out;
	for (x = bs_bad; x < bs_bad + ARRAY_SIZE(bs_bad); x++) {
		bd_fill(&e, 4, BQ, 0xa);
		e.bd[x->entry].Address.QuadPart += x->addr;
		e.bd[x->entry].Length += x->len;
		if (x->ioc)
			e.bd[x->entry].InterruptOnCompletion = x->ioc;
		taken |= !EXPECT_ST(c, e.b.SetupDmaEngineWithBdl(e.b.Context,
				e.h, 4 * BQ + x->length, x->lvi, NULL, NULL,
				x->null == 1 ? NULL : &tag,
				x->null == 2 ? NULL : &fifo),
			  STATUS_INVALID_PARAMETER, x->what);
		/* not programmed (unless a bad BDL was taken): stays in Reset */
		if (!taken)
			EXPECT_ST(c, e.b.SetDmaEngineState(e.b.Context,
					PauseState, 1, &e.h),
				  STATUS_INVALID_DEVICE_REQUEST, x->what);
		e.b.SetDmaEngineState(e.b.Context, ResetState, 1, &e.h);
	}
	bd_fill(&e, 4, BQ, 0xa);
	EXPECT_ST(c, e.b.SetupDmaEngineWithBdl(e.b.Context, (HANDLE)0x1234,
			4 * BQ, 3, NULL, NULL, &tag, &fifo),
		  STATUS_INVALID_HANDLE, "bad handle");

	/* a second engine: without a buffer, then with a bus-built one */
	if (!bd_open(c, &e2, 0) ||
	    !tc_query(&GUID_HDAUDIO_BUS_INTERFACE_V3, &v3, sizeof(v3)))
		goto out;
	EXPECT_ST(c, bd_setup(&e2, 4 * BQ, 3, NULL, NULL),
		  STATUS_INVALID_DEVICE_REQUEST, "no buffer");
	/* the V3 routine with the BDL interface's context */
	st = v3.AllocateDmaBuffer(e2.b.Context, e2.h, 4096, &mdl, &size, &tag,
				  &fifo);
	tc_release(&v3);
	if (EXPECT_ST(c, st, STATUS_SUCCESS, "AllocateDmaBuffer")) {
		EXPECT_ST(c, bd_setup(&e2, 4 * BQ, 3, NULL, NULL),
			  STATUS_INVALID_DEVICE_REQUEST, "bus-built buffer");
		EXPECT_ST(c, e2.b.FreeContiguousDmaBuffer(e2.b.Context, e2.h),
			  STATUS_SUCCESS, "free a bus-built buffer");
	}

	bd_fill(&e, 4, BQ, 0xa);
	if (EXPECT_ST(c, bd_setup(&e, 4 * BQ, 3, NULL, NULL), STATUS_SUCCESS,
		      "valid BDL"))
		s = tc_stream(false, e.tag);
	if (!KTAP_EXPECT(c, s, "no output stream with tag %u", e.tag))
		goto out;
	i = snd_hdac_stream_readl(s, SD_CTL);
	KTAP_EXPECT(c, ((i >> 20) & 0xf) == e.tag, "SDnCTL 0x%08x, StreamId %u",
		    i, e.tag);
	i = snd_hdac_stream_readw(s, SD_FIFOSIZE);
	KTAP_EXPECT(c, e.fifo == i + 1, "FifoSize %u, SDnFIFOS %u", e.fifo, i);
	KTAP_EXPECT(c, snd_hdac_stream_readl(s, SD_CBL) == 4 * BQ &&
		    snd_hdac_stream_readw(s, SD_LVI) == 3 &&
		    snd_hdac_stream_readw(s, SD_FORMAT) ==
		    e.conv.ConverterFormat, "SDnCBL %u SDnLVI %u SDnFMT 0x%04x",
		    snd_hdac_stream_readl(s, SD_CBL),
		    snd_hdac_stream_readw(s, SD_LVI),
		    snd_hdac_stream_readw(s, SD_FORMAT));
	KTAP_EXPECT(c, snd_hdac_stream_readl(s, SD_BDLPL) ==
		    lower_32_bits(s->bdl.addr) &&
		    snd_hdac_stream_readl(s, SD_BDLPU) ==
		    upper_32_bits(s->bdl.addr) && (void *)e.bd == s->bdl.area,
		    "SDnBDPU/L 0x%08x%08x, BDL page %pad, BdlBuffer %s it",
		    snd_hdac_stream_readl(s, SD_BDLPU),
		    snd_hdac_stream_readl(s, SD_BDLPL), &s->bdl.addr,
		    (void *)e.bd == s->bdl.area ? "is" : "is not");

	bd_fill(&e, 2, 2 * BQ, 0x3);
	EXPECT_ST(c, bd_setup(&e, 4 * BQ, 1, NULL, NULL), STATUS_SUCCESS,
		  "a 2-entry BDL in Reset");
	KTAP_EXPECT(c, snd_hdac_stream_readl(s, SD_CBL) == 4 * BQ &&
		    snd_hdac_stream_readw(s, SD_LVI) == 1,
		    "SDnCBL %u SDnLVI %u", snd_hdac_stream_readl(s, SD_CBL),
		    snd_hdac_stream_readw(s, SD_LVI));
	EXPECT_ST(c, e.b.SetDmaEngineState(e.b.Context, PauseState, 1, &e.h),
		  STATUS_SUCCESS, "Pause");
	EXPECT_ST(c, bd_setup(&e, 4 * BQ, 1, NULL, NULL),
		  STATUS_INVALID_DEVICE_REQUEST, "setup in Stop");
out:
	bd_close(&e2);
	bd_close(&e);
}

/* --- The BDL ISR --- */

static struct isr_rec {
	atomic_t calls;
	atomic_t not_hard;
	atomic_t no_bcis;
	atomic_t extra;		/* bits outside BCIS | FIFOE | DESE */
	atomic_t bad_ctx;
	atomic_t all;		/* OR of the masks */
} isr_rec;

static void bd_isr(PVOID context, ULONG mask)
{
	struct isr_rec *r = &isr_rec;

	if (context != r)
		atomic_inc(&r->bad_ctx);
	if (!in_hardirq())
		atomic_inc(&r->not_hard);
	if (!(mask & HDAUDIO_BDL_ISR_BCIS))
		atomic_inc(&r->no_bcis);
	if (mask & ~HDAUDIO_BDL_ISR_MASK)
		atomic_inc(&r->extra);
	atomic_or(mask, &r->all);
	atomic_inc(&r->calls);
}

/* IOC at the end of entries 1 and 3: every 9728 bytes, 50.7 ms */
static void bdl_isr_runs(struct ktap_case *c)
{
	struct isr_rec *r = &isr_rec;
	struct bd_engine e;
	unsigned int n;
	NTSTATUS st;
	ktime_t t0;
	s64 ms;

	memset(r, 0, sizeof(*r));
	if (!bd_open(c, &e, 4 * BQ))
		goto out;
	bd_fill(&e, 4, BQ, 0xa);
	if (!EXPECT_ST(c, bd_setup(&e, 4 * BQ, 3, bd_isr, r), STATUS_SUCCESS,
		       "SetupDmaEngineWithBdl"))
		goto out;
	tc_converter(&e.b, 0, TC_DAC_NID, e.tag, e.conv.ConverterFormat);
	st = e.b.SetDmaEngineState(e.b.Context, PauseState, 1, &e.h);
	if (st == STATUS_SUCCESS)
		st = e.b.SetDmaEngineState(e.b.Context, RunState, 1, &e.h);
	if (!EXPECT_ST(c, st, STATUS_SUCCESS, "Run"))
		goto out;
	/* 1 s; up to 3 s while fewer than 15 calls came (a host stall) */
	t0 = ktime_get();
	msleep(1000);
	while (atomic_read(&r->calls) < 15 &&
	       ktime_ms_delta(ktime_get(), t0) < 3000)
		msleep(20);
	ms = ktime_ms_delta(ktime_get(), t0);
	EXPECT_ST(c, e.b.SetDmaEngineState(e.b.Context, PauseState, 1, &e.h),
		  STATUS_SUCCESS, "Pause");
	EXPECT_ST(c, e.b.SetDmaEngineState(e.b.Context, ResetState, 1, &e.h),
		  STATUS_SUCCESS, "Reset");
	if (EXPECT_ST(c, e.b.FreeContiguousDmaBuffer(e.b.Context, e.h),
		      STATUS_SUCCESS, "FreeContiguousDmaBuffer"))
		e.data = NULL;
	n = atomic_read(&r->calls);
	msleep(100);
	ktap_diag("%s: %u ISR calls in %lld ms, masks OR 0x%x", c->name, n, ms,
		  atomic_read(&r->all));
	KTAP_EXPECT(c, n >= 15 && atomic_read(&r->calls) == n,
		    "%u ISR calls, %u after the free", n,
		    atomic_read(&r->calls) - n);
	KTAP_EXPECT(c, !atomic_read(&r->not_hard) && !atomic_read(&r->no_bcis) &&
		    !atomic_read(&r->extra) && !atomic_read(&r->bad_ctx),
		    "calls: %d not in hard IRQ, %d without BCIS, %d with other bits, %d with a wrong Context",
		    atomic_read(&r->not_hard), atomic_read(&r->no_bcis),
		    atomic_read(&r->extra), atomic_read(&r->bad_ctx));
out:
	if (e.tag)
		tc_converter(&e.b, 0, TC_DAC_NID, 0, e.conv.ConverterFormat);
	bd_close(&e);
}

/* --- Link bandwidth: 60 words on SDO, 29 on each SDI --- */

enum { BW_END, BW_RENDER, BW_CAPTURE, BW_FREE };

struct bw_step {
	u8 op;
	u8 arg;		/* capture: codec address; free: step index */
	u32 rate;
	u8 bits, container, ch;
	NTSTATUS want;
};

#define BW_OK		STATUS_SUCCESS
#define BW_NO		STATUS_INSUFFICIENT_RESOURCES
#define R(r, b, s, ch, w)	{ BW_RENDER, 0, r, b, s, ch, w }
#define C(a, r, b, s, ch, w)	{ BW_CAPTURE, a, r, b, s, ch, w }
#define FREE(i)			{ BW_FREE, i }

/* engines allocated (or freed) in order, each with its expected status */
static const struct bw_step bw_rows[][5] = {
	{ R(48000, 16, 16, 2, BW_OK), R(48000, 16, 16, 2, BW_OK),
	  R(48000, 16, 16, 2, BW_OK), R(48000, 16, 16, 2, BW_OK) },
	{ R(192000, 32, 32, 8, BW_NO) },
	{ R(192000, 16, 16, 8, BW_OK), R(192000, 16, 16, 8, BW_NO) },
	{ R(96000, 24, 32, 8, BW_OK), R(96000, 24, 32, 8, BW_OK),
	  R(96000, 24, 32, 8, BW_NO) },
	{ C(1, 96000, 16, 16, 8, BW_OK), C(1, 96000, 16, 16, 8, BW_NO),
	  C(0, 96000, 16, 16, 8, BW_OK) },
	{ C(1, 192000, 24, 32, 8, BW_NO) },
	{ R(192000, 16, 16, 8, BW_OK), R(192000, 16, 16, 8, BW_NO), FREE(0),
	  R(192000, 16, 16, 8, BW_OK) },
	{ C(1, 96000, 16, 16, 8, BW_OK), C(1, 96000, 16, 16, 8, BW_NO),
	  FREE(0), C(1, 96000, 16, 16, 8, BW_OK) },
};

static unsigned int bw_words(const struct bw_step *s)
{
	return DIV_ROUND_UP(DIV_ROUND_UP(s->rate, 48000) * s->ch * s->bits,
			    16) + 1;
}

static void bandwidth_table(struct ktap_case *c)
{
	static const char * const lines[] = { "SDO", "SDI0", "SDI1" };
	unsigned int row, i, l, used[3];	/* by line */
	HDAUDIO_BUS_INTERFACE_V3 v3;
	HDAUDIO_CONVERTER_FORMAT conv;
	HDAUDIO_STREAM_FORMAT fmt;
	const struct bw_step *s;
	HANDLE h[5];
	NTSTATUS st;

	if (!KTAP_EXPECT(c, tc_query(&GUID_HDAUDIO_BUS_INTERFACE_V3, &v3,
				     sizeof(v3)), "no V3 interface"))
		return;
	for (row = 0; row < ARRAY_SIZE(bw_rows); row++) {
		memset(h, 0, sizeof(h));
		memset(used, 0, sizeof(used));
		for (i = 0; i < 5 && bw_rows[row][i].op != BW_END; i++) {
			s = &bw_rows[row][i];
			if (s->op == BW_FREE) {
				if (!EXPECT_ST(c, v3.FreeDmaEngine(v3.Context,
						h[s->arg]), STATUS_SUCCESS, "free"))
					continue;
				h[s->arg] = NULL;
				s = &bw_rows[row][s->arg];
				l = s->op == BW_RENDER ? 0 : 1 + s->arg;
				used[l] -= bw_words(s);
				ktap_diag("%s: row %u: free, %s now %u",
					  c->name, row, lines[l], used[l]);
				continue;
			}
			fmt = TC_FMT(s->rate, s->bits, s->container, s->ch);
			l = s->op == BW_RENDER ? 0 : 1 + s->arg;
			if (l)
				st = v3.AllocateCaptureDmaEngine(v3.Context,
						s->arg, &fmt, &h[i], &conv);
			else
				st = v3.AllocateRenderDmaEngine(v3.Context,
						&fmt, FALSE, &h[i], &conv);
			used[l] += st == STATUS_SUCCESS ? bw_words(s) : 0;
			ktap_diag("%s: row %u: %u/%u/%u/%u on %s: %u words, %u in use: 0x%08x",
				  c->name, row, s->rate, s->bits, s->container,
				  s->ch, lines[l], bw_words(s), used[l], st);
			KTAP_EXPECT(c, st == s->want,
				    "row %u step %u: 0x%08x, want 0x%08x", row,
				    i, st, s->want);
		}
		for (i = 0; i < 5; i++)
			if (h[i])
				v3.FreeDmaEngine(v3.Context, h[i]);
	}
	tc_release(&v3);
}

/* A 3 words, B and C 25 each: 53 of 60 */
static void bandwidth_change(struct ktap_case *c)
{
	HDAUDIO_STREAM_FORMAT f48 = TC_FMT(48000, 16, 16, 2);
	HDAUDIO_STREAM_FORMAT f96 = TC_FMT(96000, 24, 32, 8);
	HDAUDIO_STREAM_FORMAT big = TC_FMT(192000, 16, 16, 8);
	HDAUDIO_STREAM_FORMAT small = TC_FMT(96000, 16, 16, 2);
	HDAUDIO_STREAM_FORMAT f7 = TC_FMT(48000, 16, 16, 7);	/* 8 words */
	HDAUDIO_BUS_INTERFACE_V3 v3;
	HDAUDIO_CONVERTER_FORMAT conv;
	struct hdac_stream *s;
	HANDLE h[4] = { NULL };
	unsigned int i;
	SIZE_T size;
	UCHAR tag;
	ULONG fifo;
	PMDL mdl;

	if (!KTAP_EXPECT(c, tc_query(&GUID_HDAUDIO_BUS_INTERFACE_V3, &v3,
				     sizeof(v3)), "no V3 interface"))
		return;
	for (i = 0; i < 3; i++)
		if (!EXPECT_ST(c, v3.AllocateRenderDmaEngine(v3.Context,
				i ? &f96 : &f48, FALSE, &h[i], &conv),
			       STATUS_SUCCESS, "A, B, C"))
			goto out;
	EXPECT_ST(c, v3.ChangeBandwidthAllocation(v3.Context, h[0], &big,
						  &conv),
		  STATUS_INSUFFICIENT_RESOURCES, "A to 192k/16/8: 83 words");
	/* A kept its 3 words, no more, no less: 56 fits, 61 does not */
	EXPECT_ST(c, v3.AllocateRenderDmaEngine(v3.Context, &f48, FALSE, &h[3],
						&conv),
		  STATUS_SUCCESS, "D beside A's old reservation");
	if (h[3] && v3.FreeDmaEngine(v3.Context, h[3]) == STATUS_SUCCESS)
		h[3] = NULL;
	EXPECT_ST(c, v3.AllocateRenderDmaEngine(v3.Context, &f7, FALSE, &h[3],
						&conv),
		  STATUS_INSUFFICIENT_RESOURCES, "8 words beside A's old one");
	if (EXPECT_ST(c, v3.AllocateDmaBuffer(v3.Context, h[0], 4096, &mdl,
					      &size, &tag, &fifo),
		      STATUS_SUCCESS, "AllocateDmaBuffer on A")) {
		s = tc_stream(false, tag);
		i = s ? snd_hdac_stream_readw(s, SD_FORMAT) : 0;
		KTAP_EXPECT(c, i == 0x0011, "A's SDnFMT 0x%04x", i);
		v3.FreeDmaBuffer(v3.Context, h[0]);
	}
	EXPECT_ST(c, v3.ChangeBandwidthAllocation(v3.Context, h[0], &small,
						  &conv),
		  STATUS_SUCCESS, "A to 96k/16/2: 55 words");
	KTAP_EXPECT(c, conv.ConverterFormat == 0x0811, "format 0x%04x",
		    conv.ConverterFormat);
out:
	for (i = 0; i < 4; i++)
		if (h[i])
			v3.FreeDmaEngine(v3.Context, h[i]);
	tc_release(&v3);
}

/* --- SSYNC: engines started and stopped together --- */

/* Is /sys/bus/pci/devices/<controller>/hdaudbus/last_ssync @want? */
static bool ss_last_is(struct ktap_case *c, unsigned int want,
		       const char *when)
{
	char path[96], buf[16] = "";
	unsigned int v = ~0U;
	struct file *f;
	loff_t pos = 0;
	ssize_t n = 0;

	snprintf(path, sizeof(path),
		 "/sys/bus/pci/devices/%s/hdaudbus/last_ssync",
		 dev_name(tc.codec[0]->bus->dev));
	f = filp_open(path, O_RDONLY, 0);
	if (!IS_ERR(f)) {
		n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
		filp_close(f, NULL);
	}
	if (n <= 0 || kstrtouint(strim(buf), 0, &v))
		v = ~0U;
	return KTAP_EXPECT(c, v == want, "last_ssync 0x%x after %s, want 0x%x",
			   v, when, want);
}

/* Descriptors with RUN set, as a mask of the two */
static unsigned int ss_running(struct hdac_stream **s)
{
	return (snd_hdac_stream_readb(s[0], SD_CTL) & SD_CTL_DMA_START ? 1 : 0) |
	       (snd_hdac_stream_readb(s[1], SD_CTL) & SD_CTL_DMA_START ? 2 : 0);
}

/*
 * QEMU moves no data for a render descriptor without a converter, and
 * codec 0 has one DAC: the pair is render on codec 0's DAC and capture on
 * codec 1's ADC.
 */
static void ssync_start_stop(struct ktap_case *c)
{
	static const u8 nid[2] = { TC_DAC_NID, TC_ADC_NID };
	HDAUDIO_STREAM_FORMAT fmt = TC_FMT(48000, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv[2];
	HDAUDIO_BUS_INTERFACE_V3 v3;
	struct hdac_stream *s[2];
	HANDLE h[2] = { NULL, NULL };
	PMDL mdl[2] = { NULL, NULL };
	UCHAR tag[2] = { 0, 0 };
	unsigned int i, n, mask = 0, moved = 0;
	u32 p0[2], before, after;
	PULONG pos[2];
	SIZE_T size;
	ULONG fifo;
	NTSTATUS st;
	ktime_t t0;

	if (!KTAP_EXPECT(c, tc_query(&GUID_HDAUDIO_BUS_INTERFACE_V3, &v3,
				     sizeof(v3)), "no V3 interface"))
		return;
	for (i = 0; i < 2; i++) {
		st = i ? v3.AllocateCaptureDmaEngine(v3.Context, 1, &fmt, &h[i],
						     &conv[i]) :
			 v3.AllocateRenderDmaEngine(v3.Context, &fmt, FALSE,
						    &h[i], &conv[i]);
		if (!EXPECT_ST(c, st, STATUS_SUCCESS, "engine") ||
		    !EXPECT_ST(c, v3.AllocateDmaBuffer(v3.Context, h[i], 9600,
				&mdl[i], &size, &tag[i], &fifo),
			       STATUS_SUCCESS, "buffer") ||
		    !EXPECT_ST(c, v3.GetLinkPositionRegister(v3.Context, h[i],
							     &pos[i]),
			       STATUS_SUCCESS, "position"))
			goto out;
		s[i] = tc_stream(i, tag[i]);
		if (!KTAP_EXPECT(c, s[i], "no stream with tag %u", tag[i]))
			goto out;
		mask |= BIT(s[i]->index);
		tc_converter(&v3, i, nid[i], tag[i], conv[i].ConverterFormat);
	}
	EXPECT_ST(c, v3.SetDmaEngineState(v3.Context, PauseState, 2, h),
		  STATUS_SUCCESS, "Pause, 2 handles");
	before = ioread32(tc.codec[0]->bus->remap_addr + TC_SSYNC);
	st = v3.SetDmaEngineState(v3.Context, RunState, 2, h);
	after = ioread32(tc.codec[0]->bus->remap_addr + TC_SSYNC);
	if (!EXPECT_ST(c, st, STATUS_SUCCESS, "Run, 2 handles"))
		goto out;
	KTAP_EXPECT(c, !before && !after, "SSYNC 0x%08x before, 0x%08x after",
		    before, after);
	ss_last_is(c, mask, "Run");
	KTAP_EXPECT(c, ss_running(s) == 3, "RUN set on 0x%x", ss_running(s));
	for (i = 0; i < 2; i++)
		p0[i] = READ_REGISTER_ULONG(pos[i]);
	/* 100 polls 1 ms apart: 100 ms of running guest */
	for (t0 = ktime_get(), n = 0; moved != 3 && n < 100; n++) {
		usleep_range(1000, 1010);
		for (i = 0; i < 2; i++)
			moved |= (READ_REGISTER_ULONG(pos[i]) != p0[i]) << i;
	}
	ktap_diag("%s: descriptors %u, %u (0x%x), positions moved 0x%x: %u polls, %lld ms",
		  c->name, s[0]->index, s[1]->index, mask, moved, n,
		  ktime_ms_delta(ktime_get(), t0));
	KTAP_EXPECT(c, moved == 3, "positions moved: 0x%x", moved);

	EXPECT_ST(c, v3.SetDmaEngineState(v3.Context, PauseState, 2, h),
		  STATUS_SUCCESS, "Pause, 2 handles");
	ss_last_is(c, mask, "Pause");
	KTAP_EXPECT(c, !ss_running(s), "RUN set on 0x%x", ss_running(s));
	EXPECT_ST(c, v3.SetDmaEngineState(v3.Context, RunState, 1, h),
		  STATUS_SUCCESS, "Run, 1 handle");
	ss_last_is(c, 0, "Run of one engine");
out:
	for (i = 0; i < 2; i++) {
		v3.SetDmaEngineState(v3.Context, PauseState, 1, &h[i]);
		v3.SetDmaEngineState(v3.Context, ResetState, 1, &h[i]);
		if (mdl[i])
			v3.FreeDmaBuffer(v3.Context, h[i]);
		if (tag[i])
			tc_converter(&v3, i, nid[i], 0, conv[i].ConverterFormat);
		if (h[i])
			v3.FreeDmaEngine(v3.Context, h[i]);
	}
	tc_release(&v3);
}

static const struct ktap_test tests[] = {
	KTAP_CASE(bdl_interface_query),
	KTAP_CASE(contiguous_buffer_rules),
	KTAP_CASE(setup_rules),
	KTAP_CASE(bdl_isr_runs),
	KTAP_CASE(bandwidth_table),
	KTAP_CASE(bandwidth_change),
	KTAP_CASE(ssync_start_stop),
};

static int __init bdl_init(void)
{
	int err = hdaudbus_register_driver(&tc_driver);

	if (err) {
		pr_err("%s: cannot register driver: %d\n", KBUILD_MODNAME, err);
		return err;
	}
	ktap_run("hdaudbus_test_ddi_bdl", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit bdl_exit(void)
{
	hdaudbus_unregister_driver(&tc_driver);
}

module_init(bdl_init);
module_exit(bdl_exit);

MODULE_DESCRIPTION("snd-hdaudbus DDI tests: BDL interface, link bandwidth, SSYNC");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
