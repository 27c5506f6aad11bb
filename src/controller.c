// SPDX-License-Identifier: GPL-2.0-only
/*
 * controller.c - PCI binding and bring-up of an HD Audio controller.
 *
 * The driver has no PCI id table: a controller is bound only when the user
 * names this driver in the device's driver_override (see
 * tools/hdaudbus-bind).  Everything is done through snd-hda-core's exported
 * API.
 *
 *   probe:  PCI enable, BAR0 map, bus init, GCAP -> DMA mask and one
 *           hdac_stream per descriptor, BDL/CORB/RIRB/position pages,
 *           IRQ (MSI, else INTx), link reset + chip init, codec probe
 *   remove: mark gone, unregister codecs, stop streams and chip, free IRQ,
 *           free pages, leave the link in reset, drop the probe reference
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/idr.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <sound/hda_register.h>

#include "compat.h"
#include "client.h"
#include "controller.h"
#include "engine.h"

static bool enable_msi = true;
module_param_named(msi, enable_msi, bool, 0444);
MODULE_PARM_DESC(msi, "Use MSI when the controller offers it (default: true)");

/* Intel's Traffic Class Select register in PCI config space. */
#define HDAUDBUS_PCIREG_TCSEL	0x44

static DEFINE_IDA(hdaudbus_ida);

/*
 * Releases controllers found dead (hdaudbus_ctrl_lost()).  Not the
 * clients' workqueue: remove flushes that one.  Freezable, so that a loss
 * found in system sleep is acted on after resume.  Drained at module exit.
 */
static struct workqueue_struct *hdaudbus_lost_wq;

static void hdaudbus_free_streams(struct hdaudbus_ctrl *ctrl);

/* Free the BDL pages, the position buffer and the rings, once. */
static void hdaudbus_free_pages(struct hdaudbus_ctrl *ctrl)
{
	struct hdac_bus *bus = &ctrl->bus;
	struct hdac_stream *s;

	snd_hdac_bus_free_stream_pages(bus);
	list_for_each_entry(s, &bus->stream_list, list) {
		s->bdl.area = NULL;
		s->posbuf = NULL;
	}
	bus->rb.area = NULL;
	bus->posbuf.area = NULL;
}

/*
 * The last reference: clients may have kept the wall clock pointer, so the
 * register mapping lives until here, after the hardware itself was
 * released by remove.  (DMA memory does not: it is freed by remove.)
 */
static void hdaudbus_ctrl_release(struct kref *ref)
{
	struct hdaudbus_ctrl *ctrl = container_of(ref, struct hdaudbus_ctrl,
						  ref);

	/* a probe that failed half way leaves pages; remove freed them */
	hdaudbus_free_pages(ctrl);
	hdaudbus_engines_free(ctrl);
	hdaudbus_free_streams(ctrl);
	if (ctrl->bus.remap_addr)
		iounmap(ctrl->bus.remap_addr);
	/* every codec is gone (each held a reference), so the lists are empty */
	snd_hdac_bus_exit(&ctrl->bus);
	ida_free(&hdaudbus_ida, ctrl->index);
	pci_dev_put(ctrl->pci);
	kfree(ctrl);
}

/**
 * hdaudbus_ctrl_get() - take a reference on a controller
 * @ctrl: the controller
 *
 * Context: any.
 */
void hdaudbus_ctrl_get(struct hdaudbus_ctrl *ctrl)
{
	kref_get(&ctrl->ref);
}

/**
 * hdaudbus_ctrl_put() - drop a reference on a controller
 * @ctrl: the controller
 *
 * The last reference frees it; by then the hardware has been released by
 * remove.
 *
 * Context: process context (the final put may sleep).
 */
void hdaudbus_ctrl_put(struct hdaudbus_ctrl *ctrl)
{
	kref_put(&ctrl->ref, hdaudbus_ctrl_release);
}

/**
 * hdaudbus_ctrl_is_gone() - has the controller been removed or lost?
 * @ctrl: the controller
 *
 * Context: any.
 * Return: true once remove started or the device read back all-ones.
 */
bool hdaudbus_ctrl_is_gone(struct hdaudbus_ctrl *ctrl)
{
	return READ_ONCE(ctrl->gone);
}

