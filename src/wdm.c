// SPDX-License-Identifier: GPL-2.0-only
/*
 * wdm.c - IRQL and kernel events of the Windows vocabulary in
 * <hdaudbus/wdm.h>.
 *
 * A KEVENT is a state word and a wait queue.  The wait queue's own lock
 * protects the state, so signalling, resetting and consuming a signal are
 * atomic with respect to each other and to waiters going to sleep.  Waiters
 * queue non-exclusively and every KeSetEvent() wakes all of them; each one
 * then re-checks the state under the lock, so for a SynchronizationEvent
 * exactly one waiter consumes a signal and the others sleep again.
 *
 * The wait-queue lock is a spinlock_t taken with interrupts disabled, which
 * is what lets KeSetEvent() run in a hard interrupt handler.  On PREEMPT_RT
 * kernels a spinlock_t is a sleeping lock and that is not allowed; the
 * supported (Debian stock) kernels are not PREEMPT_RT.
 */

#include <linux/hardirq.h>
#include <linux/irqflags.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "compat.h"
#include <hdaudbus/wdm.h>

/**
 * hdaudbus_current_irql() - the Windows IRQL that matches the caller's context
 *
 * The mapping, checked in this order:
 *
 * * NMI: HIGH_LEVEL.
 * * Hard interrupt handler (in_hardirq()): HDAUDBUS_DIRQL, above
 *   DISPATCH_LEVEL.
 * * Any other context that must not sleep: DISPATCH_LEVEL.  That is a
 *   non-zero preempt count (spinlock or rwlock held, preempt_disable(),
 *   local_bh_disable(), softirq or timer callback: in_atomic()), interrupts
 *   disabled (irqs_disabled()), softirq context or bottom halves disabled
 *   (softirq_count(), which PREEMPT_RT keeps outside the preempt count), or
 *   an RCU read-side critical section (rcu_preempt_depth(), which is how
 *   rcu_read_lock() - and, on PREEMPT_RT, a held spinlock_t - is seen when
 *   CONFIG_PREEMPT_RCU does not raise the preempt count).
 * * Otherwise: PASSIVE_LEVEL, i.e. process context that may sleep.
 *
 * Held spinlocks and preempt_disable() sections are visible only when the
 * kernel has CONFIG_PREEMPT_COUNT (Debian's kernels do: PREEMPT_DYNAMIC
 * selects it).  Without it those sections read as PASSIVE_LEVEL, so a
 * caller holding a spinlock could be allowed to sleep; interrupt handlers,
 * softirqs and interrupts-disabled sections are still detected.
 *
 * Context: Any context.
 * Return: HIGH_LEVEL, HDAUDBUS_DIRQL, DISPATCH_LEVEL or PASSIVE_LEVEL.
 */
KIRQL hdaudbus_current_irql(void)
{
	if (in_nmi())
		return HIGH_LEVEL;
	if (in_hardirq())
		return HDAUDBUS_DIRQL;
	if (in_atomic() || irqs_disabled() || softirq_count() ||
	    rcu_preempt_depth())
		return DISPATCH_LEVEL;
	return PASSIVE_LEVEL;
}
HDAUDBUS_EXPORT(hdaudbus_current_irql);

/**
 * hdaudbus_event_init() - initialise a KEVENT (KeInitializeEvent())
 * @event: the event
 * @type: NotificationEvent (stays signalled until reset, wakes every waiter)
 *	or SynchronizationEvent (a satisfied wait resets it, one waiter per
 *	signal); any other value behaves as NotificationEvent
 * @state: initial state, true for signalled
 *
 * Context: Any context; the event must not be in use.
 */
void hdaudbus_event_init(struct _KEVENT *event, EVENT_TYPE type, bool state)
{
	init_waitqueue_head(&event->hdaudbus_wait);
	event->hdaudbus_type = type;
	WRITE_ONCE(event->hdaudbus_state, state ? 1 : 0);
}
HDAUDBUS_EXPORT(hdaudbus_event_init);

