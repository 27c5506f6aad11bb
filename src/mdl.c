// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdl.c - memory descriptor lists for buffers in kernel virtual memory.
 *
 * The bus describes each DMA buffer it hands to a client with an MDL: the
 * kernel address, the length and the page frame of every page.  A buffer
 * may sit in the direct map (kmalloc(), the page allocator,
 * dma_alloc_coherent() on most x86 systems) or in the vmalloc area
 * (vmalloc(), vmap(), remapped coherent DMA memory); each page is resolved
 * separately, so a buffer need not be physically contiguous.
 */

#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include <hdaudbus/wdm.h>

/* The page behind one page-aligned kernel address, or NULL. */
static struct page *hdaudbus_mdl_page(const void *addr)
{
	if (is_vmalloc_addr(addr))
		return vmalloc_to_page(addr);
	if (virt_addr_valid(addr))
		return virt_to_page(addr);
	return NULL;
}

/**
 * hdaudbus_mdl_alloc() - describe a kernel buffer with an MDL
 * @va: kernel virtual address of the first byte, in the direct map or in
 *	the vmalloc area
 * @size: length of the buffer in bytes, 1 to U32_MAX
 * @gfp: allocation flags for the MDL itself
 *
 * The MDL records @va, @size, the offset of @va in its page and the page
 * frame number of every page the buffer touches.  It does not own the
 * buffer, and the buffer must stay allocated and mapped for as long as the
 * MDL is used.  The bus builds MDLs for the DMA buffers it hands to
 * clients; a client may also use this to describe a buffer of its own
 * (what IoAllocateMdl() plus MmBuildMdlForNonPagedPool() do on Windows).
 *
 * Context: Any context if @gfp does not allow sleeping; process context
 * otherwise.
 * Return: the new MDL, to be released with hdaudbus_mdl_free(); NULL if
 * @va is NULL, @size is 0 or too large, a page of the buffer is neither
 * direct-mapped nor in the vmalloc area, or memory ran out.
 */
struct _MDL *hdaudbus_mdl_alloc(void *va, size_t size, gfp_t gfp)
{
	unsigned long start, offset, pages, i;
	struct _MDL *mdl;

	if (!va || !size || size > U32_MAX)
		return NULL;
	if ((unsigned long)va + (size - 1) < (unsigned long)va)
		return NULL;	/* wraps around the address space */

	offset = offset_in_page(va);
	start = (unsigned long)va - offset;
	pages = DIV_ROUND_UP((u64)offset + size, PAGE_SIZE);

	mdl = kmalloc(struct_size(mdl, PfnArray, pages), gfp);
	if (!mdl)
		return NULL;

	for (i = 0; i < pages; i++) {
		struct page *page;

		page = hdaudbus_mdl_page((const void *)(start + i * PAGE_SIZE));
		if (!page) {
			kfree(mdl);
			return NULL;
		}
		mdl->PfnArray[i] = page_to_pfn(page);
	}

	mdl->Next = NULL;
	mdl->StartVa = (void *)start;
	mdl->MappedSystemVa = va;
	mdl->ByteCount = size;
	mdl->ByteOffset = offset;
	mdl->PageCount = pages;
	return mdl;
}
HDAUDBUS_EXPORT(hdaudbus_mdl_alloc);

/**
 * hdaudbus_mdl_free() - release an MDL from hdaudbus_mdl_alloc()
 * @mdl: the MDL, or NULL
 *
 * The buffer the MDL describes is not touched.
 *
 * Context: Any context.
 */
void hdaudbus_mdl_free(struct _MDL *mdl)
{
	kfree(mdl);
}
HDAUDBUS_EXPORT(hdaudbus_mdl_free);
