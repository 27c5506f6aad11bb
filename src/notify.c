// SPDX-License-Identifier: GPL-2.0-only
/*
 * notify.c - what an engine's interrupts deliver to clients.
 *
 *   hard IRQ (hdaudbus_engine_irq, under bus.reg_lock, engine running):
 *     IOC            -> signal every registered KEVENT
 *                    -> queue the entry timestamp for the V3 callbacks and
 *                       schedule the controller's notification tasklet
 *     IOC/FIFO/DESE  -> call the BDL-interface ISR (after the lock is
 *                       dropped) with the SDnSTS bits
 *   tasklet (softirq, DISPATCH_LEVEL, no lock held while calling):
 *     each queued timestamp -> every registered V3 callback
 *
 * Unregistration guarantees: an event is removed under bus.reg_lock, which
 * the signalling holds; a callback's removal waits until every callback
 * round that started before it has finished (@cb_snap/@cb_done); an ISR is
 * cleared under the lock and followed by synchronize_irq().
 */
#include <linux/interrupt.h>
#include <linux/wait.h>
#include <sound/hda_register.h>

#include "compat.h"
#include "client.h"
#include "engine.h"

/**
 * hdaudbus_engine_register_event() - RegisterNotificationEvent
 * @c: the client
 * @handle: the engine
 * @event: an initialised KEVENT, signalled on every IOC of the engine
 *
 * The same event may be registered more than once; each unregistration
 * removes one registration.
 *
 * Context: any (takes bus.reg_lock).
 * Return: 0; -EBADF; -ENOSPC when HDAUDBUS_MAX_EVENTS are registered.
 */
int hdaudbus_engine_register_event(struct hdaudbus_client *c, HANDLE handle,
				   struct _KEVENT *event)
{
	struct hdac_bus *bus = &c->ctrl->bus;
	struct hdaudbus_engine *e;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&bus->reg_lock, flags);
	e = hdaudbus_engine_lookup(c, handle);
	if (!e)
		err = -EBADF;
	else if (e->nevents == HDAUDBUS_MAX_EVENTS)
		err = -ENOSPC;
	else
		e->events[e->nevents++] = event;
	spin_unlock_irqrestore(&bus->reg_lock, flags);
	return err;
}

/**
 * hdaudbus_engine_unregister_event() - UnregisterNotificationEvent
 * @c: the client
 * @handle: the engine
 * @event: a registered event
 *
 * The event is not signalled by this engine once this returns: signalling
 * happens under the same lock.
 *
 * Context: any (takes bus.reg_lock).
 * Return: 0; -EBADF; -EINVAL when @event is not registered on the engine.
 */
int hdaudbus_engine_unregister_event(struct hdaudbus_client *c,
				     HANDLE handle, struct _KEVENT *event)
{
	struct hdac_bus *bus = &c->ctrl->bus;
	struct hdaudbus_engine *e;
	unsigned long flags;
	unsigned int i;
	int err = -EINVAL;

	spin_lock_irqsave(&bus->reg_lock, flags);
	e = hdaudbus_engine_lookup(c, handle);
	if (!e) {
		err = -EBADF;
		goto out;
	}
	for (i = e->nevents; i-- > 0;) {
		if (e->events[i] != event)
			continue;
		memmove(&e->events[i], &e->events[i + 1],
			(e->nevents - i - 1) * sizeof(e->events[0]));
		e->nevents--;
		err = 0;
		break;
	}
out:
	spin_unlock_irqrestore(&bus->reg_lock, flags);
	return err;
}

/**
 * hdaudbus_engine_register_callback() - RegisterNotificationCallback (V3)
 * @c: the client
 * @handle: the engine
 * @fdo: the client's device; referenced until the callback is unregistered
 * @fn: called at DISPATCH_LEVEL on every IOC with the IOC's timestamp
 * @context: passed to @fn
 *
 * Context: process context.
 * Return: 0; -EBADF; -ENOSPC when HDAUDBUS_MAX_CALLBACKS are registered.
 */
