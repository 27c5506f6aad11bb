// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_ddi_v3.c - V3 notification callbacks, unsolicited response
 * callbacks (injected: QEMU's codecs send none) and asynchronous verbs, with
 * QEMU's hda-output (address 0, DAC node 2) and hda-micro (1).  Waits on
 * emulated time allow for host stalls; nothing runs after module unload.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/timer.h>
#include <sound/hda_verbs.h>

#include <hdaudbus/hdaudbus.h>

#include "ddi_client.h"
#include "ktap.h"

/* --- The client driver and DDI helpers --- */

#define TC_VID0		0x1af40011	/* hda-output, mixer=off */
#define TC_VID1		0x1af40031	/* hda-micro, mixer=off */
#define TC_FMT_48K	((HDAUDIO_STREAM_FORMAT){ .SampleRate = 48000,	\
			  .ValidBitsPerSample = 16, .ContainerSize = 16,	\
			  .NumberOfChannels = 2 })

/* Evaluate @expr once; a failure unless it is the status @want. */
#define EXPECT_ST(c, expr, want, what)					\
	({								\
		NTSTATUS __st = (expr);					\
		KTAP_EXPECT(c, __st == (want), "%s: 0x%08x, want 0x%08x",\
			    what, __st, (NTSTATUS)(want));		\
	})

TC_DRIVER("hdaudbus_test_ddi_v3");

static DEFINE_SPINLOCK(tc_lock);	/* held to call from atomic context */

/* --- (Un)RegisterNotificationCallback rules --- */

#define NC_MAX		16	/* registrations per engine */

static HDAUDIO_BUS_INTERFACE_V3 nc_bus;
static u8 nc_ctx[NC_MAX + 1], nc_other;
static atomic_t nc_calls[2];

/* Two callbacks with different bodies, so they are different functions. */
static void nc_cb_a(PVOID context, LARGE_INTEGER ts)
{
	atomic_inc(&nc_calls[0]);
}

static void nc_cb_b(PVOID context, LARGE_INTEGER ts)
{
	atomic_inc(&nc_calls[1]);
}

static NTSTATUS nc_reg(HANDLE h, PDEVICE_OBJECT fdo,
		       PHDAUDIO_DMA_NOTIFICATION_CALLBACK fn, PVOID context)
{
	return nc_bus.RegisterNotificationCallback(nc_bus.Context, h, fdo, fn,
						   context);
}

static NTSTATUS nc_unreg(HANDLE h, PHDAUDIO_DMA_NOTIFICATION_CALLBACK fn,
			 PVOID context)
{
	return nc_bus.UnregisterNotificationCallback(nc_bus.Context, h, fn,
						     context);
}

static unsigned int nc_refs(void)
{
	return kref_read(&tc.codec[0]->dev.kobj.kref);
}

