/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * verbs.h - codec verb transfers (TransferCodecVerbs).
 */
#ifndef __HDAUDBUS_VERBS_H
#define __HDAUDBUS_VERBS_H

#include <hdaudbus/hdaudio.h>

struct hdaudbus_client;

int hdaudbus_verbs_transfer(struct hdaudbus_client *c, u32 count,
			    HDAUDIO_CODEC_TRANSFER *xfer);

#endif /* __HDAUDBUS_VERBS_H */
