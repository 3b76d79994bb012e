/* ntdll for user programs: the Nt* service stubs (ntapi.h), the TEB and PEB, and Rtl helpers. */
#ifndef NTDLL_H
#define NTDLL_H

#include "ntapi.h"
#include "rtl.h"

typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum _WAIT_TYPE { WaitAll, WaitAny } WAIT_TYPE;
#define MAXIMUM_WAIT_OBJECTS 64

/* The running thread's TEB: FS addresses it in user mode, and TEB.Self holds its flat address. */
static inline TEB *NtCurrentTeb(void)
{
    TEB *teb;
    __asm__("movl %%fs:0x18, %0" : "=r"(teb));
    return teb;
}

static inline PEB *NtCurrentPeb(void)
{
    return (PEB *)USER_PEB_ADDRESS;
}

/* The Win32 error code for a status (ERROR_MR_MID_NOT_FOUND, 317, when the table has none). */
ULONG RtlNtStatusToDosError(NTSTATUS status);

/* Invokes system service `number` directly with an argument block: for the robustness tests, which
   must pass what no typed stub would (bad service numbers, bad argument pointers). */
NTSTATUS NtRawSystemCall(ULONG number, const void *arguments);

#endif
