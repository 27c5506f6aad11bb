// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_wdm.c - checks of the Windows vocabulary behind the DDI
 * headers: IRQL from each Linux context, KEVENT semantics (also from hard
 * interrupts), MDL accessors and register accessors.
 *
 * Loading the module runs the suite and prints a KTAP report; the module
 * then stays loaded doing nothing.  Everything a callback or a helper
 * thread touches is static, so a case that times out cannot leave a
 * dangling pointer to a stack frame behind.
 */
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/hardirq.h>
#include <linux/highmem.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>

#include <hdaudbus/ntstatus.h>
#include <hdaudbus/wdm.h>
#include <hdaudbus/hdaudio.h>

#include "ktap.h"

#define EXPECT_EQ(c, a, b)						\
	KTAP_EXPECT(c, (u64)(a) == (u64)(b), "%s = %#llx, want %#llx",	\
		    #a, (u64)(a), (u64)(b))

static s64 elapsed_ms(ktime_t start)
{
	return ktime_ms_delta(ktime_get(), start);
}
static DEFINE_SPINLOCK(test_lock);

/* KeGetCurrentIrql() between @enter and @leave. */
#define IRQL_IN(enter, leave)						\
	({ KIRQL __irql; enter; __irql = KeGetCurrentIrql(); leave; __irql; })

static void test_irql_process_context(struct ktap_case *c)
{
	unsigned long flags;

	EXPECT_EQ(c, KeGetCurrentIrql(), PASSIVE_LEVEL);
	EXPECT_EQ(c, IRQL_IN(local_irq_disable(), local_irq_enable()),
		  DISPATCH_LEVEL);
	EXPECT_EQ(c, IRQL_IN(spin_lock_irqsave(&test_lock, flags),
			     spin_unlock_irqrestore(&test_lock, flags)),
		  DISPATCH_LEVEL);
	EXPECT_EQ(c, IRQL_IN(local_bh_disable(), local_bh_enable()),
		  DISPATCH_LEVEL);
	if (IS_ENABLED(CONFIG_PREEMPT_COUNT)) {
		EXPECT_EQ(c, IRQL_IN(spin_lock(&test_lock),
				     spin_unlock(&test_lock)), DISPATCH_LEVEL);
		EXPECT_EQ(c, IRQL_IN(preempt_disable(), preempt_enable()),
			  DISPATCH_LEVEL);
		EXPECT_EQ(c, IRQL_IN(rcu_read_lock(), rcu_read_unlock()),
			  DISPATCH_LEVEL);
	} else {
		ktap_diag("no CONFIG_PREEMPT_COUNT: spin_lock() not checked");
	}
	EXPECT_EQ(c, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* State shared with timer callbacks. */
static struct timer_list cb_timer;
static struct hrtimer cb_hrtimer;
static DECLARE_COMPLETION(cb_done);
static KIRQL cb_irql;
static bool cb_in_hardirq;
static PRKEVENT cb_event;

static void cb_timer_fn(struct timer_list *t)
{
	cb_irql = KeGetCurrentIrql();
	complete(&cb_done);
}

static enum hrtimer_restart cb_hrtimer_fn(struct hrtimer *t)
{
	cb_irql = KeGetCurrentIrql();
	cb_in_hardirq = in_hardirq();
	if (cb_event)
		KeSetEvent(cb_event, 0, FALSE);
	complete(&cb_done);
	return HRTIMER_NORESTART;
}

/* Arm the hard-IRQ hrtimer to fire in @ms; setting @event if not NULL. */
static void start_hrtimer(unsigned int ms, PRKEVENT event)
{
	reinit_completion(&cb_done);
	cb_irql = 0xff;
	cb_in_hardirq = false;
	cb_event = event;
	hrtimer_init(&cb_hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	cb_hrtimer.function = cb_hrtimer_fn;
	hrtimer_start(&cb_hrtimer, ms_to_ktime(ms), HRTIMER_MODE_REL_HARD);
}

static bool finish_hrtimer(void)
{
	bool fired = wait_for_completion_timeout(&cb_done, 2 * HZ);

	hrtimer_cancel(&cb_hrtimer);
	cb_event = NULL;
	return fired;
}

static void test_irql_timer_callback(struct ktap_case *c)
{
	bool fired;

	reinit_completion(&cb_done);
	cb_irql = 0xff;
	timer_setup(&cb_timer, cb_timer_fn, 0);
	mod_timer(&cb_timer, jiffies + 1);
	fired = wait_for_completion_timeout(&cb_done, 2 * HZ);
	timer_delete_sync(&cb_timer);
	if (KTAP_EXPECT(c, fired, "timer did not fire"))
		EXPECT_EQ(c, cb_irql, DISPATCH_LEVEL);
}

static void test_irql_hardirq(struct ktap_case *c)
{
	start_hrtimer(1, NULL);
	if (!KTAP_EXPECT(c, finish_hrtimer(), "hrtimer did not fire"))
		return;
	KTAP_EXPECT(c, cb_in_hardirq, "hrtimer callback not in hard IRQ");
	KTAP_EXPECT(c, cb_irql > DISPATCH_LEVEL, "irql %u", cb_irql);
	EXPECT_EQ(c, cb_irql, HDAUDBUS_DIRQL);
}

/* ---------------------------------------------------------------------- */

static KEVENT test_event;

/* Wait for @ev: @ms < 0 forever, 0 polls, > 0 relative milliseconds. */
static NTSTATUS wait_ms(PRKEVENT ev, BOOLEAN alertable, int ms)
{
	LARGE_INTEGER t = { .QuadPart = -(LONGLONG)ms * 10000 };

	return KeWaitForSingleObject(ev, Executive, KernelMode, alertable,
				     ms < 0 ? NULL : &t);
}

static void test_event_notification(struct ktap_case *c)
{
	PRKEVENT ev = &test_event;

	KeInitializeEvent(ev, NotificationEvent, FALSE);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_TIMEOUT);
	EXPECT_EQ(c, KeSetEvent(ev, 0, FALSE), 0);
	EXPECT_EQ(c, KeReadStateEvent(ev), 1);
	EXPECT_EQ(c, KeSetEvent(ev, 0, FALSE), 1);
	/* A satisfied wait leaves a notification event signalled. */
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_SUCCESS);
	EXPECT_EQ(c, wait_ms(ev, FALSE, -1), STATUS_SUCCESS);
	EXPECT_EQ(c, KeReadStateEvent(ev), 1);
	EXPECT_EQ(c, KeResetEvent(ev), 1);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);
	EXPECT_EQ(c, KeResetEvent(ev), 0);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_TIMEOUT);
	KeSetEvent(ev, 0, FALSE);
	KeClearEvent(ev);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);

	KeInitializeEvent(ev, NotificationEvent, TRUE);
	EXPECT_EQ(c, KeReadStateEvent(ev), 1);
}

