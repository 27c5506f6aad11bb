// SPDX-License-Identifier: GPL-2.0-only
/*
 * client.c - client contexts.
 *
 * Every successful hdaudbus_query_interface() creates a context holding one
 * reference.  The Context value a client sees is not a pointer: it encodes
 * the context's key in a table, so a stale, foreign or garbage Context is
 * rejected by a lookup instead of being dereferenced.  When the last
 * reference goes, everything the client still holds (engines, buffers,
 * events) is reclaimed, as Windows' bus driver does at interface release.
 */
#include <linux/slab.h>
#include <linux/xarray.h>

#include "compat.h"
#include "client.h"
#include "engine.h"
#include "verbs.h"

/* "HC" in the top 16 bits marks a Context value. */
#define HDAUDBUS_CONTEXT_MAGIC	0x4843UL
#define HDAUDBUS_CONTEXT_SHIFT	48

/*
 * Live contexts by id; the xarray's own lock serialises changes.  Ids are
 * allocated cyclically, so a released Context value is not handed to the
 * next client (it would take 2^32 queries to come round again).
 */
static DEFINE_XARRAY_FLAGS(hdaudbus_clients, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_IRQ);
static u32 hdaudbus_client_next_id;	/* under the xarray's lock */
static struct workqueue_struct *hdaudbus_client_wq;

/**
 * hdaudbus_clients_init() - set up the context table
 *
 * Context: module init.
 * Return: 0 or -ENOMEM.
 */
int hdaudbus_clients_init(void)
{
	hdaudbus_client_wq = alloc_workqueue("hdaudbus_client", 0, 0);
	return hdaudbus_client_wq ? 0 : -ENOMEM;
}

/**
 * hdaudbus_clients_exit() - wait for pending releases, free the table
 *
 * Context: module exit (no client module can be loaded any more).
 */
void hdaudbus_clients_exit(void)
{
	struct hdaudbus_client *c;
	unsigned long id;

	/*
	 * No client module is left (they depend on this one), so a context
	 * still here belongs to a client that never released it: drop its
	 * interface references for it.
	 */
	xa_for_each(&hdaudbus_clients, id, c) {
		int n = atomic_xchg(&c->iface_refs, 0);

		pr_warn("hdaudbus: client %s never released its interface: reclaimed\n",
			c->name);
		while (n-- > 0)
			hdaudbus_client_put(c);
	}
	destroy_workqueue(hdaudbus_client_wq);
	rcu_barrier();
	xa_destroy(&hdaudbus_clients);
}

/**
 * hdaudbus_clients_flush() - wait for queued releases and verb requests
 *
 * Context: process context.
 */
void hdaudbus_clients_flush(void)
{
	flush_workqueue(hdaudbus_client_wq);
}

/**
 * hdaudbus_client_queue_work() - run work on the clients' workqueue
 * @work: the work
 *
 * Context: any.
 * Return: false when @work was already queued.
 */
bool hdaudbus_client_queue_work(struct work_struct *work)
{
	return queue_work(hdaudbus_client_wq, work);
}

/**
 * hdaudbus_client_context() - the Context value of a client
 * @c: the client
 *
 * Context: any.
 * Return: the opaque value for Interface->Context.
 */
PVOID hdaudbus_client_context(struct hdaudbus_client *c)
{
	return (PVOID)((HDAUDBUS_CONTEXT_MAGIC << HDAUDBUS_CONTEXT_SHIFT) |
		       c->id);
}

/**
 * hdaudbus_client_create() - a new context for @codec with one reference
 * @codec: one of our codecs
 *
 * Context: process context.
 * Return: the context, or NULL when out of memory.
 */
struct hdaudbus_client *hdaudbus_client_create(struct hdac_device *codec)
{
	struct hdaudbus_client *c;
	int err;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return NULL;
	kref_init(&c->ref);
	atomic_set(&c->iface_refs, 1);
	spin_lock_init(&c->verb_lock);
	INIT_LIST_HEAD(&c->verb_queue);
	INIT_WORK(&c->verb_work, hdaudbus_verbs_work);
	c->ctrl = hdev_to_hdaudbus_codec(codec)->ctrl;
	c->codec = codec;
	strscpy(c->name, codec->dev.driver ? codec->dev.driver->name : "?",
		sizeof(c->name));
	err = xa_alloc_cyclic_irq(&hdaudbus_clients, &c->id, c,
				  XA_LIMIT(1, U32_MAX),
				  &hdaudbus_client_next_id, GFP_KERNEL);
	if (err < 0) {
		kfree(c);
		return NULL;
	}
	hdaudbus_ctrl_get(c->ctrl);
	get_device(&codec->dev);
	atomic_inc(&c->ctrl->clients);
	return c;
}

