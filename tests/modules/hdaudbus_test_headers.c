// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_headers.c - checks of the public DDI headers and of the
 * Windows vocabulary behind them: bit-field layouts, sizes, GUIDs, status
 * codes and their errno mapping, IRQL, KEVENT, MDL and register accessors.
 *
 * Loading the module runs the suite and prints a KTAP report; the module
 * then stays loaded doing nothing.  Everything a callback or a helper
 * thread touches is static, so a case that times out cannot leave a
 * dangling pointer to a stack frame behind.
 */

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/hardirq.h>
#include <linux/highmem.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>

#include <hdaudbus/ntstatus.h>
#include <hdaudbus/wdm.h>
#include <hdaudbus/hdaudio.h>

#include "ktap.h"

#define EXPECT_EQ(c, a, b)						\
	KTAP_EXPECT(c, (u64)(a) == (u64)(b), "%s = %#llx, want %#llx",	\
		    #a, (u64)(a), (u64)(b))

static s64 elapsed_ms(ktime_t start)
{
	return ktime_ms_delta(ktime_get(), start);
}

/* ---------------------------------------------------------------------- */

/* The whole word of a zeroed @type after setting only @field to @val. */
#define FIELD_WORD(type, word, field, val)				\
	({ type __x; memset(&__x, 0, sizeof(__x)); __x.field = (val);	\
	   (u64)__x.word; })

#define CMD(field, val)	FIELD_WORD(HDAUDIO_CODEC_COMMAND, Command, field, val)
#define RSP(field, val)	\
	FIELD_WORD(HDAUDIO_CODEC_RESPONSE, CompleteResponse, field, val)
#define FMT(field, val)	\
	FIELD_WORD(HDAUDIO_CONVERTER_FORMAT, ConverterFormat, field, val)

static void test_codec_command_layout(struct ktap_case *c)
{
	HDAUDIO_CODEC_COMMAND cmd = { .Command = 0 };

	EXPECT_EQ(c, CMD(Verb8.Data, 0xff), 0x000000ff);
	EXPECT_EQ(c, CMD(Verb8.VerbId, 0xfff), 0x000fff00);
	EXPECT_EQ(c, CMD(Verb8.Node, 0xff), 0x0ff00000);
	EXPECT_EQ(c, CMD(Verb8.CodecAddress, 0xf), 0xf0000000);
	EXPECT_EQ(c, CMD(Verb16.Data, 0xffff), 0x0000ffff);
	EXPECT_EQ(c, CMD(Verb16.VerbId, 0xf), 0x000f0000);
	EXPECT_EQ(c, CMD(Verb16.Node, 0xff), 0x0ff00000);
	EXPECT_EQ(c, CMD(Verb16.CodecAddress, 0xf), 0xf0000000);

	/* Get Parameter (0xf00) 0x00 to node 0 of codec 2. */
	cmd.Verb8.CodecAddress = 2;
	cmd.Verb8.Node = 0;
	cmd.Verb8.VerbId = 0xf00;
	cmd.Verb8.Data = 0x00;
	EXPECT_EQ(c, cmd.Command, 0x200f0000);

	/* Set Converter Format (0x2) 0x0011 to node 0x10 of codec 0. */
	cmd.Command = 0;
	cmd.Verb16.Node = 0x10;
	cmd.Verb16.VerbId = 0x2;
	cmd.Verb16.Data = 0x0011;
	EXPECT_EQ(c, cmd.Command, 0x01020011);

	cmd.Command = 0x1a2b3c4d;
	EXPECT_EQ(c, cmd.Verb8.CodecAddress, 0x1);
	EXPECT_EQ(c, cmd.Verb8.Node, 0xa2);
	EXPECT_EQ(c, cmd.Verb8.VerbId, 0xb3c);
	EXPECT_EQ(c, cmd.Verb8.Data, 0x4d);
	EXPECT_EQ(c, cmd.Verb16.VerbId, 0xb);
	EXPECT_EQ(c, cmd.Verb16.Data, 0x3c4d);
}

static void test_codec_response_layout(struct ktap_case *c)
{
	HDAUDIO_CODEC_RESPONSE r = { .CompleteResponse = 0 };

	EXPECT_EQ(c, RSP(IsValid, 1), BIT_ULL(63));
	EXPECT_EQ(c, RSP(HasFifoOverrun, 1), BIT_ULL(62));
	EXPECT_EQ(c, RSP(IsUnsolicitedResponse, 1), BIT_ULL(36));
	EXPECT_EQ(c, RSP(SDataIn, 0xf), GENMASK_ULL(35, 32));
	EXPECT_EQ(c, RSP(Unsolicited.Tag, 0x3f), GENMASK_ULL(31, 26));
	EXPECT_EQ(c, RSP(Unsolicited.SubTag, 0x1f), GENMASK_ULL(25, 21));
	EXPECT_EQ(c, RSP(Unsolicited.Response, 0x1fffff), GENMASK_ULL(20, 0));
	EXPECT_EQ(c, RSP(Response, 0xffffffff), GENMASK_ULL(31, 0));

	/* Every named field set: bits 61:37 (the pad) stay clear. */
	r.Response = 0xffffffff;
	r.SDataIn = 0xf;
	r.IsUnsolicitedResponse = 1;
	r.HasFifoOverrun = 1;
	r.IsValid = 1;
	EXPECT_EQ(c, r.CompleteResponse, 0xc000001fffffffffULL);

	/* Valid unsolicited response, tag 0x2a subtag 0x11, from SDI 5. */
	r.CompleteResponse = 0x80000015aa212345ULL;
	EXPECT_EQ(c, r.IsValid, 1);
	EXPECT_EQ(c, r.HasFifoOverrun, 0);
	EXPECT_EQ(c, r.IsUnsolicitedResponse, 1);
	EXPECT_EQ(c, r.SDataIn, 5);
	EXPECT_EQ(c, r.Unsolicited.Tag, 0x2a);
	EXPECT_EQ(c, r.Unsolicited.SubTag, 0x11);
	EXPECT_EQ(c, r.Unsolicited.Response, 0x12345);
	EXPECT_EQ(c, r.Response, 0xaa212345);
}

static void test_converter_format_layout(struct ktap_case *c)
{
	HDAUDIO_CONVERTER_FORMAT f = { .ConverterFormat = 0 };

	EXPECT_EQ(c, FMT(NumberOfChannels, 0xf), 0x000f);
	EXPECT_EQ(c, FMT(BitsPerSample, 0x7), 0x0070);
	EXPECT_EQ(c, FMT(SampleRate, 0x7f), 0x7f00);	/* bit 7 reserved */
	EXPECT_EQ(c, FMT(StreamType, 1), 0x8000);

	/* 48 kHz (BASE 0, MULT x1, DIV /1), 16 bits, 2 channels. */
	f.NumberOfChannels = 2 - 1;
	f.BitsPerSample = 1;
	f.SampleRate = 0;
	f.StreamType = 0;
	EXPECT_EQ(c, f.ConverterFormat, 0x0011);
	f.SampleRate = 0x40;	/* 44.1 kHz: BASE = bit 6 of SampleRate */
	EXPECT_EQ(c, f.ConverterFormat, 0x4011);
	f.SampleRate = 0x41;	/* 22.05 kHz: BASE 1, DIV /2 */
	EXPECT_EQ(c, f.ConverterFormat, 0x4111);
	f.SampleRate = 0x08;	/* 96 kHz: MULT x2 = bits 5:3 of SampleRate */
	f.BitsPerSample = 3;	/* 24 bits */
	EXPECT_EQ(c, f.ConverterFormat, 0x0831);

	f.ConverterFormat = 0x4111;
	EXPECT_EQ(c, f.NumberOfChannels, 1);
	EXPECT_EQ(c, f.BitsPerSample, 1);
	EXPECT_EQ(c, f.SampleRate, 0x41);
	EXPECT_EQ(c, f.StreamType, 0);
}

#define EXPECT_OFF(c, type, member, off)	\
	EXPECT_EQ(c, offsetof(type, member), off)

static void test_struct_sizes(struct ktap_case *c)
{
	LARGE_INTEGER li = { .QuadPart = 0x1122334455667788LL };
	size_t p = sizeof(void *);

	EXPECT_EQ(c, sizeof(HDAUDIO_CODEC_COMMAND), 4);
	EXPECT_EQ(c, sizeof(HDAUDIO_CODEC_RESPONSE), 8);
	EXPECT_EQ(c, __alignof__(HDAUDIO_CODEC_RESPONSE), 8);
	EXPECT_EQ(c, sizeof(HDAUDIO_CODEC_TRANSFER), 16);
	EXPECT_OFF(c, HDAUDIO_CODEC_TRANSFER, Input, 8);
	EXPECT_EQ(c, sizeof(HDAUDIO_STREAM_FORMAT), 12);
	EXPECT_OFF(c, HDAUDIO_STREAM_FORMAT, NumberOfChannels, 8);
	EXPECT_EQ(c, sizeof(HDAUDIO_CONVERTER_FORMAT), 2);
	EXPECT_EQ(c, sizeof(HDAUDIO_STREAM_STATE), 4);
	EXPECT_EQ(c, sizeof(HDAUDIO_DEVICE_INFORMATION), 10);
	EXPECT_EQ(c, sizeof(HDAUDIO_DEVICE_INFORMATION_V2), 14);
	EXPECT_OFF(c, HDAUDIO_DEVICE_INFORMATION_V2, CtrlRevision, 9);
	EXPECT_OFF(c, HDAUDIO_DEVICE_INFORMATION_V2, CtrlVendorId, 10);
	EXPECT_OFF(c, HDAUDIO_DEVICE_INFORMATION_V2, CtrlDeviceId, 12);
	EXPECT_EQ(c, sizeof(HDAUDIO_BUFFER_DESCRIPTOR), 16);
	EXPECT_OFF(c, HDAUDIO_BUFFER_DESCRIPTOR, Length, 8);
	EXPECT_OFF(c, HDAUDIO_BUFFER_DESCRIPTOR, InterruptOnCompletion, 12);
	EXPECT_EQ(c, sizeof(GUID), 16);
	EXPECT_EQ(c, ResetState, 0);
	EXPECT_EQ(c, StopState, 1);
	EXPECT_EQ(c, PauseState, 1);
	EXPECT_EQ(c, RunState, 2);
	EXPECT_EQ(c, PowerCodecMaximum, 6);

	EXPECT_EQ(c, sizeof(LARGE_INTEGER), 8);
	EXPECT_EQ(c, li.LowPart, 0x55667788);
	EXPECT_EQ(c, li.HighPart, 0x11223344);
	EXPECT_EQ(c, li.u.LowPart, 0x55667788);

	/* Routine i at sizeof(INTERFACE) + i pointers, on any ABI. */
	EXPECT_EQ(c, sizeof(INTERFACE), 4 * p);
	EXPECT_EQ(c, sizeof(HDAUDIO_BUS_INTERFACE), 18 * p);
	EXPECT_EQ(c, sizeof(HDAUDIO_BUS_INTERFACE_BDL), 19 * p);
	EXPECT_EQ(c, sizeof(HDAUDIO_BUS_INTERFACE_V2), 22 * p);
	EXPECT_EQ(c, sizeof(HDAUDIO_BUS_INTERFACE_V3), 24 * p);

	if (!IS_ENABLED(CONFIG_X86_64))
		return;
	EXPECT_EQ(c, sizeof(HDAUDIO_BUS_INTERFACE), 144);
	EXPECT_EQ(c, sizeof(HDAUDIO_BUS_INTERFACE_BDL), 152);
	EXPECT_EQ(c, sizeof(HDAUDIO_BUS_INTERFACE_V2), 176);
	EXPECT_EQ(c, sizeof(HDAUDIO_BUS_INTERFACE_V3), 192);
	EXPECT_OFF(c, HDAUDIO_BUS_INTERFACE, TransferCodecVerbs, 32);
	EXPECT_OFF(c, HDAUDIO_BUS_INTERFACE, FreeDmaBuffer, 72);
	EXPECT_OFF(c, HDAUDIO_BUS_INTERFACE, GetResourceInformation, 136);
	EXPECT_OFF(c, HDAUDIO_BUS_INTERFACE_BDL, AllocateContiguousDmaBuffer, 64);
	EXPECT_OFF(c, HDAUDIO_BUS_INTERFACE_BDL, GetWallClockRegister, 104);
	EXPECT_OFF(c, HDAUDIO_BUS_INTERFACE_BDL, GetResourceInformation, 144);
	EXPECT_OFF(c, HDAUDIO_BUS_INTERFACE_V2, RegisterEventCallback, 112);
	EXPECT_OFF(c, HDAUDIO_BUS_INTERFACE_V2, UnregisterNotificationEvent, 168);
	EXPECT_OFF(c, HDAUDIO_BUS_INTERFACE_V3, FreeDmaBufferWithNotification,
		   152);
	EXPECT_OFF(c, HDAUDIO_BUS_INTERFACE_V3, UnregisterNotificationCallback,
		   184);
}

/* ---------------------------------------------------------------------- */

static void test_guids(struct ktap_case *c)
{
	static const struct {
		const char *name;
		const GUID *got;
		GUID want;
	} tab[] = {
		{ "BUS_INTERFACE", &GUID_HDAUDIO_BUS_INTERFACE,
		  { 0xd2eaf88b, 0xab18, 0x41a8,
		    { 0xb6, 0x64, 0x8d, 0x59, 0x21, 0x67, 0x67, 0x1b } } },
		{ "BUS_INTERFACE_BDL", &GUID_HDAUDIO_BUS_INTERFACE_BDL,
		  { 0xb4d65397, 0x5634, 0x40b0,
		    { 0xb0, 0x68, 0xf5, 0xb9, 0xf8, 0xb9, 0x67, 0xa5 } } },
		{ "BUS_INTERFACE_V2", &GUID_HDAUDIO_BUS_INTERFACE_V2,
		  { 0xb52af5fb, 0x424b, 0x4bb9,
		    { 0xa1, 0x60, 0x5b, 0x38, 0xbe, 0x94, 0xe5, 0x68 } } },
		{ "BUS_INTERFACE_V3", &GUID_HDAUDIO_BUS_INTERFACE_V3,
		  { 0xdc25da12, 0xbcd1, 0x4c7f,
		    { 0x84, 0xe1, 0x02, 0xad, 0xb6, 0xdc, 0xdc, 0xbf } } },
		{ "BUS_CLASS", &GUID_HDAUDIO_BUS_CLASS,
		  { 0xbbd1a745, 0xadd6, 0x4575,
		    { 0x9c, 0x2e, 0x9b, 0x42, 0x8d, 0x1c, 0x32, 0x66 } } },
	};
	static const u8 v1_bytes[16] = {
		0x8b, 0xf8, 0xea, 0xd2, 0x18, 0xab, 0xa8, 0x41,
		0xb6, 0x64, 0x8d, 0x59, 0x21, 0x67, 0x67, 0x1b,
	};
	unsigned int i, j;
	GUID g;

	for (i = 0; i < ARRAY_SIZE(tab); i++) {
		KTAP_EXPECT(c, IsEqualGUID(tab[i].got, &tab[i].want),
			    "GUID_HDAUDIO_%s = %08x-%04x-%04x-%*phN",
			    tab[i].name, tab[i].got->Data1, tab[i].got->Data2,
			    tab[i].got->Data3, 8, tab[i].got->Data4);
		for (j = 0; j < ARRAY_SIZE(tab); j++)
			if (i != j)
				KTAP_EXPECT(c, !hdaudbus_guid_equal(tab[i].got,
								    tab[j].got),
					    "%s vs %s", tab[i].name,
					    tab[j].name);
		g = *tab[i].got;
		g.Data4[7] ^= 1;
		KTAP_EXPECT(c, !hdaudbus_guid_equal(&g, tab[i].got), "%s Data4",
			    tab[i].name);
		g = *tab[i].got;
		g.Data1 ^= 0x80000000;
		KTAP_EXPECT(c, !hdaudbus_guid_equal(&g, tab[i].got), "%s Data1",
			    tab[i].name);
	}
	/* The in-memory form is the Windows one (little-endian fields). */
	KTAP_EXPECT(c, !memcmp(&GUID_HDAUDIO_BUS_INTERFACE, v1_bytes, 16),
		    "%16phN", &GUID_HDAUDIO_BUS_INTERFACE);
}

/* ---------------------------------------------------------------------- */

#define NTS(code, value, err)	{ #code, code, value, err }

static void test_ntstatus_values(struct ktap_case *c)
{
	/* Each code, its Windows value and hdaudbus_ntstatus_to_errno(). */
	static const struct {
		const char *name;
		NTSTATUS st;
		u32 value;
		int err;
	} tab[] = {
		NTS(STATUS_SUCCESS, 0x00000000, 0),
		NTS(STATUS_WAIT_0, 0x00000000, 0),
		NTS(STATUS_ALERTED, 0x00000101, -EINTR),
		NTS(STATUS_TIMEOUT, 0x00000102, -ETIMEDOUT),
		NTS(STATUS_PENDING, 0x00000103, -EINPROGRESS),
		NTS(STATUS_UNSUCCESSFUL, 0xc0000001, -EPERM),
		NTS(STATUS_NOT_IMPLEMENTED, 0xc0000002, -EOPNOTSUPP),
		NTS(STATUS_INVALID_HANDLE, 0xc0000008, -EBADF),
		NTS(STATUS_INVALID_PARAMETER, 0xc000000d, -EINVAL),
		NTS(STATUS_NO_SUCH_DEVICE, 0xc000000e, -ENODEV),
		NTS(STATUS_INVALID_DEVICE_REQUEST, 0xc0000010, -EBUSY),
		NTS(STATUS_NO_MEMORY, 0xc0000017, -ENOMEM),
		NTS(STATUS_BUFFER_TOO_SMALL, 0xc0000023, -ENOBUFS),
		NTS(STATUS_INSUFFICIENT_RESOURCES, 0xc000009a, -ENOMEM),
		NTS(STATUS_DEVICE_NOT_CONNECTED, 0xc000009d, -ENODEV),
		NTS(STATUS_DEVICE_NOT_READY, 0xc00000a3, -ETIMEDOUT),
		NTS(STATUS_IO_TIMEOUT, 0xc00000b5, -ETIMEDOUT),
		NTS(STATUS_NOT_SUPPORTED, 0xc00000bb, -EOPNOTSUPP),
		NTS(STATUS_DEVICE_DOES_NOT_EXIST, 0xc00000c0, -ENODEV),
		NTS(STATUS_INVALID_DEVICE_STATE, 0xc0000184, -EBUSY),
		NTS(STATUS_IO_DEVICE_ERROR, 0xc0000185, -EIO),
		NTS(STATUS_NOT_FOUND, 0xc0000225, -ENOENT),
		NTS(STATUS_RETRY, 0xc000022d, -EAGAIN),
		/* Not defined by the header: by severity. */
		NTS((NTSTATUS)0x00000005L, 0x00000005, 0),
		NTS((NTSTATUS)0x40000000L, 0x40000000, 0),
		NTS((NTSTATUS)0x80000005L, 0x80000005, -EIO),
		NTS((NTSTATUS)0xc0001234L, 0xc0001234, -EIO),
	};
	unsigned int i;

	EXPECT_EQ(c, sizeof(NTSTATUS), 4);
	for (i = 0; i < ARRAY_SIZE(tab); i++) {
		NTSTATUS st = tab[i].st;
		u32 sev = tab[i].value >> 30;

		KTAP_EXPECT(c, (u32)st == tab[i].value, "%s = %#x",
			    tab[i].name, (u32)st);
		KTAP_EXPECT(c, NT_SUCCESS(st) == (sev <= 1) &&
			    NT_INFORMATION(st) == (sev == 1) &&
			    NT_WARNING(st) == (sev == 2) &&
			    NT_ERROR(st) == (sev == 3) && (st < 0) == (sev >= 2),
			    "%s severity", tab[i].name);
		KTAP_EXPECT(c, hdaudbus_ntstatus_to_errno(st) == tab[i].err,
			    "%s -> %d, want %d", tab[i].name,
			    hdaudbus_ntstatus_to_errno(st), tab[i].err);
	}
}

static void test_errno_to_ntstatus(struct ktap_case *c)
{
	static const struct {
		int err;
		NTSTATUS st;
	} tab[] = {
		{ 0, STATUS_SUCCESS },
		{ -EINVAL, STATUS_INVALID_PARAMETER },
		{ -EBADF, STATUS_INVALID_HANDLE },
		{ -EBUSY, STATUS_INVALID_DEVICE_REQUEST },
		{ -ENOMEM, STATUS_INSUFFICIENT_RESOURCES },
		{ -ENOSPC, STATUS_INSUFFICIENT_RESOURCES },
		{ -ENOBUFS, STATUS_BUFFER_TOO_SMALL },
		{ -ETIMEDOUT, STATUS_DEVICE_NOT_READY },
		{ -ENODEV, STATUS_NO_SUCH_DEVICE },
		{ -EOPNOTSUPP, STATUS_NOT_SUPPORTED },
		{ -ENOENT, STATUS_NOT_FOUND },
		{ -EIO, STATUS_IO_DEVICE_ERROR },
		{ -EAGAIN, STATUS_RETRY },
		{ -EINTR, STATUS_ALERTED },
		{ -EPERM, STATUS_UNSUCCESSFUL },
		{ -EXDEV, STATUS_UNSUCCESSFUL },	/* not in the table */
		{ 1, STATUS_UNSUCCESSFUL },		/* not an errno */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tab); i++) {
		NTSTATUS st = hdaudbus_errno_to_ntstatus(tab[i].err);
		int back = hdaudbus_ntstatus_to_errno(st);

		KTAP_EXPECT(c, st == tab[i].st, "%d -> %#x, want %#x",
			    tab[i].err, (u32)st, (u32)tab[i].st);
		/* Round trip: every listed errno comes back, -ENOSPC as
		 * -ENOMEM (same status); unlisted ones as -EPERM.
		 */
		if (tab[i].err == -ENOSPC)
			EXPECT_EQ(c, back, -ENOMEM);
		else if (tab[i].err == -EXDEV || tab[i].err > 0)
			EXPECT_EQ(c, back, -EPERM);
		else
			KTAP_EXPECT(c, back == tab[i].err, "%d -> %#x -> %d",
				    tab[i].err, (u32)st, back);
		EXPECT_EQ(c, hdaudbus_errno_to_ntstatus(back), st);
	}
}

