// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_power.c - system sleep with a running engine.
 *
 * A render engine on codec 0 runs; the system goes through suspend and
 * resume three times: suspend-to-idle with /sys/power/pm_test = devices,
 * then = platform (every device is suspended and resumed, nothing sleeps),
 * then a real suspend-to-idle, which the harness ends by pressing the
 * ACPI power button (parameter freeze=0 leaves that out).  Afterwards the
 * engine must be in Stop with its handle and buffer, the client's resume
 * callback must have run (it programs the codec again), and Run must make
 * audio flow again: the engine plays silence before the sleep and a 1 kHz
 * tone for 2 s after it, which the host's WAV check finds.
 */
#include <linux/bug.h>
#include <linux/delay.h>
#include <linux/fixp-arith.h>
#include <linux/fs.h>
#include <linux/suspend.h>

#include "ddi_client.h"

#define PW_BUF	48384	/* 252 ms: 252 whole periods of 1 kHz, a multiple of 256 */

static HDAUDIO_BUS_INTERFACE_V3 pw_bus;
static HANDLE pw_h;
static HDAUDIO_CONVERTER_FORMAT pw_conv;
static u8 pw_tag;
static bool pw_resumed;
static const char * const pw_levels[] = { "devices", "platform" };

static bool pw_real_freeze = true;
module_param_named(freeze, pw_real_freeze, bool, 0444);
MODULE_PARM_DESC(freeze, "Also sleep for real in suspend-to-idle; something must wake the system (default: true)");

static int pw_resume(struct device *dev)
{
	pw_resumed = true;
	if (pw_bus.Context)
		tc_converter(&pw_bus, 0, TC_DAC_NID, pw_tag,
			     pw_conv.ConverterFormat);
	return 0;
}

static const struct dev_pm_ops pw_pm = {
	SET_SYSTEM_SLEEP_PM_OPS(NULL, pw_resume)
};

static struct hdaudbus_driver tc_driver = {
	.name = "hdaudbus_test_power",
	.id_table = tc_ids,
	.probe = tc_probe,
	.remove = tc_remove,
	.pm = &pw_pm,
};

static int pw_write(const char *path, const char *val)
{
	struct file *f = filp_open(path, O_WRONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, val, strlen(val), &pos);
	filp_close(f, NULL);
	return n < 0 ? n : 0;
}

/*
 * A real suspend-to-idle.  The request line goes to the console at once
 * (warning level) and names a delay; the harness presses the ACPI power
 * button that long after it, which wakes the system.  A press before the
 * system sleeps aborts the suspend with -EBUSY: ask again, with a longer
 * delay.
 *
 * Return: pm_suspend()'s result; @ms: how long the call took, from the
 * request to the end of resume.
 */
static int pw_freeze(s64 *ms)
{
	unsigned int attempt;
	int err = -EBUSY;

	for (attempt = 1; attempt <= 4 && err == -EBUSY; attempt++) {
		ktime_t t0 = ktime_get_boottime();

		pr_warn("hdaudbus-wake-request %u: suspend to idle, attempt %u\n",
			2 * attempt, attempt);
		err = pm_suspend(PM_SUSPEND_TO_IDLE);
		*ms = ktime_ms_delta(ktime_get_boottime(), t0);
	}
	return err;
}

/* How often the position changed in @ms of wall time. */
static u32 pw_position(PULONG reg, unsigned int ms)
{
	ktime_t end = ktime_add_ms(ktime_get(), ms);
	u32 a = READ_REGISTER_ULONG(reg), moved = 0;

	while (ktime_before(ktime_get(), end)) {
		u32 b;

		usleep_range(1000, 2000);
		b = READ_REGISTER_ULONG(reg);
		moved += b != a;
		a = b;
	}
	return moved;
}