/**
 * hdaudbus_ctrl_mark_gone() - stop all further hardware access
 * @ctrl: the controller
 *
 * Context: any; from process context callers also hold bus.cmd_mutex so
 * that no verb is in flight once it returns.
 */
void hdaudbus_ctrl_mark_gone(struct hdaudbus_ctrl *ctrl)
{
	WRITE_ONCE(ctrl->gone, true);
}

/*
 * Release the driver from a controller that stopped answering, as an
 * unbind through sysfs would: the clients' remove callbacks run, then the
 * bus's remove.  Only the binding that found the device dead is released;
 * one bound again since has another hdaudbus_ctrl.
 */
static void hdaudbus_lost_work(struct work_struct *work)
{
	struct hdaudbus_ctrl *ctrl = container_of(work, struct hdaudbus_ctrl,
						  lost_work);
	struct device *dev = &ctrl->pci->dev;
	bool bound;

	device_lock(dev);
	bound = dev->driver == &hdaudbus_pci_driver.driver &&
		pci_get_drvdata(ctrl->pci) == ctrl;
	device_unlock(dev);
	if (bound)
		device_release_driver(dev);
	hdaudbus_ctrl_put(ctrl);
}

/**
 * hdaudbus_ctrl_lost() - the controller reads all-ones: it is gone
 * @ctrl: the controller
 *
 * A surprise removal, or a device that died.  From now on nothing touches
 * its registers and every routine answers STATUS_NO_SUCH_DEVICE; the
 * driver is then released from the device in process context, so that
 * every client's remove callback runs and the DMA memory is freed (with
 * bus mastering off).  Nothing happens when remove already marked it gone.
 *
 * Context: any, hard interrupt included.
 */
void hdaudbus_ctrl_lost(struct hdaudbus_ctrl *ctrl)
{
	if (test_and_set_bit(HDAUDBUS_CTRL_LOST, &ctrl->flags) ||
	    hdaudbus_ctrl_is_gone(ctrl))
		return;
	hdaudbus_ctrl_mark_gone(ctrl);
	dev_err(&ctrl->pci->dev,
		"controller reads all-ones: device lost, releasing it\n");
	hdaudbus_ctrl_get(ctrl);
	queue_work(hdaudbus_lost_wq, &ctrl->lost_work);
}

/**
 * hdaudbus_ctrl_check_lost() - after a failed access: is the device gone?
 * @ctrl: the controller, powered (not in system sleep, or resuming)
 *
 * Context: any.
 * Return: true when it reads all-ones (and hdaudbus_ctrl_lost() ran).
 */
bool hdaudbus_ctrl_check_lost(struct hdaudbus_ctrl *ctrl)
{
	if (hdaudbus_ctrl_is_gone(ctrl))
		return true;
	if (snd_hdac_chip_readl(&ctrl->bus, INTSTS) != 0xffffffff)
		return false;
	hdaudbus_ctrl_lost(ctrl);
	return true;
}

/**
 * hdaudbus_ctrl_init() - module-wide set-up of controller handling
 *
 * Context: module init.
 * Return: 0 or -ENOMEM.
 */
int hdaudbus_ctrl_init(void)
{
	hdaudbus_lost_wq = alloc_workqueue("hdaudbus_lost", WQ_FREEZABLE, 0);
	return hdaudbus_lost_wq ? 0 : -ENOMEM;
}

/**
 * hdaudbus_ctrl_exit() - wait for the release of lost controllers
 *
 * Context: module exit, after the PCI driver was unregistered.
 */
void hdaudbus_ctrl_exit(void)
{
	destroy_workqueue(hdaudbus_lost_wq);
}

static int hdaudbus_init_pci(struct hdaudbus_ctrl *ctrl)
{
	struct pci_dev *pci = ctrl->pci;
	u8 tcsel;

	/*
	 * Traffic class 0 for the controller's DMA: some chipsets route other
	 * classes badly and audio crackles (HD Audio spec, TCSEL).
	 */
	if (pci->vendor == PCI_VENDOR_ID_INTEL &&
	    !pci_read_config_byte(pci, HDAUDBUS_PCIREG_TCSEL, &tcsel) &&
	    (tcsel & 0x07))
		pci_write_config_byte(pci, HDAUDBUS_PCIREG_TCSEL, tcsel & 0xf8);
	return 0;
}

