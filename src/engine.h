/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * engine.h - DMA engines: the stream descriptors handed out to clients.
 */
#ifndef __HDAUDBUS_ENGINE_H
#define __HDAUDBUS_ENGINE_H

#include <linux/types.h>
#include <hdaudbus/hdaudio.h>

#include "controller.h"
#include "format.h"
#include "rules.h"

struct hdaudbus_client;

/* Notification events and callbacks per engine (the peers use 16 too). */
#define HDAUDBUS_MAX_EVENTS	16
#define HDAUDBUS_MAX_CALLBACKS	16
/* IOC timestamps waiting for the callbacks (a power of two) */
#define HDAUDBUS_TS_RING	16

/**
 * struct hdaudbus_buffer - a DMA buffer the bus allocated for an engine
 * @area: kernel address
 * @addr: bus address
 * @size: bytes; equals the engine's cyclic buffer length (SDnCBL)
 * @mdl: the MDL handed to the client (NULL for a client-built BDL)
 * @notifications: IOCs per pass (0, 1 or 2) of a bus-built BDL
 * @client_bdl: allocated by AllocateContiguousDmaBuffer: the client writes
 *	the BDL into the descriptor's BDL page
 * @programmed: the descriptor is programmed with this buffer (always for a
 *	bus-built BDL; after SetupDmaEngineWithBdl for a client-built one)
 * @isr: the client's PHDAUDIO_BDL_ISR, or NULL
 * @isr_context: its context
 * @node: entry in the list that MmGetPhysicalAddress() searches
 */
struct hdaudbus_buffer {
	void *area;
	dma_addr_t addr;
	size_t size;
	struct _MDL *mdl;
	unsigned int notifications;
	bool client_bdl;
	bool programmed;
	PHDAUDIO_BDL_ISR isr;
	void *isr_context;
	struct list_head node;
};

/**
 * struct hdaudbus_notify_cb - a V3 notification callback registration
 * @fn: the callback
 * @context: its context
 * @fdo: the client's device, referenced while registered
 */
struct hdaudbus_notify_cb {
	PHDAUDIO_DMA_NOTIFICATION_CALLBACK fn;
	void *context;
	struct device *fdo;
};

/**
 * struct hdaudbus_engine - one stream descriptor seen as a DDI DMA engine
 * @s: the stream descriptor (index, registers, BDL page)
 * @owner: client that allocated it, NULL while free
 * @gen: generation, part of the handle; a new one for each allocation
 * @state: Reset, Stop (= Pause) or Run
 * @busy: a PASSIVE buffer operation is in progress (sleeps unlocked)
 * @output: the direction it was allocated for (bidirectional descriptors)
 * @fmt: stream format
 * @fmt_val: its encoding (SDnFMT and the client's converter format)
 * @codec_addr: SDI line of a capture engine's codec
 * @bw_words: link words per frame reserved for @fmt
 * @buf: the buffer, or NULL
 * @events: registered notification events
 * @nevents: entries used in @events
 * @cbs: registered V3 notification callbacks
 * @ncbs: entries used in @cbs
 * @ts: IOC timestamps (hard-IRQ entry time) not yet given to @cbs
 * @ts_head: oldest entry of @ts
 * @ts_count: entries pending in @ts
 * @cb_snap: callback rounds started by the notification tasklet
 * @cb_done: callback rounds finished; Unregister waits for @cb_done to
 *	reach the @cb_snap it saw, so no removed callback runs after it
 *
 * Every member but @s is protected by @s->ctrl->bus.reg_lock: the DDI
 * routines and the interrupt handler both take it, so a notification is
 * never signalled after its unregistration returns, and the state machine
 * works from atomic context.
 */
struct hdaudbus_engine {
	struct hdaudbus_stream *s;
	struct hdaudbus_client *owner;
	u32 gen;
	enum hdaudbus_engine_state state;
	bool busy;
	bool output;
	struct hdaudbus_format fmt;
	u16 fmt_val;
	u8 codec_addr;
	unsigned int bw_words;
	struct hdaudbus_buffer *buf;
	struct _KEVENT *events[HDAUDBUS_MAX_EVENTS];
	unsigned int nevents;
	struct hdaudbus_notify_cb cbs[HDAUDBUS_MAX_CALLBACKS];
	unsigned int ncbs;
	ktime_t ts[HDAUDBUS_TS_RING];
	unsigned int ts_head;
	unsigned int ts_count;
	u64 cb_snap;
	u64 cb_done;
};

