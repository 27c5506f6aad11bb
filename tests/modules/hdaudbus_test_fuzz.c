// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_fuzz.c - a seeded, reproducible fuzz test of the DDI.
 *
 * Drives random sequences of every routine through three client contexts
 * (V3 on codec 0, V3 on codec 1, BDL on codec 0) with valid, stale,
 * foreign and garbage handles, pointers and values, some of the calls from
 * atomic context, and checks that every status is one the routine may
 * return.  At the end everything is released and every engine must be free
 * again.  A failure prints the seed and the iteration; rerun with
 * "seed=<n>" to reproduce.
 *
 * Parameters: seed (default 1), iterations (default 100000).
 */
#include <linux/delay.h>
#include <linux/prandom.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

#include "ddi_client.h"

static ulong seed = 1;
module_param(seed, ulong, 0444);
MODULE_PARM_DESC(seed, "random seed (default 1)");
static uint iterations = 100000;
module_param(iterations, uint, 0444);
MODULE_PARM_DESC(iterations, "number of random calls (default 100000)");

TC_DRIVER("hdaudbus_test_fuzz");

#define F_CTX		3	/* 0, 1: V3 on codec 0, 1; 2: BDL on codec 0 */
#define F_POOL		24	/* handles remembered per context */
#define F_EVENTS	4
#define F_TAGS		64	/* unsolicited tags per codec */

/* NTSTATUS bits for the allowed-status sets */
enum {
	A_SUCCESS = BIT(0), A_UNSUCC = BIT(1), A_HANDLE = BIT(2),
	A_PARAM = BIT(3), A_DEVREQ = BIT(4), A_RES = BIT(5), A_SMALL = BIT(6),
	A_NOTREADY = BIT(7), A_NOMEM = BIT(8), A_NODEV = BIT(9),
};

static const struct { NTSTATUS st; u32 bit; } f_codes[] = {
	{ STATUS_SUCCESS, A_SUCCESS }, { STATUS_UNSUCCESSFUL, A_UNSUCC },
	{ STATUS_INVALID_HANDLE, A_HANDLE }, { STATUS_INVALID_PARAMETER, A_PARAM },
	{ STATUS_INVALID_DEVICE_REQUEST, A_DEVREQ },
	{ STATUS_INSUFFICIENT_RESOURCES, A_RES },
	{ STATUS_BUFFER_TOO_SMALL, A_SMALL }, { STATUS_DEVICE_NOT_READY, A_NOTREADY },
	{ STATUS_NO_MEMORY, A_NOMEM }, { STATUS_NO_SUCH_DEVICE, A_NODEV },
};

static struct rnd_state f_rnd;
static HDAUDIO_BUS_INTERFACE_V3 f_v3[2];
static HDAUDIO_BUS_INTERFACE_BDL f_bdl;
static HANDLE f_pool[F_CTX][F_POOL];
static KEVENT f_events[F_EVENTS];
static u8 f_tags[2][F_TAGS];
static unsigned int f_ntags[2];
static atomic_t f_async_sent, f_async_done;
static HDAUDIO_CODEC_TRANSFER f_async_xfer[64][4];
static u8 *f_guard;		/* a vmalloc page; the page after it is unmapped */
static const u8 f_rodata[64];
static DEFINE_SPINLOCK(f_lock);	/* held to call from atomic context */
static unsigned int f_fail, f_iter, f_ok;

static u32 rnd(u32 n)
{
	return n ? prandom_u32_state(&f_rnd) % n : 0;
}

static void f_check(struct ktap_case *c, const char *what, NTSTATUS st,
		    u32 allowed)
{
	unsigned int i;

	if (st == STATUS_SUCCESS)
		f_ok++;
	for (i = 0; i < ARRAY_SIZE(f_codes); i++)
		if (f_codes[i].st == st && (f_codes[i].bit & allowed))
			return;
	if (f_fail++ < 10)
		KTAP_EXPECT(c, false, "seed %lu iteration %u: %s returned 0x%08x",
			    seed, f_iter, what, st);
}