static int hdaudbus_init_streams(struct hdaudbus_ctrl *ctrl)
{
	struct hdac_bus *bus = &ctrl->bus;
	unsigned int i, n = hdaudbus_ctrl_num_streams(ctrl);
	bool shared_tags = n <= 15;

	if (!n) {
		dev_err(&ctrl->pci->dev,
			"controller reports no stream descriptors (GCAP 0x%04x)\n",
			ctrl->gcap);
		return -ENODEV;
	}

	ctrl->streams = kcalloc(n, sizeof(*ctrl->streams), GFP_KERNEL);
	if (!ctrl->streams)
		return -ENOMEM;

	for (i = 0; i < n; i++) {
		struct hdaudbus_stream *s = &ctrl->streams[i];
		int dir, tag;

		s->ctrl = ctrl;
		if (i < ctrl->n_in) {
			s->kind = HDAUDBUS_STREAM_IN;
			dir = SNDRV_PCM_STREAM_CAPTURE;
			tag = i + 1;
		} else if (i < ctrl->n_in + ctrl->n_out) {
			s->kind = HDAUDBUS_STREAM_OUT;
			dir = SNDRV_PCM_STREAM_PLAYBACK;
			tag = shared_tags ? i + 1 : i - ctrl->n_in + 1;
		} else {
			/*
			 * A bidirectional descriptor may run either way, so
			 * its tag must be free in both directions.
			 */
			s->kind = HDAUDBUS_STREAM_BIDIR;
			dir = SNDRV_PCM_STREAM_PLAYBACK;
			tag = shared_tags ? i + 1 :
			      max(ctrl->n_in, ctrl->n_out) +
			      (i - ctrl->n_in - ctrl->n_out) + 1;
		}
		if (tag > 15) {
			/* no tag left: keep the descriptor out of service */
			dev_warn(&ctrl->pci->dev,
				 "stream descriptor %u has no free stream tag, not used\n",
				 i);
			s->hstream.locked = true;
			tag = 0;
		}
		snd_hdac_stream_init(bus, &s->hstream, i, dir, tag);
	}
	return 0;
}

static void hdaudbus_free_streams(struct hdaudbus_ctrl *ctrl)
{
	unsigned int i;

	if (!ctrl->streams)
		return;
	for (i = 0; i < hdaudbus_ctrl_num_streams(ctrl); i++)
		list_del(&ctrl->streams[i].hstream.list);
	kfree(ctrl->streams);
	ctrl->streams = NULL;
}

static int hdaudbus_request_irq(struct hdaudbus_ctrl *ctrl)
{
	struct pci_dev *pci = ctrl->pci;
	unsigned int types = HDAUDBUS_PCI_IRQ_INTX;
	int err;

	if (enable_msi)
		types |= PCI_IRQ_MSI;
	err = pci_alloc_irq_vectors(pci, 1, 1, types);
	if (err < 0) {
		dev_err(&pci->dev, "no interrupt available: %d\n", err);
		return err;
	}
	ctrl->msi = pci->msi_enabled;
	err = request_irq(pci_irq_vector(pci, 0), hdaudbus_irq_handler,
			  ctrl->msi ? 0 : IRQF_SHARED, HDAUDBUS_DRV_NAME, ctrl);
	if (err) {
		dev_err(&pci->dev, "cannot request IRQ %d: %d\n",
			pci_irq_vector(pci, 0), err);
		pci_free_irq_vectors(pci);
		return err;
	}
	ctrl->irq = pci_irq_vector(pci, 0);
	ctrl->bus.irq = ctrl->irq;
	return 0;
}

static void hdaudbus_free_irq(struct hdaudbus_ctrl *ctrl)
{
	if (ctrl->irq < 0)
		return;
	free_irq(ctrl->irq, ctrl);
	pci_free_irq_vectors(ctrl->pci);
	ctrl->irq = -1;
	ctrl->bus.irq = -1;
}

/* Stop all DMA and the command rings, then hold the link in reset. */
static void hdaudbus_stop_hw(struct hdaudbus_ctrl *ctrl)
{
	struct hdac_bus *bus = &ctrl->bus;
	unsigned long flags;

	spin_lock_irqsave(&bus->reg_lock, flags);
	snd_hdac_stop_streams(bus);
	spin_unlock_irqrestore(&bus->reg_lock, flags);
	snd_hdac_bus_stop_chip(bus);
	snd_hdac_bus_enter_link_reset(bus);
}

