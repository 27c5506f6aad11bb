// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_bus.c - controller, codec and client-driver tests.
 *
 * Binds to QEMU's codecs as a client driver, then checks what the bus
 * found, that verbs reach the codecs through snd-hda-core, and that
 * hdaudbus_query_interface() rejects bad arguments.  The expected codecs are
 * module parameters (defaults: QEMU's hda-output and hda-micro with
 * mixer=off at addresses 0 and 1).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <sound/hda_verbs.h>

#include <hdaudbus/hdaudbus.h>

#include "ktap.h"

static uint vid0 = 0x1af40011;
module_param(vid0, uint, 0444);
MODULE_PARM_DESC(vid0, "vendor id expected at codec address 0");
static uint vid1 = 0x1af40031;
module_param(vid1, uint, 0444);
MODULE_PARM_DESC(vid1, "vendor id expected at codec address 1");

#define MAX_SEEN	8

static struct hdac_device *seen[MAX_SEEN];
static unsigned int nseen;
static DEFINE_SPINLOCK(seen_lock);	/* protects seen[] and nseen */

static int test_probe(struct hdac_device *codec, const struct hda_device_id *id)
{
	spin_lock(&seen_lock);
	if (nseen < MAX_SEEN)
		seen[nseen++] = codec;
	spin_unlock(&seen_lock);
	return 0;
}

static void test_remove(struct hdac_device *codec)
{
	unsigned int i;

	spin_lock(&seen_lock);
	for (i = 0; i < nseen; i++)
		if (seen[i] == codec)
			seen[i] = NULL;
	spin_unlock(&seen_lock);
}

static struct hda_device_id test_ids[] = {
	HDAUDBUS_CODEC(0),	/* filled from vid0 at init */
	HDAUDBUS_CODEC(0),	/* filled from vid1 at init */
	{ }
};

static struct hdaudbus_driver test_driver = {
	.name = "hdaudbus_test_bus",
	.id_table = test_ids,
	.probe = test_probe,
	.remove = test_remove,
};

static struct hdac_device *codec_at(unsigned int addr)
{
	unsigned int i;

	for (i = 0; i < nseen; i++)
		if (seen[i] && seen[i]->addr == addr)
			return seen[i];
	return NULL;
}

static void driver_binds_both_codecs(struct ktap_case *c)
{
	KTAP_EXPECT(c, nseen == 2, "probed %u codecs", nseen);
	KTAP_EXPECT(c, codec_at(0), "no codec at address 0");
	KTAP_EXPECT(c, codec_at(1), "no codec at address 1");
}

static void codec_identity(struct ktap_case *c)
{
	struct hdac_device *c0 = codec_at(0), *c1 = codec_at(1);
	unsigned int index, addr;
	char d;

	if (!KTAP_EXPECT(c, c0 && c1, "codecs missing"))
		return;
	KTAP_EXPECT(c, c0->vendor_id == vid0, "vendor 0x%08x", c0->vendor_id);
	KTAP_EXPECT(c, c1->vendor_id == vid1, "vendor 0x%08x", c1->vendor_id);
	KTAP_EXPECT(c, c0->type == HDA_DEV_CORE, "type %d", c0->type);
	KTAP_EXPECT(c, c0->afg != 0, "no audio function group");
	KTAP_EXPECT(c, c0->bus == c1->bus, "codecs on different buses");
	KTAP_EXPECT(c, sscanf(dev_name(&c1->dev), "hdaudbus%u%c%u", &index, &d,
			      &addr) == 3 && d == 'D' && addr == 1,
		    "name %s", dev_name(&c1->dev));
	KTAP_EXPECT(c, hdaudbus_codec_of(&c0->dev) == c0, "codec_of");
	KTAP_EXPECT(c, !hdaudbus_codec_of(NULL), "codec_of(NULL)");
	KTAP_EXPECT(c, !hdaudbus_codec_of(c0->dev.parent), "codec_of(pci)");
}

