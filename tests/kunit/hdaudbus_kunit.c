// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_kunit.c - KUnit tests of snd-hdaudbus's pure logic: the stream
 * format word, the link bandwidth budget, handle encoding, the engine state
 * transitions, buffer sizes and client BDL validation.  Built against the debug
 * kernel (CONFIG_KUNIT) by tests/kernel/run; the sources under test are
 * compiled into this module, so it does not need the bus module.
 */
#include <kunit/test.h>

#include "../../src/format.c"
#include "../../src/bandwidth.c"
#include "../../src/rules.c"

struct fmt_case {
	struct hdaudbus_format f;
	int err;
	u16 val;
};

static const struct fmt_case fmt_cases[] = {
	{ { 48000, 16, 16, 2 }, 0, 0x0011 },
	{ { 44100, 16, 16, 2 }, 0, 0x4011 },
	{ { 22050, 16, 16, 2 }, 0, 0x4111 },
	{ { 96000, 24, 32, 2 }, 0, 0x0831 },
	{ { 192000, 32, 32, 8 }, 0, 0x1847 },
	{ { 8000, 16, 16, 1 }, 0, 0x0510 },
	{ { 32000, 16, 16, 2 }, 0, 0x0a11 },	/* x2 / 3 */
	{ { 11025, 8, 8, 1 }, 0, 0x4300 },	/* 44.1k / 4, 8-bit */
	{ { 176400, 20, 32, 16 }, 0, 0x582f },	/* 44.1k x 4 */
	{ { 0, 16, 16, 2 }, -EINVAL },
	{ { 12345, 16, 16, 2 }, -EINVAL },
	{ { 48000, 16, 16, 0 }, -EINVAL },
	{ { 48000, 16, 16, 17 }, -EINVAL },
	{ { 48000, 24, 24, 2 }, -EINVAL },	/* packed 24-bit */
	{ { 48000, 16, 32, 2 }, -EINVAL },
	{ { 48000, 12, 16, 2 }, -EINVAL },
	{ { 384000, 16, 16, 2 }, -EINVAL },	/* above x4 */
};

static void format_encode_table(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fmt_cases); i++) {
		const struct fmt_case *t = &fmt_cases[i];
		u16 val = 0xdead;
		int err = hdaudbus_format_encode(&t->f, &val);

		KUNIT_EXPECT_EQ_MSG(test, err, t->err, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, val, t->err ? 0xdead : t->val,
				    "case %u", i);
	}
	KUNIT_EXPECT_EQ(test, hdaudbus_format_encode(NULL, NULL), -EINVAL);
}

static void format_frame_bytes(struct kunit *test)
{
	struct hdaudbus_format f = { 48000, 24, 32, 6 };

	KUNIT_EXPECT_EQ(test, hdaudbus_format_frame_bytes(&f), 24U);
	f.container_bits = 16;
	f.channels = 2;
	KUNIT_EXPECT_EQ(test, hdaudbus_format_frame_bytes(&f), 4U);
}

static void bandwidth_words(struct kunit *test)
{
	struct hdaudbus_format f48 = { 48000, 16, 16, 2 };
	struct hdaudbus_format f96 = { 96000, 24, 32, 8 };
	struct hdaudbus_format f192 = { 192000, 32, 32, 8 };
	struct hdaudbus_format f44 = { 44100, 16, 16, 2 };

	KUNIT_EXPECT_EQ(test, hdaudbus_bw_words(&f48), 3U);
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_words(&f96), 25U);
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_words(&f192), 65U);
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_words(&f44), 3U);
}

static void bandwidth_budget(struct kunit *test)
{
	struct hdaudbus_bw bw;

	hdaudbus_bw_init(&bw, 0x3c, 0x1d, 0, 0);
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_reserve(&bw, true, 0, 25), 0);
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_reserve(&bw, true, 0, 25), 0);
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_reserve(&bw, true, 0, 25), -ENOSPC);
	KUNIT_EXPECT_EQ(test, bw.out_used, 50U);
	hdaudbus_bw_release(&bw, true, 0, 25);
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_reserve(&bw, true, 0, 35), 0);
	/* SDI lines are separate budgets */
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_reserve(&bw, false, 1, 17), 0);
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_reserve(&bw, false, 1, 17), -ENOSPC);
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_reserve(&bw, false, 0, 17), 0);
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_reserve(&bw, false, 99, 1), -ENOSPC);
	/* releasing more than reserved never underflows */
	hdaudbus_bw_release(&bw, false, 0, 1000);
	KUNIT_EXPECT_EQ(test, bw.in_used[0], 0U);
	/* per-stream caps */
	hdaudbus_bw_init(&bw, 0x3c, 0x1d, 0x30, 0x18);
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_reserve(&bw, true, 0, 49), -ENOSPC);
	KUNIT_EXPECT_EQ(test, hdaudbus_bw_reserve(&bw, false, 0, 25), -ENOSPC);
	/* registers reading 0 get the ICH budget */
	hdaudbus_bw_init(&bw, 0, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, bw.outpay, 60U);
	KUNIT_EXPECT_EQ(test, bw.inpay, 29U);
}

