// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_headers.c - checks of the public DDI headers: bit-field
 * layouts, struct sizes and offsets, GUIDs, status codes and their errno
 * mapping.  Built with -Wall -Wextra -Werror (see Kbuild), so it also
 * proves the headers compile cleanly in a strict client.
 *
 * Loading the module runs the suite and prints a KTAP report.
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

static const struct ktap_test tests[] = {
	KTAP_CASE(test_codec_command_layout),
	KTAP_CASE(test_codec_response_layout),
	KTAP_CASE(test_converter_format_layout),
	KTAP_CASE(test_struct_sizes),
	KTAP_CASE(test_guids),
	KTAP_CASE(test_ntstatus_values),
	KTAP_CASE(test_errno_to_ntstatus),
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

MODULE_DESCRIPTION("hdaudbus public header tests");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