static void notification_callback_rules(struct ktap_case *c)
{
	HDAUDIO_STREAM_FORMAT fmt = TC_FMT_48K;
	HANDLE bad = (HANDLE)0x1234, h = NULL;
	bool reg[NC_MAX + 1] = { false };
	HDAUDIO_CONVERTER_FORMAT conv;
	unsigned int i, base;
	PDEVICE_OBJECT fdo;
	NTSTATUS st, st2;

	if (!KTAP_EXPECT(c, tc_query_v3(0, &nc_bus), "no V3 interface"))
		return;
	fdo = &tc.codec[0]->dev;
	if (!EXPECT_ST(c, nc_bus.AllocateRenderDmaEngine(nc_bus.Context, &fmt,
			FALSE, &h, &conv), STATUS_SUCCESS, "render engine"))
		goto out;
	EXPECT_ST(c, nc_reg(bad, fdo, nc_cb_a, &nc_ctx[0]),
		  STATUS_INVALID_HANDLE, "Register, bad handle");
	EXPECT_ST(c, nc_reg(h, fdo, NULL, &nc_ctx[0]),
		  STATUS_INVALID_PARAMETER, "Register, NULL callback");
	EXPECT_ST(c, nc_reg(h, NULL, nc_cb_a, &nc_ctx[0]),
		  STATUS_INVALID_PARAMETER, "Register, NULL Fdo");

	/* let a client release still in flight drop its codec reference */
	msleep(50);
	base = nc_refs();
	for (i = 0; i <= NC_MAX; i++) {
		st = nc_reg(h, fdo, nc_cb_a, &nc_ctx[i]);
		reg[i] = st == STATUS_SUCCESS;
		EXPECT_ST(c, st, i < NC_MAX ? STATUS_SUCCESS :
			  STATUS_INSUFFICIENT_RESOURCES, "Register");
		KTAP_EXPECT(c, nc_refs() == base + min(i + 1, NC_MAX),
			    "Fdo refcount %u after %u registrations (was %u)",
			    nc_refs(), i + 1, base);
	}

	/* only the exact (callback, context) pair matches */
	EXPECT_ST(c, nc_unreg(h, nc_cb_a, &nc_other), STATUS_INVALID_PARAMETER,
		  "Unregister, right callback, wrong context");
	st = nc_unreg(h, nc_cb_b, &nc_ctx[0]);
	EXPECT_ST(c, st, STATUS_INVALID_PARAMETER,
		  "Unregister, wrong callback, right context");
	reg[0] &= st != STATUS_SUCCESS;
	EXPECT_ST(c, nc_unreg(bad, nc_cb_a, &nc_ctx[0]), STATUS_INVALID_HANDLE,
		  "Unregister, bad handle");
	KTAP_EXPECT(c, nc_refs() == base + NC_MAX, "refcount %u, want %u",
		    nc_refs(), base + NC_MAX);
	st = nc_reg(h, fdo, nc_cb_b, &nc_ctx[NC_MAX]);
	EXPECT_ST(c, st, STATUS_INSUFFICIENT_RESOURCES,
		  "Register after failed unregistrations");
	if (st == STATUS_SUCCESS)
		nc_unreg(h, nc_cb_b, &nc_ctx[NC_MAX]);

	st = nc_bus.FreeDmaEngine(nc_bus.Context, h);
	EXPECT_ST(c, st, STATUS_INVALID_DEVICE_REQUEST,
		  "FreeDmaEngine with callbacks registered");
	if (st == STATUS_SUCCESS)
		goto out;

	spin_lock(&tc_lock);
	st = nc_reg(h, fdo, nc_cb_b, &nc_ctx[0]);
	st2 = nc_unreg(h, nc_cb_a, &nc_ctx[0]);
	spin_unlock(&tc_lock);
	if (st == STATUS_SUCCESS)
		nc_unreg(h, nc_cb_b, &nc_ctx[0]);
	reg[0] &= st2 != STATUS_SUCCESS;
	EXPECT_ST(c, st, STATUS_UNSUCCESSFUL, "Register under a spinlock");
	EXPECT_ST(c, st2, STATUS_UNSUCCESSFUL, "Unregister under a spinlock");
	KTAP_EXPECT(c, nc_refs() == base + NC_MAX, "refcount %u", nc_refs());

	for (i = 0; i < NC_MAX; i++) {
		if (!reg[i])
			continue;
		st = nc_unreg(h, nc_cb_a, &nc_ctx[i]);
		reg[i] = st != STATUS_SUCCESS;
		EXPECT_ST(c, st, STATUS_SUCCESS, "Unregister");
		KTAP_EXPECT(c, nc_refs() == base + NC_MAX - i - 1,
			    "refcount %u after %u unregistrations", nc_refs(),
			    i + 1);
	}
	EXPECT_ST(c, nc_unreg(h, nc_cb_a, &nc_ctx[0]), STATUS_INVALID_PARAMETER,
		  "second Unregister");
	st = nc_bus.FreeDmaEngine(nc_bus.Context, h);
	if (EXPECT_ST(c, st, STATUS_SUCCESS, "FreeDmaEngine"))
		h = NULL;
out:
	for (i = 0; i <= NC_MAX; i++)
		if (reg[i])
			nc_unreg(h, nc_cb_a, &nc_ctx[i]);
	if (h)
		nc_bus.FreeDmaEngine(nc_bus.Context, h);
	tc_release(&nc_bus);
}

/* --- V3 callbacks on a running engine --- */

#define CB_TS		64

static struct cb_rec {
	unsigned int calls, n;
	/* not at DISPATCH_LEVEL, not before ktime_get(), not increasing */
	unsigned int bad_irql, late, nonmono;
	s64 ts[CB_TS];
} cb_recs[2];
static s64 cb_diffs[CB_TS];