static void test_event_synchronization(struct ktap_case *c)
{
	PRKEVENT ev = &test_event;

	KeInitializeEvent(ev, SynchronizationEvent, FALSE);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);
	EXPECT_EQ(c, KeSetEvent(ev, 0, FALSE), 0);
	EXPECT_EQ(c, KeReadStateEvent(ev), 1);
	/* A satisfied wait consumes the signal, polling or sleeping. */
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_SUCCESS);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_TIMEOUT);
	KeSetEvent(ev, 0, FALSE);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 10), STATUS_SUCCESS);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);
	/* Two signals without a wait in between are one signal. */
	KeSetEvent(ev, 0, FALSE);
	EXPECT_EQ(c, KeSetEvent(ev, 0, FALSE), 1);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_SUCCESS);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_TIMEOUT);

	KeInitializeEvent(ev, SynchronizationEvent, TRUE);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_SUCCESS);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);
}

static void test_wait_timeouts(struct ktap_case *c)
{
	LARGE_INTEGER absolute = { .QuadPart = 1 };
	LARGE_INTEGER tiny = { .QuadPart = -1 };	/* 100 ns */
	NTSTATUS st;
	ktime_t start;
	s64 ms;

	KeInitializeEvent(&test_event, SynchronizationEvent, FALSE);
	EXPECT_EQ(c, wait_ms(NULL, FALSE, 10), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(c, KeWaitForSingleObject(&test_event, Executive, KernelMode,
					   FALSE, &absolute),
		  STATUS_INVALID_PARAMETER);

	start = ktime_get();
	st = wait_ms(&test_event, FALSE, 20);
	ms = elapsed_ms(start);
	EXPECT_EQ(c, st, STATUS_TIMEOUT);
	/* Never early; the upper bound only catches "forever". */
	KTAP_EXPECT(c, ms >= 20 && ms < 2000, "waited %lld ms", ms);

	start = ktime_get();
	st = KeWaitForSingleObject(&test_event, Executive, KernelMode, TRUE,
				   &tiny);
	ms = elapsed_ms(start);
	EXPECT_EQ(c, st, STATUS_TIMEOUT);
	KTAP_EXPECT(c, ms < 1000, "100 ns wait took %lld ms", ms);
}

static void test_set_event_from_hardirq(struct ktap_case *c)
{
	NTSTATUS st;

	KeInitializeEvent(&test_event, SynchronizationEvent, FALSE);
	start_hrtimer(20, &test_event);
	st = wait_ms(&test_event, FALSE, 2000);
	KTAP_EXPECT(c, finish_hrtimer(), "hrtimer did not fire");
	EXPECT_EQ(c, st, STATUS_SUCCESS);
	KTAP_EXPECT(c, cb_in_hardirq, "KeSetEvent() not called in hard IRQ");
	EXPECT_EQ(c, KeReadStateEvent(&test_event), 0);
}

static void test_wait_refused_in_atomic(struct ktap_case *c)
{
	PRKEVENT ev = &test_event;
	unsigned long flags;
	NTSTATUS st[5];
	ktime_t start;
	s64 ms;

	KeInitializeEvent(ev, NotificationEvent, FALSE);
	local_irq_save(flags);
	st[0] = wait_ms(ev, FALSE, 200);
	local_irq_restore(flags);
	EXPECT_EQ(c, st[0], STATUS_UNSUCCESSFUL);

	if (!IS_ENABLED(CONFIG_PREEMPT_COUNT)) {
		ktap_diag("no CONFIG_PREEMPT_COUNT: spin_lock() not checked");
		return;
	}
	spin_lock(&test_lock);
	start = ktime_get();
	st[0] = wait_ms(ev, FALSE, 200);
	st[1] = wait_ms(ev, TRUE, -1);
	st[2] = wait_ms(ev, FALSE, 0);
	KeSetEvent(ev, 0, FALSE);
	st[3] = wait_ms(ev, FALSE, 200);	/* refused though signalled */
	st[4] = wait_ms(ev, FALSE, 0);		/* but a poll is fine */
	ms = elapsed_ms(start);
	spin_unlock(&test_lock);

	EXPECT_EQ(c, st[0], STATUS_UNSUCCESSFUL);
	EXPECT_EQ(c, st[1], STATUS_UNSUCCESSFUL);
	EXPECT_EQ(c, st[2], STATUS_TIMEOUT);
	EXPECT_EQ(c, st[3], STATUS_UNSUCCESSFUL);
	EXPECT_EQ(c, st[4], STATUS_SUCCESS);
	/* A sleep would take 200 ms (or forever); this allows for a slow VM. */
	KTAP_EXPECT(c, ms < 100, "spent %lld ms with the lock held", ms);
}

/* ---------------------------------------------------------------------- */

static KEVENT waiters_event;
static atomic_t waiters_started;
static struct waiter {
	NTSTATUS status;
	struct completion done;
} waiters[2];

static int waiter_fn(void *data)
{
	struct waiter *w = data;

	atomic_inc(&waiters_started);
	w->status = wait_ms(&waiters_event, FALSE, 1000);
	kthread_complete_and_exit(&w->done, 0);
}

/* Run two waiters, signal once, return how many waits succeeded. */
static int run_two_waiters(struct ktap_case *c, EVENT_TYPE type)
{
	struct task_struct *task;
	int i, started, ok = 0;

	KeInitializeEvent(&waiters_event, type, FALSE);
	atomic_set(&waiters_started, 0);
	for (i = 0; i < 2; i++) {
		waiters[i].status = STATUS_PENDING;
		init_completion(&waiters[i].done);
		task = kthread_run(waiter_fn, &waiters[i], "hdaudbus-w%d", i);
		if (!KTAP_EXPECT(c, !IS_ERR(task), "kthread_run: %ld",
				 PTR_ERR(task)))
			return -1;
	}
	for (i = 0; i < 1000 && atomic_read(&waiters_started) < 2; i++)
		usleep_range(1000, 2000);
	started = atomic_read(&waiters_started);
	msleep(20);	/* let both go to sleep; correctness does not need it */
	EXPECT_EQ(c, KeSetEvent(&waiters_event, 0, FALSE), 0);
	for (i = 0; i < 2; i++) {
		unsigned long left;

		left = wait_for_completion_timeout(&waiters[i].done, 3 * HZ);
		if (!KTAP_EXPECT(c, left, "waiter %d stuck", i))
			return -1;
		KTAP_EXPECT(c, waiters[i].status == STATUS_SUCCESS ||
			    waiters[i].status == STATUS_TIMEOUT,
			    "waiter %d: %#x", i, (u32)waiters[i].status);
		if (waiters[i].status == STATUS_SUCCESS)
			ok++;
	}
	EXPECT_EQ(c, started, 2);
	return ok;
}

static void test_sync_event_wakes_one(struct ktap_case *c)
{
	int ok = run_two_waiters(c, SynchronizationEvent);

	if (ok >= 0)
		EXPECT_EQ(c, ok, 1);
	EXPECT_EQ(c, KeReadStateEvent(&waiters_event), 0);
}

static void test_notification_event_wakes_all(struct ktap_case *c)
{
	int ok = run_two_waiters(c, NotificationEvent);

	if (ok >= 0)
		EXPECT_EQ(c, ok, 2);
	EXPECT_EQ(c, KeReadStateEvent(&waiters_event), 1);
}

/* A kernel thread that signals itself and then waits both ways. */
static struct {
	NTSTATUS plain, alertable;
	s64 plain_ms, alertable_ms;
	struct completion done;
} alert;

static int alert_fn(void *data)
{
	ktime_t start;

	allow_signal(SIGUSR1);
	send_sig(SIGUSR1, current, 1);	/* 1: kernel-generated */

	start = ktime_get();
	alert.plain = wait_ms(&waiters_event, FALSE, 50);
	alert.plain_ms = elapsed_ms(start);

	start = ktime_get();
	alert.alertable = wait_ms(&waiters_event, TRUE, 2000);
	alert.alertable_ms = elapsed_ms(start);

	flush_signals(current);
	kthread_complete_and_exit(&alert.done, 0);
}

static void test_wait_alertable(struct ktap_case *c)
{
	struct task_struct *task;

	KeInitializeEvent(&waiters_event, NotificationEvent, FALSE);
	init_completion(&alert.done);
	alert.plain = STATUS_PENDING;
	alert.alertable = STATUS_PENDING;
	task = kthread_run(alert_fn, NULL, "hdaudbus-alert");
	if (!KTAP_EXPECT(c, !IS_ERR(task), "kthread_run: %ld", PTR_ERR(task)))
		return;
	if (!KTAP_EXPECT(c, wait_for_completion_timeout(&alert.done, 5 * HZ),
			 "thread stuck"))
		return;
	/* A pending signal does not end a non-alertable wait... */
	EXPECT_EQ(c, alert.plain, STATUS_TIMEOUT);
	KTAP_EXPECT(c, alert.plain_ms >= 50, "%lld ms", alert.plain_ms);
	/* ...and ends an alertable one at once. */
	EXPECT_EQ(c, alert.alertable, STATUS_ALERTED);
	KTAP_EXPECT(c, alert.alertable_ms < 1000, "%lld ms",
		    alert.alertable_ms);
}

/* ---------------------------------------------------------------------- */

/* Describe @va/@size and check the MDL; each PFN must hold the bytes. */
static void check_mdl(struct ktap_case *c, u8 *va, size_t size)
{
	unsigned long offset = offset_in_page(va);
	unsigned long pages = DIV_ROUND_UP(offset + size, PAGE_SIZE);
	unsigned long i, from, to;
	PPFN_NUMBER pfn;
	PMDL mdl;
	size_t k;

	mdl = hdaudbus_mdl_alloc(va, size, GFP_KERNEL);
	if (!KTAP_EXPECT(c, mdl, "hdaudbus_mdl_alloc(%zu bytes)", size))
		return;
	KTAP_EXPECT(c, MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority |
						    MdlMappingNoExecute) == va,
		    "system address");
	KTAP_EXPECT(c, MmGetMdlVirtualAddress(mdl) == va, "virtual address");
	EXPECT_EQ(c, MmGetMdlByteCount(mdl), size);
	EXPECT_EQ(c, MmGetMdlByteOffset(mdl), offset);
	EXPECT_EQ(c, ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, size), pages);
	EXPECT_EQ(c, mdl->PageCount, pages);

	for (k = 0; k < size; k++)
		va[k] = (u8)(k * 7 + 3);

	pfn = MmGetMdlPfnArray(mdl);
	for (i = 0; i < pages; i++) {
		u8 *page_va = va - offset + i * PAGE_SIZE;
		struct page *want = is_vmalloc_addr(page_va) ?
				    vmalloc_to_page(page_va) :
				    virt_to_page(page_va);
		u8 *map;

		if (!KTAP_EXPECT(c, pfn[i] == page_to_pfn(want),
				 "page %lu: pfn %#lx, want %#lx", i, pfn[i],
				 page_to_pfn(want)))
			continue;
		/* Independently of the above: the frame holds the data. */
		from = i ? 0 : offset;
		to = min_t(unsigned long, PAGE_SIZE,
			   offset + size - i * PAGE_SIZE);
		map = kmap_local_page(pfn_to_page(pfn[i]));
		KTAP_EXPECT(c, !memcmp(map + from, page_va + from, to - from),
			    "page %lu contents", i);
		kunmap_local(map);
	}
	hdaudbus_mdl_free(mdl);
}

