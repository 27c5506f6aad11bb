// SPDX-License-Identifier: GPL-2.0-only
/*
 * hdaudbus_test_lifecycle.c - clients that leave without cleaning up, and a
 * controller that goes away under its clients.
 *
 *   client_unbind_reclaims: a client holding a running engine, a buffer, a
 *     notification event, a V3 callback and an unsolicited tag has its
 *     driver unbound: everything is reclaimed at once (the engines can be
 *     allocated again, the reference on its device is dropped), and its
 *     old context answers STATUS_NO_SUCH_DEVICE until it is dereferenced.
 *   controller_gone: the controller is unbound from snd_hdaudbus while a
 *     client holds a context, a running engine and the wall clock pointer:
 *     every routine answers STATUS_NO_SUCH_DEVICE, the pointer stays
 *     readable, no DMA memory outlives the binding (the debug kernel's DMA
 *     API checks), and after binding the controller again all works.
 *   device_reads_all_ones: the controller stops answering (its registers
 *     read all-ones) under a client with a running engine: the bus
 *     releases it by itself (the client's remove runs), every routine
 *     answers STATUS_NO_SUCH_DEVICE, and binding again brings it back.
 */
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/pci.h>
#include <sound/hda_register.h>

#include "ddi_client.h"

TC_DRIVER("hdaudbus_test_lifecycle");

static KEVENT lc_event;

static void lc_notify(PVOID context, LARGE_INTEGER ts)
{
}

static void lc_unsol(HDAUDIO_CODEC_RESPONSE r, PVOID context)
{
}