/**
 * hdaudbus_event_set() - signal a KEVENT (KeSetEvent())
 * @event: the event
 *
 * Puts @event in the signalled state and wakes its waiters.  A notification
 * event releases every waiter; a synchronization event releases exactly
 * one and resets itself.
 *
 * Context: Any context, hard interrupt handlers included (not NMI).  Takes
 * and releases the event's wait-queue lock with interrupts saved.
 * Return: the previous state, 1 if it was already signalled, else 0.
 */
LONG hdaudbus_event_set(struct _KEVENT *event)
{
	unsigned long flags;
	LONG prev;

	spin_lock_irqsave(&event->hdaudbus_wait.lock, flags);
	prev = event->hdaudbus_state;
	WRITE_ONCE(event->hdaudbus_state, 1);
	wake_up_locked(&event->hdaudbus_wait);
	spin_unlock_irqrestore(&event->hdaudbus_wait.lock, flags);
	return prev;
}
HDAUDBUS_EXPORT(hdaudbus_event_set);

/**
 * hdaudbus_event_reset() - reset a KEVENT (KeResetEvent(), KeClearEvent())
 * @event: the event
 *
 * Context: Any context (not NMI).  Takes and releases the event's
 * wait-queue lock with interrupts saved.
 * Return: the previous state, 1 if it was signalled, else 0.
 */
LONG hdaudbus_event_reset(struct _KEVENT *event)
{
	unsigned long flags;
	LONG prev;

	spin_lock_irqsave(&event->hdaudbus_wait.lock, flags);
	prev = event->hdaudbus_state;
	WRITE_ONCE(event->hdaudbus_state, 0);
	spin_unlock_irqrestore(&event->hdaudbus_wait.lock, flags);
	return prev;
}
HDAUDBUS_EXPORT(hdaudbus_event_reset);

/**
 * hdaudbus_event_read_state() - read a KEVENT's state (KeReadStateEvent())
 * @event: the event
 *
 * The value is a snapshot; it may change as soon as it has been read.
 *
 * Context: Any context.
 * Return: 1 when @event is signalled, 0 otherwise.
 */
LONG hdaudbus_event_read_state(const struct _KEVENT *event)
{
	return READ_ONCE(event->hdaudbus_state);
}
HDAUDBUS_EXPORT(hdaudbus_event_read_state);

/* Take the signal if there is one; a synchronization event is reset. */
static bool hdaudbus_event_consume_locked(struct _KEVENT *event)
{
	lockdep_assert_held(&event->hdaudbus_wait.lock);

	if (!event->hdaudbus_state)
		return false;
	if (event->hdaudbus_type == SynchronizationEvent)
		WRITE_ONCE(event->hdaudbus_state, 0);
	return true;
}

/*
 * A relative timeout in 100 ns units (@units > 0) as jiffies for
 * schedule_timeout(): rounded up to whole jiffies plus one, as msleep()
 * does, because the current jiffy is already partly over; so the wait never
 * ends before the requested time.  Capped below MAX_SCHEDULE_TIMEOUT, which
 * means "forever".
 */
static long hdaudbus_timeout_to_jiffies(u64 units)
{
	u64 ns, j;

	ns = units > U64_MAX / 100 ? U64_MAX : units * 100;
	j = nsecs_to_jiffies64(ns);
	if (jiffies64_to_nsecs(j) < ns)
		j++;
	if (j >= MAX_SCHEDULE_TIMEOUT - 1)
		return MAX_SCHEDULE_TIMEOUT - 1;
	return j + 1;
}

/* Sleep until signalled, alerted or timed out; process context only. */
static NTSTATUS hdaudbus_event_sleep(struct _KEVENT *event, bool alertable,
				     long remaining)
{
	unsigned int state = alertable ? TASK_INTERRUPTIBLE :
					 TASK_UNINTERRUPTIBLE;
	DEFINE_WAIT(wait);
	NTSTATUS status;

	spin_lock_irq(&event->hdaudbus_wait.lock);
	for (;;) {
		if (hdaudbus_event_consume_locked(event)) {
			status = STATUS_SUCCESS;
			break;
		}
		if (alertable && signal_pending(current)) {
			status = STATUS_ALERTED;
			break;
		}
		if (!remaining) {
			status = STATUS_TIMEOUT;
			break;
		}
		/* A wake-up (autoremove_wake_function) dequeues us. */
		if (list_empty(&wait.entry))
			__add_wait_queue_entry_tail(&event->hdaudbus_wait,
						    &wait);
		set_current_state(state);
		spin_unlock_irq(&event->hdaudbus_wait.lock);
		remaining = schedule_timeout(remaining);
		spin_lock_irq(&event->hdaudbus_wait.lock);
	}
	if (!list_empty(&wait.entry))
		__remove_wait_queue(&event->hdaudbus_wait, &wait);
	spin_unlock_irq(&event->hdaudbus_wait.lock);
	return status;
}

