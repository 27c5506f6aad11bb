// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_stress.c - the DDI under concurrent load.
 *
 * Two steady engines run for the whole test (render on codec 0, capture on
 * codec 1, NotificationCount 2, a notification event each counted by a
 * waiter thread) while four churn threads on two client contexts allocate,
 * run, stop and free the other engines, allocate and free buffers, send
 * synchronous and queued verbs and register and unregister events as fast
 * as they can.  Meanwhile the position of each steady engine is sampled
 * every millisecond and its wraps counted.  At the end: no churn call
 * returned an unexpected status, and no notification of a steady engine was
 * lost (events == passes x 2, within one pass at each end).
 *
 * Parameter: seconds (default 60).
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/prandom.h>

#include "ddi_client.h"

static uint seconds = 60;
module_param(seconds, uint, 0444);
MODULE_PARM_DESC(seconds, "how long the load runs (default 60)");

TC_DRIVER("hdaudbus_test_stress");

#define S_CHURN		4
#define S_BUF		48000	/* 250 ms at 48 kHz 16-bit stereo */

struct s_steady {
	HANDLE h;
	PULONG pos;
	SIZE_T size;
	u8 tag;
	u16 fmt;
	KEVENT event;
	atomic_t events;
	int events_seen;	/* @events when the sampling ended */
	unsigned int wraps;
	struct task_struct *waiter;
};

static HDAUDIO_BUS_INTERFACE_V3 s_bus[2];
static struct s_steady s_steady[2];
static atomic_t s_calls, s_bad, s_async_sent, s_async_done;
static KEVENT s_churn_events[S_CHURN];

static void s_expect(NTSTATUS st, u32 allowed_mask, const char *what)
{
	static const NTSTATUS codes[] = {
		STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES,
		STATUS_INVALID_DEVICE_REQUEST, STATUS_INVALID_HANDLE,
		STATUS_INVALID_PARAMETER, STATUS_NO_MEMORY,
	};
	unsigned int i;

	atomic_inc(&s_calls);
	for (i = 0; i < ARRAY_SIZE(codes); i++)
		if (st == codes[i] && (allowed_mask & BIT(i)))
			return;
	if (atomic_inc_return(&s_bad) <= 5)
		pr_info("# stress: %s returned 0x%08x\n", what, st);
}

#define OK_ONLY		BIT(0)
#define OK_OR_FULL	(BIT(0) | BIT(1))

static int s_waiter(void *data)
{
	struct s_steady *e = data;
	LARGE_INTEGER t = { .QuadPart = -2000000 };	/* 200 ms */

	while (!kthread_should_stop())
		if (KeWaitForSingleObject(&e->event, Executive, KernelMode,
					  FALSE, &t) == STATUS_SUCCESS)
			atomic_inc(&e->events);
	return 0;
}

static void s_async_cb(HDAUDIO_CODEC_TRANSFER *x, PVOID context)
{
	kfree(x);
	atomic_inc(&s_async_done);
}

