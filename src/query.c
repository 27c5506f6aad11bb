// SPDX-License-Identifier: GPL-2.0-only
/*
 * query.c - hdaudbus_query_interface(), the IRP_MN_QUERY_INTERFACE
 * counterpart: argument checks, a new client context, and the routine
 * table of the interface asked for.
 */
#include <linux/kernel.h>

#include <hdaudbus/hdaudbus.h>

#include "compat.h"
#include "controller.h"
#include "ddi.h"

union hdaudbus_any_interface {
	HDAUDIO_BUS_INTERFACE v1;
	HDAUDIO_BUS_INTERFACE_V2 v2;
	HDAUDIO_BUS_INTERFACE_V3 v3;
	HDAUDIO_BUS_INTERFACE_BDL bdl;
};

struct hdaudbus_iface_desc {
	const GUID *guid;
	USHORT size;
	void (*fill)(struct hdaudbus_client *c, union hdaudbus_any_interface *i);
};

static void fill_v1(struct hdaudbus_client *c, union hdaudbus_any_interface *i)
{
	hdaudbus_ddi_fill_v1(c, &i->v1);
}

static void fill_v2(struct hdaudbus_client *c, union hdaudbus_any_interface *i)
{
	hdaudbus_ddi_fill_v2(c, &i->v2);
}

static void fill_v3(struct hdaudbus_client *c, union hdaudbus_any_interface *i)
{
	hdaudbus_ddi_fill_v3(c, &i->v3);
}

static void fill_bdl(struct hdaudbus_client *c, union hdaudbus_any_interface *i)
{
	hdaudbus_ddi_fill_bdl(c, &i->bdl);
}

static const struct hdaudbus_iface_desc hdaudbus_ifaces[] = {
	{ &GUID_HDAUDIO_BUS_INTERFACE, sizeof(HDAUDIO_BUS_INTERFACE), fill_v1 },
	{ &GUID_HDAUDIO_BUS_INTERFACE_V2, sizeof(HDAUDIO_BUS_INTERFACE_V2),
	  fill_v2 },
	{ &GUID_HDAUDIO_BUS_INTERFACE_V3, sizeof(HDAUDIO_BUS_INTERFACE_V3),
	  fill_v3 },
	{ &GUID_HDAUDIO_BUS_INTERFACE_BDL, sizeof(HDAUDIO_BUS_INTERFACE_BDL),
	  fill_bdl },
};

/* See the kernel-doc in <hdaudbus/hdaudbus.h>. */
NTSTATUS hdaudbus_query_interface(struct hdac_device *codec,
				  const GUID *InterfaceType, USHORT Size,
				  USHORT Version, PINTERFACE Interface)
{
	const struct hdaudbus_iface_desc *desc = NULL;
	union hdaudbus_any_interface iface;
	struct hdaudbus_client *c;
	GUID guid;
	unsigned int i;

	if (!hdaudbus_ddi_level_ok(PASSIVE_LEVEL))
		return STATUS_UNSUCCESSFUL;
	if (!codec || !Version || !hdaudbus_ddi_get(&guid, InterfaceType,
						     sizeof(guid)))
		return STATUS_INVALID_PARAMETER;
	if (!hdaudbus_codec_of(&codec->dev))
		return STATUS_INVALID_PARAMETER;

	for (i = 0; i < ARRAY_SIZE(hdaudbus_ifaces); i++)
		if (hdaudbus_guid_equal(&guid, hdaudbus_ifaces[i].guid))
			desc = &hdaudbus_ifaces[i];
	if (!desc)
		return STATUS_NOT_SUPPORTED;
	if (Size < desc->size)
		return STATUS_BUFFER_TOO_SMALL;
	if (!hdaudbus_ddi_probe(Interface, sizeof(INTERFACE)))
		return STATUS_INVALID_PARAMETER;
	if (hdaudbus_ctrl_is_gone(hdev_to_hdaudbus_codec(codec)->ctrl))
		return STATUS_NO_SUCH_DEVICE;

	c = hdaudbus_client_create(codec);
	if (!c)
		return STATUS_INSUFFICIENT_RESOURCES;
	memset(&iface, 0, sizeof(iface));
	desc->fill(c, &iface);
	if (!hdaudbus_ddi_put(Interface, &iface, desc->size)) {
		hdaudbus_client_put(c);
		return STATUS_INVALID_PARAMETER;
	}
	return STATUS_SUCCESS;
}
HDAUDBUS_EXPORT(hdaudbus_query_interface);