static void verb_reads_vendor_id(struct ktap_case *c)
{
	struct hdac_device *c0 = codec_at(0), *c1 = codec_at(1);
	unsigned int res = 0;
	int err;

	if (!KTAP_EXPECT(c, c0 && c1, "codecs missing"))
		return;
	err = snd_hdac_read(c0, AC_NODE_ROOT, AC_VERB_PARAMETERS,
			    AC_PAR_VENDOR_ID, &res);
	KTAP_EXPECT(c, !err && res == vid0, "err %d res 0x%08x", err, res);
	res = 0;
	err = snd_hdac_read(c1, AC_NODE_ROOT, AC_VERB_PARAMETERS,
			    AC_PAR_VENDOR_ID, &res);
	KTAP_EXPECT(c, !err && res == vid1, "err %d res 0x%08x", err, res);
	res = 0;
	err = snd_hdac_read(c0, c0->afg, AC_VERB_PARAMETERS,
			    AC_PAR_FUNCTION_TYPE, &res);
	KTAP_EXPECT(c, !err && (res & 0xff) == AC_GRP_AUDIO_FUNCTION,
		    "err %d function type 0x%x", err, res);
}

static void verb_batch_of_64(struct ktap_case *c)
{
	struct hdac_device *c0 = codec_at(0);
	unsigned int i, res, bad = 0;

	if (!KTAP_EXPECT(c, c0, "codec missing"))
		return;
	for (i = 0; i < 64; i++) {
		res = 0;
		if (snd_hdac_read(c0, AC_NODE_ROOT, AC_VERB_PARAMETERS,
				  AC_PAR_VENDOR_ID, &res) || res != vid0)
			bad++;
	}
	KTAP_EXPECT(c, bad == 0, "%u of 64 verbs failed", bad);
}

static void controller_streams(struct ktap_case *c)
{
	struct hdac_device *c0 = codec_at(0);
	struct hdac_stream *s;
	unsigned int n[2] = { 0, 0 }, tags[2] = { 0, 0 };

	if (!KTAP_EXPECT(c, c0, "codec missing"))
		return;
	list_for_each_entry(s, &c0->bus->stream_list, list) {
		unsigned int dir = s->direction ? 1 : 0;

		n[dir]++;
		KTAP_EXPECT(c, s->stream_tag >= 1 && s->stream_tag <= 15,
			    "stream %d tag %d", s->index, s->stream_tag);
		KTAP_EXPECT(c, !(tags[dir] & BIT(s->stream_tag)),
			    "tag %d used twice", s->stream_tag);
		tags[dir] |= BIT(s->stream_tag);
		KTAP_EXPECT(c, !s->opened && !s->running, "stream %d busy",
			    s->index);
	}
	KTAP_EXPECT(c, n[SNDRV_PCM_STREAM_CAPTURE] == 4, "%u input streams",
		    n[SNDRV_PCM_STREAM_CAPTURE]);
	KTAP_EXPECT(c, n[SNDRV_PCM_STREAM_PLAYBACK] == 4, "%u output streams",
		    n[SNDRV_PCM_STREAM_PLAYBACK]);
	KTAP_EXPECT(c, c0->bus->codec_mask == 0x3, "codec mask 0x%lx",
		    c0->bus->codec_mask);
}

static bool all_bytes(const void *p, size_t len, u8 v)
{
	const u8 *b = p;

	while (len--)
		if (*b++ != v)
			return false;
	return true;
}

