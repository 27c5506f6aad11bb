// SPDX-License-Identifier: GPL-2.0-only
/*
 * bandwidth.c - link bandwidth accounting for Allocate*DmaEngine and
 * ChangeBandwidthAllocation.
 *
 * The HD Audio link runs one frame per 48 kHz period.  The controller
 * announces what a frame can carry, in 16-bit words (HD Audio spec 3.3.4
 * to 3.3.6, 3.3.12, 3.3.13):
 *
 *   OUTPAY      words per frame on the SDO line (ICH: 0x3c = 60)
 *   INPAY       words per frame on each SDI line (ICH: 0x1d = 29)
 *   OUTSTRMPAY  words per frame one output stream may use (ICH: 0x30)
 *   INSTRMPAY   words per frame one input stream may use (ICH: 0x18)
 *
 * A stream with rate R, C channels and S-bit samples carries, in the worst
 * frame, ceil(R / 48000) samples per channel (a 44.1 kHz stream has frames
 * with one sample and frames with none), S bits each as the format's BITS
 * field sends them, plus a stream packet header, counted as one word:
 *
 *   words = ceil(ceil(R / 48000) * C * S / 16) + 1
 *
 * e.g. 48 kHz 16-bit stereo: 3 words; 96 kHz 24-bit 8 channels: 25 words;
 * 192 kHz 32-bit 8 channels: 65 words, more than an ICH link carries.
 *
 * Output streams are charged to the SDO line (striping is not used, see
 * Documentation/ddi.rst), input streams to the SDI line of their codec
 * address.  A register that reads 0 (not implemented, as on some emulators)
 * is replaced by the ICH value for the line budget and by "no limit" for
 * the per-stream caps.
 */
#include <linux/errno.h>
#include <linux/kernel.h>

#include "bandwidth.h"

#define HDAUDBUS_DEFAULT_OUTPAY	0x3c
#define HDAUDBUS_DEFAULT_INPAY	0x1d

/**
 * hdaudbus_bw_words() - link words per frame a stream needs
 * @f: an encodable format
 *
 * Context: any.
 * Return: the words, as in the formula above.
 */
unsigned int hdaudbus_bw_words(const struct hdaudbus_format *f)
{
	unsigned int per_frame = DIV_ROUND_UP(f->rate, 48000);

	return DIV_ROUND_UP(per_frame * f->channels * f->valid_bits, 16) + 1;
}

/**
 * hdaudbus_bw_init() - set a controller's budget from its registers
 * @bw: the accounting
 * @outpay: OUTPAY
 * @inpay: INPAY
 * @outstrmpay: OUTSTRMPAY
 * @instrmpay: INSTRMPAY
 *
 * Context: any.
 */
void hdaudbus_bw_init(struct hdaudbus_bw *bw, u16 outpay, u16 inpay,
		      u16 outstrmpay, u16 instrmpay)
{
	memset(bw, 0, sizeof(*bw));
	bw->outpay = outpay ? outpay : HDAUDBUS_DEFAULT_OUTPAY;
	bw->inpay = inpay ? inpay : HDAUDBUS_DEFAULT_INPAY;
	bw->outstrmpay = outstrmpay;
	bw->instrmpay = instrmpay;
}

/**
 * hdaudbus_bw_reserve() - reserve words for a stream
 * @bw: the accounting (bus.reg_lock held)
 * @output: SDO (true) or SDI
 * @sdi: SDI line (codec address) of an input stream
 * @words: from hdaudbus_bw_words()
 *
 * Context: any; the caller holds bus.reg_lock.
 * Return: 0, or -ENOSPC when the stream or the line would exceed its
 * budget (nothing is reserved then).
 */
int hdaudbus_bw_reserve(struct hdaudbus_bw *bw, bool output, unsigned int sdi,
			unsigned int words)
{
	unsigned int *used, limit, cap;

	if (output) {
		used = &bw->out_used;
		limit = bw->outpay;
		cap = bw->outstrmpay;
	} else {
		if (sdi >= ARRAY_SIZE(bw->in_used))
			return -ENOSPC;
		used = &bw->in_used[sdi];
		limit = bw->inpay;
		cap = bw->instrmpay;
	}
	if ((cap && words > cap) || *used + words > limit)
		return -ENOSPC;
	*used += words;
	return 0;
}

/**
 * hdaudbus_bw_release() - give back what hdaudbus_bw_reserve() took
 * @bw: the accounting (bus.reg_lock held)
 * @output: SDO (true) or SDI
 * @sdi: SDI line of an input stream
 * @words: the words reserved
 *
 * Context: any; the caller holds bus.reg_lock.
 */
void hdaudbus_bw_release(struct hdaudbus_bw *bw, bool output,
			 unsigned int sdi, unsigned int words)
{
	unsigned int *used = output ? &bw->out_used :
			     sdi < ARRAY_SIZE(bw->in_used) ? &bw->in_used[sdi] :
			     NULL;

	if (used)
		*used -= min(*used, words);
}
