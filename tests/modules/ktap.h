/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ktap.h - a minimal KTAP reporter for the hdaudbus test modules.
 *
 * A test module lists its cases in a table and calls ktap_run() from its
 * init function.  Each case gets a struct ktap_case and reports failures
 * with KTAP_EXPECT(); the runner prints "ok"/"not ok" per case.  Output
 * goes to the kernel log at KERN_INFO; the QEMU runner collects it.
 *
 * Only the public header <hdaudbus/hdaudbus.h> and this file are needed:
 * the same shape works for out-of-tree client modules.
 */
#ifndef __HDAUDBUS_TESTS_KTAP_H
#define __HDAUDBUS_TESTS_KTAP_H

#include <linux/kernel.h>
#include <linux/printk.h>

struct ktap_case {
	const char *name;
	unsigned int failures;
	const char *skip;	/* reason, when the case was skipped */
};

struct ktap_test {
	const char *name;
	void (*run)(struct ktap_case *c);
};

#define KTAP_CASE(fn)	{ .name = #fn, .run = fn }

/* Record a failure (with a diagnostic line) when @cond is false. */
#define KTAP_EXPECT(c, cond, fmt, ...)					\
	({								\
		bool __ok = !!(cond);					\
		if (!__ok) {						\
			(c)->failures++;				\
			pr_info("# %s:%d: %s: expected %s: " fmt "\n",	\
				__FILE__, __LINE__, (c)->name, #cond,	\
				##__VA_ARGS__);				\
		}							\
		__ok;							\
	})

#define ktap_diag(fmt, ...)	pr_info("# " fmt "\n", ##__VA_ARGS__)

static inline void ktap_skip(struct ktap_case *c, const char *reason)
{
	c->skip = reason;
}

/**
 * ktap_run() - run a table of test cases and print a KTAP report
 * @suite: suite name printed as a diagnostic
 * @tests: the cases
 * @n: number of cases
 *
 * Return: the number of failed cases.
 */
static inline unsigned int ktap_run(const char *suite,
				    const struct ktap_test *tests,
				    unsigned int n)
{
	unsigned int i, failed = 0;

	pr_info("KTAP version 1\n");
	pr_info("# suite: %s\n", suite);
	pr_info("1..%u\n", n);
	for (i = 0; i < n; i++) {
		struct ktap_case c = { .name = tests[i].name };

		tests[i].run(&c);
		if (c.skip)
			pr_info("ok %u %s # SKIP %s\n", i + 1, c.name, c.skip);
		else if (c.failures)
			pr_info("not ok %u %s\n", i + 1, c.name);
		else
			pr_info("ok %u %s\n", i + 1, c.name);
		if (!c.skip && c.failures)
			failed++;
	}
	pr_info("# %s: %u of %u cases failed\n", suite, failed, n);
	return failed;
}

#endif /* __HDAUDBUS_TESTS_KTAP_H */