static void hdaudbus_client_release_work(struct work_struct *work)
{
	struct hdaudbus_client *c = container_of(work, struct hdaudbus_client,
						 release_work);
	unsigned int engines, buffers = 0, events = 0;

	engines = hdaudbus_engines_reclaim(c, &buffers, &events);
	events += hdaudbus_unsol_drop(c);
	if (engines || events)
		dev_warn(&c->codec->dev,
			 "client %s released its interface holding %u engine(s), %u buffer(s), %u event or callback registration(s): reclaimed\n",
			 c->name, engines, buffers, events);
	atomic_dec(&c->ctrl->clients);
	put_device(&c->codec->dev);
	hdaudbus_ctrl_put(c->ctrl);
	kfree_rcu(c, rcu);
}

static void hdaudbus_client_release(struct kref *ref)
{
	struct hdaudbus_client *c = container_of(ref, struct hdaudbus_client,
						 ref);
	unsigned long flags;

	/* no lookup finds it from now on */
	xa_lock_irqsave(&hdaudbus_clients, flags);
	__xa_cmpxchg(&hdaudbus_clients, c->id, c, NULL, GFP_ATOMIC);
	xa_unlock_irqrestore(&hdaudbus_clients, flags);
	INIT_WORK(&c->release_work, hdaudbus_client_release_work);
	queue_work(hdaudbus_client_wq, &c->release_work);
}

/**
 * hdaudbus_client_get() - look up a Context value and take a reference
 * @context: what the client passed as _context
 *
 * Context: any, hard interrupt included.
 * Return: the client, or NULL when @context is not a live context.
 */
struct hdaudbus_client *hdaudbus_client_get(PVOID context)
{
	unsigned long v = (unsigned long)context;
	struct hdaudbus_client *c;

	if ((v >> HDAUDBUS_CONTEXT_SHIFT) != HDAUDBUS_CONTEXT_MAGIC ||
	    (v & GENMASK(HDAUDBUS_CONTEXT_SHIFT - 1, 32)))
		return NULL;
	rcu_read_lock();
	c = xa_load(&hdaudbus_clients, (u32)v);
	if (c && !kref_get_unless_zero(&c->ref))
		c = NULL;
	rcu_read_unlock();
	return c;
}

/**
 * hdaudbus_client_put() - drop a reference
 * @c: the client
 *
 * The last one erases the context and queues the release of what the
 * client still holds.
 *
 * Context: any, hard interrupt included.
 */
void hdaudbus_client_put(struct hdaudbus_client *c)
{
	kref_put(&c->ref, hdaudbus_client_release);
}

/**
 * hdaudbus_client_reference() - InterfaceReference
 * @c: a client looked up with hdaudbus_client_get(); that reference becomes
 *	the interface reference
 *
 * Context: any.
 */
void hdaudbus_client_reference(struct hdaudbus_client *c)
{
	atomic_inc(&c->iface_refs);
}

/**
 * hdaudbus_client_dereference() - InterfaceDereference
 * @c: a client looked up with hdaudbus_client_get()
 *
 * Drops one interface reference, if the client holds one (an unbalanced
 * dereference cannot free a context another reference still uses), and
 * the lookup's reference.
 *
 * Context: any.
 */
void hdaudbus_client_dereference(struct hdaudbus_client *c)
{
	if (atomic_dec_if_positive(&c->iface_refs) >= 0)
		hdaudbus_client_put(c);
	hdaudbus_client_put(c);
}

/**
 * hdaudbus_clients_revoke() - reclaim from the clients of a codec or bus
 * @codec: the codec a client driver was unbound from, or NULL
 * @ctrl: with @codec NULL: the controller that is going away
 *
 * Every matching context is marked revoked (its routines return
 * STATUS_NO_SUCH_DEVICE from now on) and what it still holds is taken back
 * now, with one warning line per context that held anything.  The context
 * itself lives until its last InterfaceDereference.
 *
 * Context: process context.
 */
void hdaudbus_clients_revoke(struct hdac_device *codec,
			     struct hdaudbus_ctrl *ctrl)
{
	struct hdaudbus_client *c;
	unsigned long id;

	xa_for_each(&hdaudbus_clients, id, c) {
		unsigned int engines, buffers = 0, events = 0;

		if ((codec ? c->codec != codec : c->ctrl != ctrl) ||
		    !kref_get_unless_zero(&c->ref))
			continue;
		WRITE_ONCE(c->revoked, true);
		engines = hdaudbus_engines_reclaim(c, &buffers, &events);
		events += hdaudbus_unsol_drop(c);
		if (engines || events)
			dev_warn(&c->codec->dev,
				 "client %s left without releasing %u engine(s), %u buffer(s), %u event or callback registration(s): reclaimed\n",
				 c->name, engines, buffers, events);
		hdaudbus_client_put(c);
	}
}