static void test_mdl_kmalloc(struct ktap_case *c)
{
	u8 *buf = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);

	if (!KTAP_EXPECT(c, buf, "kmalloc"))
		return;
	check_mdl(c, buf + 100, 2 * PAGE_SIZE);
	check_mdl(c, buf + PAGE_SIZE - 10, 20);	/* straddles a boundary */
	check_mdl(c, buf, PAGE_SIZE);

	KTAP_EXPECT(c, !hdaudbus_mdl_alloc(NULL, 16, GFP_KERNEL), "NULL va");
	KTAP_EXPECT(c, !hdaudbus_mdl_alloc(buf, 0, GFP_KERNEL), "0 bytes");
	hdaudbus_mdl_free(NULL);
	kfree(buf);
}

static void test_mdl_vmalloc(struct ktap_case *c)
{
	u8 *buf = vmalloc(4 * PAGE_SIZE);

	if (!KTAP_EXPECT(c, buf, "vmalloc"))
		return;
	check_mdl(c, buf + 0x123, 3 * PAGE_SIZE);
	vfree(buf);
}

static void test_register_accessors(struct ktap_case *c)
{
	ULONG l = 0x12345678;
	USHORT w = 0x1234;
	UCHAR b = 0x12;

	EXPECT_EQ(c, READ_REGISTER_ULONG(&l), 0x12345678);
	EXPECT_EQ(c, READ_REGISTER_USHORT(&w), 0x1234);
	EXPECT_EQ(c, READ_REGISTER_UCHAR(&b), 0x12);
	WRITE_REGISTER_ULONG(&l, 0xdeadbeef);
	WRITE_REGISTER_USHORT(&w, 0xbeef);
	WRITE_REGISTER_UCHAR(&b, 0xef);
	EXPECT_EQ(c, l, 0xdeadbeef);
	EXPECT_EQ(c, w, 0xbeef);
	EXPECT_EQ(c, b, 0xef);
}

/* ---------------------------------------------------------------------- */

static const struct ktap_test tests[] = {
	KTAP_CASE(test_irql_process_context),
	KTAP_CASE(test_irql_timer_callback),
	KTAP_CASE(test_irql_hardirq),
	KTAP_CASE(test_event_notification),
	KTAP_CASE(test_event_synchronization),
	KTAP_CASE(test_wait_timeouts),
	KTAP_CASE(test_set_event_from_hardirq),
	KTAP_CASE(test_wait_refused_in_atomic),
	KTAP_CASE(test_sync_event_wakes_one),
	KTAP_CASE(test_notification_event_wakes_all),
	KTAP_CASE(test_wait_alertable),
	KTAP_CASE(test_mdl_kmalloc),
	KTAP_CASE(test_mdl_vmalloc),
	KTAP_CASE(test_register_accessors),
};

static int __init hdaudbus_test_wdm_init(void)
{
	ktap_run("hdaudbus_wdm", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit hdaudbus_test_wdm_exit(void)
{
}

module_init(hdaudbus_test_wdm_init);
module_exit(hdaudbus_test_wdm_exit);

MODULE_DESCRIPTION("hdaudbus WDM vocabulary tests (IRQL, KEVENT, MDL)");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