/* ---------------------------------------------------------------------- */

static DEFINE_SPINLOCK(test_lock);

/* KeGetCurrentIrql() between @enter and @leave. */
#define IRQL_IN(enter, leave)						\
	({ KIRQL __irql; enter; __irql = KeGetCurrentIrql(); leave; __irql; })

static void test_irql_process_context(struct ktap_case *c)
{
	unsigned long flags;

	EXPECT_EQ(c, KeGetCurrentIrql(), PASSIVE_LEVEL);
	EXPECT_EQ(c, IRQL_IN(local_irq_disable(), local_irq_enable()),
		  DISPATCH_LEVEL);
	EXPECT_EQ(c, IRQL_IN(spin_lock_irqsave(&test_lock, flags),
			     spin_unlock_irqrestore(&test_lock, flags)),
		  DISPATCH_LEVEL);
	EXPECT_EQ(c, IRQL_IN(local_bh_disable(), local_bh_enable()),
		  DISPATCH_LEVEL);
	if (IS_ENABLED(CONFIG_PREEMPT_COUNT)) {
		EXPECT_EQ(c, IRQL_IN(spin_lock(&test_lock),
				     spin_unlock(&test_lock)), DISPATCH_LEVEL);
		EXPECT_EQ(c, IRQL_IN(preempt_disable(), preempt_enable()),
			  DISPATCH_LEVEL);
		EXPECT_EQ(c, IRQL_IN(rcu_read_lock(), rcu_read_unlock()),
			  DISPATCH_LEVEL);
	} else {
		ktap_diag("no CONFIG_PREEMPT_COUNT: spin_lock() not checked");
	}
	EXPECT_EQ(c, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* State shared with timer callbacks. */
static struct timer_list cb_timer;
static struct hrtimer cb_hrtimer;
static DECLARE_COMPLETION(cb_done);
static KIRQL cb_irql;
static bool cb_in_hardirq;
static PRKEVENT cb_event;

static void cb_timer_fn(struct timer_list *t)
{
	cb_irql = KeGetCurrentIrql();
	complete(&cb_done);
}

static enum hrtimer_restart cb_hrtimer_fn(struct hrtimer *t)
{
	cb_irql = KeGetCurrentIrql();
	cb_in_hardirq = in_hardirq();
	if (cb_event)
		KeSetEvent(cb_event, 0, FALSE);
	complete(&cb_done);
	return HRTIMER_NORESTART;
}

/* Arm the hard-IRQ hrtimer to fire in @ms; setting @event if not NULL. */
static void start_hrtimer(unsigned int ms, PRKEVENT event)
{
	reinit_completion(&cb_done);
	cb_irql = 0xff;
	cb_in_hardirq = false;
	cb_event = event;
	hrtimer_init(&cb_hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	cb_hrtimer.function = cb_hrtimer_fn;
	hrtimer_start(&cb_hrtimer, ms_to_ktime(ms), HRTIMER_MODE_REL_HARD);
}

static bool finish_hrtimer(void)
{
	bool fired = wait_for_completion_timeout(&cb_done, 2 * HZ);

	hrtimer_cancel(&cb_hrtimer);
	cb_event = NULL;
	return fired;
}

static void test_irql_timer_callback(struct ktap_case *c)
{
	bool fired;

	reinit_completion(&cb_done);
	cb_irql = 0xff;
	timer_setup(&cb_timer, cb_timer_fn, 0);
	mod_timer(&cb_timer, jiffies + 1);
	fired = wait_for_completion_timeout(&cb_done, 2 * HZ);
	timer_delete_sync(&cb_timer);
	if (KTAP_EXPECT(c, fired, "timer did not fire"))
		EXPECT_EQ(c, cb_irql, DISPATCH_LEVEL);
}

static void test_irql_hardirq(struct ktap_case *c)
{
	start_hrtimer(1, NULL);
	if (!KTAP_EXPECT(c, finish_hrtimer(), "hrtimer did not fire"))
		return;
	KTAP_EXPECT(c, cb_in_hardirq, "hrtimer callback not in hard IRQ");
	KTAP_EXPECT(c, cb_irql > DISPATCH_LEVEL, "irql %u", cb_irql);
	EXPECT_EQ(c, cb_irql, HDAUDBUS_DIRQL);
}

/* ---------------------------------------------------------------------- */

static KEVENT test_event;

/* Wait for @ev: @ms < 0 forever, 0 polls, > 0 relative milliseconds. */
static NTSTATUS wait_ms(PRKEVENT ev, BOOLEAN alertable, int ms)
{
	LARGE_INTEGER t = { .QuadPart = -(LONGLONG)ms * 10000 };

	return KeWaitForSingleObject(ev, Executive, KernelMode, alertable,
				     ms < 0 ? NULL : &t);
}

static void test_event_notification(struct ktap_case *c)
{
	PRKEVENT ev = &test_event;

	KeInitializeEvent(ev, NotificationEvent, FALSE);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_TIMEOUT);
	EXPECT_EQ(c, KeSetEvent(ev, 0, FALSE), 0);
	EXPECT_EQ(c, KeReadStateEvent(ev), 1);
	EXPECT_EQ(c, KeSetEvent(ev, 0, FALSE), 1);
	/* A satisfied wait leaves a notification event signalled. */
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_SUCCESS);
	EXPECT_EQ(c, wait_ms(ev, FALSE, -1), STATUS_SUCCESS);
	EXPECT_EQ(c, KeReadStateEvent(ev), 1);
	EXPECT_EQ(c, KeResetEvent(ev), 1);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);
	EXPECT_EQ(c, KeResetEvent(ev), 0);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_TIMEOUT);
	KeSetEvent(ev, 0, FALSE);
	KeClearEvent(ev);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);

	KeInitializeEvent(ev, NotificationEvent, TRUE);
	EXPECT_EQ(c, KeReadStateEvent(ev), 1);
}

