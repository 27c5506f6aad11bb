/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ntstatus.h - NTSTATUS values of the HD Audio bus DDI and the project's
 * single errno <-> NTSTATUS mapping.
 *
 * Internal code of snd-hdaudbus speaks errno; every DDI routine converts its
 * result with hdaudbus_errno_to_ntstatus() just before returning to the
 * client.  The values are the Windows ones, so a status printed in hex reads
 * the same as on Windows.
 */
#ifndef __HDAUDBUS_NTSTATUS_H
#define __HDAUDBUS_NTSTATUS_H

#include <linux/types.h>
#include <linux/errno.h>

/*
 * NTSTATUS is a signed 32-bit value: bits 31:30 are the severity
 * (0 success, 1 informational, 2 warning, 3 error), so every error code is
 * negative and every success code is >= 0.
 */
typedef s32 NTSTATUS;

/* Success and wait-completion codes (severity 0). */
#define STATUS_SUCCESS			((NTSTATUS)0x00000000L)
#define STATUS_WAIT_0			((NTSTATUS)0x00000000L)
#define STATUS_ALERTED			((NTSTATUS)0x00000101L)
#define STATUS_TIMEOUT			((NTSTATUS)0x00000102L)
#define STATUS_PENDING			((NTSTATUS)0x00000103L)

/* Error codes (severity 3). */
#define STATUS_UNSUCCESSFUL		((NTSTATUS)0xC0000001L)
#define STATUS_NOT_IMPLEMENTED		((NTSTATUS)0xC0000002L)
#define STATUS_INVALID_HANDLE		((NTSTATUS)0xC0000008L)
#define STATUS_INVALID_PARAMETER	((NTSTATUS)0xC000000DL)
#define STATUS_NO_SUCH_DEVICE		((NTSTATUS)0xC000000EL)
#define STATUS_INVALID_DEVICE_REQUEST	((NTSTATUS)0xC0000010L)
#define STATUS_NO_MEMORY		((NTSTATUS)0xC0000017L)
#define STATUS_BUFFER_TOO_SMALL		((NTSTATUS)0xC0000023L)
#define STATUS_INSUFFICIENT_RESOURCES	((NTSTATUS)0xC000009AL)
#define STATUS_DEVICE_NOT_CONNECTED	((NTSTATUS)0xC000009DL)
#define STATUS_DEVICE_NOT_READY		((NTSTATUS)0xC00000A3L)
#define STATUS_IO_TIMEOUT		((NTSTATUS)0xC00000B5L)
#define STATUS_NOT_SUPPORTED		((NTSTATUS)0xC00000BBL)
#define STATUS_DEVICE_DOES_NOT_EXIST	((NTSTATUS)0xC00000C0L)
#define STATUS_INVALID_DEVICE_STATE	((NTSTATUS)0xC0000184L)
#define STATUS_IO_DEVICE_ERROR		((NTSTATUS)0xC0000185L)
#define STATUS_NOT_FOUND		((NTSTATUS)0xC0000225L)
#define STATUS_RETRY			((NTSTATUS)0xC000022DL)

/* Severity tests, as in the Windows headers. */
#define NT_SUCCESS(s)		((NTSTATUS)(s) >= 0)
#define NT_INFORMATION(s)	((((u32)(NTSTATUS)(s)) >> 30) == 1)
#define NT_WARNING(s)		((((u32)(NTSTATUS)(s)) >> 30) == 2)
#define NT_ERROR(s)		((((u32)(NTSTATUS)(s)) >> 30) == 3)

/*
 * The mapping.
 *
 *   errno         NTSTATUS                        meaning in this project
 *   -----------   -----------------------------   ---------------------------
 *   0             STATUS_SUCCESS
 *   -EINVAL       STATUS_INVALID_PARAMETER        bad pointer or value
 *   -EFAULT       STATUS_INVALID_PARAMETER        pointer to unmapped memory
 *   -EBADF        STATUS_INVALID_HANDLE           stale/foreign/garbage handle
 *   -EBUSY        STATUS_INVALID_DEVICE_REQUEST   object in the wrong state
 *                                                 for the request
 *   -ENOMEM       STATUS_INSUFFICIENT_RESOURCES   allocation failed
 *   -ENOSPC       STATUS_INSUFFICIENT_RESOURCES   nothing free: engine, slot,
 *                                                 tag, link bandwidth
 *   -ENOBUFS      STATUS_BUFFER_TOO_SMALL         FIFO or caller buffer
 *                                                 too small
 *   -ETIMEDOUT    STATUS_DEVICE_NOT_READY         hardware did not respond
 *                                                 in time
 *   -ENODEV       STATUS_NO_SUCH_DEVICE           no controller behind it
 *   -EOPNOTSUPP   STATUS_NOT_SUPPORTED            unknown interface, etc.
 *   -ENOENT       STATUS_NOT_FOUND
 *   -EIO          STATUS_IO_DEVICE_ERROR
 *   -EAGAIN       STATUS_RETRY                    queue full, try again
 *   -EINTR        STATUS_ALERTED                  alertable wait interrupted
 *   -EPERM        STATUS_UNSUCCESSFUL             called from a context above
 *                                                 the routine's level
 *   anything else STATUS_UNSUCCESSFUL
 *
 * The reverse direction maps each status above back to its errno.  Where
 * two errnos share a status the first one wins (STATUS_INSUFFICIENT_RESOURCES
 * -> -ENOMEM), and STATUS_UNSUCCESSFUL -> -EPERM.  The other codes defined in
 * this file map as follows:
 *
 *   STATUS_NO_MEMORY                      -> -ENOMEM
 *   STATUS_TIMEOUT, STATUS_IO_TIMEOUT     -> -ETIMEDOUT
 *   STATUS_PENDING                        -> -EINPROGRESS
 *   STATUS_NOT_IMPLEMENTED                -> -EOPNOTSUPP
 *   STATUS_DEVICE_NOT_CONNECTED,
 *   STATUS_DEVICE_DOES_NOT_EXIST          -> -ENODEV
 *   STATUS_INVALID_DEVICE_STATE           -> -EBUSY
 *   any other success code (>= 0)         -> 0
 *   any other error                       -> -EIO
 *
 * STATUS_ALERTED, STATUS_TIMEOUT and STATUS_PENDING are success codes in
 * the NT_SUCCESS() sense (a wait or request finished without failing), but
 * each reports that the thing waited for did not happen, so they map to an
 * errno rather than to 0.
 */