static void suspend_resume_running(struct ktap_case *c)
{
	HDAUDIO_STREAM_FORMAT fmt = tc_format(48000, 16, 16, 2);
	struct hdac_stream *s;
	SIZE_T size, off;
	PULONG pos;
	ULONG fifo;
	PMDL mdl;
	s16 *p;
	int err;
	unsigned int i;

	if (!KTAP_EXPECT(c, tc_query_v3(0, &pw_bus), "query") ||
	    !KTAP_EXPECT(c, pw_bus.AllocateRenderDmaEngine(pw_bus.Context,
				&fmt, 0, &pw_h, &pw_conv) == STATUS_SUCCESS &&
			 pw_bus.AllocateDmaBufferWithNotification(pw_bus.Context,
				pw_h, 2, PW_BUF, &mdl, &size, &off, &pw_tag,
				&fifo) == STATUS_SUCCESS && size == PW_BUF &&
			 pw_bus.GetLinkPositionRegister(pw_bus.Context, pw_h,
				&pos) == STATUS_SUCCESS, "engine"))
		goto out;
	/* silence before the sleep (the buffer starts zeroed) */
	tc_converter(&pw_bus, 0, TC_DAC_NID, pw_tag, pw_conv.ConverterFormat);
	pw_bus.SetDmaEngineState(pw_bus.Context, PauseState, 1, &pw_h);
	KTAP_EXPECT(c, pw_bus.SetDmaEngineState(pw_bus.Context, RunState, 1,
						&pw_h) == STATUS_SUCCESS, "run");
	KTAP_EXPECT(c, pw_position(pos, 300) > 10, "not moving before");

	/*
	 * Suspend and resume every device, without sleeping for real: first
	 * stopping at the devices, then also through the platform's hooks.
	 */
	pw_write("/sys/module/suspend/parameters/pm_test_delay", "0");
	for (i = 0; i < ARRAY_SIZE(pw_levels); i++) {
		pw_resumed = false;
		err = pw_write("/sys/power/pm_test", pw_levels[i]);
		if (!err)
			err = pm_suspend(PM_SUSPEND_TO_IDLE);
		pw_write("/sys/power/pm_test", "none");
		if (!KTAP_EXPECT(c, !err, "pm_test %s: %d", pw_levels[i], err))
			goto stop;
		ktap_diag("suspend and resume, pm_test %s", pw_levels[i]);
	}
	if (pw_real_freeze) {
		s64 ms = 0;

		pw_resumed = false;
		err = pw_freeze(&ms);
		if (!KTAP_EXPECT(c, !err, "suspend to idle: %d", err))
			goto stop;
		/* a wake-up before the press would take some 50 ms */
		KTAP_EXPECT(c, ms >= 1000,
			    "suspend to idle took %lld ms: it did not sleep", ms);
		ktap_diag("suspend to idle, woken by the power button after %lld ms",
			  ms);
	}

	KTAP_EXPECT(c, pw_resumed, "the client's resume did not run");
	/* both codecs came back from the link reset and answer */
	KTAP_EXPECT(c, tc.codec[0]->bus->codec_mask == 0x3,
		    "codecs after resume: 0x%lx", tc.codec[0]->bus->codec_mask);
	for (i = 0; i < ARRAY_SIZE(tc.codec); i++) {
		HDAUDIO_CODEC_TRANSFER x = {
			.Output.Command = i << 28 | AC_VERB_PARAMETERS << 8 |
					  AC_PAR_VENDOR_ID,
		};

		KTAP_EXPECT(c, pw_bus.TransferCodecVerbs(pw_bus.Context, 1, &x,
							 NULL, NULL) ==
			    STATUS_SUCCESS && x.Input.IsValid && tc.codec[i] &&
			    x.Input.Response == tc.codec[i]->vendor_id,
			    "codec %u after resume: valid %u, 0x%08x", i,
			    x.Input.IsValid, x.Input.Response);
	}
	s = tc_stream(0, false, pw_tag);
	KTAP_EXPECT(c, s && !(snd_hdac_stream_readb(s, SD_CTL) &
			      SD_CTL_DMA_START), "still running after resume");
	KTAP_EXPECT(c, pw_bus.SetDmaEngineState(pw_bus.Context, StopState, 1,
						&pw_h) == STATUS_SUCCESS,
		    "not in Stop after resume");
	KTAP_EXPECT(c, s && snd_hdac_stream_readl(s, SD_CBL) == PW_BUF,
		    "buffer not programmed after resume");
	/* the tone after it, so the recording shows audio after resume */
	p = MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority);
	for (i = 0; i < PW_BUF / 4; i++)
		p[2 * i] = p[2 * i + 1] =
			(s16)(((s64)fixp_sin32_rad((i * 1000) % 48000, 48000) *
			       16384) >> 31);
	wmb();
	KTAP_EXPECT(c, pw_bus.SetDmaEngineState(pw_bus.Context, RunState, 1,
						&pw_h) == STATUS_SUCCESS,
		    "Run after resume");
	KTAP_EXPECT(c, pw_position(pos, 2000) > 100, "no audio after resume");
stop:
	pw_bus.SetDmaEngineState(pw_bus.Context, PauseState, 1, &pw_h);
	pw_bus.SetDmaEngineState(pw_bus.Context, ResetState, 1, &pw_h);
	pw_bus.FreeDmaBuffer(pw_bus.Context, pw_h);
	pw_bus.FreeDmaEngine(pw_bus.Context, pw_h);
	tc_converter(&pw_bus, 0, TC_DAC_NID, 0, pw_conv.ConverterFormat);
out:
	tc_release(&pw_bus);
}

static const struct ktap_test tests[] = {
	KTAP_CASE(suspend_resume_running),
};

static int __init pw_init(void)
{
	int err = hdaudbus_register_driver(&tc_driver);

	if (err)
		return err;
	ktap_run("hdaudbus_test_power", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit pw_exit(void)
{
	hdaudbus_unregister_driver(&tc_driver);
}

module_init(pw_init);
module_exit(pw_exit);

MODULE_DESCRIPTION("snd-hdaudbus system sleep test");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