/* Called from the bus's notification tasklet, one call at a time. */
static void cb_record(PVOID context, LARGE_INTEGER ts)
{
	s64 now = ktime_to_ns(ktime_get());
	struct cb_rec *r = context;

	r->bad_irql += KeGetCurrentIrql() != DISPATCH_LEVEL;
	r->late += ts.QuadPart >= now;
	r->nonmono += r->n && ts.QuadPart <= r->ts[r->n - 1];
	if (r->n < CB_TS)
		r->ts[r->n++] = ts.QuadPart;
	WRITE_ONCE(r->calls, r->calls + 1);
}

static int cb_cmp(const void *a, const void *b)
{
	s64 x = *(const s64 *)a, y = *(const s64 *)b;

	return x < y ? -1 : x > y;
}

/* One callback, two contexts; IOC every 4864 bytes (25.3 ms). */
static void callbacks_run_at_each_ioc(struct ktap_case *c)
{
	HDAUDIO_STREAM_FORMAT fmt = TC_FMT_48K;
	struct cb_rec *a = &cb_recs[0], *b = &cb_recs[1];
	bool reg[2] = { false, false };
	HDAUDIO_BUS_INTERFACE_V3 bus;
	HDAUDIO_CONVERTER_FORMAT conv;
	unsigned int i, n = 0, na, nb;
	SIZE_T size, offset;
	HANDLE h = NULL;
	PMDL mdl = NULL;
	UCHAR tag = 0;
	s64 median = 0, ms;
	ULONG fifo;
	ktime_t t0;
	NTSTATUS st;

	memset(cb_recs, 0, sizeof(cb_recs));
	if (!KTAP_EXPECT(c, tc_query_v3(0, &bus), "no V3 interface"))
		return;
	if (!EXPECT_ST(c, bus.AllocateRenderDmaEngine(bus.Context, &fmt, FALSE,
			&h, &conv), STATUS_SUCCESS, "render engine") ||
	    !EXPECT_ST(c, bus.AllocateDmaBufferWithNotification(bus.Context, h,
			2, 9600, &mdl, &size, &offset, &tag, &fifo),
			STATUS_SUCCESS, "buffer"))
		goto out;
	tc_converter(&bus, 0, TC_DAC_NID, tag, conv.ConverterFormat);
	for (i = 0; i < 2; i++) {
		st = bus.RegisterNotificationCallback(bus.Context, h,
				&tc.codec[0]->dev, cb_record, &cb_recs[i]);
		reg[i] = st == STATUS_SUCCESS;
		if (!EXPECT_ST(c, st, STATUS_SUCCESS, "Register"))
			goto out;
	}
	st = bus.SetDmaEngineState(bus.Context, PauseState, 1, &h);
	if (st == STATUS_SUCCESS)
		st = bus.SetDmaEngineState(bus.Context, RunState, 1, &h);
	if (!EXPECT_ST(c, st, STATUS_SUCCESS, "Run"))
		goto out;
	t0 = ktime_get();
	msleep(600);
	while (READ_ONCE(a->calls) < 15 &&
	       ktime_ms_delta(ktime_get(), t0) < 2000)
		msleep(20);
	ms = ktime_ms_delta(ktime_get(), t0);

	st = bus.UnregisterNotificationCallback(bus.Context, h, cb_record, a);
	reg[0] = st != STATUS_SUCCESS;
	EXPECT_ST(c, st, STATUS_SUCCESS, "Unregister");
	na = READ_ONCE(a->calls);
	nb = READ_ONCE(b->calls);
	t0 = ktime_get();
	msleep(100);
	while (READ_ONCE(b->calls) < nb + 2 &&
	       ktime_ms_delta(ktime_get(), t0) < 2000)
		msleep(20);
	KTAP_EXPECT(c, READ_ONCE(a->calls) == na && READ_ONCE(b->calls) >= nb + 2,
		    "%u calls after Unregister returned, %u for the other",
		    READ_ONCE(a->calls) - na, READ_ONCE(b->calls) - nb);
	EXPECT_ST(c, bus.SetDmaEngineState(bus.Context, PauseState, 1, &h),
		  STATUS_SUCCESS, "Pause");

	n = min(a->n, na);
	for (i = 1; i < n; i++)
		cb_diffs[i - 1] = a->ts[i] - a->ts[i - 1];
	if (n >= 2) {
		sort(cb_diffs, n - 1, sizeof(cb_diffs[0]), cb_cmp, NULL);
		median = cb_diffs[(n - 2) / 2];
	}
	ktap_diag("%s: %u calls in %lld ms (other: %u more), %zu bytes, period %lld us, max %lld",
		  c->name, na, ms, READ_ONCE(b->calls) - nb, (size_t)size,
		  median / 1000, n >= 2 ? cb_diffs[n - 2] / 1000 : 0);
	KTAP_EXPECT(c, na >= 15 && median >= 15 * NSEC_PER_MSEC &&
		    median <= 40 * NSEC_PER_MSEC, "%u calls, median period %lld ns",
		    na, median);
	KTAP_EXPECT(c, !(a->bad_irql | b->bad_irql | a->late | b->late |
			 a->nonmono | b->nonmono),
		    "%u calls not at DISPATCH_LEVEL, %u timestamps not before the call, %u not increasing",
		    a->bad_irql + b->bad_irql, a->late + b->late,
		    a->nonmono + b->nonmono);
out:
	if (h) {
		bus.SetDmaEngineState(bus.Context, PauseState, 1, &h);
		bus.SetDmaEngineState(bus.Context, ResetState, 1, &h);
	}
	for (i = 0; i < 2; i++)
		if (reg[i])
			bus.UnregisterNotificationCallback(bus.Context, h,
					cb_record, &cb_recs[i]);
	if (mdl)
		bus.FreeDmaBufferWithNotification(bus.Context, h, mdl, size);
	if (tag)
		tc_converter(&bus, 0, TC_DAC_NID, 0, conv.ConverterFormat);
	if (h)
		bus.FreeDmaEngine(bus.Context, h);
	tc_release(&bus);
}

