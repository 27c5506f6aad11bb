/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * client.h - client contexts: one per successful interface query.
 */
#ifndef __HDAUDBUS_CLIENT_H
#define __HDAUDBUS_CLIENT_H

#include <linux/kref.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <hdaudbus/wdm.h>

#include "controller.h"

/**
 * struct hdaudbus_client - the per-client context behind Interface->Context
 * @ref: the interface references (@iface_refs of them) plus short-lived
 *	references taken by every DDI call while it runs
 * @iface_refs: references the client holds through the interface
 *	(the query's, InterfaceReference's); dropped by InterfaceDereference,
 *	or all at once when snd-hdaudbus unloads
 * @revoked: the client driver was unbound from the codec (or the
 *	controller went away): what the context held is reclaimed, and every
 *	routine called on it returns STATUS_NO_SUCH_DEVICE
 * @id: key in the context table; the Context value encodes it
 * @ctrl: the controller (a reference is held)
 * @codec: the codec the interface was queried for (a reference is held)
 * @name: the client driver's name, for messages
 * @release_work: the last reference may drop in atomic context; releasing
 *	sleeps, so it runs from this work item
 * @verb_lock: protects @verb_queue
 * @verb_queue: asynchronous TransferCodecVerbs requests, oldest first
 * @verb_work: carries them out, one client's requests in order
 * @rcu: lookups are lock-free under RCU
 */
struct hdaudbus_client {
	struct kref ref;
	atomic_t iface_refs;
	bool revoked;
	u32 id;
	struct hdaudbus_ctrl *ctrl;
	struct hdac_device *codec;
	char name[32];
	struct work_struct release_work;
	spinlock_t verb_lock;
	struct list_head verb_queue;
	struct work_struct verb_work;
	struct rcu_head rcu;
};

int hdaudbus_clients_init(void);
void hdaudbus_clients_exit(void);
struct hdaudbus_client *hdaudbus_client_create(struct hdac_device *codec);
struct hdaudbus_client *hdaudbus_client_get(PVOID context);
void hdaudbus_client_put(struct hdaudbus_client *c);
void hdaudbus_client_reference(struct hdaudbus_client *c);
void hdaudbus_client_dereference(struct hdaudbus_client *c);
void hdaudbus_clients_revoke(struct hdac_device *codec,
			     struct hdaudbus_ctrl *ctrl);
PVOID hdaudbus_client_context(struct hdaudbus_client *c);
bool hdaudbus_client_queue_work(struct work_struct *work);
void hdaudbus_clients_flush(void);

#endif /* __HDAUDBUS_CLIENT_H */