static int hdaudbus_pci_probe(struct pci_dev *pci,
			      const struct pci_device_id *id)
{
	struct hdaudbus_ctrl *ctrl;
	struct hdac_bus *bus;
	int dma_bits, err;

	if ((pci->class >> 8) != PCI_CLASS_MULTIMEDIA_HD_AUDIO) {
		dev_err(&pci->dev,
			"not an HD Audio controller (class 0x%06x), refusing to bind\n",
			pci->class);
		return -ENODEV;
	}

	ctrl = kzalloc(sizeof(*ctrl), GFP_KERNEL);
	if (!ctrl)
		return -ENOMEM;
	kref_init(&ctrl->ref);
	ctrl->pci = pci_dev_get(pci);
	ctrl->irq = -1;
	INIT_WORK(&ctrl->lost_work, hdaudbus_lost_work);
	atomic_set(&ctrl->clients, 0);
	atomic64_set(&ctrl->irqs, 0);
	bus = &ctrl->bus;
	/* before anything can fail: the release path calls bus exit */
	snd_hdac_bus_init(bus, &pci->dev, NULL);

	ctrl->index = ida_alloc(&hdaudbus_ida, GFP_KERNEL);
	if (ctrl->index < 0) {
		err = ctrl->index;
		ctrl->index = 0;
		pci_dev_put(ctrl->pci);
		kfree(ctrl);
		return err;
	}

	err = pci_enable_device(pci);
	if (err) {
		dev_err(&pci->dev, "cannot enable PCI device: %d\n", err);
		goto err_put;
	}
	err = pci_request_regions(pci, HDAUDBUS_DRV_NAME);
	if (err) {
		dev_err(&pci->dev, "cannot claim BAR0: %d\n", err);
		goto err_disable;
	}
	bus->addr = pci_resource_start(pci, 0);
	bus->remap_addr = pci_ioremap_bar(pci, 0);
	if (!bus->remap_addr) {
		dev_err(&pci->dev, "cannot map BAR0\n");
		err = -ENOMEM;
		goto err_release;
	}
	pci_set_master(pci);
	hdaudbus_init_pci(ctrl);

	bus->use_posbuf = true;
	bus->sync_write = true;
	bus->bdl_pos_adj = 0;

	ctrl->gcap = snd_hdac_chip_readw(bus, GCAP);
	if (ctrl->gcap == 0xffff) {
		dev_err(&pci->dev, "controller does not respond (GCAP reads 0xffff)\n");
		err = -ENODEV;
		goto err_release;
	}
	ctrl->vmaj = snd_hdac_chip_readb(bus, VMAJ);
	ctrl->vmin = snd_hdac_chip_readb(bus, VMIN);
	hdaudbus_bw_init(&ctrl->bw, snd_hdac_chip_readw(bus, OUTPAY),
			 snd_hdac_chip_readw(bus, INPAY),
			 snd_hdac_chip_readw(bus, OUTSTRMPAY),
			 snd_hdac_chip_readw(bus, INSTRMPAY));
	ctrl->n_in = (ctrl->gcap & AZX_GCAP_ISS) >> 8;
	ctrl->n_out = (ctrl->gcap & AZX_GCAP_OSS) >> 12;
	ctrl->n_bidir = (ctrl->gcap & AZX_GCAP_BSS) >> 3;
	if (hdaudbus_ctrl_num_streams(ctrl) > HDAUDBUS_MAX_ENGINES) {
		/* INTCTL/INTSTS/SSYNC have room for 30 descriptors */
		dev_warn(&pci->dev, "GCAP 0x%04x announces more than %u streams, using the first %u\n",
			 ctrl->gcap, HDAUDBUS_MAX_ENGINES, HDAUDBUS_MAX_ENGINES);
		ctrl->n_bidir = HDAUDBUS_MAX_ENGINES - ctrl->n_in - ctrl->n_out;
	}

	dma_bits = (ctrl->gcap & AZX_GCAP_64OK) ? 64 : 32;
	err = dma_set_mask_and_coherent(&pci->dev, DMA_BIT_MASK(dma_bits));
	if (err && dma_bits == 64) {
		dma_bits = 32;
		err = dma_set_mask_and_coherent(&pci->dev, DMA_BIT_MASK(32));
	}
	if (err) {
		dev_err(&pci->dev, "no usable DMA mask: %d\n", err);
		goto err_release;
	}
	dma_set_max_seg_size(&pci->dev, UINT_MAX);

	err = hdaudbus_init_streams(ctrl);
	if (err)
		goto err_release;
	err = snd_hdac_bus_alloc_stream_pages(bus);
	if (err) {
		dev_err(&pci->dev, "cannot allocate BDL/CORB/RIRB pages\n");
		goto err_release;
	}
	err = hdaudbus_engines_init(ctrl);
	if (err)
		goto err_release;
	hdaudbus_unsol_init(ctrl);

	pci_set_drvdata(pci, ctrl);
	err = hdaudbus_request_irq(ctrl);
	if (err)
		goto err_release;

	snd_hdac_bus_init_chip(bus, true);
	bus->codec_mask &= HDAUDBUS_CODEC_MASK;

	err = hdaudbus_codecs_probe(ctrl);
	if (err)
		goto err_chip;

	dev_info(&pci->dev,
		 "HD Audio %u.%u: %u in, %u out, %u bidirectional streams, %d-bit DMA, %s, codecs 0x%lx\n",
		 ctrl->vmaj, ctrl->vmin,
		 ctrl->n_in, ctrl->n_out, ctrl->n_bidir, dma_bits,
		 ctrl->msi ? "MSI" : "INTx", bus->codec_mask);
	return 0;

err_chip:
	hdaudbus_stop_hw(ctrl);
	hdaudbus_free_irq(ctrl);
	hdaudbus_notify_exit(ctrl);
err_release:
	pci_release_regions(pci);
err_disable:
	pci_disable_device(pci);
err_put:
	pci_set_drvdata(pci, NULL);
	hdaudbus_ctrl_put(ctrl);
	return err;
}