/**
 * hdaudbus_errno_to_ntstatus() - convert an internal result to a DDI status
 * @err: 0 or a negative errno
 *
 * Context: Any context.
 * Return: the NTSTATUS of the table above; STATUS_UNSUCCESSFUL for an errno
 * the table does not list (positive values included).
 */
static inline NTSTATUS hdaudbus_errno_to_ntstatus(int err)
{
	switch (err) {
	case 0:
		return STATUS_SUCCESS;
	case -EINVAL:
	case -EFAULT:
		return STATUS_INVALID_PARAMETER;
	case -EBADF:
		return STATUS_INVALID_HANDLE;
	case -EBUSY:
		return STATUS_INVALID_DEVICE_REQUEST;
	case -ENOMEM:
	case -ENOSPC:
		return STATUS_INSUFFICIENT_RESOURCES;
	case -ENOBUFS:
		return STATUS_BUFFER_TOO_SMALL;
	case -ETIMEDOUT:
		return STATUS_DEVICE_NOT_READY;
	case -ENODEV:
		return STATUS_NO_SUCH_DEVICE;
	case -EOPNOTSUPP:
		return STATUS_NOT_SUPPORTED;
	case -ENOENT:
		return STATUS_NOT_FOUND;
	case -EIO:
		return STATUS_IO_DEVICE_ERROR;
	case -EAGAIN:
		return STATUS_RETRY;
	case -EINTR:
		return STATUS_ALERTED;
	case -EPERM:
	default:
		return STATUS_UNSUCCESSFUL;
	}
}

/**
 * hdaudbus_ntstatus_to_errno() - convert a DDI status to an errno
 * @st: an NTSTATUS value
 *
 * Context: Any context.
 * Return: 0 for a plain success code, otherwise the negative errno of the
 * table above; -EIO for an error code the table does not list.
 */
static inline int hdaudbus_ntstatus_to_errno(NTSTATUS st)
{
	switch (st) {
	case STATUS_SUCCESS:
		return 0;
	case STATUS_ALERTED:
		return -EINTR;
	case STATUS_TIMEOUT:
	case STATUS_IO_TIMEOUT:
		return -ETIMEDOUT;
	case STATUS_PENDING:
		return -EINPROGRESS;
	case STATUS_UNSUCCESSFUL:
		return -EPERM;
	case STATUS_INVALID_PARAMETER:
		return -EINVAL;
	case STATUS_INVALID_HANDLE:
		return -EBADF;
	case STATUS_INVALID_DEVICE_REQUEST:
	case STATUS_INVALID_DEVICE_STATE:
		return -EBUSY;
	case STATUS_INSUFFICIENT_RESOURCES:
	case STATUS_NO_MEMORY:
		return -ENOMEM;
	case STATUS_BUFFER_TOO_SMALL:
		return -ENOBUFS;
	case STATUS_DEVICE_NOT_READY:
		return -ETIMEDOUT;
	case STATUS_NO_SUCH_DEVICE:
	case STATUS_DEVICE_NOT_CONNECTED:
	case STATUS_DEVICE_DOES_NOT_EXIST:
		return -ENODEV;
	case STATUS_NOT_SUPPORTED:
	case STATUS_NOT_IMPLEMENTED:
		return -EOPNOTSUPP;
	case STATUS_NOT_FOUND:
		return -ENOENT;
	case STATUS_IO_DEVICE_ERROR:
		return -EIO;
	case STATUS_RETRY:
		return -EAGAIN;
	default:
		return NT_SUCCESS(st) ? 0 : -EIO;
	}
}

#endif /* __HDAUDBUS_NTSTATUS_H */
