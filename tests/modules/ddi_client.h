/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ddi_client.h - what the DDI test modules share: binding to QEMU's two
 * codecs as a client driver, getting interfaces, programming the codecs'
 * converters, and peeking at stream registers through snd-hda-core's
 * public structures to check what the bus programmed.
 *
 * Include it from exactly one .c file per module.  QEMU's codecs: address 0
 * is hda-output (DAC node 2, line-out pin 3), address 1 is hda-micro (ADC
 * node 4 fed by mic pin 5), both 48 kHz 16-bit capable.
 */
#ifndef __HDAUDBUS_TESTS_DDI_CLIENT_H
#define __HDAUDBUS_TESTS_DDI_CLIENT_H

#include <linux/module.h>
#include <linux/slab.h>
#include <sound/hda_register.h>
#include <sound/hda_verbs.h>

#include <hdaudbus/hdaudbus.h>

#include "ktap.h"

#define TC_DAC_NID	2	/* hda-output, codec 0 */
#define TC_PIN_OUT_NID	3
#define TC_ADC_NID	4	/* hda-micro, codec 1 */

struct tc_codecs {
	struct hdac_device *codec[2];	/* by address */
};

static struct tc_codecs tc;

static int tc_probe(struct hdac_device *codec, const struct hda_device_id *id)
{
	if (codec->addr < ARRAY_SIZE(tc.codec))
		tc.codec[codec->addr] = codec;
	return 0;
}

static void tc_remove(struct hdac_device *codec)
{
	if (codec->addr < ARRAY_SIZE(tc.codec))
		tc.codec[codec->addr] = NULL;
}

static struct hda_device_id tc_ids[] = {
	HDAUDBUS_CODEC(0x1af40011),	/* hda-output, mixer=off */
	HDAUDBUS_CODEC(0x1af40031),	/* hda-micro, mixer=off */
	{ }
};

/* Declare the module's driver; register it with tc_register(). */
#define TC_DRIVER(_name)						\
	static struct hdaudbus_driver tc_driver = {			\
		.name = _name,						\
		.id_table = tc_ids,					\
		.probe = tc_probe,					\
		.remove = tc_remove,					\
	}

/* A V3 interface (the superset of V1 and V2) for the codec at @addr. */
static inline bool tc_query_v3(unsigned int addr, HDAUDIO_BUS_INTERFACE_V3 *bus)
{
	NTSTATUS st;

	memset(bus, 0, sizeof(*bus));
	if (addr >= ARRAY_SIZE(tc.codec) || !tc.codec[addr])
		return false;
	st = hdaudbus_query_interface(tc.codec[addr],
				      &GUID_HDAUDIO_BUS_INTERFACE_V3,
				      sizeof(*bus), 0x0100, (PINTERFACE)bus);
	return NT_SUCCESS(st);
}

static inline void tc_release(HDAUDIO_BUS_INTERFACE_V3 *bus)
{
	if (bus->InterfaceDereference)
		bus->InterfaceDereference(bus->Context);
	memset(bus, 0, sizeof(*bus));
}

static inline HDAUDIO_STREAM_FORMAT tc_format(ULONG rate, USHORT bits,
					      USHORT container, USHORT ch)
{
	HDAUDIO_STREAM_FORMAT f = {
		.SampleRate = rate,
		.ValidBitsPerSample = bits,
		.ContainerSize = container,
		.NumberOfChannels = ch,
	};

	return f;
}

/* One verb through the DDI; returns the response or ~0 when invalid. */
static inline u32 tc_verb(HDAUDIO_BUS_INTERFACE_V3 *bus, u8 addr, u8 nid,
			  u32 verb, u32 payload)
{
	HDAUDIO_CODEC_TRANSFER x = { 0 };

	x.Output.Command = ((u32)addr << 28) | ((u32)nid << 20) |
			   (verb << 8) | payload;
	if (!NT_SUCCESS(bus->TransferCodecVerbs(bus->Context, 1, &x, NULL,
						NULL)) || !x.Input.IsValid)
		return ~0U;
	return x.Input.Response;
}

/*
 * Point a converter at a stream: QEMU moves data for a descriptor only when
 * a converter of that direction has its tag and a format.  Tag 0 detaches.
 */
static inline void tc_converter(HDAUDIO_BUS_INTERFACE_V3 *bus, u8 addr,
				u8 nid, u8 tag, u16 fmt)
{
	tc_verb(bus, addr, nid, AC_VERB_SET_STREAM_FORMAT, fmt);
	tc_verb(bus, addr, nid, AC_VERB_SET_CHANNEL_STREAMID, tag << 4);
}

/*
 * The snd-hda-core stream behind an engine, found by direction and tag,
 * so a test can read the registers the bus programmed.
 */
static inline struct hdac_stream *tc_stream(unsigned int addr, bool capture,
					    u8 tag)
{
	struct hdac_stream *s;

	if (addr >= ARRAY_SIZE(tc.codec) || !tc.codec[addr])
		return NULL;
	list_for_each_entry(s, &tc.codec[addr]->bus->stream_list, list)
		if (s->stream_tag == tag &&
		    s->direction == (capture ? SNDRV_PCM_STREAM_CAPTURE :
					       SNDRV_PCM_STREAM_PLAYBACK))
			return s;
	return NULL;
}

#endif /* __HDAUDBUS_TESTS_DDI_CLIENT_H */