/**
 * struct hdaudbus_buffer_info - what a buffer allocation returns
 * @mdl: the buffer's MDL
 * @size: bytes allocated (= SDnCBL)
 * @stream_id: stream tag programmed into SDnCTL
 * @fifo_size: SDnFIFOS + 1, read after the format was programmed
 */
struct hdaudbus_buffer_info {
	struct _MDL *mdl;
	size_t size;
	u8 stream_id;
	u32 fifo_size;
};

int hdaudbus_engines_init(struct hdaudbus_ctrl *ctrl);
void hdaudbus_engines_pause_all(struct hdaudbus_ctrl *ctrl);
void hdaudbus_engines_reprogram(struct hdaudbus_ctrl *ctrl);
void hdaudbus_engines_free(struct hdaudbus_ctrl *ctrl);

int hdaudbus_engine_alloc(struct hdaudbus_client *c, bool output,
			  const struct hdaudbus_format *fmt, u8 codec_addr,
			  HANDLE *handle, u16 *fmt_val);
int hdaudbus_engine_free(struct hdaudbus_client *c, HANDLE handle);
int hdaudbus_engine_change_format(struct hdaudbus_client *c, HANDLE handle,
				  const struct hdaudbus_format *fmt,
				  u16 *fmt_val);
int hdaudbus_engine_set_state(struct hdaudbus_client *c,
			      enum hdaudbus_engine_state state,
			      unsigned int n, const HANDLE *handles);
int hdaudbus_engine_position_register(struct hdaudbus_client *c,
				      HANDLE handle, u32 **reg);

/* notify.c: notification events, V3 callbacks, the engines' IRQ hook */
int hdaudbus_engine_register_event(struct hdaudbus_client *c, HANDLE handle,
				   struct _KEVENT *event);
int hdaudbus_engine_unregister_event(struct hdaudbus_client *c,
				     HANDLE handle, struct _KEVENT *event);
int hdaudbus_engine_register_callback(struct hdaudbus_client *c,
				      HANDLE handle, struct device *fdo,
				      PHDAUDIO_DMA_NOTIFICATION_CALLBACK fn,
				      void *context);
int hdaudbus_engine_unregister_callback(struct hdaudbus_client *c,
				HANDLE handle,
				PHDAUDIO_DMA_NOTIFICATION_CALLBACK fn,
				void *context);
unsigned int hdaudbus_engine_drop_callbacks(struct hdaudbus_engine *e);
void hdaudbus_notify_init(struct hdaudbus_ctrl *ctrl);
void hdaudbus_notify_exit(struct hdaudbus_ctrl *ctrl);
void hdaudbus_engine_irq(struct hdaudbus_stream *s, unsigned int sts,
			 ktime_t when);
unsigned int hdaudbus_engines_reclaim(struct hdaudbus_client *c,
				      unsigned int *buffers,
				      unsigned int *events);

/* buffer.c */
int hdaudbus_buffer_alloc(struct hdaudbus_client *c, HANDLE handle,
			  unsigned int notifications, size_t requested,
			  struct hdaudbus_buffer_info *info);
int hdaudbus_buffer_free(struct hdaudbus_client *c, HANDLE handle);
void hdaudbus_buffer_release(struct hdaudbus_ctrl *ctrl,
			     struct hdaudbus_buffer *buf);
struct hdaudbus_buffer *hdaudbus_buffer_create(struct hdaudbus_ctrl *ctrl,
					       size_t size, bool mdl);
struct hdaudbus_buffer *hdaudbus_buffer_detach(struct hdaudbus_engine *e);

/* bdl.c: buffers with a client-built BDL (the BDL interface) */
int hdaudbus_bdl_alloc(struct hdaudbus_client *c, HANDLE handle, u32 size,
		       void **data, HDAUDIO_BUFFER_DESCRIPTOR **bdl);
int hdaudbus_bdl_setup(struct hdaudbus_client *c, HANDLE handle, u32 length,
		       u32 lvi, PHDAUDIO_BDL_ISR isr, void *isr_context,
		       struct hdaudbus_buffer_info *info);

/* engine.c, for buffer.c: lookup and hardware programming */
struct hdaudbus_engine *hdaudbus_engine_lookup(struct hdaudbus_client *c,
					       HANDLE handle);
int hdaudbus_engine_program(struct hdaudbus_engine *e);
void hdaudbus_engine_unprogram(struct hdaudbus_engine *e);

#endif /* __HDAUDBUS_ENGINE_H */
