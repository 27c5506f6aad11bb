// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_notify.c - notification counts of running DMA engines.
 *
 * For NotificationCount 1 and then 2, a render engine (hda-output, DAC
 * node 2) and a capture engine (hda-micro at address 1, ADC node 4) run
 * together, 48 kHz 16-bit stereo, with 9600 requested bytes (about 50 ms
 * per pass).  Both start in one SetDmaEngineState(RunState) call.  A kernel
 * thread per engine counts the signals of the engine's SynchronizationEvent
 * while this thread samples both position registers every millisecond and
 * counts the passes as wraps (the position going down).  Every pass must
 * bring NotificationCount signals: |events - passes * count| <= 2 * count
 * allows for the pass in progress at each end of the window.
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/ktime.h>

#include "ddi_client.h"

TC_DRIVER("hdaudbus_test_notify");

#define NT_REQUEST	9600	/* bytes: 50 ms of 48 kHz 16-bit stereo */
#define NT_SAMPLE_MS	1500	/* how long positions are sampled */
#define NT_MIN_PASSES	20

struct nt_engine {
	const char *name;
	u8 addr;		/* codec address of the converter */
	u8 nid;			/* converter node */
	HANDLE h;
	HDAUDIO_CONVERTER_FORMAT conv;
	PMDL mdl;
	SIZE_T size;
	UCHAR tag;
	PULONG pos;
	KEVENT event;
	bool registered;
	struct task_struct *thread;
	atomic_t events;
	unsigned int passes;	/* wraps seen while sampling */
	unsigned int beyond;	/* positions >= size */
	u32 last;
};

struct nt_round {
	ULONG count;
	bool done;
	const char *fail;	/* what went wrong while setting up */
	unsigned int samples;
	s64 ms;
	struct nt_engine e[2];	/* render, capture */
};

static struct nt_round rounds[2];

/* Count the signals of one engine's event until told to stop. */
static int nt_counter(void *data)
{
	struct nt_engine *e = data;
	LARGE_INTEGER timeout = { .QuadPart = -2000000 };	/* 200 ms */

	while (!kthread_should_stop())
		if (KeWaitForSingleObject(&e->event, Executive, KernelMode,
					  FALSE, &timeout) == STATUS_SUCCESS)
			atomic_inc(&e->events);
	return 0;
}

static bool nt_setup(HDAUDIO_BUS_INTERFACE_V3 *bus, struct nt_round *r,
		     unsigned int i)
{
	HDAUDIO_STREAM_FORMAT fmt = tc_format(48000, 16, 16, 2);
	struct nt_engine *e = &r->e[i];
	SIZE_T offset;
	ULONG fifo;
	NTSTATUS st;

	e->name = i ? "capture" : "render";
	e->addr = i;
	e->nid = i ? TC_ADC_NID : TC_DAC_NID;
	KeInitializeEvent(&e->event, SynchronizationEvent, FALSE);
	atomic_set(&e->events, 0);
	if (i)
		st = bus->AllocateCaptureDmaEngine(bus->Context, 1, &fmt,
						   &e->h, &e->conv);
	else
		st = bus->AllocateRenderDmaEngine(bus->Context, &fmt, FALSE,
						  &e->h, &e->conv);
	if (st != STATUS_SUCCESS) {
		e->h = NULL;
		r->fail = "cannot allocate the engines";
		return false;
	}
	st = bus->AllocateDmaBufferWithNotification(bus->Context, e->h,
			r->count, NT_REQUEST, &e->mdl, &e->size, &offset,
			&e->tag, &fifo);
	if (st != STATUS_SUCCESS) {
		e->mdl = NULL;
		r->fail = "cannot allocate the buffers";
		return false;
	}
	st = bus->GetLinkPositionRegister(bus->Context, e->h, &e->pos);
	if (st != STATUS_SUCCESS || !e->pos) {
		r->fail = "no position register";
		return false;
	}
	st = bus->RegisterNotificationEvent(bus->Context, e->h, &e->event);
	if (st != STATUS_SUCCESS) {
		r->fail = "cannot register the events";
		return false;
	}
	e->registered = true;
	tc_converter(bus, e->addr, e->nid, e->tag, e->conv.ConverterFormat);
	e->thread = kthread_run(nt_counter, e, "hdaudbus_nt_%s", e->name);
	if (IS_ERR(e->thread)) {
		e->thread = NULL;
		r->fail = "cannot start the counting threads";
		return false;
	}
	return true;
}

/* Sample both positions every millisecond; count the wraps. */
static void nt_sample(struct nt_round *r)
{
	ktime_t t0 = ktime_get();
	unsigned int i;
	u32 p;

	do {
		for (i = 0; i < 2; i++) {
			struct nt_engine *e = &r->e[i];

			p = READ_REGISTER_ULONG(e->pos);
			e->beyond += p >= e->size;
			e->passes += p < e->last;
			e->last = p;
		}
		r->samples++;
		usleep_range(1000, 1100);
		r->ms = ktime_ms_delta(ktime_get(), t0);
	} while (r->ms < NT_SAMPLE_MS);
}

