/*
 * The system service dispatcher: int 0x2E (the trap layer calls KiSystemServiceHook) with EAX = the
 * service number and EDX = the caller's arguments, and the Zw* entry points (KiCallKernelService).
 * The table is generated from kernel/include/services.h. The argument block is copied from the
 * caller's stack with the table's byte count (svctable.S) -- probed when the caller was user mode --
 * and the service runs with the thread's PreviousMode saying who called.
 */
#include "sysservice.h"
#include "mm.h"
#include "rtl.h"

typedef NTSTATUS (*KI_SERVICE_ROUTINE)(ULONG, ULONG, ULONG, ULONG, ULONG, ULONG,
                                       ULONG, ULONG, ULONG, ULONG, ULONG, ULONG);

typedef struct _KI_SERVICE {
    void (*Routine)(void);          /* NULL: not implemented yet */
    ULONG ArgumentBytes;
} KI_SERVICE;

/* svctable.S, generated from services.h */
extern const KI_SERVICE KiServiceTable[];
extern const ULONG KiServiceLimit;
_Static_assert(KI_MAX_SERVICE_ARGUMENTS * 4 == 48, "svctable.S refuses services of more than 48 bytes");

/* Every service is called with twelve argument words: cdecl lets a callee ignore the ones it lacks. */
static NTSTATUS call_service(ULONG number, const void *arguments, KPROCESSOR_MODE mode)
{
    ULONG a[KI_MAX_SERVICE_ARGUMENTS] = { 0 };
    if (number >= KiServiceLimit)
        return STATUS_INVALID_SYSTEM_SERVICE;
    const KI_SERVICE *service = &KiServiceTable[number];
    if (mode == UserMode) {
        if (!NT_SUCCESS(MmCopyFromUser(a, arguments, service->ArgumentBytes)))
            return STATUS_ACCESS_VIOLATION;
    } else {
        memcpy(a, arguments, service->ArgumentBytes);
    }
    if (!service->Routine)
        return STATUS_NOT_IMPLEMENTED;
    KI_SERVICE_ROUTINE routine = (KI_SERVICE_ROUTINE)service->Routine;
    return routine(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
}

static NTSTATUS dispatch(ULONG number, const void *arguments, KPROCESSOR_MODE mode)
{
    KTHREAD *thread = KeGetCurrentThread();
    KPROCESSOR_MODE saved = thread->PreviousMode;
    thread->PreviousMode = mode;
    NTSTATUS status = call_service(number, arguments, mode);
    thread->PreviousMode = saved;
    if (KeGetCurrentIrql() != PASSIVE_LEVEL)
        KeBugCheckEx(IRQL_GT_ZERO_AT_SYSTEM_SERVICE, number, KeGetCurrentIrql(), 0, 0);
    return status;
}

void KiSystemServiceHook(KTRAP_FRAME *tf)
{
    KPROCESSOR_MODE mode = (tf->SegCs & 3) ? UserMode : KernelMode;
    KTHREAD *thread = KeGetCurrentThread();
    PVOID savedFrame = thread->TrapFrame;
    if (mode == UserMode)
        thread->TrapFrame = tf;
    tf->Eax = (ULONG)dispatch(tf->Eax, (const void *)(ULONG_PTR)tf->Edx, mode);
    thread->TrapFrame = savedFrame;
}

NTSTATUS KiCallKernelService(ULONG number, const ULONG *arguments)
{
    return dispatch(number, arguments, KernelMode);
}

NTSTATUS KeCopyFromCaller(void *kernelDst, const void *callerSrc, size_t length)
{
    if (KeGetPreviousMode() == UserMode)
        return MmCopyFromUser(kernelDst, callerSrc, length);
    memcpy(kernelDst, callerSrc, length);
    return STATUS_SUCCESS;
}

NTSTATUS KeCopyToCaller(void *callerDst, const void *kernelSrc, size_t length)
{
    if (KeGetPreviousMode() == UserMode)
        return MmCopyToUser(callerDst, kernelSrc, length);
    memcpy(callerDst, kernelSrc, length);
    return STATUS_SUCCESS;
}

NTSTATUS KeStoreUlongToCaller(void *callerDst, ULONG value)
{
    return KeCopyToCaller(callerDst, &value, sizeof value);
}

NTSTATUS KeCopyStringFromCaller(char *kernelDst, const char *callerSrc, size_t size)
{
    if (size == 0)
        return STATUS_BUFFER_TOO_SMALL;
    for (size_t i = 0; i < size; i++) {
        NTSTATUS status = KeCopyFromCaller(&kernelDst[i], &callerSrc[i], 1);
        if (!NT_SUCCESS(status))
            return status;
        if (kernelDst[i] == 0)
            return STATUS_SUCCESS;
    }
    kernelDst[size - 1] = 0;
    return STATUS_OBJECT_NAME_INVALID;
}