int hdaudbus_engine_register_callback(struct hdaudbus_client *c,
				      HANDLE handle, struct device *fdo,
				      PHDAUDIO_DMA_NOTIFICATION_CALLBACK fn,
				      void *context)
{
	struct hdac_bus *bus = &c->ctrl->bus;
	struct hdaudbus_engine *e;
	unsigned long flags;
	int err = 0;

	get_device(fdo);
	spin_lock_irqsave(&bus->reg_lock, flags);
	e = hdaudbus_engine_lookup(c, handle);
	if (!e) {
		err = -EBADF;
	} else if (e->ncbs == HDAUDBUS_MAX_CALLBACKS) {
		err = -ENOSPC;
	} else {
		e->cbs[e->ncbs].fn = fn;
		e->cbs[e->ncbs].context = context;
		e->cbs[e->ncbs].fdo = fdo;
		e->ncbs++;
	}
	spin_unlock_irqrestore(&bus->reg_lock, flags);
	if (err)
		put_device(fdo);
	return err;
}

/* Wait until the callback rounds started before now have finished. */
static void hdaudbus_callbacks_sync(struct hdaudbus_ctrl *ctrl,
				    struct hdaudbus_engine *e, u64 snap)
{
	wait_event(ctrl->notify_wq, READ_ONCE(e->cb_done) >= snap);
}

/**
 * hdaudbus_engine_unregister_callback() - UnregisterNotificationCallback
 * @c: the client
 * @handle: the engine
 * @fn: the registered callback
 * @context: and its context: both must match one registration
 *
 * Once this returns, @fn is not running and will not be called again for
 * this registration; the reference on the client's device is dropped.
 *
 * Context: process context (waits for a running callback round).
 * Return: 0; -EBADF; -EINVAL when no registration matches.
 */
int hdaudbus_engine_unregister_callback(struct hdaudbus_client *c,
				HANDLE handle,
				PHDAUDIO_DMA_NOTIFICATION_CALLBACK fn,
				void *context)
{
	struct hdac_bus *bus = &c->ctrl->bus;
	struct device *fdo = NULL;
	struct hdaudbus_engine *e;
	unsigned long flags;
	unsigned int i;
	u64 snap = 0;
	int err = -EINVAL;

	spin_lock_irqsave(&bus->reg_lock, flags);
	e = hdaudbus_engine_lookup(c, handle);
	if (!e) {
		err = -EBADF;
		goto out;
	}
	for (i = e->ncbs; i-- > 0;) {
		if (e->cbs[i].fn != fn || e->cbs[i].context != context)
			continue;
		fdo = e->cbs[i].fdo;
		memmove(&e->cbs[i], &e->cbs[i + 1],
			(e->ncbs - i - 1) * sizeof(e->cbs[0]));
		e->ncbs--;
		snap = e->cb_snap;
		err = 0;
		break;
	}
out:
	spin_unlock_irqrestore(&bus->reg_lock, flags);
	if (!err) {
		hdaudbus_callbacks_sync(c->ctrl, e, snap);
		put_device(fdo);
	}
	return err;
}

/**
 * hdaudbus_engine_drop_callbacks() - unregister every callback of an engine
 * @e: an engine whose owner is leaving
 *
 * Context: process context.
 * Return: the number of registrations dropped.
 */
unsigned int hdaudbus_engine_drop_callbacks(struct hdaudbus_engine *e)
{
	struct hdaudbus_ctrl *ctrl = e->s->ctrl;
	struct hdaudbus_notify_cb cbs[HDAUDBUS_MAX_CALLBACKS];
	unsigned long flags;
	unsigned int i, n;
	u64 snap;

	spin_lock_irqsave(&ctrl->bus.reg_lock, flags);
	n = e->ncbs;
	memcpy(cbs, e->cbs, n * sizeof(cbs[0]));
	e->ncbs = 0;
	e->ts_count = 0;
	snap = e->cb_snap;
	spin_unlock_irqrestore(&ctrl->bus.reg_lock, flags);
	hdaudbus_callbacks_sync(ctrl, e, snap);
	for (i = 0; i < n; i++)
		put_device(cbs[i].fdo);
	return n;
}

