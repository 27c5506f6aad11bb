// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_tone.c - a small HD Audio function driver that plays a tone.
 *
 * It is written the way a WaveRT function driver uses the Windows bus DDI,
 * against <hdaudbus/hdaudbus.h> only:
 *
 *   probe:  query HDAUDIO_BUS_INTERFACE_V2, find the codec's first audio
 *           output converter and output pin with TransferCodecVerbs,
 *           allocate a render engine and a buffer with two notifications
 *           per pass, program the converter with the stream id and format;
 *   thread: pre-fill the buffer, Pause -> Run, and on every notification
 *           refill the half the DMA engine has just left; after the tone
 *           and a short silence: Pause -> Reset, free everything.
 *
 * With bdl=1 it uses HDAUDIO_BUS_INTERFACE_BDL instead: a contiguous
 * buffer and a BDL of four entries it writes itself, IOC on entries 2 and
 * 4 (the halves), and its own BDL ISR signalling the event from the hard
 * interrupt.
 *
 * Module parameters choose the codec (vendor id), the frequency, the length
 * and the amplitude.  Defaults: QEMU's hda-output codec, 1 kHz, 2 s, half
 * of full scale, 48 kHz 16-bit stereo.
 */
#include <linux/bug.h>
#include <linux/fixp-arith.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <sound/hda_verbs.h>

#include <hdaudbus/hdaudbus.h>

static uint vendor_id = 0x1af40011;
module_param(vendor_id, uint, 0444);
MODULE_PARM_DESC(vendor_id, "codec to play on (default: QEMU hda-output, mixer=off)");
static uint freq = 1000;
module_param(freq, uint, 0444);
MODULE_PARM_DESC(freq, "tone frequency in Hz (default 1000)");
static uint duration_ms = 2000;
module_param(duration_ms, uint, 0444);
MODULE_PARM_DESC(duration_ms, "tone length in ms (default 2000)");
static uint amplitude = 16384;
module_param(amplitude, uint, 0444);
MODULE_PARM_DESC(amplitude, "peak sample value, 1..32767 (default 16384)");
static bool bdl;
module_param(bdl, bool, 0444);
MODULE_PARM_DESC(bdl, "use the BDL interface with a BDL of four entries (default: no)");

#define TONE_RATE	48000
#define TONE_CHANNELS	2
#define TONE_FRAME	(TONE_CHANNELS * 2)
#define TONE_BUFFER	(TONE_RATE / 10 * TONE_FRAME)	/* 100 ms */
#define TONE_TAIL_MS	150	/* silence after the tone */
/* BDL entries must start 128-byte aligned: quarters of about 25 ms */
#define TONE_QUARTER	round_up(TONE_BUFFER / 4, 128)

struct tone {
	struct hdac_device *codec;
	HDAUDIO_BUS_INTERFACE_V2 bus;
	HDAUDIO_BUS_INTERFACE_BDL bdl_bus;	/* with bdl=1 */
	PVOID data;				/* with bdl=1 */
	unsigned int isr_calls;
	UCHAR addr;
	UCHAR afg;
	UCHAR dac;
	UCHAR pin;
	HANDLE engine;
	HDAUDIO_CONVERTER_FORMAT conv;
	PMDL mdl;
	SIZE_T size;
	UCHAR stream_id;
	PULONG position;
	KEVENT event;
	bool event_registered;
	struct task_struct *thread;
	u64 phase;		/* frames generated so far */
	unsigned int notifications;
	unsigned int refills;
};

static int tone_verb(struct tone *t, UCHAR nid, u32 verb, u32 payload,
		     u32 *res)
{
	HDAUDIO_CODEC_TRANSFER x = { 0 };
	NTSTATUS st;

	x.Output.Command = ((u32)t->addr << 28) | ((u32)nid << 20) |
			   (verb << 8) | payload;
	st = t->bus.TransferCodecVerbs(t->bus.Context, 1, &x, NULL, NULL);
	if (!NT_SUCCESS(st) || !x.Input.IsValid)
		return -EIO;
	if (res)
		*res = x.Input.Response;
	return 0;
}

static u32 tone_param(struct tone *t, UCHAR nid, u32 param)
{
	u32 res = 0;

	tone_verb(t, nid, AC_VERB_PARAMETERS, param, &res);
	return res;
}

