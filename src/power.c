// SPDX-License-Identifier: GPL-2.0-only
/*
 * power.c - system sleep of a controller.
 *
 *   suspend: running engines stop and stay in Stop (= Pause) with their
 *            buffers and handles; verbs are refused (IsValid = 0); the
 *            chip stops and the link goes into reset
 *   resume:  the chip and link come back (CORB/RIRB, interrupts, position
 *            buffer); the link reset resets the codecs to their power-on
 *            state, and each codec of probe must signal its presence and
 *            answer again; every engine with a buffer gets its descriptor
 *            programmed again (a controller reset clears them).  Client
 *            drivers reprogram their codecs in their own resume
 *            (hdaudbus_driver.pm), which runs after this one, as function
 *            drivers do on D0 entry; then they may Run again
 */
#include <linux/interrupt.h>
#include <linux/pm.h>

#include "compat.h"
#include "controller.h"
#include "engine.h"

static int hdaudbus_suspend(struct device *dev)
{
	struct hdaudbus_ctrl *ctrl = dev_get_drvdata(dev);
	struct hdac_bus *bus = &ctrl->bus;

	hdaudbus_engines_pause_all(ctrl);
	mutex_lock(&bus->cmd_mutex);
	ctrl->suspended = true;
	mutex_unlock(&bus->cmd_mutex);
	snd_hdac_bus_stop_chip(bus);
	snd_hdac_bus_enter_link_reset(bus);
	if (ctrl->irq >= 0)
		synchronize_irq(ctrl->irq);
	return 0;
}

static int hdaudbus_resume(struct device *dev)
{
	struct hdaudbus_ctrl *ctrl = dev_get_drvdata(dev);
	struct hdac_bus *bus = &ctrl->bus;

	/* the link reset records in codec_mask which codecs signal presence */
	bus->codec_mask = 0;
	snd_hdac_bus_init_chip(bus, true);
	if (hdaudbus_ctrl_check_lost(ctrl)) {
		/* removed while the system slept */
		WRITE_ONCE(ctrl->suspended, false);
		return 0;
	}
	/* the codecs of probe that came back; clients' verbs wait until now */
	hdaudbus_codecs_resume(ctrl);
	mutex_lock(&bus->cmd_mutex);
	ctrl->suspended = false;
	mutex_unlock(&bus->cmd_mutex);
	hdaudbus_engines_reprogram(ctrl);
	return 0;
}

const struct dev_pm_ops hdaudbus_pm_ops = {
	SET_SYSTEM_SLEEP_PM_OPS(hdaudbus_suspend, hdaudbus_resume)
};