/* Run both engines with @count notifications per pass; keep the numbers. */
static void nt_measure(struct nt_round *r, ULONG count)
{
	HDAUDIO_BUS_INTERFACE_V3 bus;
	HANDLE h[2];
	unsigned int i;
	NTSTATUS st;

	r->count = count;
	r->done = true;
	if (!tc_query_v3(0, &bus)) {
		r->fail = "no interface for codec 0";
		return;
	}
	for (i = 0; i < 2; i++)
		if (!nt_setup(&bus, r, i))
			goto cleanup;

	h[0] = r->e[0].h;
	h[1] = r->e[1].h;
	st = bus.SetDmaEngineState(bus.Context, PauseState, 2, h);
	if (st == STATUS_SUCCESS)
		st = bus.SetDmaEngineState(bus.Context, RunState, 2, h);
	if (st != STATUS_SUCCESS) {
		r->fail = "SetDmaEngineState(RunState, 2 handles) failed";
		goto cleanup;
	}
	nt_sample(r);
	st = bus.SetDmaEngineState(bus.Context, PauseState, 2, h);
	if (st != STATUS_SUCCESS)
		r->fail = "SetDmaEngineState(PauseState, 2 handles) failed";
	/* let the threads take the last signals */
	msleep(20);

cleanup:
	for (i = 0; i < 2; i++) {
		struct nt_engine *e = &r->e[i];

		if (!e->h)
			continue;
		/* Pause again in case the joint stop failed */
		bus.SetDmaEngineState(bus.Context, PauseState, 1, &e->h);
		bus.SetDmaEngineState(bus.Context, ResetState, 1, &e->h);
		if (e->registered &&
		    bus.UnregisterNotificationEvent(bus.Context, e->h,
						    &e->event) != STATUS_SUCCESS)
			r->fail = "UnregisterNotificationEvent failed";
		if (e->mdl &&
		    bus.FreeDmaBufferWithNotification(bus.Context, e->h, e->mdl,
						      e->size) != STATUS_SUCCESS)
			r->fail = "FreeDmaBufferWithNotification failed";
		if (bus.FreeDmaEngine(bus.Context, e->h) != STATUS_SUCCESS)
			r->fail = "FreeDmaEngine failed";
		if (e->tag)
			tc_converter(&bus, e->addr, e->nid, 0,
				     e->conv.ConverterFormat);
	}
	for (i = 0; i < 2; i++)
		if (r->e[i].thread)
			kthread_stop(r->e[i].thread);
	tc_release(&bus);
}

static struct nt_round *nt_round(unsigned int count)
{
	struct nt_round *r = &rounds[count - 1];

	if (!r->done)
		nt_measure(r, count);
	return r;
}

static void nt_check(struct ktap_case *c, unsigned int count, unsigned int i)
{
	struct nt_round *r = nt_round(count);
	struct nt_engine *e = &r->e[i];
	int events = atomic_read(&e->events);
	int want = e->passes * count;

	if (!KTAP_EXPECT(c, !r->fail, "%s", r->fail))
		return;
	ktap_diag("%s: NotificationCount %u, %s: %u passes, %d events (want %d +/- %u), %zu-byte buffer, stream %u, %u samples in %lld ms",
		  c->name, count, e->name, e->passes, events, want, 2 * count,
		  (size_t)e->size, e->tag, r->samples, r->ms);
	KTAP_EXPECT(c, e->passes >= NT_MIN_PASSES, "%u passes", e->passes);
	KTAP_EXPECT(c, !e->beyond, "%u positions >= %zu", e->beyond,
		    (size_t)e->size);
	KTAP_EXPECT(c, abs(events - want) <= 2 * (int)count,
		    "%d events for %u passes x %u", events, e->passes, count);
}

static void count1_render(struct ktap_case *c)
{
	nt_check(c, 1, 0);
}

static void count1_capture(struct ktap_case *c)
{
	nt_check(c, 1, 1);
}

static void count2_render(struct ktap_case *c)
{
	nt_check(c, 2, 0);
}

static void count2_capture(struct ktap_case *c)
{
	nt_check(c, 2, 1);
}

/* Started in one call, both engines made the same number of passes. */
static void engines_ran_concurrently(struct ktap_case *c)
{
	unsigned int count;

	for (count = 1; count <= 2; count++) {
		struct nt_round *r = nt_round(count);
		unsigned int a = r->e[0].passes, b = r->e[1].passes;

		if (!KTAP_EXPECT(c, !r->fail, "count %u: %s", count, r->fail))
			continue;
		KTAP_EXPECT(c, a >= NT_MIN_PASSES && b >= NT_MIN_PASSES &&
			    abs((int)a - (int)b) <= 2,
			    "count %u: render %u passes, capture %u", count, a,
			    b);
	}
}

static const struct ktap_test tests[] = {
	KTAP_CASE(count1_render),
	KTAP_CASE(count1_capture),
	KTAP_CASE(count2_render),
	KTAP_CASE(count2_capture),
	KTAP_CASE(engines_ran_concurrently),
};

static int __init nt_init(void)
{
	int err = hdaudbus_register_driver(&tc_driver);

	if (err) {
		pr_err("hdaudbus_test_notify: cannot register driver: %d\n",
		       err);
		return err;
	}
	ktap_run("hdaudbus_test_notify", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit nt_exit(void)
{
	hdaudbus_unregister_driver(&tc_driver);
}

module_init(nt_init);
module_exit(nt_exit);

MODULE_DESCRIPTION("snd-hdaudbus DDI tests: notification counts of running engines");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
