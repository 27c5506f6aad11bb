/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * unsol.h - unsolicited response callbacks.
 */
#ifndef __HDAUDBUS_UNSOL_H
#define __HDAUDBUS_UNSOL_H

#include <hdaudbus/hdaudio.h>

struct hdaudbus_client;
struct hdaudbus_ctrl;

/* Tags are 6 bits (SET_UNSOLICITED_ENABLE bits 5:0). */
#define HDAUDBUS_UNSOL_TAGS	64

/**
 * struct hdaudbus_unsol_slot - one (codec address, tag) registration
 * @owner: the client that registered it, NULL when free
 * @fn: its callback
 * @context: passed to @fn
 */
struct hdaudbus_unsol_slot {
	struct hdaudbus_client *owner;
	PHDAUDIO_UNSOLICITED_RESPONSE_CALLBACK fn;
	void *context;
};

void hdaudbus_unsol_init(struct hdaudbus_ctrl *ctrl);
int hdaudbus_unsol_register(struct hdaudbus_client *c,
			    PHDAUDIO_UNSOLICITED_RESPONSE_CALLBACK fn,
			    void *context, u8 *tag);
int hdaudbus_unsol_unregister(struct hdaudbus_client *c, unsigned int tag);
unsigned int hdaudbus_unsol_drop(struct hdaudbus_client *c);
void hdaudbus_unsol_dispatch(struct hdaudbus_ctrl *ctrl, unsigned int addr,
			     u32 res);

#endif /* __HDAUDBUS_UNSOL_H */