/* One churn thread: engines, buffers, states, verbs, events. */
static int s_churn(void *data)
{
	unsigned int id = (uintptr_t)data;
	HDAUDIO_BUS_INTERFACE_V3 *b = &s_bus[id % 2];
	HDAUDIO_STREAM_FORMAT fmt = tc_format(48000, 16, 16, 2);
	struct rnd_state rnd;

	prandom_seed_state(&rnd, id + 1);
	while (!kthread_should_stop()) {
		HDAUDIO_CONVERTER_FORMAT conv;
		HDAUDIO_CODEC_TRANSFER x[8] = { 0 }, *ax;
		SIZE_T size, off;
		HANDLE h = NULL;
		NTSTATUS st;
		ULONG fifo;
		PMDL mdl;
		u8 tag;
		int i;

		/* an engine's life, sometimes cut short */
		st = prandom_u32_state(&rnd) % 2 ?
		     b->AllocateRenderDmaEngine(b->Context, &fmt, 0, &h, &conv) :
		     b->AllocateCaptureDmaEngine(b->Context, id % 2, &fmt, &h,
						 &conv);
		s_expect(st, OK_OR_FULL, "Allocate*DmaEngine");
		if (st == STATUS_SUCCESS) {
			st = b->RegisterNotificationEvent(b->Context, h,
							  &s_churn_events[id]);
			s_expect(st, OK_ONLY, "RegisterNotificationEvent");
			st = b->AllocateDmaBufferWithNotification(b->Context,
					h, 1 + prandom_u32_state(&rnd) % 2,
					4096 + prandom_u32_state(&rnd) % 65536,
					&mdl, &size, &off, &tag, &fifo);
			s_expect(st, OK_ONLY, "AllocateDmaBufferWithNotification");
			s_expect(b->SetDmaEngineState(b->Context, PauseState, 1,
						      &h), OK_ONLY, "Pause");
			s_expect(b->SetDmaEngineState(b->Context, RunState, 1,
						      &h), OK_ONLY, "Run");
			usleep_range(100, 2000);
			s_expect(b->SetDmaEngineState(b->Context, PauseState, 1,
						      &h), OK_ONLY, "Pause");
			s_expect(b->SetDmaEngineState(b->Context, ResetState, 1,
						      &h), OK_ONLY, "Reset");
			s_expect(b->UnregisterNotificationEvent(b->Context, h,
					&s_churn_events[id]), OK_ONLY,
				 "UnregisterNotificationEvent");
			s_expect(b->FreeDmaBuffer(b->Context, h), OK_ONLY,
				 "FreeDmaBuffer");
			s_expect(b->FreeDmaEngine(b->Context, h), OK_ONLY,
				 "FreeDmaEngine");
		}

		/* verbs, synchronous and queued */
		for (i = 0; i < ARRAY_SIZE(x); i++)
			x[i].Output.Command = (u32)(i % 2) << 28 |
					      AC_VERB_PARAMETERS << 8 |
					      AC_PAR_VENDOR_ID;
		st = b->TransferCodecVerbs(b->Context, ARRAY_SIZE(x), x, NULL,
					   NULL);
		s_expect(st, OK_ONLY, "TransferCodecVerbs");
		for (i = 0; i < ARRAY_SIZE(x); i++)
			if (!x[i].Input.IsValid)
				s_expect(STATUS_UNSUCCESSFUL, 0, "verb response");
		ax = kmemdup(x, sizeof(x), GFP_KERNEL);
		if (ax) {
			atomic_inc(&s_async_sent);
			st = b->TransferCodecVerbs(b->Context, ARRAY_SIZE(x), ax,
						   s_async_cb, NULL);
			s_expect(st, OK_ONLY, "TransferCodecVerbs (queued)");
			if (st != STATUS_SUCCESS) {
				atomic_dec(&s_async_sent);
				kfree(ax);
			}
		}
		cond_resched();
	}
	return 0;
}

static bool s_steady_start(struct ktap_case *c, unsigned int i)
{
	HDAUDIO_BUS_INTERFACE_V3 *b = &s_bus[i];
	HDAUDIO_STREAM_FORMAT fmt = tc_format(48000, 16, 16, 2);
	struct s_steady *e = &s_steady[i];
	HDAUDIO_CONVERTER_FORMAT conv;
	SIZE_T off;
	ULONG fifo;
	PMDL mdl;

	KeInitializeEvent(&e->event, SynchronizationEvent, FALSE);
	if (!KTAP_EXPECT(c, (i ? b->AllocateCaptureDmaEngine(b->Context, 1,
					&fmt, &e->h, &conv) :
			     b->AllocateRenderDmaEngine(b->Context, &fmt, 0,
					&e->h, &conv)) == STATUS_SUCCESS &&
			 b->AllocateDmaBufferWithNotification(b->Context, e->h,
					2, S_BUF, &mdl, &e->size, &off, &e->tag,
					&fifo) == STATUS_SUCCESS &&
			 b->GetLinkPositionRegister(b->Context, e->h,
					&e->pos) == STATUS_SUCCESS &&
			 b->RegisterNotificationEvent(b->Context, e->h,
					&e->event) == STATUS_SUCCESS,
			 "steady engine %u", i))
		return false;
	e->fmt = conv.ConverterFormat;
	tc_converter(b, i, i ? TC_ADC_NID : TC_DAC_NID, e->tag, e->fmt);
	e->waiter = kthread_run(s_waiter, e, "hdaudbus_stress_w%u", i);
	return KTAP_EXPECT(c, !IS_ERR(e->waiter), "waiter") &&
	       b->SetDmaEngineState(b->Context, PauseState, 1, &e->h) ==
	       STATUS_SUCCESS &&
	       KTAP_EXPECT(c, b->SetDmaEngineState(b->Context, RunState, 1,
						   &e->h) == STATUS_SUCCESS,
			   "steady run");
}