/**
 * hdaudbus_event_wait() - wait for a KEVENT (KeWaitForSingleObject())
 * @event: the event; NULL is rejected
 * @alertable: let a signal end the wait
 * @timeout: NULL to wait forever; a value of 0 to poll; a negative value for
 *	a relative timeout in units of 100 ns.  Positive (absolute) times are
 *	not supported.
 *
 * A satisfied wait on a SynchronizationEvent resets the event, so one
 * KeSetEvent() releases exactly one waiter.  A NotificationEvent stays
 * signalled and releases every waiter.
 *
 * A relative timeout is rounded up to whole jiffies plus one (as msleep()
 * does), so the wait lasts at least the requested time.
 *
 * A non-alertable wait sleeps in TASK_UNINTERRUPTIBLE: as on Windows,
 * nothing but the event or the timeout ends it, and the caller never sees
 * a status it did not ask for.  An infinite non-alertable wait that lasts
 * longer than the hung-task timeout is reported by the hung-task detector;
 * a thread that idles on an event for long periods should wait alertable
 * (kernel threads do not receive signals unless they allow them) or loop
 * on a finite timeout.  An alertable wait sleeps in TASK_INTERRUPTIBLE and
 * returns STATUS_ALERTED when a signal is pending.
 *
 * A poll (@timeout of 0) never sleeps and is allowed in any context but NMI.
 * Any other wait needs a context that may sleep; from an atomic context
 * (hdaudbus_current_irql() above PASSIVE_LEVEL) it returns
 * STATUS_UNSUCCESSFUL at once, whatever the state of the event.
 *
 * Context: Process context for a non-zero @timeout; any context (not NMI)
 * for a poll.  Takes and releases the event's wait-queue lock.
 * Return: STATUS_SUCCESS when the event was signalled; STATUS_TIMEOUT when
 * the timeout expired (or a poll found the event not signalled);
 * STATUS_ALERTED when an alertable wait was interrupted by a signal;
 * STATUS_INVALID_PARAMETER for a NULL @event or an absolute @timeout;
 * STATUS_UNSUCCESSFUL for a sleeping wait from a context that cannot sleep.
 */
NTSTATUS hdaudbus_event_wait(struct _KEVENT *event, bool alertable,
			     const LARGE_INTEGER *timeout)
{
	unsigned long flags;
	bool signalled;
	long remaining;

	if (!event)
		return STATUS_INVALID_PARAMETER;

	if (timeout && timeout->QuadPart > 0)
		return STATUS_INVALID_PARAMETER;

	if (timeout && timeout->QuadPart == 0) {
		spin_lock_irqsave(&event->hdaudbus_wait.lock, flags);
		signalled = hdaudbus_event_consume_locked(event);
		spin_unlock_irqrestore(&event->hdaudbus_wait.lock, flags);
		return signalled ? STATUS_SUCCESS : STATUS_TIMEOUT;
	}

	if (!timeout)
		remaining = MAX_SCHEDULE_TIMEOUT;
	else	/* negate in u64: S64_MIN has no positive s64 counterpart */
		remaining = hdaudbus_timeout_to_jiffies(0 -
						(u64)timeout->QuadPart);

	if (hdaudbus_current_irql() > PASSIVE_LEVEL)
		return STATUS_UNSUCCESSFUL;

	might_sleep();
	return hdaudbus_event_sleep(event, alertable, remaining);
}
HDAUDBUS_EXPORT(hdaudbus_event_wait);