/* --- (Un)RegisterEventCallback rules --- */

#define EV_TAGS		64

static void ev_nop(HDAUDIO_CODEC_RESPONSE response, PVOID context)
{
}

/* Register one tag and record it in @mask. */
static NTSTATUS ev_reg(HDAUDIO_BUS_INTERFACE_V3 *bus, u64 *mask, u8 *tag)
{
	NTSTATUS st = bus->RegisterEventCallback(bus->Context, ev_nop, NULL,
						 tag);

	if (st == STATUS_SUCCESS && *tag < EV_TAGS)
		*mask |= BIT_ULL(*tag);
	return st;
}

/* Unregister @tag; drop it from @mask when that worked. */
static NTSTATUS ev_unreg(HDAUDIO_BUS_INTERFACE_V3 *bus, u64 *mask, u8 tag)
{
	NTSTATUS st = bus->UnregisterEventCallback(bus->Context, tag);

	if (st == STATUS_SUCCESS && tag < EV_TAGS)
		*mask &= ~BIT_ULL(tag);
	return st;
}

static void event_callback_rules(struct ktap_case *c)
{
	static const UCHAR bad_tags[] = { 64, 200, 255 };
	HDAUDIO_BUS_INTERFACE_V3 bus[3];	/* codec 0 twice, codec 1 */
	u64 m[3] = { 0, 0, 0 };
	unsigned int i;
	u8 tag, freed = 37;

	memset(bus, 0, sizeof(bus));
	for (i = 0; i < 3; i++)
		if (!KTAP_EXPECT(c, tc_query_v3(i / 2, &bus[i]), "no V3"))
			goto out;
	EXPECT_ST(c, bus[0].RegisterEventCallback(bus[0].Context, NULL, NULL,
		  &tag), STATUS_INVALID_PARAMETER, "NULL Routine");
	EXPECT_ST(c, bus[0].RegisterEventCallback(bus[0].Context, ev_nop, NULL,
		  NULL), STATUS_INVALID_PARAMETER, "NULL Tag");
	for (i = 0; i < EV_TAGS; i++)
		EXPECT_ST(c, ev_reg(&bus[0], &m[0], &tag), STATUS_SUCCESS,
			  "Register");
	/* 64 successes, so 64 bits means 64 distinct tags */
	KTAP_EXPECT(c, m[0] == ~0ULL, "tags 0x%016llx", m[0]);
	EXPECT_ST(c, ev_reg(&bus[0], &m[0], &tag),
		  STATUS_INSUFFICIENT_RESOURCES, "65th Register");
	EXPECT_ST(c, ev_reg(&bus[1], &m[1], &tag),
		  STATUS_INSUFFICIENT_RESOURCES, "Register, same codec");
	EXPECT_ST(c, ev_reg(&bus[2], &m[2], &tag), STATUS_SUCCESS,
		  "Register, codec 1");

	EXPECT_ST(c, ev_unreg(&bus[0], &m[0], freed), STATUS_SUCCESS,
		  "Unregister");
	EXPECT_ST(c, ev_reg(&bus[1], &m[1], &tag), STATUS_SUCCESS,
		  "Register, same codec, one tag free");
	KTAP_EXPECT(c, tag == freed, "tag %u, want %u", tag, freed);
	for (i = 0; i < ARRAY_SIZE(bad_tags); i++)
		EXPECT_ST(c, ev_unreg(&bus[0], &m[0], bad_tags[i]),
			  STATUS_INVALID_PARAMETER, "Unregister, tag >= 64");
	if (m[1] & BIT_ULL(freed)) {
		EXPECT_ST(c, ev_unreg(&bus[0], &m[0], freed),
			  STATUS_INVALID_PARAMETER,
			  "Unregister another context's tag");
		EXPECT_ST(c, ev_reg(&bus[0], &m[0], &tag),
			  STATUS_INSUFFICIENT_RESOURCES,
			  "Register, all tags held by the two contexts");
		EXPECT_ST(c, ev_unreg(&bus[1], &m[1], freed), STATUS_SUCCESS,
			  "Unregister");
		EXPECT_ST(c, ev_unreg(&bus[1], &m[1], freed),
			  STATUS_INVALID_PARAMETER, "second Unregister");
	}
out:
	for (i = 0; i < 3; i++) {
		for (tag = 0; tag < EV_TAGS; tag++)
			if (m[i] & BIT_ULL(tag))
				ev_unreg(&bus[i], &m[i], tag);
		tc_release(&bus[i]);
	}
}

