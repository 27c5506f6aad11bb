// SPDX-License-Identifier: GPL-2.0-only
/*
 * rules.c - the pure rules of the DDI; see rules.h.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/lcm.h>

#include "rules.h"

/* "HE" in the top 16 bits, a 32-bit generation, the index + 1 in bits 7:0 */
#define HDAUDBUS_HANDLE_MAGIC	0x4845UL
#define HDAUDBUS_HANDLE_SHIFT	48

/**
 * hdaudbus_handle_encode() - the HANDLE of an engine
 * @gen: the engine's generation (never 0)
 * @index: its stream descriptor index (0..29)
 *
 * Context: any.
 * Return: {marker, generation, index + 1}, never a pointer.
 */
HANDLE hdaudbus_handle_encode(u32 gen, unsigned int index)
{
	return (HANDLE)((HDAUDBUS_HANDLE_MAGIC << HDAUDBUS_HANDLE_SHIFT) |
			((unsigned long)gen << 8) | (index + 1));
}

/**
 * hdaudbus_handle_decode() - take a HANDLE apart, without trusting it
 * @handle: what a client passed
 * @gen: out: the generation
 * @index: out: the stream descriptor index
 *
 * Context: any.
 * Return: false unless @handle has the marker, zero reserved bits and an
 * index; the caller still checks range, owner and generation.
 */
bool hdaudbus_handle_decode(HANDLE handle, u32 *gen, unsigned int *index)
{
	unsigned long v = (unsigned long)handle;

	if ((v >> HDAUDBUS_HANDLE_SHIFT) != HDAUDBUS_HANDLE_MAGIC ||
	    (v & GENMASK(HDAUDBUS_HANDLE_SHIFT - 1, 40)) || !(v & 0xff))
		return false;
	*gen = (u32)(v >> 8);
	*index = (v & 0xff) - 1;
	return true;
}

/**
 * hdaudbus_transition_ok() - may an engine go from @from to @to?
 * @from: its state
 * @to: the requested state
 *
 * Reset <-> Run must pass through Stop; every other change, and staying in
 * the same state, is allowed (a buffer is checked separately).
 *
 * Context: any.
 * Return: true when allowed.
 */
bool hdaudbus_transition_ok(enum hdaudbus_engine_state from,
			    enum hdaudbus_engine_state to)
{
	return !((from == HDAUDBUS_ENGINE_RESET && to == HDAUDBUS_ENGINE_RUN) ||
		 (from == HDAUDBUS_ENGINE_RUN && to == HDAUDBUS_ENGINE_RESET));
}

/**
 * hdaudbus_buffer_size() - the size the bus allocates for a request
 * @fmt: the engine's format
 * @notifications: 0, 1 or 2
 * @requested: bytes asked for, at least 1
 *
 * The BDL has two entries split at the midpoint; each must start 128-byte
 * aligned and hold whole frames, so the size is a multiple of
 * 2 * lcm(frame bytes, 128), at most HDAUDBUS_MAX_BUFFER.
 *
 * Context: any.
 * Return: the usable size closest to @requested, never 0.
 */
size_t hdaudbus_buffer_size(const struct hdaudbus_format *fmt,
			    unsigned int notifications, size_t requested)
{
	size_t unit = 2 * lcm(hdaudbus_format_frame_bytes(fmt), 128);
	size_t max = rounddown(HDAUDBUS_MAX_BUFFER, unit);

	if (requested >= max)
		return max;
	return max_t(size_t, unit, roundup(requested, unit));
}

/**
 * hdaudbus_bdl_check() - validate a client-built BDL
 * @bdl: the entries
 * @lvi: last valid index
 * @buf_addr: bus address of the data buffer
 * @buf_size: its size
 * @length: the cyclic buffer length the client claims
 *
 * Every entry 0..@lvi starts 128-byte aligned inside the buffer, is not
 * empty, ends inside it and has IOC 0 or 1; the lengths add up to @length.
 *
 * Context: any.
 * Return: 0 or -EINVAL.
 */
int hdaudbus_bdl_check(const HDAUDIO_BUFFER_DESCRIPTOR *bdl, unsigned int lvi,
		       u64 buf_addr, size_t buf_size, u32 length)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i <= lvi; i++) {
		u64 addr = (u64)bdl[i].Address.QuadPart;
		u32 len = bdl[i].Length;

		if ((addr & 127) || !len || addr < buf_addr ||
		    addr - buf_addr > buf_size ||
		    len > buf_size - (addr - buf_addr) ||
		    bdl[i].InterruptOnCompletion > 1)
			return -EINVAL;
		sum += len;
	}
	return sum == length ? 0 : -EINVAL;
}
