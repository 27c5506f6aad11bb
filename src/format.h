/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * format.h - HDAUDIO_STREAM_FORMAT <-> HD Audio stream format word.
 */
#ifndef __HDAUDBUS_FORMAT_H
#define __HDAUDBUS_FORMAT_H

#include <linux/types.h>

/**
 * struct hdaudbus_format - a PCM stream format, in plain numbers
 * @rate: frames per second
 * @valid_bits: significant bits per sample (8, 16, 20, 24 or 32)
 * @container_bits: bits per sample in memory (8, 16 or 32)
 * @channels: 1 to 16
 */
struct hdaudbus_format {
	u32 rate;
	u16 valid_bits;
	u16 container_bits;
	u16 channels;
};

int hdaudbus_format_encode(const struct hdaudbus_format *f, u16 *fmt);
unsigned int hdaudbus_format_frame_bytes(const struct hdaudbus_format *f);

#endif /* __HDAUDBUS_FORMAT_H */
