// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_kunit.c - KUnit tests of snd-hdaudbus's pure logic: the stream
 * format word and the link bandwidth budget.  Built against the debug
 * kernel (CONFIG_KUNIT) by tests/kernel/run; the sources under test are
 * compiled into this module, so it does not need the bus module.
 */
#include <kunit/test.h>

#include "../../src/format.c"
#include "../../src/bandwidth.c"

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

static struct kunit_case hdaudbus_logic_cases[] = {
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

MODULE_DESCRIPTION("KUnit tests of snd-hdaudbus's format and bandwidth logic");
MODULE_LICENSE("GPL");
