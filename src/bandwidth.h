/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bandwidth.h - HD Audio link bandwidth accounting.
 */
#ifndef __HDAUDBUS_BANDWIDTH_H
#define __HDAUDBUS_BANDWIDTH_H

#include <sound/hdaudio.h>

#include "format.h"

/**
 * struct hdaudbus_bw - the link budget of a controller and its use
 * @outpay: 16-bit words per 48 kHz frame the SDO line carries (OUTPAY)
 * @inpay: words per frame each SDI line carries (INPAY)
 * @outstrmpay: most words one output stream may use (OUTSTRMPAY), 0 = none
 * @instrmpay: most words one input stream may use (INSTRMPAY), 0 = none
 * @out_used: words reserved on the SDO line
 * @in_used: words reserved on each SDI line (codec address)
 *
 * The budget is read at probe; the use is protected by bus.reg_lock.
 */
struct hdaudbus_bw {
	unsigned int outpay;
	unsigned int inpay;
	unsigned int outstrmpay;
	unsigned int instrmpay;
	unsigned int out_used;
	unsigned int in_used[HDA_MAX_CODECS];
};

unsigned int hdaudbus_bw_words(const struct hdaudbus_format *f);
void hdaudbus_bw_init(struct hdaudbus_bw *bw, u16 outpay, u16 inpay,
		      u16 outstrmpay, u16 instrmpay);
int hdaudbus_bw_reserve(struct hdaudbus_bw *bw, bool output, unsigned int sdi,
			unsigned int words);
void hdaudbus_bw_release(struct hdaudbus_bw *bw, bool output,
			 unsigned int sdi, unsigned int words);

#endif /* __HDAUDBUS_BANDWIDTH_H */