static void test_event_synchronization(struct ktap_case *c)
{
	PRKEVENT ev = &test_event;

	KeInitializeEvent(ev, SynchronizationEvent, FALSE);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);
	EXPECT_EQ(c, KeSetEvent(ev, 0, FALSE), 0);
	EXPECT_EQ(c, KeReadStateEvent(ev), 1);
	/* A satisfied wait consumes the signal, polling or sleeping. */
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_SUCCESS);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_TIMEOUT);
	KeSetEvent(ev, 0, FALSE);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 10), STATUS_SUCCESS);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);
	/* Two signals without a wait in between are one signal. */
	KeSetEvent(ev, 0, FALSE);
	EXPECT_EQ(c, KeSetEvent(ev, 0, FALSE), 1);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_SUCCESS);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_TIMEOUT);

	KeInitializeEvent(ev, SynchronizationEvent, TRUE);
	EXPECT_EQ(c, wait_ms(ev, FALSE, 0), STATUS_SUCCESS);
	EXPECT_EQ(c, KeReadStateEvent(ev), 0);
}

static void test_wait_timeouts(struct ktap_case *c)
{
	LARGE_INTEGER absolute = { .QuadPart = 1 };
	LARGE_INTEGER tiny = { .QuadPart = -1 };	/* 100 ns */
	NTSTATUS st;
	ktime_t start;
	s64 ms;

	KeInitializeEvent(&test_event, SynchronizationEvent, FALSE);
	EXPECT_EQ(c, wait_ms(NULL, FALSE, 10), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(c, KeWaitForSingleObject(&test_event, Executive, KernelMode,
					   FALSE, &absolute),
		  STATUS_INVALID_PARAMETER);

	start = ktime_get();
	st = wait_ms(&test_event, FALSE, 20);
	ms = elapsed_ms(start);
	EXPECT_EQ(c, st, STATUS_TIMEOUT);
	/* Never early; the upper bound only catches "forever". */
	KTAP_EXPECT(c, ms >= 20 && ms < 2000, "waited %lld ms", ms);

	start = ktime_get();
	st = KeWaitForSingleObject(&test_event, Executive, KernelMode, TRUE,
				   &tiny);
	ms = elapsed_ms(start);
	EXPECT_EQ(c, st, STATUS_TIMEOUT);
	KTAP_EXPECT(c, ms < 1000, "100 ns wait took %lld ms", ms);
}

static void test_set_event_from_hardirq(struct ktap_case *c)
{
	NTSTATUS st;

	KeInitializeEvent(&test_event, SynchronizationEvent, FALSE);
	start_hrtimer(20, &test_event);
	st = wait_ms(&test_event, FALSE, 2000);
	KTAP_EXPECT(c, finish_hrtimer(), "hrtimer did not fire");
	EXPECT_EQ(c, st, STATUS_SUCCESS);
	KTAP_EXPECT(c, cb_in_hardirq, "KeSetEvent() not called in hard IRQ");
	EXPECT_EQ(c, KeReadStateEvent(&test_event), 0);
}

static void test_wait_refused_in_atomic(struct ktap_case *c)
{
	PRKEVENT ev = &test_event;
	unsigned long flags;
	NTSTATUS st[5];
	ktime_t start;
	s64 ms;

	KeInitializeEvent(ev, NotificationEvent, FALSE);
	local_irq_save(flags);
	st[0] = wait_ms(ev, FALSE, 200);
	local_irq_restore(flags);
	EXPECT_EQ(c, st[0], STATUS_UNSUCCESSFUL);

	if (!IS_ENABLED(CONFIG_PREEMPT_COUNT)) {
		ktap_diag("no CONFIG_PREEMPT_COUNT: spin_lock() not checked");
		return;
	}
	spin_lock(&test_lock);
	start = ktime_get();
	st[0] = wait_ms(ev, FALSE, 200);
	st[1] = wait_ms(ev, TRUE, -1);
	st[2] = wait_ms(ev, FALSE, 0);
	KeSetEvent(ev, 0, FALSE);
	st[3] = wait_ms(ev, FALSE, 200);	/* refused though signalled */
	st[4] = wait_ms(ev, FALSE, 0);		/* but a poll is fine */
	ms = elapsed_ms(start);
	spin_unlock(&test_lock);

	EXPECT_EQ(c, st[0], STATUS_UNSUCCESSFUL);
	EXPECT_EQ(c, st[1], STATUS_UNSUCCESSFUL);
	EXPECT_EQ(c, st[2], STATUS_TIMEOUT);
	EXPECT_EQ(c, st[3], STATUS_UNSUCCESSFUL);
	EXPECT_EQ(c, st[4], STATUS_SUCCESS);
	/* A sleep would take 200 ms (or forever); this allows for a slow VM. */
	KTAP_EXPECT(c, ms < 100, "spent %lld ms with the lock held", ms);
}

/* ---------------------------------------------------------------------- */

static KEVENT waiters_event;
static atomic_t waiters_started;
static struct waiter {
	NTSTATUS status;
	struct completion done;
} waiters[2];

static int waiter_fn(void *data)
{
	struct waiter *w = data;

	atomic_inc(&waiters_started);
	w->status = wait_ms(&waiters_event, FALSE, 1000);
	kthread_complete_and_exit(&w->done, 0);
}

/* Run two waiters, signal once, return how many waits succeeded. */
static int run_two_waiters(struct ktap_case *c, EVENT_TYPE type)
{
	struct task_struct *task;
	int i, started, ok = 0;

	KeInitializeEvent(&waiters_event, type, FALSE);
	atomic_set(&waiters_started, 0);
	for (i = 0; i < 2; i++) {
		waiters[i].status = STATUS_PENDING;
		init_completion(&waiters[i].done);
		task = kthread_run(waiter_fn, &waiters[i], "hdaudbus-w%d", i);
		if (!KTAP_EXPECT(c, !IS_ERR(task), "kthread_run: %ld",
				 PTR_ERR(task)))
			return -1;
	}
	for (i = 0; i < 1000 && atomic_read(&waiters_started) < 2; i++)
		usleep_range(1000, 2000);
	started = atomic_read(&waiters_started);
	msleep(20);	/* let both go to sleep; correctness does not need it */
	EXPECT_EQ(c, KeSetEvent(&waiters_event, 0, FALSE), 0);
	for (i = 0; i < 2; i++) {
		unsigned long left;

		left = wait_for_completion_timeout(&waiters[i].done, 3 * HZ);
		if (!KTAP_EXPECT(c, left, "waiter %d stuck", i))
			return -1;
		KTAP_EXPECT(c, waiters[i].status == STATUS_SUCCESS ||
			    waiters[i].status == STATUS_TIMEOUT,
			    "waiter %d: %#x", i, (u32)waiters[i].status);
		if (waiters[i].status == STATUS_SUCCESS)
			ok++;
	}
	EXPECT_EQ(c, started, 2);
	return ok;
}

static void test_sync_event_wakes_one(struct ktap_case *c)
{
	int ok = run_two_waiters(c, SynchronizationEvent);

	if (ok >= 0)
		EXPECT_EQ(c, ok, 1);
	EXPECT_EQ(c, KeReadStateEvent(&waiters_event), 0);
}

static void test_notification_event_wakes_all(struct ktap_case *c)
{
	int ok = run_two_waiters(c, NotificationEvent);

	if (ok >= 0)
		EXPECT_EQ(c, ok, 2);
	EXPECT_EQ(c, KeReadStateEvent(&waiters_event), 1);
}

/* A kernel thread that signals itself and then waits both ways. */
static struct {
	NTSTATUS plain, alertable;
	s64 plain_ms, alertable_ms;
	struct completion done;
} alert;

static int alert_fn(void *data)
{
	ktime_t start;

	allow_signal(SIGUSR1);
	send_sig(SIGUSR1, current, 1);	/* 1: kernel-generated */

	start = ktime_get();
	alert.plain = wait_ms(&waiters_event, FALSE, 50);
	alert.plain_ms = elapsed_ms(start);

	start = ktime_get();
	alert.alertable = wait_ms(&waiters_event, TRUE, 2000);
	alert.alertable_ms = elapsed_ms(start);

	flush_signals(current);
	kthread_complete_and_exit(&alert.done, 0);
}

static void test_wait_alertable(struct ktap_case *c)
{
	struct task_struct *task;

	KeInitializeEvent(&waiters_event, NotificationEvent, FALSE);
	init_completion(&alert.done);
	alert.plain = STATUS_PENDING;
	alert.alertable = STATUS_PENDING;
	task = kthread_run(alert_fn, NULL, "hdaudbus-alert");
	if (!KTAP_EXPECT(c, !IS_ERR(task), "kthread_run: %ld", PTR_ERR(task)))
		return;
	if (!KTAP_EXPECT(c, wait_for_completion_timeout(&alert.done, 5 * HZ),
			 "thread stuck"))
		return;
	/* A pending signal does not end a non-alertable wait... */
	EXPECT_EQ(c, alert.plain, STATUS_TIMEOUT);
	KTAP_EXPECT(c, alert.plain_ms >= 50, "%lld ms", alert.plain_ms);
	/* ...and ends an alertable one at once. */
	EXPECT_EQ(c, alert.alertable, STATUS_ALERTED);
	KTAP_EXPECT(c, alert.alertable_ms < 1000, "%lld ms",
		    alert.alertable_ms);
}

/* ---------------------------------------------------------------------- */

/* Describe @va/@size and check the MDL; each PFN must hold the bytes. */
static void check_mdl(struct ktap_case *c, u8 *va, size_t size)
{
	unsigned long offset = offset_in_page(va);
	unsigned long pages = DIV_ROUND_UP(offset + size, PAGE_SIZE);
	unsigned long i, from, to;
	PPFN_NUMBER pfn;
	PMDL mdl;
	size_t k;

	mdl = hdaudbus_mdl_alloc(va, size, GFP_KERNEL);
	if (!KTAP_EXPECT(c, mdl, "hdaudbus_mdl_alloc(%zu bytes)", size))
		return;
	KTAP_EXPECT(c, MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority |
						    MdlMappingNoExecute) == va,
		    "system address");
	KTAP_EXPECT(c, MmGetMdlVirtualAddress(mdl) == va, "virtual address");
	EXPECT_EQ(c, MmGetMdlByteCount(mdl), size);
	EXPECT_EQ(c, MmGetMdlByteOffset(mdl), offset);
	EXPECT_EQ(c, ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, size), pages);
	EXPECT_EQ(c, mdl->PageCount, pages);

	for (k = 0; k < size; k++)
		va[k] = (u8)(k * 7 + 3);

	pfn = MmGetMdlPfnArray(mdl);
	for (i = 0; i < pages; i++) {
		u8 *page_va = va - offset + i * PAGE_SIZE;
		struct page *want = is_vmalloc_addr(page_va) ?
				    vmalloc_to_page(page_va) :
				    virt_to_page(page_va);
		u8 *map;

		if (!KTAP_EXPECT(c, pfn[i] == page_to_pfn(want),
				 "page %lu: pfn %#lx, want %#lx", i, pfn[i],
				 page_to_pfn(want)))
			continue;
		/* Independently of the above: the frame holds the data. */
		from = i ? 0 : offset;
		to = min_t(unsigned long, PAGE_SIZE,
			   offset + size - i * PAGE_SIZE);
		map = kmap_local_page(pfn_to_page(pfn[i]));
		KTAP_EXPECT(c, !memcmp(map + from, page_va + from, to - from),
			    "page %lu contents", i);
		kunmap_local(map);
	}
	hdaudbus_mdl_free(mdl);
}