/* --- Unsolicited response dispatch --- */

static struct us_rec {
	unsigned int calls;
	HDAUDIO_CODEC_RESPONSE rsp;
	PVOID context;
	KIRQL irql;
	struct completion done;
} us_recs[2];	/* codec 0, codec 1 */

/* A Context that is neither record lands in record 0, seen as wrong. */
static void us_cb(HDAUDIO_CODEC_RESPONSE rsp, PVOID context)
{
	struct us_rec *u = &us_recs[context == &us_recs[1]];

	u->rsp = rsp;
	u->context = context;
	u->irql = KeGetCurrentIrql();
	WRITE_ONCE(u->calls, u->calls + 1);
	complete(&u->done);
}

/* Inject @res on codec @i, wait for its callback, check what it got. */
static void us_roundtrip(struct ktap_case *c, unsigned int i, u32 res)
{
	struct us_rec *u = &us_recs[i];
	HDAUDIO_CODEC_RESPONSE r;
	int err;

	reinit_completion(&u->done);
	err = hdaudbus_inject_unsol_event(tc.codec[i], res);
	if (!KTAP_EXPECT(c, !err, "inject on codec %u: %d", i, err) ||
	    !KTAP_EXPECT(c, wait_for_completion_timeout(&u->done, HZ),
			 "no callback for 0x%08x on codec %u in 1 s", res, i))
		return;
	r = u->rsp;
	KTAP_EXPECT(c, r.Response == res && r.Unsolicited.Tag == res >> 26 &&
		    r.SDataIn == i && r.IsUnsolicitedResponse && r.IsValid &&
		    !r.HasFifoOverrun && u->irql == DISPATCH_LEVEL &&
		    u->context == u,
		    "codec %u: 0x%016llx for 0x%08x, IRQL %u, right Context %d",
		    i, r.CompleteResponse, res, u->irql, u->context == u);
}