/* A handle: mostly a remembered one, sometimes garbage. */
static HANDLE f_handle(unsigned int ctx)
{
	switch (rnd(12)) {
	case 0:
		return NULL;
	case 1:
		return (HANDLE)(uintptr_t)rnd(16);
	case 2:
		return (HANDLE)-1L;
	case 3:
		return (HANDLE)((uintptr_t)prandom_u32_state(&f_rnd) << 32 |
				prandom_u32_state(&f_rnd));
	case 4:
		return f_pool[(ctx + 1 + rnd(F_CTX - 1)) % F_CTX][rnd(F_POOL)];
	default:
		return f_pool[ctx][rnd(F_POOL)];
	}
}

/* An output pointer: mostly good, sometimes NULL, unmapped or read-only. */
static void *f_out(void *good)
{
	switch (rnd(16)) {
	case 0:
		return NULL;
	case 1:
		return f_guard + PAGE_SIZE;	/* unmapped */
	case 2:
		return (void *)f_rodata;
	case 3:
		return (void *)0x1000UL;
	default:
		return good;
	}
}

static void f_remember(unsigned int ctx, HANDLE h)
{
	f_pool[ctx][rnd(F_POOL)] = h;
}

static HDAUDIO_STREAM_FORMAT f_format(void)
{
	static const ULONG rates[] = { 8000, 44100, 48000, 96000, 192000, 12345 };
	static const USHORT bits[][2] = { { 16, 16 }, { 24, 32 }, { 32, 32 },
					  { 8, 8 }, { 24, 24 }, { 12, 16 } };
	unsigned int b = rnd(ARRAY_SIZE(bits));

	return tc_format(rates[rnd(ARRAY_SIZE(rates))], bits[b][0], bits[b][1],
			 rnd(10));
}

static void f_async_cb(HDAUDIO_CODEC_TRANSFER *x, PVOID context)
{
	atomic_inc(&f_async_done);
}

static void f_unsol_cb(HDAUDIO_CODEC_RESPONSE r, PVOID context)
{
}

static void f_notify_cb(PVOID context, LARGE_INTEGER ts)
{
}

#define F_ALLOC_ST (A_SUCCESS | A_RES | A_PARAM | A_SMALL)
#define F_BUF_ST (A_SUCCESS | A_RES | A_HANDLE | A_PARAM | A_NOTREADY | \
		  A_DEVREQ)
#define F_FREE_ST (A_SUCCESS | A_HANDLE | A_DEVREQ)
/* a PASSIVE routine called from atomic context must refuse */
#define P(set)	(atomic ? A_UNSUCC : (set))