static void test_mdl_kmalloc(struct ktap_case *c)
{
	u8 *buf = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);

	if (!KTAP_EXPECT(c, buf, "kmalloc"))
		return;
	check_mdl(c, buf + 100, 2 * PAGE_SIZE);
	check_mdl(c, buf + PAGE_SIZE - 10, 20);	/* straddles a boundary */
	check_mdl(c, buf, PAGE_SIZE);

	KTAP_EXPECT(c, !hdaudbus_mdl_alloc(NULL, 16, GFP_KERNEL), "NULL va");
	KTAP_EXPECT(c, !hdaudbus_mdl_alloc(buf, 0, GFP_KERNEL), "0 bytes");
	hdaudbus_mdl_free(NULL);
	kfree(buf);
}

static void test_mdl_vmalloc(struct ktap_case *c)
{
	u8 *buf = vmalloc(4 * PAGE_SIZE);

	if (!KTAP_EXPECT(c, buf, "vmalloc"))
		return;
	check_mdl(c, buf + 0x123, 3 * PAGE_SIZE);
	vfree(buf);
}

static void test_register_accessors(struct ktap_case *c)
{
	ULONG l = 0x12345678;
	USHORT w = 0x1234;
	UCHAR b = 0x12;

	EXPECT_EQ(c, READ_REGISTER_ULONG(&l), 0x12345678);
	EXPECT_EQ(c, READ_REGISTER_USHORT(&w), 0x1234);
	EXPECT_EQ(c, READ_REGISTER_UCHAR(&b), 0x12);
	WRITE_REGISTER_ULONG(&l, 0xdeadbeef);
	WRITE_REGISTER_USHORT(&w, 0xbeef);
	WRITE_REGISTER_UCHAR(&b, 0xef);
	EXPECT_EQ(c, l, 0xdeadbeef);
	EXPECT_EQ(c, w, 0xbeef);
	EXPECT_EQ(c, b, 0xef);
}