/* The first audio output converter and the first output-capable pin. */
static int tone_find_widgets(struct tone *t)
{
	u32 nodes = tone_param(t, t->afg, AC_PAR_NODE_COUNT);
	UCHAR nid, start = (nodes >> 16) & 0xff, count = nodes & 0xff;

	for (nid = start; nid < start + count; nid++) {
		u32 caps = tone_param(t, nid, AC_PAR_AUDIO_WIDGET_CAP);
		u32 type = (caps & AC_WCAP_TYPE) >> AC_WCAP_TYPE_SHIFT;

		if (type == AC_WID_AUD_OUT && !t->dac)
			t->dac = nid;
		if (type == AC_WID_PIN && !t->pin &&
		    (tone_param(t, nid, AC_PAR_PIN_CAP) & AC_PINCAP_OUT))
			t->pin = nid;
	}
	return t->dac && t->pin ? 0 : -ENODEV;
}

/* Unmute a widget's output amplifier at its 0 dB step. */
static void tone_unmute(struct tone *t, UCHAR nid)
{
	u32 caps = tone_param(t, nid, AC_PAR_AUDIO_WIDGET_CAP);
	u32 amp;

	if (!(caps & AC_WCAP_OUT_AMP))
		return;
	amp = tone_param(t, nid, AC_PAR_AMP_OUT_CAP);
	tone_verb(t, nid, AC_VERB_SET_AMP_GAIN_MUTE,
		  AC_AMP_SET_OUTPUT | AC_AMP_SET_LEFT | AC_AMP_SET_RIGHT |
		  (amp & AC_AMPCAP_OFFSET), NULL);
}

static int tone_setup_codec(struct tone *t)
{
	int err;

	err = tone_verb(t, t->afg, AC_VERB_SET_POWER_STATE, AC_PWRST_D0, NULL);
	err = err ?: tone_verb(t, t->dac, AC_VERB_SET_CHANNEL_STREAMID,
			       t->stream_id << 4, NULL);
	/* a 4-bit verb (0x2) with a 16-bit payload: 0x200 << 8 | payload */
	err = err ?: tone_verb(t, t->dac, AC_VERB_SET_STREAM_FORMAT,
			       t->conv.ConverterFormat, NULL);
	err = err ?: tone_verb(t, t->pin, AC_VERB_SET_PIN_WIDGET_CONTROL,
			       AC_PINCTL_OUT_EN, NULL);
	tone_unmute(t, t->dac);
	tone_unmute(t, t->pin);
	return err;
}

/* Fill @bytes at @offset of the buffer with the next frames. */
static void tone_fill(struct tone *t, size_t offset, size_t bytes)
{
	u8 *base = t->data ? t->data :
		   MmGetSystemAddressForMdlSafe(t->mdl, NormalPagePriority);
	s16 *p = (s16 *)(base + offset);
	u64 tone_frames = (u64)TONE_RATE * duration_ms / 1000;
	size_t i, frames = bytes / TONE_FRAME;

	for (i = 0; i < frames; i++, t->phase++) {
		s16 v = 0;

		if (t->phase < tone_frames) {
			u32 pos = (t->phase * freq) % TONE_RATE;
			s32 s = fixp_sin32_rad(pos, TONE_RATE);

			v = (s16)(((s64)s * amplitude) >> 31);
		}
		p[2 * i] = v;
		p[2 * i + 1] = v;
	}
	/* the controller reads this memory: make the stores visible */
	wmb();
}

/*
 * A handle belongs to the interface context that allocated it: with bdl=1
 * the engine is allocated, run and freed through the BDL interface.
 */
static int tone_set_state(struct tone *t, HDAUDIO_STREAM_STATE state)
{
	NTSTATUS st = bdl ?
		t->bdl_bus.SetDmaEngineState(t->bdl_bus.Context, state, 1,
					     &t->engine) :
		t->bus.SetDmaEngineState(t->bus.Context, state, 1,
					 &t->engine);

	return NT_SUCCESS(st) ? 0 : -EIO;
}