/* One random call on the V3 context @i (codec @i). */
static void f_call_v3(struct ktap_case *c, unsigned int i, bool atomic)
{
	HDAUDIO_BUS_INTERFACE_V3 *b = &f_v3[i];
	HDAUDIO_STREAM_FORMAT fmt = f_format();
	HDAUDIO_CONVERTER_FORMAT conv;
	HANDLE h = f_handle(i), hs[3];
	unsigned int op = rnd(16);
	unsigned long flags = 0;
	NTSTATUS st;
	SIZE_T size, off;
	ULONG fifo;
	PULONG reg;
	PMDL mdl;
	u8 id;

	if (atomic)
		spin_lock_irqsave(&f_lock, flags);
	switch (op) {
	case 0:
		st = b->AllocateRenderDmaEngine(b->Context, f_out(&fmt), rnd(2),
						f_out(&h), f_out(&conv));
		f_check(c, "AllocateRenderDmaEngine", st, P(F_ALLOC_ST));
		if (st == STATUS_SUCCESS)
			f_remember(i, h);
		break;
	case 1:
		st = b->AllocateCaptureDmaEngine(b->Context, rnd(3) ? i : rnd(256),
						 f_out(&fmt), f_out(&h),
						 f_out(&conv));
		f_check(c, "AllocateCaptureDmaEngine", st, P(F_ALLOC_ST));
		if (st == STATUS_SUCCESS)
			f_remember(i, h);
		break;
	case 2:
		st = b->ChangeBandwidthAllocation(b->Context, h, f_out(&fmt),
						  f_out(&conv));
		f_check(c, "ChangeBandwidthAllocation", st,
			P(F_BUF_ST & ~A_NOTREADY));
		break;
	case 3:
		st = b->AllocateDmaBufferWithNotification(b->Context, h, rnd(4),
				rnd(8) ? rnd(65536) : (SIZE_T)-1, f_out(&mdl),
				f_out(&size), f_out(&off), f_out(&id),
				f_out(&fifo));
		f_check(c, "AllocateDmaBufferWithNotification", st, P(F_BUF_ST));
		break;
	case 4:
		st = b->AllocateDmaBuffer(b->Context, h, rnd(32768), f_out(&mdl),
					  f_out(&size), f_out(&id), f_out(&fifo));
		f_check(c, "AllocateDmaBuffer", st, P(F_BUF_ST));
		break;
	case 5:
		st = rnd(2) ? b->FreeDmaBuffer(b->Context, h) :
			      b->FreeDmaBufferWithNotification(b->Context, h,
							       NULL, rnd(99));
		f_check(c, "FreeDmaBuffer", st, P(F_FREE_ST));
		break;
	case 6:
		st = b->FreeDmaEngine(b->Context, h);
		f_check(c, "FreeDmaEngine", st, F_FREE_ST);
		break;
	case 7:
		hs[0] = h;
		hs[1] = f_handle(i);
		hs[2] = f_handle(i);
		st = b->SetDmaEngineState(b->Context, rnd(4), rnd(4),
					  rnd(16) ? hs : NULL);
		f_check(c, "SetDmaEngineState", st,
			A_SUCCESS | A_HANDLE | A_PARAM | A_DEVREQ | A_NOTREADY);
		break;
	case 8:
		st = b->GetLinkPositionRegister(b->Context, h, f_out(&reg));
		f_check(c, "GetLinkPositionRegister", st,
			A_SUCCESS | A_HANDLE | A_PARAM);
		break;
	case 9:
		b->GetWallClockRegister(b->Context, f_out(&reg));
		break;
	case 10:
		st = (rnd(2) ? b->RegisterNotificationEvent :
			       b->UnregisterNotificationEvent)(b->Context, h,
				rnd(8) ? &f_events[rnd(F_EVENTS)] : f_out(NULL));
		f_check(c, "(Un)RegisterNotificationEvent", st,
			P(A_SUCCESS | A_RES | A_HANDLE | A_PARAM));
		break;
	case 11:
		if (rnd(2))
			st = b->RegisterNotificationCallback(b->Context, h,
					rnd(8) ? &tc.codec[0]->dev : NULL,
					rnd(8) ? f_notify_cb : NULL, NULL);
		else
			st = b->UnregisterNotificationCallback(b->Context, h,
					f_notify_cb, rnd(4) ? NULL : b);
		f_check(c, "(Un)RegisterNotificationCallback", st,
			P(A_SUCCESS | A_RES | A_HANDLE | A_PARAM));
		break;
	case 12:
		if (rnd(2) && f_ntags[i] < F_TAGS) {
			st = b->RegisterEventCallback(b->Context,
					rnd(8) ? f_unsol_cb : NULL, NULL,
					f_out(&f_tags[i][f_ntags[i]]));
			if (st == STATUS_SUCCESS && !atomic)
				f_ntags[i]++;
		} else {
			st = b->UnregisterEventCallback(b->Context, rnd(80));
		}
		f_check(c, "(Un)RegisterEventCallback", st,
			P(A_SUCCESS | A_RES | A_PARAM));
		break;
	case 13: {
		HDAUDIO_CODEC_TRANSFER x[4] = { 0 };
		unsigned int n = rnd(5), k;

		for (k = 0; k < n; k++)
			x[k].Output.Command = (rnd(3) ? i : rnd(16)) << 28 |
					      AC_VERB_PARAMETERS << 8 |
					      AC_PAR_VENDOR_ID;
		if (atomic || rnd(4)) {
			unsigned int slot = atomic_read(&f_async_sent) %
					    ARRAY_SIZE(f_async_xfer);

			/* a slot is reused only after its callback ran */
			if (atomic_read(&f_async_sent) -
			    atomic_read(&f_async_done) >=
			    ARRAY_SIZE(f_async_xfer))
				break;
			memcpy(f_async_xfer[slot], x, sizeof(x));
			st = b->TransferCodecVerbs(b->Context, n,
						   f_async_xfer[slot],
						   f_async_cb, NULL);
			if (st == STATUS_SUCCESS)
				atomic_inc(&f_async_sent);
		} else {
			st = b->TransferCodecVerbs(b->Context, n,
						   rnd(8) ? x : f_out(NULL),
						   NULL, NULL);
		}
		f_check(c, "TransferCodecVerbs", st,
			A_SUCCESS | A_NOMEM | A_PARAM);
		break;
	}
	case 14: {
		HDAUDIO_DEVICE_INFORMATION_V2 info = { .Size = rnd(20) };

		st = b->GetDeviceInformation(b->Context, f_out(&info));
		f_check(c, "GetDeviceInformation", st,
			P(A_SUCCESS | A_SMALL | A_PARAM));
		break;
	}
	default: {
		UCHAR addr, node;

		b->GetResourceInformation(rnd(16) ? b->Context : (PVOID)1,
					  f_out(&addr), f_out(&node));
		break;
	}
	}
	if (atomic)
		spin_unlock_irqrestore(&f_lock, flags);
}