static void unsolicited_dispatch(struct ktap_case *c)
{
	HDAUDIO_BUS_INTERFACE_V3 b0 = { 0 }, b1 = { 0 };
	bool reg0 = false, reg1 = false;
	struct hdac_device *fake;
	u8 t0 = 0, t1 = 0;
	int err;

	memset(us_recs, 0, sizeof(us_recs));
	init_completion(&us_recs[0].done);
	init_completion(&us_recs[1].done);
	if (!KTAP_EXPECT(c, tc_query_v3(0, &b0) && tc_query_v3(1, &b1), "V3"))
		goto out;
	reg0 = EXPECT_ST(c, b0.RegisterEventCallback(b0.Context, us_cb,
			 &us_recs[0], &t0), STATUS_SUCCESS, "Register, codec 0");
	reg1 = EXPECT_ST(c, b1.RegisterEventCallback(b1.Context, us_cb,
			 &us_recs[1], &t1), STATUS_SUCCESS, "Register, codec 1");
	if (!reg0 || !reg1 || !KTAP_EXPECT(c, t0 < 64 && t1 < 64, "tags"))
		goto out;

	us_roundtrip(c, 0, (u32)t0 << 26 | 0x02abcd5);
	KTAP_EXPECT(c, !READ_ONCE(us_recs[1].calls), "codec 1's callback ran");
	us_roundtrip(c, 1, (u32)t1 << 26 | 0x1000155);
	KTAP_EXPECT(c, READ_ONCE(us_recs[0].calls) == 1, "codec 0's ran again");

	/* a tag nobody holds, then t0 as a fence: only the fence arrives */
	KTAP_EXPECT(c, !hdaudbus_inject_unsol_event(tc.codec[0],
			(u32)(t0 ^ 0x20) << 26), "inject");
	us_roundtrip(c, 0, (u32)t0 << 26 | 0x7);
	KTAP_EXPECT(c, READ_ONCE(us_recs[0].calls) == 2 &&
		    READ_ONCE(us_recs[1].calls) == 1,
		    "a tag nobody registered: calls %u %u", us_recs[0].calls,
		    us_recs[1].calls);

	reg0 = !EXPECT_ST(c, b0.UnregisterEventCallback(b0.Context, t0),
			  STATUS_SUCCESS, "Unregister");
	if (!reg0) {
		KTAP_EXPECT(c, !hdaudbus_inject_unsol_event(tc.codec[0],
				(u32)t0 << 26), "inject");
		msleep(200);
		us_roundtrip(c, 1, (u32)t1 << 26);
		KTAP_EXPECT(c, READ_ONCE(us_recs[0].calls) == 2,
			    "%u calls after UnregisterEventCallback",
			    READ_ONCE(us_recs[0].calls) - 2);
	}
	fake = kzalloc(sizeof(*fake), GFP_KERNEL);
	if (fake) {
		err = hdaudbus_inject_unsol_event(fake, (u32)t1 << 26);
		KTAP_EXPECT(c, err == -EINVAL, "foreign device: %d", err);
		kfree(fake);
	}
	err = hdaudbus_inject_unsol_event(NULL, 0);
	KTAP_EXPECT(c, err == -EINVAL, "NULL device: %d", err);
out:
	if (reg0)
		b0.UnregisterEventCallback(b0.Context, t0);
	if (reg1)
		b1.UnregisterEventCallback(b1.Context, t1);
	tc_release(&b0);
	tc_release(&b1);
}

/* --- Asynchronous TransferCodecVerbs --- */

#define AV_N		64
#define AV_REQS		9

static struct av_req {
	HDAUDIO_CODEC_TRANSFER x[AV_N];
	unsigned int n;
	unsigned int calls;
	int seq;			/* completion order */
	PHDAUDIO_CODEC_TRANSFER got;
	KIRQL irql;
	bool inputs_ok;			/* checked inside the callback */
	ktime_t submitted, completed;
	struct completion done;
} av[AV_REQS];
static HDAUDIO_BUS_INTERFACE_V3 av_bus;
static atomic_t av_seq, av_pending, av_stray;
static DECLARE_WAIT_QUEUE_HEAD(av_wq);
static struct timer_list av_timer;
static struct hrtimer av_hrtimer;
static NTSTATUS av_soft_st, av_hard_st;
static bool av_hard_in_irq;

/* Every Input: the vendor id of codec 0 or 1, else invalid and zero. */
static bool av_inputs_ok(const struct av_req *r)
{
	unsigned int i, addr;

	for (i = 0; i < r->n; i++) {
		const HDAUDIO_CODEC_RESPONSE *in = &r->x[i].Input;

		addr = r->x[i].Output.Command >> 28;
		if (addr > 1 ? in->CompleteResponse != 0 :
		    !in->IsValid || in->SDataIn != addr ||
		    in->IsUnsolicitedResponse || in->HasFifoOverrun ||
		    in->Response != (addr ? TC_VID1 : TC_VID0))
			return false;
	}
	return true;
}

