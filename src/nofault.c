// SPDX-License-Identifier: GPL-2.0-only
/*
 * nofault.c - writes to caller memory that fail instead of faulting.
 *
 * The kernel exports copy_from_kernel_nofault() but not its write
 * counterpart, so this is the same loop on top of __put_kernel_nofault().
 * The destination is first read with copy_from_kernel_nofault(), which also
 * refuses user-space and non-canonical addresses.
 */
#include <linux/uaccess.h>

#include "compat.h"
#include "ddi.h"

/**
 * hdaudbus_copy_to_kernel_nofault() - copy to memory that may be bad
 * @dst: destination in kernel memory, possibly unmapped or read-only
 * @src: source
 * @size: bytes
 *
 * Context: any.
 * Return: 0, or -EFAULT when @dst is not writable kernel memory (part of
 * it may have been written when it spans a page that is not).
 */
long hdaudbus_copy_to_kernel_nofault(void *dst, const void *src, size_t size)
{
	u8 probe;

	if (!size)
		return 0;
	if (copy_from_kernel_nofault(&probe, dst, 1) ||
	    copy_from_kernel_nofault(&probe, (u8 *)dst + size - 1, 1))
		return -EFAULT;

	pagefault_disable();
	while (size >= sizeof(u64)) {
		__put_kernel_nofault(dst, src, u64, fault);
		dst += sizeof(u64);
		src += sizeof(u64);
		size -= sizeof(u64);
	}
	while (size) {
		__put_kernel_nofault(dst, src, u8, fault);
		dst++;
		src++;
		size--;
	}
	pagefault_enable();
	return 0;
fault:
	pagefault_enable();
	return -EFAULT;
}