static void query_interface_rejects_bad_arguments(struct ktap_case *c)
{
	static const GUID unknown = { 0x12345678, 0x1234, 0x5678,
				      { 1, 2, 3, 4, 5, 6, 7, 8 } };
	struct hdac_device *c0 = codec_at(0);
	struct hdac_device *fake;
	HDAUDIO_BUS_INTERFACE_V3 iface;
	NTSTATUS st;

	if (!KTAP_EXPECT(c, c0, "codec missing"))
		return;
	memset(&iface, 0xa5, sizeof(iface));

	st = hdaudbus_query_interface(NULL, &GUID_HDAUDIO_BUS_INTERFACE_V2,
				      sizeof(iface), 1, (PINTERFACE)&iface);
	KTAP_EXPECT(c, st == STATUS_INVALID_PARAMETER, "NULL codec: 0x%x", st);
	st = hdaudbus_query_interface(c0, NULL, sizeof(iface), 1,
				      (PINTERFACE)&iface);
	KTAP_EXPECT(c, st == STATUS_INVALID_PARAMETER, "NULL GUID: 0x%x", st);
	st = hdaudbus_query_interface(c0, &GUID_HDAUDIO_BUS_INTERFACE_V2,
				      sizeof(iface), 1, NULL);
	KTAP_EXPECT(c, st == STATUS_INVALID_PARAMETER, "NULL iface: 0x%x", st);
	st = hdaudbus_query_interface(c0, &GUID_HDAUDIO_BUS_INTERFACE_V2,
				      sizeof(iface), 0, (PINTERFACE)&iface);
	KTAP_EXPECT(c, st == STATUS_INVALID_PARAMETER, "Version 0: 0x%x", st);
	st = hdaudbus_query_interface(c0, &unknown, sizeof(iface), 1,
				      (PINTERFACE)&iface);
	KTAP_EXPECT(c, st == STATUS_NOT_SUPPORTED, "unknown GUID: 0x%x", st);
	st = hdaudbus_query_interface(c0, &GUID_HDAUDIO_BUS_INTERFACE_V2,
				      sizeof(HDAUDIO_BUS_INTERFACE_V2) - 1, 1,
				      (PINTERFACE)&iface);
	KTAP_EXPECT(c, st == STATUS_BUFFER_TOO_SMALL, "short Size: 0x%x", st);

	fake = kzalloc(sizeof(*fake), GFP_KERNEL);
	if (fake) {
		st = hdaudbus_query_interface(fake,
					      &GUID_HDAUDIO_BUS_INTERFACE_V2,
					      sizeof(iface), 1,
					      (PINTERFACE)&iface);
		KTAP_EXPECT(c, st == STATUS_INVALID_PARAMETER,
			    "foreign device: 0x%x", st);
		kfree(fake);
	}

	spin_lock(&seen_lock);
	st = hdaudbus_query_interface(c0, &GUID_HDAUDIO_BUS_INTERFACE_V2,
				      sizeof(iface), 1, (PINTERFACE)&iface);
	spin_unlock(&seen_lock);
	KTAP_EXPECT(c, st == STATUS_UNSUCCESSFUL, "atomic context: 0x%x", st);

	KTAP_EXPECT(c, all_bytes(&iface, sizeof(iface), 0xa5),
		    "a failed query wrote to the interface");
}

static void register_driver_rejects_incomplete(struct ktap_case *c)
{
	struct hdaudbus_driver bad = { .name = "hdaudbus_test_bad",
				       .id_table = test_ids };

	KTAP_EXPECT(c, hdaudbus_register_driver(&bad) == -EINVAL,
		    "driver without probe accepted");
	bad.probe = test_probe;
	bad.id_table = NULL;
	KTAP_EXPECT(c, hdaudbus_register_driver(&bad) == -EINVAL,
		    "driver without id_table or match accepted");
	KTAP_EXPECT(c, hdaudbus_register_driver(NULL) == -EINVAL,
		    "NULL driver accepted");
}

static const struct ktap_test tests[] = {
	KTAP_CASE(driver_binds_both_codecs),
	KTAP_CASE(codec_identity),
	KTAP_CASE(verb_reads_vendor_id),
	KTAP_CASE(verb_batch_of_64),
	KTAP_CASE(controller_streams),
	KTAP_CASE(query_interface_rejects_bad_arguments),
	KTAP_CASE(register_driver_rejects_incomplete),
};

static int __init test_init(void)
{
	int err;

	test_ids[0].vendor_id = vid0;
	test_ids[1].vendor_id = vid1;
	err = hdaudbus_register_driver(&test_driver);
	if (err) {
		pr_err("hdaudbus_test_bus: cannot register driver: %d\n", err);
		return err;
	}
	ktap_run("hdaudbus_test_bus", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit test_exit(void)
{
	hdaudbus_unregister_driver(&test_driver);
}

module_init(test_init);
module_exit(test_exit);

MODULE_DESCRIPTION("snd-hdaudbus controller, codec and client driver tests");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