static void av_cb(HDAUDIO_CODEC_TRANSFER *transfer, PVOID context)
{
	struct av_req *r = NULL;
	unsigned int i;

	for (i = 0; i < AV_REQS; i++)
		if (context == &av[i])
			r = &av[i];
	if (r) {
		r->got = transfer;
		r->irql = KeGetCurrentIrql();
		r->inputs_ok = av_inputs_ok(r);
		r->completed = ktime_get();
		r->seq = atomic_inc_return(&av_seq);
		WRITE_ONCE(r->calls, r->calls + 1);
		complete(&r->done);
	} else {
		atomic_inc(&av_stray);
	}
	/* a request is done at its first call; more calls are only counted */
	if ((!r || r->calls == 1) && !atomic_dec_if_positive(&av_pending))
		wake_up(&av_wq);
}

/* @n vendor id reads at the codec addresses @addrs, cycled. */
static void av_fill(struct av_req *r, unsigned int n, const char *addrs)
{
	unsigned int i;

	r->n = n;
	for (i = 0; i < n; i++) {
		r->x[i].Output.Command = (addrs[i % strlen(addrs)] - '0') << 28 |
			AC_VERB_PARAMETERS << 8 | AC_PAR_VENDOR_ID;
		r->x[i].Input.CompleteResponse = 0xa5a5a5a5a5a5a5a5ULL;
	}
}

/* Submit @r with its callback; @array NULL to pass NULL. */
static NTSTATUS av_submit(struct av_req *r, PHDAUDIO_CODEC_TRANSFER array)
{
	NTSTATUS st;

	atomic_inc(&av_pending);
	r->submitted = ktime_get();
	st = av_bus.TransferCodecVerbs(av_bus.Context, array ? r->n : 1, array,
				       av_cb, r);
	if (st != STATUS_SUCCESS && !atomic_dec_if_positive(&av_pending))
		wake_up(&av_wq);
	return st;
}

static void av_timer_fn(struct timer_list *t)
{
	av_soft_st = av_submit(&av[2], av[2].x);
}

static enum hrtimer_restart av_hard_fn(struct hrtimer *t)
{
	av_hard_in_irq = in_hardirq();
	av_hard_st = av_submit(&av[8], av[8].x);
	return HRTIMER_NORESTART;
}

static bool av_wait(struct ktap_case *c, unsigned int i)
{
	return KTAP_EXPECT(c, wait_for_completion_timeout(&av[i].done, 3 * HZ),
			   "request %u: no callback within 3 s", i);
}

