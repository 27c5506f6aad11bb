/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rules.h - the pure rules of the DDI (no hardware, no locks), in one
 * place so that KUnit can test them directly: handle encoding, engine
 * state transitions, buffer sizes and client BDL validation.
 */
#ifndef __HDAUDBUS_RULES_H
#define __HDAUDBUS_RULES_H

#include <linux/types.h>
#include <hdaudbus/hdaudio.h>

#include "format.h"

/* Largest DMA buffer the bus allocates (the size snd-hda-intel caps at). */
#define HDAUDBUS_MAX_BUFFER	(4U << 20)

/* Values equal HDAUDIO_STREAM_STATE's (Stop and Pause are one state). */
enum hdaudbus_engine_state {
	HDAUDBUS_ENGINE_RESET = 0,
	HDAUDBUS_ENGINE_STOP = 1,
	HDAUDBUS_ENGINE_RUN = 2,
};

HANDLE hdaudbus_handle_encode(u32 gen, unsigned int index);
bool hdaudbus_handle_decode(HANDLE handle, u32 *gen, unsigned int *index);
bool hdaudbus_transition_ok(enum hdaudbus_engine_state from,
			    enum hdaudbus_engine_state to);
size_t hdaudbus_buffer_size(const struct hdaudbus_format *fmt,
			    unsigned int notifications, size_t requested);
int hdaudbus_bdl_check(const HDAUDIO_BUFFER_DESCRIPTOR *bdl, unsigned int lvi,
		       u64 buf_addr, size_t buf_size, u32 length);

#endif /* __HDAUDBUS_RULES_H */
