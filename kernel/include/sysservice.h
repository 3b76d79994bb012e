/*
 * System services, kernel side: the dispatcher (kernel/ke/sysservice.c) and what every Nt* service
 * uses to touch its caller's memory. A service never dereferences a pointer it was given: it copies
 * through these helpers, which probe user memory when the caller was user mode (PreviousMode) and
 * return STATUS_ACCESS_VIOLATION for a bad pointer instead of faulting.
 */
#ifndef SYSSERVICE_H
#define SYSSERVICE_H

#include "ke.h"
#include "ketypes.h"
#include "ntapi.h"

#define KI_MAX_SERVICE_ARGUMENTS 12        /* argument words a service may take */

static inline KPROCESSOR_MODE KeGetPreviousMode(void)
{
    return KeGetCurrentThread()->PreviousMode;
}

NTSTATUS KeCopyFromCaller(void *kernelDst, const void *callerSrc, size_t length);
NTSTATUS KeCopyToCaller(void *callerDst, const void *kernelSrc, size_t length);
/* Copies a NUL-terminated string of at most size - 1 characters; STATUS_OBJECT_NAME_INVALID when
   it is longer, STATUS_ACCESS_VIOLATION when it cannot be read. */
NTSTATUS KeCopyStringFromCaller(char *kernelDst, const char *callerSrc, size_t size);
/* Stores a handle or ULONG result in the caller's variable. */
NTSTATUS KeStoreUlongToCaller(void *callerDst, ULONG value);

/* Calls service `number` on behalf of kernel-mode code (the Zw* entry points, zwstubs.S). */
NTSTATUS KiCallKernelService(ULONG number, const ULONG *arguments);

#endif
