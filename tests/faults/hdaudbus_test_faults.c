// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_faults.c - allocation failures inside the DDI (debug kernel,
 * CONFIG_FAULT_INJECTION with FAILSLAB and FAIL_PAGE_ALLOC).
 *
 * For each routine that allocates, the call is repeated with the n-th
 * fault-injection point of this task failing (current->fail_nth = n, as
 * /proc/self/fail-nth does), n = 1, 2, ... until a call gets through
 * without the fault being hit.  Every failing call must return the
 * documented status (STATUS_INSUFFICIENT_RESOURCES, or STATUS_NO_MEMORY for
 * a queued TransferCodecVerbs), and afterwards, with no fault, the same
 * engine must work.  Faults are injected only into calls this task makes,
 * so only snd-hdaudbus's paths (and what they call) fail.  kmemleak, which
 * the harness scans at the end, shows whether a failure path leaked.
 *
 * The routines: interface query, AllocateDmaBufferWithNotification,
 * AllocateDmaBuffer, the BDL interface's AllocateContiguousDmaBuffer and
 * a queued TransferCodecVerbs.  (Controller probe is left out: its faults
 * would land mostly in the PCI, ACPI and IRQ core, whose error paths are
 * not this module's.)
 *
 * The guest suite faults.sh makes GFP_KERNEL and order-0 allocations
 * eligible and the injection quiet before loading this module.
 */
#include <linux/fault-inject.h>
#include <linux/sched.h>

#include "../modules/ddi_client.h"

TC_DRIVER("hdaudbus_test_faults");

#define FT_MAX	64	/* give up after this many injection points */

static unsigned int ft_injected;

/* Run @call with the n-th injection point failing; n counts up. */
#define FT_LOOP(c, name, allowed, call, on_success)			\
	do {								\
		unsigned int __n;					\
		NTSTATUS __st;						\
									\
		for (__n = 1; __n <= FT_MAX; __n++) {			\
			current->fail_nth = __n;			\
			__st = (call);					\
			/* still armed: the call never reached the n-th */ \
			if (current->fail_nth) {			\
				current->fail_nth = 0;			\
				KTAP_EXPECT(c, __st == STATUS_SUCCESS,	\
					    "%s without fault: 0x%08x",	\
					    name, __st);		\
				if (__st == STATUS_SUCCESS)		\
					on_success;			\
				break;					\
			}						\
			ft_injected++;					\
			KTAP_EXPECT(c, __st == (allowed) ||		\
				    __st == STATUS_SUCCESS,		\
				    "%s, fault %u: 0x%08x", name, __n,	\
				    __st);				\
			if (__st == STATUS_SUCCESS)			\
				on_success;				\
		}							\
		ktap_diag("%s: %u injection points", name, __n - 1);	\
	} while (0)

static HDAUDIO_BUS_INTERFACE_V3 ft_bus;
static HANDLE ft_h;
static PMDL ft_mdl;
static SIZE_T ft_size;

static NTSTATUS ft_query(void)
{
	return hdaudbus_query_interface(tc.codec[0],
					&GUID_HDAUDIO_BUS_INTERFACE_V3,
					sizeof(ft_bus), 0x0100,
					(PINTERFACE)&ft_bus);
}

static NTSTATUS ft_alloc_buffer(void)
{
	SIZE_T off;
	ULONG fifo;
	u8 id;

	return ft_bus.AllocateDmaBufferWithNotification(ft_bus.Context, ft_h,
			2, 65536, &ft_mdl, &ft_size, &off, &id, &fifo);
}

static NTSTATUS ft_alloc_v1(void)
{
	ULONG fifo;
	u8 id;

	return ft_bus.AllocateDmaBuffer(ft_bus.Context, ft_h, 16384, &ft_mdl,
					&ft_size, &id, &fifo);
}

static HDAUDIO_BUS_INTERFACE_BDL ft_bdl;
static PVOID ft_data;
static PHDAUDIO_BUFFER_DESCRIPTOR ft_bdle;

static NTSTATUS ft_alloc_bdl(void)
{
	return ft_bdl.AllocateContiguousDmaBuffer(ft_bdl.Context, ft_h, 8192,
						  &ft_data, &ft_bdle);
}

static void ft_cb(HDAUDIO_CODEC_TRANSFER *x, PVOID context)
{
	complete(context);
}

static void faults_in_allocations(struct ktap_case *c)
{
	HDAUDIO_STREAM_FORMAT fmt = tc_format(48000, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv;
	HDAUDIO_CODEC_TRANSFER x = { 0 };
	DECLARE_COMPLETION_ONSTACK(done);
	NTSTATUS st;

	FT_LOOP(c, "query", STATUS_INSUFFICIENT_RESOURCES, ft_query(),
		tc_release(&ft_bus));
	st = ft_query();
	if (!KTAP_EXPECT(c, st == STATUS_SUCCESS, "query: 0x%08x", st))
		return;
	st = ft_bus.AllocateRenderDmaEngine(ft_bus.Context, &fmt, 0, &ft_h,
					    &conv);
	if (!KTAP_EXPECT(c, st == STATUS_SUCCESS, "engine: 0x%08x", st))
		goto out;
	FT_LOOP(c, "AllocateDmaBufferWithNotification",
		STATUS_INSUFFICIENT_RESOURCES, ft_alloc_buffer(),
		ft_bus.FreeDmaBuffer(ft_bus.Context, ft_h));
	/* after every failure the engine still takes a buffer */
	st = ft_alloc_buffer();
	KTAP_EXPECT(c, st == STATUS_SUCCESS && ft_size == 65536,
		    "buffer after the faults: 0x%08x", st);
	ft_bus.FreeDmaBuffer(ft_bus.Context, ft_h);

	FT_LOOP(c, "AllocateDmaBuffer", STATUS_INSUFFICIENT_RESOURCES,
		ft_alloc_v1(), ft_bus.FreeDmaBuffer(ft_bus.Context, ft_h));

	x.Output.Command = AC_VERB_PARAMETERS << 8 | AC_PAR_VENDOR_ID;
	FT_LOOP(c, "TransferCodecVerbs (queued)", STATUS_NO_MEMORY,
		ft_bus.TransferCodecVerbs(ft_bus.Context, 1, &x, ft_cb, &done),
		wait_for_completion(&done));
	KTAP_EXPECT(c, x.Input.IsValid && x.Input.Response == 0x1af40011,
		    "verb after the faults");
	ft_bus.FreeDmaEngine(ft_bus.Context, ft_h);
out:
	tc_release(&ft_bus);
}

static void faults_in_bdl_buffer(struct ktap_case *c)
{
	HDAUDIO_STREAM_FORMAT fmt = tc_format(48000, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv;
	NTSTATUS st;

	st = hdaudbus_query_interface(tc.codec[0],
				      &GUID_HDAUDIO_BUS_INTERFACE_BDL,
				      sizeof(ft_bdl), 0x0100,
				      (PINTERFACE)&ft_bdl);
	if (!KTAP_EXPECT(c, st == STATUS_SUCCESS, "query: 0x%08x", st))
		return;
	st = ft_bdl.AllocateRenderDmaEngine(ft_bdl.Context, &fmt, 0, &ft_h,
					    &conv);
	if (KTAP_EXPECT(c, st == STATUS_SUCCESS, "engine: 0x%08x", st)) {
		FT_LOOP(c, "AllocateContiguousDmaBuffer",
			STATUS_INSUFFICIENT_RESOURCES, ft_alloc_bdl(),
			ft_bdl.FreeContiguousDmaBuffer(ft_bdl.Context, ft_h));
		ft_bdl.FreeDmaEngine(ft_bdl.Context, ft_h);
	}
	ft_bdl.InterfaceDereference(ft_bdl.Context);
}

/* last: the figure for the whole module */
static void faults_total(struct ktap_case *c)
{
	ktap_diag("%u faults injected", ft_injected);
	KTAP_EXPECT(c, ft_injected > 0, "no fault was ever injected");
}

static const struct ktap_test tests[] = {
	KTAP_CASE(faults_in_allocations),
	KTAP_CASE(faults_in_bdl_buffer),
	KTAP_CASE(faults_total),
};

static int __init ft_init(void)
{
	int err = hdaudbus_register_driver(&tc_driver);

	if (err)
		return err;
	ktap_run("hdaudbus_test_faults", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit ft_exit(void)
{
	hdaudbus_unregister_driver(&tc_driver);
}

module_init(ft_init);
module_exit(ft_exit);

MODULE_DESCRIPTION("snd-hdaudbus allocation failure tests (debug kernel)");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