static void hdaudbus_pci_remove(struct pci_dev *pci)
{
	struct hdaudbus_ctrl *ctrl = pci_get_drvdata(pci);
	struct hdac_bus *bus = &ctrl->bus;

	/* clients' remove callbacks run here and may still send verbs */
	hdaudbus_codecs_remove(ctrl);
	/* contexts of modules that are no client driver: engines, buffers */
	hdaudbus_clients_revoke(NULL, ctrl);
	/* contexts released just before: their buffers go while still bound */
	hdaudbus_clients_flush();

	mutex_lock(&bus->cmd_mutex);
	hdaudbus_ctrl_mark_gone(ctrl);
	mutex_unlock(&bus->cmd_mutex);

	/* nothing runs any more; this stops what a racing client started */
	hdaudbus_engines_pause_all(ctrl);
	hdaudbus_stop_hw(ctrl);
	hdaudbus_free_irq(ctrl);
	hdaudbus_notify_exit(ctrl);
	cancel_work_sync(&bus->unsol_work);
	/* no DMA memory outlives the binding (BDLs, position buffer, rings) */
	hdaudbus_free_pages(ctrl);
	pci_release_regions(pci);
	pci_disable_device(pci);
	pci_set_drvdata(pci, NULL);
	dev_info(&pci->dev, "controller released\n");
	hdaudbus_ctrl_put(ctrl);
}

static void hdaudbus_pci_shutdown(struct pci_dev *pci)
{
	struct hdaudbus_ctrl *ctrl = pci_get_drvdata(pci);

	if (!ctrl)
		return;
	/* no DMA may run across kexec or power-off */
	mutex_lock(&ctrl->bus.cmd_mutex);
	hdaudbus_ctrl_mark_gone(ctrl);
	mutex_unlock(&ctrl->bus.cmd_mutex);
	hdaudbus_stop_hw(ctrl);
}

/*
 * No id_table: the PCI core then matches this driver only to a device whose
 * driver_override names it, which is exactly the binding policy we want.
 */
struct pci_driver hdaudbus_pci_driver = {
	.name = HDAUDBUS_DRV_NAME,
	.probe = hdaudbus_pci_probe,
	.remove = hdaudbus_pci_remove,
	.shutdown = hdaudbus_pci_shutdown,
	.dev_groups = hdaudbus_ctrl_groups,
	.driver = {
		.pm = &hdaudbus_pm_ops,
	},
};