/* ---------------------------------------------------------------------- */

static const struct ktap_test tests[] = {
	KTAP_CASE(test_codec_command_layout),
	KTAP_CASE(test_codec_response_layout),
	KTAP_CASE(test_converter_format_layout),
	KTAP_CASE(test_struct_sizes),
	KTAP_CASE(test_guids),
	KTAP_CASE(test_ntstatus_values),
	KTAP_CASE(test_errno_to_ntstatus),
	KTAP_CASE(test_irql_process_context),
	KTAP_CASE(test_irql_timer_callback),
	KTAP_CASE(test_irql_hardirq),
	KTAP_CASE(test_event_notification),
	KTAP_CASE(test_event_synchronization),
	KTAP_CASE(test_wait_timeouts),
	KTAP_CASE(test_set_event_from_hardirq),
	KTAP_CASE(test_wait_refused_in_atomic),
	KTAP_CASE(test_sync_event_wakes_one),
	KTAP_CASE(test_notification_event_wakes_all),
	KTAP_CASE(test_wait_alertable),
	KTAP_CASE(test_mdl_kmalloc),
	KTAP_CASE(test_mdl_vmalloc),
	KTAP_CASE(test_register_accessors),
};

static int __init hdaudbus_test_headers_init(void)
{
	ktap_run("hdaudbus_headers", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit hdaudbus_test_headers_exit(void)
{
}

module_init(hdaudbus_test_headers_init);
module_exit(hdaudbus_test_headers_exit);

MODULE_DESCRIPTION("hdaudbus public header and WDM vocabulary tests");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