/* One random call on the BDL context. */
static void f_call_bdl(struct ktap_case *c)
{
	HDAUDIO_BUS_INTERFACE_BDL *b = &f_bdl;
	HDAUDIO_STREAM_FORMAT fmt = tc_format(48000, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv;
	PHDAUDIO_BUFFER_DESCRIPTOR bd;
	HANDLE h = f_handle(2);
	PVOID data;
	ULONG fifo;
	NTSTATUS st;
	u8 id;

	switch (rnd(5)) {
	case 0:
		st = b->AllocateRenderDmaEngine(b->Context, &fmt, 0, f_out(&h),
						&conv);
		f_check(c, "BDL AllocateRenderDmaEngine", st, F_ALLOC_ST);
		if (st == STATUS_SUCCESS)
			f_remember(2, h);
		break;
	case 1:
		st = b->AllocateContiguousDmaBuffer(b->Context, h,
				rnd(8) ? 512 + rnd(8192) : rnd(2) ? 0 : ~0U,
				f_out(&data), f_out(&bd));
		f_check(c, "AllocateContiguousDmaBuffer", st, F_BUF_ST);
		if (st == STATUS_SUCCESS && rnd(2)) {
			PHYSICAL_ADDRESS pa = MmGetPhysicalAddress(data);

			/* two entries, sometimes broken on purpose */
			bd[0].Address.QuadPart = pa.QuadPart + (rnd(4) ? 0 : 4);
			bd[0].Length = 256;
			bd[0].InterruptOnCompletion = rnd(3);
			bd[1].Address.QuadPart = pa.QuadPart + 256;
			bd[1].Length = 256;
			bd[1].InterruptOnCompletion = 1;
		}
		break;
	case 2:
		st = b->SetupDmaEngineWithBdl(b->Context, h, rnd(4) ? 512 : rnd(999),
					      rnd(4) ? 1 : rnd(300), NULL, NULL,
					      f_out(&id), f_out(&fifo));
		f_check(c, "SetupDmaEngineWithBdl", st,
			F_BUF_ST & ~A_RES);
		break;
	case 3:
		st = b->FreeContiguousDmaBuffer(b->Context, h);
		f_check(c, "FreeContiguousDmaBuffer", st, F_FREE_ST);
		break;
	default:
		st = b->FreeDmaEngine(b->Context, h);
		f_check(c, "BDL FreeDmaEngine", st, F_FREE_ST);
		break;
	}
}

/* Stop, reset and free whatever a context still holds, by the rules. */
static void f_release_all(unsigned int ctx)
{
	unsigned int k, st;

	for (k = 0; k < F_POOL; k++) {
		HANDLE h = f_pool[ctx][k];

		if (ctx < 2) {
			HDAUDIO_BUS_INTERFACE_V3 *b = &f_v3[ctx];

			for (st = PauseState; ; st = ResetState) {
				b->SetDmaEngineState(b->Context, st, 1, &h);
				if (st == ResetState)
					break;
			}
			while (b->UnregisterNotificationCallback(b->Context, h,
					f_notify_cb, NULL) == STATUS_SUCCESS)
				;
			b->FreeDmaBuffer(b->Context, h);
			b->FreeDmaEngine(b->Context, h);
		} else {
			f_bdl.SetDmaEngineState(f_bdl.Context, PauseState, 1, &h);
			f_bdl.SetDmaEngineState(f_bdl.Context, ResetState, 1, &h);
			f_bdl.FreeContiguousDmaBuffer(f_bdl.Context, h);
			f_bdl.FreeDmaEngine(f_bdl.Context, h);
		}
	}
	if (ctx < 2)
		for (k = 0; k < f_ntags[ctx]; k++)
			f_v3[ctx].UnregisterEventCallback(f_v3[ctx].Context,
							  f_tags[ctx][k]);
}

static void fuzz_ddi(struct ktap_case *c)
{
	HDAUDIO_STREAM_FORMAT fmt = tc_format(48000, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv;
	HANDLE h[8];
	unsigned int i, n;
	ktime_t start = ktime_get();
	NTSTATUS st;

	prandom_seed_state(&f_rnd, seed);
	for (i = 0; i < F_EVENTS; i++)
		KeInitializeEvent(&f_events[i], i % 2, FALSE);
	f_guard = vmalloc(PAGE_SIZE);
	if (!KTAP_EXPECT(c, f_guard && tc_query_v3(0, &f_v3[0]) &&
			 tc_query_v3(1, &f_v3[1]) &&
			 NT_SUCCESS(hdaudbus_query_interface(tc.codec[0],
				&GUID_HDAUDIO_BUS_INTERFACE_BDL, sizeof(f_bdl),
				0x0100, (PINTERFACE)&f_bdl)), "setup"))
		goto out;

	for (f_iter = 0; f_iter < iterations && f_fail < 10; f_iter++) {
		unsigned int r = rnd(10);

		if (r < 8)
			f_call_v3(c, r % 2, rnd(8) == 0);
		else
			f_call_bdl(c);
		if (!(f_iter % 1024))
			cond_resched();
	}
	ktap_diag("seed %lu: %u calls (%u succeeded) in %lld ms, %d asynchronous verb requests",
		  seed, f_iter, f_ok, ktime_ms_delta(ktime_get(), start),
		  atomic_read(&f_async_sent));

	for (i = 0; i < F_CTX; i++)
		f_release_all(i);
	for (i = 0; i < 300 && atomic_read(&f_async_done) !=
			       atomic_read(&f_async_sent); i++)
		msleep(10);
	KTAP_EXPECT(c, atomic_read(&f_async_done) == atomic_read(&f_async_sent),
		    "asynchronous callbacks: %d of %d", atomic_read(&f_async_done),
		    atomic_read(&f_async_sent));

	/* every engine is free again: 4 render + 4 capture on a new context */
	tc_release(&f_v3[1]);
	tc_release(&f_v3[0]);
	f_bdl.InterfaceDereference(f_bdl.Context);
	if (!KTAP_EXPECT(c, tc_query_v3(0, &f_v3[0]), "query after"))
		goto out;
	/* what the contexts still held is reclaimed by a work item */
	for (i = 0; i < 40; i++) {
		for (n = 0, st = STATUS_SUCCESS; n < 8 && st == STATUS_SUCCESS;
		     n++) {
			st = n < 4 ?
			     f_v3[0].AllocateRenderDmaEngine(f_v3[0].Context,
					&fmt, 0, &h[n], &conv) :
			     f_v3[0].AllocateCaptureDmaEngine(f_v3[0].Context,
					n & 1, &fmt, &h[n], &conv);
		}
		if (st != STATUS_SUCCESS)
			n--;
		while (n--)
			f_v3[0].FreeDmaEngine(f_v3[0].Context, h[n]);
		if (st == STATUS_SUCCESS)
			break;
		msleep(50);
	}
	KTAP_EXPECT(c, st == STATUS_SUCCESS,
		    "not every engine is free after the run: 0x%08x", st);
	tc_release(&f_v3[0]);
out:
	vfree(f_guard);
}

static const struct ktap_test tests[] = {
	KTAP_CASE(fuzz_ddi),
};

static int __init fuzz_init(void)
{
	int err = hdaudbus_register_driver(&tc_driver);

	if (err)
		return err;
	ktap_run("hdaudbus_test_fuzz", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit fuzz_exit(void)
{
	hdaudbus_unregister_driver(&tc_driver);
}

module_init(fuzz_init);
module_exit(fuzz_exit);

MODULE_DESCRIPTION("snd-hdaudbus DDI fuzz test");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
