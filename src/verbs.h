/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * verbs.h - codec verb transfers (TransferCodecVerbs).
 */
#ifndef __HDAUDBUS_VERBS_H
#define __HDAUDBUS_VERBS_H

#include <linux/workqueue.h>
#include <hdaudbus/hdaudio.h>

struct hdaudbus_client;

int hdaudbus_verbs_transfer(struct hdaudbus_client *c, u32 count,
			    HDAUDIO_CODEC_TRANSFER *xfer);
int hdaudbus_verbs_queue(struct hdaudbus_client *c, u32 count,
			 HDAUDIO_CODEC_TRANSFER *xfer,
			 PHDAUDIO_TRANSFER_COMPLETE_CALLBACK callback,
			 void *context);
void hdaudbus_verbs_work(struct work_struct *work);

#endif /* __HDAUDBUS_VERBS_H */
