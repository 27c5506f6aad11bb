// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs.c - read-only attributes of a bound controller.
 *
 * They appear as /sys/bus/pci/devices/<BDF>/hdaudbus/<name> while the
 * controller is bound to snd_hdaudbus (see Documentation/sysfs.rst).
 */
#include <linux/device.h>
#include <linux/sysfs.h>

#include "compat.h"
#include "controller.h"

static struct hdaudbus_ctrl *dev_to_ctrl(struct device *dev)
{
	return dev_get_drvdata(dev);
}

#define HDAUDBUS_ATTR_UINT(_name, _expr)				\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct hdaudbus_ctrl *ctrl = dev_to_ctrl(dev);			\
									\
	if (!ctrl)							\
		return -ENODEV;						\
	return sysfs_emit(buf, "%u\n", (unsigned int)(_expr));		\
}									\
static DEVICE_ATTR_RO(_name)

HDAUDBUS_ATTR_UINT(input_streams, ctrl->n_in);
HDAUDBUS_ATTR_UINT(output_streams, ctrl->n_out);
HDAUDBUS_ATTR_UINT(bidir_streams, ctrl->n_bidir);
HDAUDBUS_ATTR_UINT(clients, atomic_read(&ctrl->clients));
HDAUDBUS_ATTR_UINT(index, ctrl->index);

static ssize_t codec_mask_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct hdaudbus_ctrl *ctrl = dev_to_ctrl(dev);

	if (!ctrl)
		return -ENODEV;
	return sysfs_emit(buf, "0x%lx\n", ctrl->bus.codec_mask);
}
static DEVICE_ATTR_RO(codec_mask);

static ssize_t irq_mode_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	struct hdaudbus_ctrl *ctrl = dev_to_ctrl(dev);

	if (!ctrl)
		return -ENODEV;
	return sysfs_emit(buf, "%s\n", ctrl->msi ? "msi" : "intx");
}
static DEVICE_ATTR_RO(irq_mode);

static ssize_t interrupts_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct hdaudbus_ctrl *ctrl = dev_to_ctrl(dev);

	if (!ctrl)
		return -ENODEV;
	return sysfs_emit(buf, "%lld\n", atomic64_read(&ctrl->irqs));
}
static DEVICE_ATTR_RO(interrupts);

/* descriptors last started or stopped together through SSYNC */
static ssize_t last_ssync_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct hdaudbus_ctrl *ctrl = dev_to_ctrl(dev);

	if (!ctrl)
		return -ENODEV;
	return sysfs_emit(buf, "0x%x\n", READ_ONCE(ctrl->last_ssync_mask));
}
static DEVICE_ATTR_RO(last_ssync);

static struct attribute *hdaudbus_ctrl_attrs[] = {
	&dev_attr_input_streams.attr,
	&dev_attr_output_streams.attr,
	&dev_attr_bidir_streams.attr,
	&dev_attr_codec_mask.attr,
	&dev_attr_clients.attr,
	&dev_attr_index.attr,
	&dev_attr_irq_mode.attr,
	&dev_attr_interrupts.attr,
	&dev_attr_last_ssync.attr,
	NULL
};

static const struct attribute_group hdaudbus_ctrl_group = {
	.name = "hdaudbus",
	.attrs = hdaudbus_ctrl_attrs,
};

const struct attribute_group *hdaudbus_ctrl_groups[] = {
	&hdaudbus_ctrl_group,
	NULL
};