/* Softirq: hand the queued IOC timestamps to the V3 callbacks. */
static void hdaudbus_notify_tasklet(struct tasklet_struct *t)
{
	struct hdaudbus_ctrl *ctrl = from_tasklet(ctrl, t, notify_tasklet);
	struct hdaudbus_notify_cb cbs[HDAUDBUS_MAX_CALLBACKS];
	unsigned int i, j, n = hdaudbus_ctrl_num_streams(ctrl);

	for (i = 0; i < n; i++) {
		struct hdaudbus_engine *e = &ctrl->engines[i];
		unsigned int ncbs;
		LARGE_INTEGER ts;

		spin_lock_irq(&ctrl->bus.reg_lock);
		while (e->ts_count) {
			ts.QuadPart = ktime_to_ns(e->ts[e->ts_head]);
			e->ts_head = (e->ts_head + 1) % HDAUDBUS_TS_RING;
			e->ts_count--;
			ncbs = e->ncbs;
			memcpy(cbs, e->cbs, ncbs * sizeof(cbs[0]));
			e->cb_snap++;
			spin_unlock_irq(&ctrl->bus.reg_lock);

			for (j = 0; j < ncbs; j++)
				cbs[j].fn(cbs[j].context, ts);

			spin_lock_irq(&ctrl->bus.reg_lock);
			e->cb_done++;
			wake_up_all(&ctrl->notify_wq);
		}
		spin_unlock_irq(&ctrl->bus.reg_lock);
	}
}

/**
 * hdaudbus_engine_irq() - the interrupt hook of every stream descriptor
 * @s: the descriptor
 * @sts: its SDnSTS bits (acknowledged)
 * @when: ktime_get() on entry to the hard interrupt handler
 *
 * Context: hard interrupt; takes bus.reg_lock.
 */
void hdaudbus_engine_irq(struct hdaudbus_stream *s, unsigned int sts,
			 ktime_t when)
{
	struct hdaudbus_ctrl *ctrl = s->ctrl;
	struct hdaudbus_engine *e = s->hook_data;
	PHDAUDIO_BDL_ISR isr = NULL;
	void *isr_context = NULL;
	bool schedule = false;
	unsigned int i;

	spin_lock(&ctrl->bus.reg_lock);
	if (e->owner && e->state == HDAUDBUS_ENGINE_RUN) {
		if (sts & SD_INT_COMPLETE) {
			for (i = 0; i < e->nevents; i++)
				hdaudbus_event_set(e->events[i]);
			if (e->ncbs) {
				/* callbacks fell behind: drop the oldest */
				if (e->ts_count == HDAUDBUS_TS_RING) {
					e->ts_head = (e->ts_head + 1) %
						     HDAUDBUS_TS_RING;
					e->ts_count--;
				}
				e->ts[(e->ts_head + e->ts_count) %
				      HDAUDBUS_TS_RING] = when;
				e->ts_count++;
				schedule = true;
			}
		}
		if (e->buf && e->buf->isr) {
			isr = e->buf->isr;
			isr_context = e->buf->isr_context;
		}
	}
	spin_unlock(&ctrl->bus.reg_lock);

	if (isr)
		isr(isr_context, sts & HDAUDIO_BDL_ISR_MASK);
	if (schedule)
		tasklet_schedule(&ctrl->notify_tasklet);
}

/**
 * hdaudbus_notify_init() - set up a controller's notification tasklet
 * @ctrl: the controller
 *
 * Context: process context (probe).
 */
void hdaudbus_notify_init(struct hdaudbus_ctrl *ctrl)
{
	init_waitqueue_head(&ctrl->notify_wq);
	tasklet_setup(&ctrl->notify_tasklet, hdaudbus_notify_tasklet);
}

/**
 * hdaudbus_notify_exit() - stop the notification tasklet for good
 * @ctrl: the controller, whose interrupt is already freed
 *
 * Context: process context (remove).
 */
void hdaudbus_notify_exit(struct hdaudbus_ctrl *ctrl)
{
	tasklet_kill(&ctrl->notify_tasklet);
}
