// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - module entry points of snd-hdaudbus.
 */
#include <linux/module.h>
#include <linux/pci.h>

#include "compat.h"
#include "client.h"
#include "controller.h"

static int __init hdaudbus_init(void)
{
	int err;

	err = hdaudbus_clients_init();
	if (err)
		return err;
	err = hdaudbus_ctrl_init();
	if (err)
		goto err_clients;
	err = pci_register_driver(&hdaudbus_pci_driver);
	if (err)
		goto err_ctrl;
	return 0;

err_ctrl:
	hdaudbus_ctrl_exit();
err_clients:
	hdaudbus_clients_exit();
	return err;
}

static void __exit hdaudbus_exit(void)
{
	pci_unregister_driver(&hdaudbus_pci_driver);
	hdaudbus_ctrl_exit();
	hdaudbus_clients_exit();
}

module_init(hdaudbus_init);
module_exit(hdaudbus_exit);

MODULE_DESCRIPTION("HD Audio bus DDI (HDAUDIO_BUS_INTERFACE) over snd-hda-core");
MODULE_LICENSE("GPL");
MODULE_VERSION(HDAUDBUS_VERSION_STR);
MODULE_SOFTDEP("pre: snd-hda-core");