static void async_codec_verbs(struct ktap_case *c)
{
	struct mutex *cmd_mutex;	/* the bus's: held, no verb is sent */
	unsigned int i, early;
	NTSTATUS st;
	s64 us;

	memset(av, 0, sizeof(av));
	for (i = 0; i < AV_REQS; i++) {
		init_completion(&av[i].done);
		av_fill(&av[i], 8, "01");
	}
	av_fill(&av[0], AV_N, "01");
	av_fill(&av[3], 3, "051");
	av_fill(&av[4], AV_N, "10");
	av_fill(&av[6], 0, "0");
	atomic_set(&av_stray, 0);
	if (!KTAP_EXPECT(c, tc_query_v3(0, &av_bus), "no V3 interface"))
		return;

	/* 0: 64 verbs while the bus cannot send any: it returns at once */
	cmd_mutex = &tc.codec[0]->bus->cmd_mutex;
	mutex_lock(cmd_mutex);
	st = av_submit(&av[0], av[0].x);
	msleep(20);
	early = READ_ONCE(av[0].calls);
	mutex_unlock(cmd_mutex);
	if (EXPECT_ST(c, st, STATUS_SUCCESS, "64 verbs"))
		av_wait(c, 0);
	KTAP_EXPECT(c, !early, "the callback ran before any verb was sent");

	spin_lock(&tc_lock);
	st = av_submit(&av[1], av[1].x);
	spin_unlock(&tc_lock);
	if (EXPECT_ST(c, st, STATUS_SUCCESS, "under a spinlock"))
		av_wait(c, 1);

	av_soft_st = STATUS_PENDING;
	timer_setup(&av_timer, av_timer_fn, 0);
	mod_timer(&av_timer, jiffies + 1);
	av_wait(c, 2);
	timer_delete_sync(&av_timer);
	EXPECT_ST(c, av_soft_st, STATUS_SUCCESS, "from a timer");

	/* 3 tries: a host stall may delay one, a bus waiting for 5 all */
	for (i = 0, us = S64_MAX; i < 3 && us >= 100000; i++) {
		WRITE_ONCE(av[3].calls, 0);
		reinit_completion(&av[3].done);
		if (!EXPECT_ST(c, av_submit(&av[3], av[3].x), STATUS_SUCCESS,
			       "a command to address 5") || !av_wait(c, 3))
			break;
		us = min(us, ktime_us_delta(av[3].completed, av[3].submitted));
	}
	KTAP_EXPECT(c, us < 100000, "callback after %lld us", us);

	EXPECT_ST(c, av_submit(&av[4], av[4].x), STATUS_SUCCESS, "first");
	EXPECT_ST(c, av_submit(&av[5], av[5].x), STATUS_SUCCESS, "second");
	if (av_wait(c, 4) && av_wait(c, 5))
		KTAP_EXPECT(c, av[4].seq < av[5].seq, "completion order %d, %d",
			    av[4].seq, av[5].seq);
	if (EXPECT_ST(c, av_submit(&av[6], av[6].x), STATUS_SUCCESS,
		      "Count 0"))
		av_wait(c, 6);
	EXPECT_ST(c, av_submit(&av[7], NULL), STATUS_INVALID_PARAMETER,
		  "NULL array");

	av_hard_st = STATUS_PENDING;
	hrtimer_init(&av_hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	av_hrtimer.function = av_hard_fn;
	hrtimer_start(&av_hrtimer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	for (i = 0; i < 50 && READ_ONCE(av_hard_st) == STATUS_PENDING; i++)
		msleep(20);
	hrtimer_cancel(&av_hrtimer);
	KTAP_EXPECT(c, av_hard_in_irq && av_hard_st == STATUS_UNSUCCESSFUL,
		    "from a hard IRQ (%d): 0x%08x", av_hard_in_irq, av_hard_st);

	/* a second call of a callback would come within 1 s */
	KTAP_EXPECT(c, wait_event_timeout(av_wq, !atomic_read(&av_pending),
					  10 * HZ), "callbacks outstanding");
	msleep(1000);
	ktap_diag("%s: 64 verbs took %lld us, a command to address 5 %lld us",
		  c->name, ktime_us_delta(av[0].completed, av[0].submitted), us);
	for (i = 0; i < AV_REQS; i++) {
		struct av_req *r = &av[i];

		/* 7 was refused, 8 came from a hard IRQ */
		if (!KTAP_EXPECT(c, r->calls == (i < 7 ? 1 : 0),
				 "request %u: %u calls", i, r->calls) ||
		    !r->calls)
			continue;
		KTAP_EXPECT(c, r->got == r->x && r->irql == DISPATCH_LEVEL &&
			    r->inputs_ok,
			    "request %u: Transfer at x[%ld], IRQL %u, Input %s",
			    i, (long)(r->got - r->x), r->irql,
			    r->inputs_ok ? "right" : "wrong");
	}
	KTAP_EXPECT(c, !atomic_read(&av_stray), "%d calls with a wrong Context",
		    atomic_read(&av_stray));
	tc_release(&av_bus);
}

static const struct ktap_test tests[] = {
	KTAP_CASE(notification_callback_rules),
	KTAP_CASE(callbacks_run_at_each_ioc),
	KTAP_CASE(event_callback_rules),
	KTAP_CASE(unsolicited_dispatch),
	KTAP_CASE(async_codec_verbs),
};

static int __init v3_init(void)
{
	int err = hdaudbus_register_driver(&tc_driver);

	if (err) {
		pr_err("%s: cannot register driver: %d\n", KBUILD_MODNAME, err);
		return err;
	}
	ktap_run("hdaudbus_test_ddi_v3", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit v3_exit(void)
{
	wait_event(av_wq, !atomic_read(&av_pending));
	synchronize_rcu();
	hdaudbus_unregister_driver(&tc_driver);
}

module_init(v3_init);
module_exit(v3_exit);

MODULE_DESCRIPTION("snd-hdaudbus DDI tests: V3 callbacks, unsolicited responses, async verbs");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