static void handle_encoding(struct kunit *test)
{
	static const unsigned long bad[] = {
		0, 1, 7, ~0UL, 0xffff888000000000UL,
		0x4845000000000000UL,			/* index 0 */
		0x4845010000000001UL,			/* reserved bits */
		0x4844000000000101UL,			/* wrong marker */
	};
	unsigned int i, index;
	u32 gen;

	for (i = 0; i < 30; i++) {
		HANDLE h = hdaudbus_handle_encode(0x89abcdef + i, i);

		KUNIT_ASSERT_TRUE(test, hdaudbus_handle_decode(h, &gen, &index));
		KUNIT_EXPECT_EQ(test, gen, 0x89abcdefU + i);
		KUNIT_EXPECT_EQ(test, index, i);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_FALSE_MSG(test,
			hdaudbus_handle_decode((HANDLE)bad[i], &gen, &index),
			"0x%lx", bad[i]);
}

static void state_transitions(struct kunit *test)
{
	/* from (row) -> to (column): Reset, Stop, Run */
	static const bool ok[3][3] = {
		{ true, true, false },
		{ true, true, true },
		{ false, true, true },
	};
	unsigned int from, to;

	for (from = 0; from < 3; from++)
		for (to = 0; to < 3; to++)
			KUNIT_EXPECT_EQ_MSG(test,
				hdaudbus_transition_ok(from, to), ok[from][to],
				"%u -> %u", from, to);
}

static void buffer_sizes(struct kunit *test)
{
	struct hdaudbus_format st = { 48000, 16, 16, 2 };
	struct hdaudbus_format six = { 48000, 16, 16, 6 };

	KUNIT_EXPECT_EQ(test, hdaudbus_buffer_size(&st, 2, 1), (size_t)256);
	KUNIT_EXPECT_EQ(test, hdaudbus_buffer_size(&st, 2, 256), (size_t)256);
	KUNIT_EXPECT_EQ(test, hdaudbus_buffer_size(&st, 1, 257), (size_t)512);
	KUNIT_EXPECT_EQ(test, hdaudbus_buffer_size(&st, 2, 19200),
			(size_t)19200);
	KUNIT_EXPECT_EQ(test, hdaudbus_buffer_size(&st, 2, SIZE_MAX),
			(size_t)HDAUDBUS_MAX_BUFFER);
	/* 12-byte frames: halves of lcm(12, 128) = 384 bytes */
	KUNIT_EXPECT_EQ(test, hdaudbus_buffer_size(&six, 2, 1000),
			(size_t)1536);
	KUNIT_EXPECT_EQ(test, hdaudbus_buffer_size(&six, 2, SIZE_MAX),
			(size_t)4194048);
}

static void bdl_validation(struct kunit *test)
{
	HDAUDIO_BUFFER_DESCRIPTOR bdl[4];
	const u64 base = 0x10000;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		bdl[i].Address.QuadPart = base + i * 1024;
		bdl[i].Length = 1024;
		bdl[i].InterruptOnCompletion = i & 1;
	}
	KUNIT_EXPECT_EQ(test, hdaudbus_bdl_check(bdl, 3, base, 4096, 4096), 0);
	KUNIT_EXPECT_EQ(test, hdaudbus_bdl_check(bdl, 1, base, 4096, 2048), 0);
	KUNIT_EXPECT_EQ(test, hdaudbus_bdl_check(bdl, 3, base, 4096, 4000),
			-EINVAL);		/* sum */
	KUNIT_EXPECT_EQ(test, hdaudbus_bdl_check(bdl, 3, base, 4095, 4096),
			-EINVAL);		/* past the end */
	KUNIT_EXPECT_EQ(test, hdaudbus_bdl_check(bdl, 3, base + 128, 4096,
						 4096), -EINVAL);	/* before */
	bdl[2].Address.QuadPart += 4;
	KUNIT_EXPECT_EQ(test, hdaudbus_bdl_check(bdl, 3, base, 8192, 4096),
			-EINVAL);		/* misaligned */
	bdl[2].Address.QuadPart -= 4;
	bdl[1].InterruptOnCompletion = 2;
	KUNIT_EXPECT_EQ(test, hdaudbus_bdl_check(bdl, 3, base, 4096, 4096),
			-EINVAL);		/* IOC flag */
	bdl[1].InterruptOnCompletion = 1;
	bdl[3].Length = 0;
	KUNIT_EXPECT_EQ(test, hdaudbus_bdl_check(bdl, 3, base, 4096, 3072),
			-EINVAL);		/* empty entry */
}

static struct kunit_case hdaudbus_logic_cases[] = {
	KUNIT_CASE(handle_encoding),
	KUNIT_CASE(state_transitions),
	KUNIT_CASE(buffer_sizes),
	KUNIT_CASE(bdl_validation),
	KUNIT_CASE(format_encode_table),
	KUNIT_CASE(format_frame_bytes),
	KUNIT_CASE(bandwidth_words),
	KUNIT_CASE(bandwidth_budget),
	{}
};

static struct kunit_suite hdaudbus_logic_suite = {
	.name = "hdaudbus_logic",
	.test_cases = hdaudbus_logic_cases,
};

kunit_test_suite(hdaudbus_logic_suite);

MODULE_DESCRIPTION("KUnit tests of snd-hdaudbus's pure logic");
MODULE_LICENSE("GPL");