static void s_steady_stop(unsigned int i)
{
	HDAUDIO_BUS_INTERFACE_V3 *b = &s_bus[i];
	struct s_steady *e = &s_steady[i];

	b->SetDmaEngineState(b->Context, PauseState, 1, &e->h);
	b->UnregisterNotificationEvent(b->Context, e->h, &e->event);
	if (!IS_ERR_OR_NULL(e->waiter))
		kthread_stop(e->waiter);
	b->SetDmaEngineState(b->Context, ResetState, 1, &e->h);
	b->FreeDmaBuffer(b->Context, e->h);
	b->FreeDmaEngine(b->Context, e->h);
	tc_converter(b, i, i ? TC_ADC_NID : TC_DAC_NID, 0, e->fmt);
}

static void stress(struct ktap_case *c)
{
	struct task_struct *churn[S_CHURN] = { NULL };
	ULONG last[2] = { 0, 0 };
	unsigned long end;
	unsigned int i, j;

	if (!KTAP_EXPECT(c, tc_query_v3(0, &s_bus[0]) &&
			 tc_query_v3(1, &s_bus[1]), "two contexts"))
		goto out;
	for (i = 0; i < S_CHURN; i++)
		KeInitializeEvent(&s_churn_events[i], NotificationEvent, FALSE);
	if (!s_steady_start(c, 0) || !s_steady_start(c, 1))
		goto stop;
	for (i = 0; i < S_CHURN; i++)
		churn[i] = kthread_run(s_churn, (void *)(uintptr_t)i,
				       "hdaudbus_stress%u", i);

	end = jiffies + seconds * HZ;
	while (time_before(jiffies, end)) {
		for (j = 0; j < 2; j++) {
			ULONG p = READ_REGISTER_ULONG(s_steady[j].pos);

			if (p < last[j])
				s_steady[j].wraps++;
			last[j] = p;
		}
		usleep_range(800, 1200);
	}
	for (j = 0; j < 2; j++)
		s_steady[j].events_seen = atomic_read(&s_steady[j].events);

	/* the threads run until told: kthread_stop() waits for each */
	for (i = 0; i < S_CHURN; i++)
		if (!IS_ERR_OR_NULL(churn[i]))
			kthread_stop(churn[i]);
	for (i = 0; i < 300 && atomic_read(&s_async_done) !=
			       atomic_read(&s_async_sent); i++)
		msleep(10);
stop:
	for (j = 0; j < 2; j++) {
		s_steady_stop(j);
		ktap_diag("steady engine %u: %u passes, %d events", j,
			  s_steady[j].wraps, s_steady[j].events_seen);
		/* two notifications a pass; one pass of slack at each end */
		KTAP_EXPECT(c, s_steady[j].wraps >= seconds * 2 &&
			    abs(s_steady[j].events_seen -
				(int)s_steady[j].wraps * 2) <= 4,
			    "lost notifications on steady engine %u", j);
	}
	ktap_diag("%d churn calls, %d queued verb requests (%d completed)",
		  atomic_read(&s_calls), atomic_read(&s_async_sent),
		  atomic_read(&s_async_done));
	KTAP_EXPECT(c, !atomic_read(&s_bad), "%d unexpected statuses",
		    atomic_read(&s_bad));
	KTAP_EXPECT(c, atomic_read(&s_async_done) == atomic_read(&s_async_sent),
		    "queued verbs not completed");
out:
	tc_release(&s_bus[1]);
	tc_release(&s_bus[0]);
}

static const struct ktap_test tests[] = {
	KTAP_CASE(stress),
};

static int __init s_init(void)
{
	int err = hdaudbus_register_driver(&tc_driver);

	if (err)
		return err;
	ktap_run("hdaudbus_test_stress", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit s_exit(void)
{
	hdaudbus_unregister_driver(&tc_driver);
}

module_init(s_init);
module_exit(s_exit);

MODULE_DESCRIPTION("snd-hdaudbus concurrency stress test");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
