// SPDX-License-Identifier: GPL-2.0-only
/*
 * format.c - encoding of the HD Audio stream format word (SDnFMT), which is
 * also the converter format a client programs into its codec.
 *
 *   15    TYPE  0 = PCM (the bus DDI always encodes PCM)
 *   14    BASE  0 = 48 kHz, 1 = 44.1 kHz
 *   13:11 MULT  multiplier - 1 (x1 .. x4)
 *   10:8  DIV   divisor - 1 (/1 .. /8)
 *   6:4   BITS  0 = 8, 1 = 16, 2 = 20, 3 = 24, 4 = 32 bits per sample
 *   3:0   CHAN  channels - 1
 */
#include <linux/errno.h>
#include <linux/kernel.h>

#include "format.h"

static int hdaudbus_bits_code(u16 valid_bits, u16 container_bits)
{
	/*
	 * How HD Audio lays samples out in memory: 8- and 16-bit samples in
	 * containers of their size, 20-, 24- and 32-bit samples left-justified
	 * in 32-bit containers.  Any other pairing cannot be streamed.
	 */
	switch (valid_bits) {
	case 8:
		return container_bits == 8 ? 0 : -EINVAL;
	case 16:
		return container_bits == 16 ? 1 : -EINVAL;
	case 20:
		return container_bits == 32 ? 2 : -EINVAL;
	case 24:
		return container_bits == 32 ? 3 : -EINVAL;
	case 32:
		return container_bits == 32 ? 4 : -EINVAL;
	default:
		return -EINVAL;
	}
}

/*
 * Any rate that is exactly base * mult / div; among equal encodings the
 * smallest multiplier (then divisor) wins, so each rate has one encoding.
 */
static int hdaudbus_rate_code(u32 rate)
{
	static const u32 bases[] = { 48000, 44100 };
	unsigned int b, mult, div;

	if (!rate)
		return -EINVAL;
	for (mult = 1; mult <= 4; mult++)
		for (div = 1; div <= 8; div++)
			for (b = 0; b < ARRAY_SIZE(bases); b++)
				if ((u64)rate * div == (u64)bases[b] * mult)
					return (b << 14) | ((mult - 1) << 11) |
					       ((div - 1) << 8);
	return -EINVAL;
}

/**
 * hdaudbus_format_encode() - encode a stream format
 * @f: the format
 * @fmt: where to store the 16-bit format word
 *
 * Context: any.
 * Return: 0, or -EINVAL when the controller cannot encode @f (rate not
 * base x mult / div, sample size or container not streamable, channels
 * outside 1..16).  @fmt is written only on success.
 */
int hdaudbus_format_encode(const struct hdaudbus_format *f, u16 *fmt)
{
	int bits, rate;

	if (!f || f->channels < 1 || f->channels > 16)
		return -EINVAL;
	bits = hdaudbus_bits_code(f->valid_bits, f->container_bits);
	if (bits < 0)
		return bits;
	rate = hdaudbus_rate_code(f->rate);
	if (rate < 0)
		return rate;
	*fmt = rate | (bits << 4) | (f->channels - 1);
	return 0;
}

/**
 * hdaudbus_format_frame_bytes() - bytes of one frame in memory
 * @f: a format that hdaudbus_format_encode() accepts
 *
 * Context: any.
 * Return: channels x container bytes.
 */
unsigned int hdaudbus_format_frame_bytes(const struct hdaudbus_format *f)
{
	return f->channels * (f->container_bits / 8);
}