static int tone_thread(void *data)
{
	struct tone *t = data;
	u64 total = (u64)TONE_RATE * (duration_ms + TONE_TAIL_MS) / 1000;
	size_t half = t->size / 2;
	unsigned int next = 0;	/* the half to refill once the DMA left it */
	LARGE_INTEGER timeout = { .QuadPart = -2000000 };	/* 200 ms */
	ktime_t start;

	tone_fill(t, 0, t->size);
	if (tone_set_state(t, PauseState) || tone_set_state(t, RunState)) {
		pr_err("hdaudbus_tone: cannot start the DMA engine\n");
		goto stop;
	}
	start = ktime_get();
	while (!kthread_should_stop() && t->phase < total + t->size / TONE_FRAME) {
		NTSTATUS st = KeWaitForSingleObject(&t->event, Executive,
						    KernelMode, FALSE, &timeout);
		unsigned int cur;

		if (st == STATUS_SUCCESS)
			t->notifications++;
		cur = READ_REGISTER_ULONG(t->position) < half ? 0 : 1;
		if (cur != next) {
			tone_fill(t, next * half, half);
			t->refills++;
			next = cur;
		}
	}
	pr_info("hdaudbus_tone: done: %u ms of %u Hz at %u Hz, %zu-byte buffer, stream %u, %u notifications, %u refills, %u ISR calls in %lld ms\n",
		duration_ms, freq, TONE_RATE, (size_t)t->size, t->stream_id,
		t->notifications, t->refills, READ_ONCE(t->isr_calls),
		ktime_ms_delta(ktime_get(), start));
stop:
	tone_set_state(t, PauseState);
	tone_set_state(t, ResetState);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static void tone_teardown(struct tone *t)
{
	if (t->thread)
		kthread_stop(t->thread);
	if (t->event_registered)
		t->bus.UnregisterNotificationEvent(t->bus.Context, t->engine,
						   &t->event);
	if (t->dac)
		tone_verb(t, t->dac, AC_VERB_SET_CHANNEL_STREAMID, 0, NULL);
	if (t->mdl)
		t->bus.FreeDmaBufferWithNotification(t->bus.Context, t->engine,
						     t->mdl, t->size);
	if (t->data)
		t->bdl_bus.FreeContiguousDmaBuffer(t->bdl_bus.Context,
						   t->engine);
	if (t->engine && bdl)
		t->bdl_bus.FreeDmaEngine(t->bdl_bus.Context, t->engine);
	else if (t->engine)
		t->bus.FreeDmaEngine(t->bus.Context, t->engine);
	if (t->bdl_bus.InterfaceDereference)
		t->bdl_bus.InterfaceDereference(t->bdl_bus.Context);
	t->bus.InterfaceDereference(t->bus.Context);
}

/* The BDL ISR: hard interrupt context; IOC ends a half. */
static void tone_isr(PVOID context, ULONG bits)
{
	struct tone *t = context;

	t->isr_calls++;
	if (bits & HDAUDIO_BDL_ISR_BCIS)
		KeSetEvent(&t->event, 0, FALSE);
}

/*
 * The BDL interface: a contiguous buffer and four entries of a quarter
 * each, IOC on the second and the fourth, so the event fires when the DMA
 * engine leaves a half, as with two notifications.
 */
static int tone_setup_bdl(struct tone *t, ULONG *fifo)
{
	PHDAUDIO_BUFFER_DESCRIPTOR bd;
	PHYSICAL_ADDRESS pa;
	NTSTATUS st;
	unsigned int i;

	st = t->bdl_bus.AllocateContiguousDmaBuffer(t->bdl_bus.Context,
						    t->engine, 4 * TONE_QUARTER,
						    &t->data, &bd);
	if (!NT_SUCCESS(st)) {
		t->data = NULL;
		return -ENOMEM;
	}
	t->size = 4 * TONE_QUARTER;
	pa = MmGetPhysicalAddress(t->data);
	for (i = 0; i < 4; i++) {
		bd[i].Address.QuadPart = pa.QuadPart + i * TONE_QUARTER;
		bd[i].Length = TONE_QUARTER;
		bd[i].InterruptOnCompletion = i % 2;
	}
	st = t->bdl_bus.SetupDmaEngineWithBdl(t->bdl_bus.Context, t->engine,
					      4 * TONE_QUARTER, 3, tone_isr, t,
					      &t->stream_id, fifo);
	return NT_SUCCESS(st) ? 0 : -EIO;
}

static int tone_probe(struct hdac_device *codec, const struct hda_device_id *id)
{
	HDAUDIO_STREAM_FORMAT fmt = {
		.SampleRate = TONE_RATE,
		.ValidBitsPerSample = 16,
		.ContainerSize = 16,
		.NumberOfChannels = TONE_CHANNELS,
	};
	SIZE_T offset;
	ULONG fifo;
	struct tone *t;
	NTSTATUS st;
	int err = -EIO;

	if (!freq || freq >= TONE_RATE / 2 || !amplitude || amplitude > 32767)
		return -EINVAL;
	t = devm_kzalloc(&codec->dev, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->codec = codec;
	st = hdaudbus_query_interface(codec, &GUID_HDAUDIO_BUS_INTERFACE_V2,
				      sizeof(t->bus), 0x0100,
				      (PINTERFACE)&t->bus);
	if (!NT_SUCCESS(st)) {
		dev_err(&codec->dev, "no bus interface: 0x%08x\n", st);
		return -ENODEV;
	}
	t->bus.GetResourceInformation(t->bus.Context, &t->addr, &t->afg);
	if (tone_find_widgets(t)) {
		dev_err(&codec->dev, "no output converter and pin\n");
		goto fail;
	}
	if (bdl) {
		st = hdaudbus_query_interface(codec,
					      &GUID_HDAUDIO_BUS_INTERFACE_BDL,
					      sizeof(t->bdl_bus), 0x0100,
					      (PINTERFACE)&t->bdl_bus);
		if (!NT_SUCCESS(st)) {
			dev_err(&codec->dev, "no BDL interface: 0x%08x\n", st);
			goto fail;
		}
		st = t->bdl_bus.AllocateRenderDmaEngine(t->bdl_bus.Context,
							&fmt, FALSE,
							&t->engine, &t->conv);
	} else {
		st = t->bus.AllocateRenderDmaEngine(t->bus.Context, &fmt,
						    FALSE, &t->engine,
						    &t->conv);
	}
	if (!NT_SUCCESS(st)) {
		dev_err(&codec->dev, "AllocateRenderDmaEngine: 0x%08x\n", st);
		t->engine = NULL;
		goto fail;
	}
	KeInitializeEvent(&t->event, SynchronizationEvent, FALSE);
	if (bdl) {
		if (tone_setup_bdl(t, &fifo)) {
			dev_err(&codec->dev, "BDL interface setup failed\n");
			goto fail;
		}
	} else {
		st = t->bus.AllocateDmaBufferWithNotification(t->bus.Context,
				t->engine, 2, TONE_BUFFER, &t->mdl, &t->size,
				&offset, &t->stream_id, &fifo);
		if (!NT_SUCCESS(st)) {
			dev_err(&codec->dev, "AllocateDmaBufferWithNotification: 0x%08x\n",
				st);
			t->mdl = NULL;
			goto fail;
		}
		st = t->bus.RegisterNotificationEvent(t->bus.Context,
						      t->engine, &t->event);
		if (!NT_SUCCESS(st))
			goto fail;
		t->event_registered = true;
	}
	st = bdl ? t->bdl_bus.GetLinkPositionRegister(t->bdl_bus.Context,
						      t->engine, &t->position) :
		   t->bus.GetLinkPositionRegister(t->bus.Context, t->engine,
						  &t->position);
	if (!NT_SUCCESS(st))
		goto fail;
	if (tone_setup_codec(t)) {
		dev_err(&codec->dev, "codec does not take the stream setup\n");
		goto fail;
	}
	dev_info(&codec->dev,
		 "playing %u Hz for %u ms%s: converter 0x%02x pin 0x%02x, format 0x%04x, stream %u, FIFO %u bytes\n",
		 freq, duration_ms, bdl ? " with a client-built BDL" : "",
		 t->dac, t->pin, t->conv.ConverterFormat, t->stream_id, fifo);
	t->thread = kthread_run(tone_thread, t, "hdaudbus_tone");
	if (IS_ERR(t->thread)) {
		err = PTR_ERR(t->thread);
		t->thread = NULL;
		goto fail;
	}
	dev_set_drvdata(&codec->dev, t);
	return 0;
fail:
	tone_teardown(t);
	return err;
}

static void tone_remove(struct hdac_device *codec)
{
	tone_teardown(dev_get_drvdata(&codec->dev));
}

static struct hda_device_id tone_ids[] = {
	HDAUDBUS_CODEC(0),	/* set from vendor_id at load */
	{ }
};

static struct hdaudbus_driver tone_driver = {
	.name = "hdaudbus_tone",
	.id_table = tone_ids,
	.probe = tone_probe,
	.remove = tone_remove,
};

static int __init tone_init(void)
{
	tone_ids[0].vendor_id = vendor_id;
	return hdaudbus_register_driver(&tone_driver);
}

static void __exit tone_exit(void)
{
	hdaudbus_unregister_driver(&tone_driver);
}

module_init(tone_init);
module_exit(tone_exit);

MODULE_DESCRIPTION("Example hdaudbus function driver: plays a sine tone");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