/* A render engine with a buffer, running. */
static HANDLE lc_running_engine(struct ktap_case *c,
				HDAUDIO_BUS_INTERFACE_V3 *b)
{
	HDAUDIO_STREAM_FORMAT fmt = tc_format(48000, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv;
	SIZE_T size, off;
	HANDLE h = NULL;
	ULONG fifo;
	PMDL mdl;
	u8 id;

	if (!KTAP_EXPECT(c, b->AllocateRenderDmaEngine(b->Context, &fmt, 0, &h,
						       &conv) == STATUS_SUCCESS,
			 "engine") ||
	    !KTAP_EXPECT(c, b->AllocateDmaBufferWithNotification(b->Context, h,
				2, 9600, &mdl, &size, &off, &id, &fifo) ==
			 STATUS_SUCCESS, "buffer"))
		return h;
	b->SetDmaEngineState(b->Context, PauseState, 1, &h);
	KTAP_EXPECT(c, b->SetDmaEngineState(b->Context, RunState, 1, &h) ==
		    STATUS_SUCCESS, "run");
	return h;
}

/* Are all 4 render engines free?  Allocates and frees them. */
static bool lc_all_free(HDAUDIO_BUS_INTERFACE_V3 *b)
{
	HDAUDIO_STREAM_FORMAT fmt = tc_format(48000, 16, 16, 2);
	HDAUDIO_CONVERTER_FORMAT conv;
	unsigned int n;
	HANDLE h[4];
	bool all;

	for (n = 0; n < 4; n++)
		if (b->AllocateRenderDmaEngine(b->Context, &fmt, 0, &h[n],
					       &conv) != STATUS_SUCCESS)
			break;
	all = n == 4;
	while (n--)
		b->FreeDmaEngine(b->Context, h[n]);
	return all;
}

static void client_unbind_reclaims(struct ktap_case *c)
{
	HDAUDIO_BUS_INTERFACE_V3 a, b;
	struct device *dev;
	unsigned int refs;
	HANDLE h;
	UCHAR tag;
	NTSTATUS st;
	int err;

	if (!KTAP_EXPECT(c, tc_query_v3(0, &a), "query"))
		return;
	dev = &tc.codec[0]->dev;
	get_device(dev);	/* it must outlive the unbind for the check */
	refs = kref_read(&dev->kobj.kref);
	h = lc_running_engine(c, &a);
	KeInitializeEvent(&lc_event, SynchronizationEvent, FALSE);
	KTAP_EXPECT(c, a.RegisterNotificationEvent(a.Context, h, &lc_event) ==
		    STATUS_SUCCESS, "event");
	KTAP_EXPECT(c, a.RegisterNotificationCallback(a.Context, h, dev,
						      lc_notify, NULL) ==
		    STATUS_SUCCESS, "callback");
	KTAP_EXPECT(c, a.RegisterEventCallback(a.Context, lc_unsol, NULL,
					       &tag) == STATUS_SUCCESS, "tag");
	KTAP_EXPECT(c, kref_read(&dev->kobj.kref) == refs + 1,
		    "callback holds no device reference");

	/* the driver goes away without a word to the bus */
	hdaudbus_unregister_driver(&tc_driver);

	KTAP_EXPECT(c, kref_read(&dev->kobj.kref) == refs,
		    "device reference not dropped: %u, want %u",
		    kref_read(&dev->kobj.kref), refs);
	st = a.SetDmaEngineState(a.Context, PauseState, 1, &h);
	KTAP_EXPECT(c, st == STATUS_NO_SUCH_DEVICE, "revoked context: 0x%08x",
		    st);
	st = a.TransferCodecVerbs(a.Context, 0, NULL, NULL, NULL);
	KTAP_EXPECT(c, st == STATUS_NO_SUCH_DEVICE, "revoked verbs: 0x%08x",
		    st);
	a.InterfaceDereference(a.Context);
	put_device(dev);

	err = hdaudbus_register_driver(&tc_driver);
	if (!KTAP_EXPECT(c, !err && tc_query_v3(0, &b), "driver back: %d", err))
		return;
	KTAP_EXPECT(c, lc_all_free(&b), "engines not reclaimed");
	KTAP_EXPECT(c, b.RegisterEventCallback(b.Context, lc_unsol, NULL,
					       &tag) == STATUS_SUCCESS &&
		    b.UnregisterEventCallback(b.Context, tag) == STATUS_SUCCESS,
		    "tags");
	tc_release(&b);
}

static void controller_gone(struct ktap_case *c)
{
	HDAUDIO_BUS_INTERFACE_V3 a, b;
	struct device *pci;
	PULONG wall = NULL;
	HANDLE h;
	NTSTATUS st;
	u32 v = 0;

	if (!KTAP_EXPECT(c, tc_query_v3(0, &a), "query"))
		return;
	pci = get_device(tc.codec[0]->bus->dev);
	h = lc_running_engine(c, &a);
	a.GetWallClockRegister(a.Context, &wall);

	/* the controller leaves snd_hdaudbus (as with sysfs unbind) */
	device_release_driver(pci);
	KTAP_EXPECT(c, !tc.codec[0] && !tc.codec[1], "codecs still bound");

	st = a.SetDmaEngineState(a.Context, PauseState, 1, &h);
	KTAP_EXPECT(c, st == STATUS_NO_SUCH_DEVICE, "SetDmaEngineState 0x%08x",
		    st);
	st = a.FreeDmaEngine(a.Context, h);
	KTAP_EXPECT(c, st == STATUS_NO_SUCH_DEVICE, "FreeDmaEngine 0x%08x", st);
	st = a.AllocateRenderDmaEngine(a.Context, NULL, 0, &h, NULL);
	KTAP_EXPECT(c, st == STATUS_NO_SUCH_DEVICE, "Allocate 0x%08x", st);
	/*
	 * The wall clock pointer stays readable (the mapping lives with the
	 * context).  The link position may be memory of the controller's,
	 * which goes with it: a client stops reading it in its remove.
	 */
	if (KTAP_EXPECT(c, wall, "no wall clock pointer"))
		v = READ_REGISTER_ULONG(wall);
	ktap_diag("after removal: wall clock reads 0x%x", v);
	a.InterfaceDereference(a.Context);

	/* bind it again (driver_override still names snd_hdaudbus) */
	KTAP_EXPECT(c, device_attach(pci) == 1, "rebind");
	put_device(pci);
	if (!KTAP_EXPECT(c, tc.codec[0] && tc_query_v3(0, &b), "codecs back"))
		return;
	KTAP_EXPECT(c, lc_all_free(&b), "engines after rebind");
	tc_release(&b);
}

/*
 * Make the controller's registers read all-ones, as after a surprise
 * removal: bus mastering off (no DMA, no MSI), BAR 0 moved to where the
 * expansion ROM was, and the ROM - all 0xff, harmless to write to - put
 * where BAR 0 was.  QEMU's harness gives the controller such a ROM.  On a
 * controller without one, turning off memory decoding reads all-ones on
 * real PCI (a master abort) but not under QEMU.
 *
 * Return: true if a register read gives 0xffffffff.
 */
struct lc_saved {
	u32 bar0, rom;
	u16 cmd;
};

static bool lc_make_gone(struct pci_dev *pdev, void __iomem *regs,
			 struct lc_saved *sv)
{
	resource_size_t bar = pci_resource_start(pdev, 0);
	resource_size_t rom = pci_resource_start(pdev, PCI_ROM_RESOURCE);

	pci_read_config_word(pdev, PCI_COMMAND, &sv->cmd);
	pci_read_config_dword(pdev, PCI_BASE_ADDRESS_0, &sv->bar0);
	pci_read_config_dword(pdev, PCI_ROM_ADDRESS, &sv->rom);
	pci_write_config_word(pdev, PCI_COMMAND,
			      sv->cmd & ~PCI_COMMAND_MASTER);
	if (rom && upper_32_bits(rom) == 0 && upper_32_bits(bar) == 0 &&
	    pci_resource_len(pdev, PCI_ROM_RESOURCE) ==
	    pci_resource_len(pdev, 0) &&
	    !(sv->bar0 & PCI_BASE_ADDRESS_MEM_TYPE_64)) {
		ktap_diag("BAR 0 at %pa swapped with the all-ones ROM at %pa",
			  &bar, &rom);
		pci_write_config_dword(pdev, PCI_BASE_ADDRESS_0,
				       lower_32_bits(rom));
		pci_write_config_dword(pdev, PCI_ROM_ADDRESS,
				       lower_32_bits(bar) |
				       PCI_ROM_ADDRESS_ENABLE);
	} else {
		ktap_diag("no ROM to swap in: memory decoding off");
		pci_write_config_word(pdev, PCI_COMMAND, sv->cmd &
				      ~(PCI_COMMAND_MASTER |
					PCI_COMMAND_MEMORY));
	}
	return readl(regs) == 0xffffffff;
}

/*
 * Put the registers back.  When the driver let go of the device (@reborn),
 * it comes back as after a new insertion: bus mastering off (the next
 * probe turns it on) and the controller reset, which stops the streams it
 * still ran.
 */
static void lc_restore(struct pci_dev *pdev, const struct lc_saved *sv,
		       bool reborn)
{
	void __iomem *regs;

	pci_write_config_dword(pdev, PCI_ROM_ADDRESS, sv->rom);
	pci_write_config_dword(pdev, PCI_BASE_ADDRESS_0, sv->bar0);
	if (!reborn) {
		pci_write_config_word(pdev, PCI_COMMAND, sv->cmd);
		return;
	}
	pci_write_config_word(pdev, PCI_COMMAND,
			      sv->cmd & ~PCI_COMMAND_MASTER);
	regs = ioremap(pci_resource_start(pdev, 0), AZX_REG_GCTL + 4);
	if (regs) {
		writel(0, regs + AZX_REG_GCTL);
		iounmap(regs);
	}
}

/* Wait up to 5 s for the bus to release the controller by itself. */
static bool lc_wait_released(struct pci_dev *pdev)
{
	unsigned int i;

	for (i = 0; i < 500; i++) {
		if (!READ_ONCE(pdev->dev.driver) && !tc.codec[0])
			return true;
		usleep_range(10000, 11000);
	}
	return false;
}

/*
 * A device that stops answering while an engine runs: the bus notices on
 * its next register access, releases the controller by itself (the
 * client's remove callback runs, the DMA memory is freed), and every
 * routine on the old context answers STATUS_NO_SUCH_DEVICE; nothing hangs
 * or oopses.  Once the device is back, binding it again brings it back.
 */
static void device_reads_all_ones(struct ktap_case *c)
{
	HDAUDIO_BUS_INTERFACE_V3 a, b;
	HDAUDIO_CODEC_TRANSFER x = { .Output.Command = 0xf0000 };
	struct pci_dev *pdev;
	struct lc_saved sv;
	HANDLE h, h2;
	NTSTATUS st;

	if (!KTAP_EXPECT(c, tc_query_v3(0, &a), "query"))
		return;
	pdev = pci_dev_get(to_pci_dev(tc.codec[0]->bus->dev));
	h = lc_running_engine(c, &a);

	if (!lc_make_gone(pdev, tc.codec[0]->bus->remap_addr, &sv)) {
		lc_restore(pdev, &sv, false);
		ktap_skip(c, "the platform does not read all-ones here");
		a.SetDmaEngineState(a.Context, PauseState, 1, &h);
		a.SetDmaEngineState(a.Context, ResetState, 1, &h);
		a.FreeDmaEngine(a.Context, h);
		tc_release(&a);
		goto out;
	}
	/* stopping polls SDnCTL, which reads all-ones */
	st = a.SetDmaEngineState(a.Context, PauseState, 1, &h);
	KTAP_EXPECT(c, st == STATUS_NO_SUCH_DEVICE, "Pause: 0x%08x", st);
	KTAP_EXPECT(c, lc_wait_released(pdev),
		    "the bus did not release the lost controller");
	st = a.SetDmaEngineState(a.Context, ResetState, 1, &h);
	KTAP_EXPECT(c, st == STATUS_NO_SUCH_DEVICE, "Reset: 0x%08x", st);
	st = a.TransferCodecVerbs(a.Context, 1, &x, NULL, NULL);
	KTAP_EXPECT(c, st == STATUS_NO_SUCH_DEVICE, "verbs: 0x%08x", st);
	st = a.FreeDmaEngine(a.Context, h);
	KTAP_EXPECT(c, st == STATUS_NO_SUCH_DEVICE, "free: 0x%08x", st);
	st = a.AllocateRenderDmaEngine(a.Context, NULL, 0, &h2, NULL);
	KTAP_EXPECT(c, st == STATUS_NO_SUCH_DEVICE, "Allocate 0x%08x", st);
	a.InterfaceDereference(a.Context);

	lc_restore(pdev, &sv, true);
	KTAP_EXPECT(c, device_attach(&pdev->dev) == 1, "rebind");
	if (KTAP_EXPECT(c, tc.codec[0] && tc_query_v3(0, &b), "codecs back")) {
		KTAP_EXPECT(c, lc_all_free(&b), "engines after rebind");
		tc_release(&b);
	}
out:
	pci_dev_put(pdev);
}

static const struct ktap_test tests[] = {
	KTAP_CASE(client_unbind_reclaims),
	KTAP_CASE(controller_gone),
	KTAP_CASE(device_reads_all_ones),
};

static int __init lc_init(void)
{
	int err = hdaudbus_register_driver(&tc_driver);

	if (err)
		return err;
	ktap_run("hdaudbus_test_lifecycle", tests, ARRAY_SIZE(tests));
	return 0;
}

static void __exit lc_exit(void)
{
	hdaudbus_unregister_driver(&tc_driver);
}

module_init(lc_init);
module_exit(lc_exit);

MODULE_DESCRIPTION("snd-hdaudbus client and controller lifecycle tests");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HDAUDBUS);
MODULE_INFO(test, "Y");
