// SPDX-License-Identifier: GPL-2.0-only
/*
 * verbs.c - codec verb transfers over CORB/RIRB (TransferCodecVerbs).
 *
 * Each command carries its codec address in bits 31:28 and is sent to that
 * codec, whichever codec the client's interface was queried for, as on
 * Windows.  Commands of one call go out in order, one at a time; calls are
 * serialised by bus.cmd_mutex.  A command that gets no answer leaves
 * IsValid = 0 in its response; the call itself still succeeds.
 *
 * The asynchronous form queues the request on its client (each client's
 * requests run in order on one work item) and calls the completion
 * callback once, after the last response, with the array's first element,
 * at DISPATCH_LEVEL (bottom halves disabled).
 */
#include <linux/bottom_half.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <sound/hdaudio.h>

#include "compat.h"
#include "client.h"
#include "ddi.h"
#include "verbs.h"

/**
 * hdaudbus_verbs_transfer() - send commands and collect the responses
 * @c: the client
 * @count: number of transfers
 * @xfer: the transfers; Output.Command read, Input written
 *
 * Commands to an address where no codec answered at probe, and the
 * invalid command 0xffffffff, are not sent; their IsValid stays 0.  The
 * array is accessed with fault-tolerant copies, and all of it is checked
 * before the first command goes out, so a bad array fails the call, sends
 * nothing and writes nothing.
 *
 * Context: process context (sleeps on bus.cmd_mutex and the response).
 * Return: 0, or -EFAULT when @xfer cannot be read or written.
 */
int hdaudbus_verbs_transfer(struct hdaudbus_client *c, u32 count,
			    HDAUDIO_CODEC_TRANSFER *xfer)
{
	struct hdaudbus_ctrl *ctrl = c->ctrl;
	struct hdac_bus *bus = &ctrl->bus;
	int err = 0;
	u32 i;

	/* every Output readable, every Input writable (rewritten unchanged) */
	for (i = 0; i < count; i++) {
		HDAUDIO_CODEC_TRANSFER x;

		if (copy_from_kernel_nofault(&x, &xfer[i], sizeof(x)) ||
		    hdaudbus_copy_to_kernel_nofault(&xfer[i].Input, &x.Input,
						    sizeof(x.Input)))
			return -EFAULT;
	}

	mutex_lock(&bus->cmd_mutex);
	for (i = 0; i < count; i++) {
		HDAUDIO_CODEC_COMMAND cmd;
		HDAUDIO_CODEC_RESPONSE rsp = { .CompleteResponse = 0 };
		unsigned int addr, res;

		if (copy_from_kernel_nofault(&cmd, &xfer[i].Output,
					     sizeof(cmd))) {
			err = -EFAULT;
			break;
		}
		addr = cmd.Command >> 28;
		if (!hdaudbus_ctrl_is_gone(ctrl) && !ctrl->suspended &&
		    addr < HDA_MAX_CODECS &&
		    (bus->codec_mask & BIT(addr)) && cmd.Command != ~0U) {
			if (!snd_hdac_bus_exec_verb_unlocked(bus, addr,
							     cmd.Command,
							     &res)) {
				rsp.Response = res;
				rsp.SDataIn = addr;
				rsp.IsValid = 1;
			} else {
				hdaudbus_ctrl_check_lost(ctrl);
			}
		}
		if (hdaudbus_copy_to_kernel_nofault(&xfer[i].Input, &rsp,
						    sizeof(rsp))) {
			err = -EFAULT;
			break;
		}
	}
	mutex_unlock(&bus->cmd_mutex);
	return err;
}

/**
 * struct hdaudbus_verb_req - one queued asynchronous transfer
 * @node: in the client's verb_queue
 * @count: transfers
 * @xfer: the caller's array
 * @callback: its completion callback
 * @context: passed to @callback
 */
struct hdaudbus_verb_req {
	struct list_head node;
	u32 count;
	HDAUDIO_CODEC_TRANSFER *xfer;
	PHDAUDIO_TRANSFER_COMPLETE_CALLBACK callback;
	void *context;
};

/**
 * hdaudbus_verbs_queue() - asynchronous TransferCodecVerbs
 * @c: the client; each queued request holds a reference on it
 * @count: number of transfers, at least 1
 * @xfer: the transfers; must stay valid until @callback ran
 * @callback: called once, after the last response
 * @context: passed to @callback
 *
 * Context: any up to DISPATCH_LEVEL (allocates with GFP_ATOMIC).
 * Return: 0 when queued, -ENOMEM.
 */
int hdaudbus_verbs_queue(struct hdaudbus_client *c, u32 count,
			 HDAUDIO_CODEC_TRANSFER *xfer,
			 PHDAUDIO_TRANSFER_COMPLETE_CALLBACK callback,
			 void *context)
{
	struct hdaudbus_verb_req *req;
	unsigned long flags;

	req = kzalloc(sizeof(*req), GFP_ATOMIC);
	if (!req)
		return -ENOMEM;
	req->count = count;
	req->xfer = xfer;
	req->callback = callback;
	req->context = context;
	kref_get(&c->ref);
	spin_lock_irqsave(&c->verb_lock, flags);
	list_add_tail(&req->node, &c->verb_queue);
	spin_unlock_irqrestore(&c->verb_lock, flags);
	hdaudbus_client_queue_work(&c->verb_work);
	return 0;
}

/**
 * hdaudbus_verbs_work() - carry out a client's queued transfers in order
 * @work: the client's verb_work
 *
 * Context: process context (the clients' workqueue).
 */
void hdaudbus_verbs_work(struct work_struct *work)
{
	struct hdaudbus_client *c = container_of(work, struct hdaudbus_client,
						 verb_work);
	struct hdaudbus_verb_req *req, *tmp;
	unsigned int done = 0;
	unsigned long flags;
	LIST_HEAD(todo);

	spin_lock_irqsave(&c->verb_lock, flags);
	list_splice_init(&c->verb_queue, &todo);
	spin_unlock_irqrestore(&c->verb_lock, flags);

	list_for_each_entry_safe(req, tmp, &todo, node) {
		hdaudbus_verbs_transfer(c, req->count, req->xfer);
		local_bh_disable();
		req->callback(req->xfer, req->context);
		local_bh_enable();
		list_del(&req->node);
		kfree(req);
		done++;
	}
	/* each request held a reference; the last put must come last */
	while (done--)
		hdaudbus_client_put(c);
}
