/*
 * How user processes end: NtTerminateProcess, NtTerminateThread, and faults in ring 3
 * (KiDispatchUserException, called by the trap layer), which end the process with the exception's
 * NT status as its exit code and say so on the console. The other threads of a dying process are
 * ended by a kernel APC each, so they leave from a clean point in their own context.
 */
#include "psp.h"
#include "sysservice.h"
#include "hal.h"

static void terminate_normal_routine(PVOID context, PVOID unused1, PVOID unused2)
{
    PspExitThread((NTSTATUS)(ULONG_PTR)context);
}

static void terminate_kernel_routine(PKAPC apc, PKNORMAL_ROUTINE *normal, PVOID *context, PVOID *a1, PVOID *a2)
{
}

void PspTerminateProcess(PSP_PROCESS *process, NTSTATUS status)
{
    KIRQL old;
    KTHREAD *self = KeGetCurrentThread();
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    BOOLEAN first = !process->Exiting;
    if (first) {
        process->Exiting = TRUE;
        process->ExitStatus = status;
    }
    for (LIST_ENTRY *e = process->Process.Pcb.ThreadListHead.Flink;
         first && e != &process->Process.Pcb.ThreadListHead; e = e->Flink) {
        KTHREAD *tcb = CONTAINING_RECORD(e, KTHREAD, ThreadListEntry);
        PSP_THREAD *thread = (PSP_THREAD *)CONTAINING_RECORD(tcb, ETHREAD, Tcb);
        if (tcb == self)
            continue;
        if (tcb->State == Initialized) {
            KeReadyThread(tcb);            /* a suspended thread sees Exiting as it starts */
            continue;
        }
        KeInitializeApc(&thread->TerminateApc, tcb, OriginalApcEnvironment, terminate_kernel_routine, NULL,
                        terminate_normal_routine, KernelMode, (PVOID)(ULONG_PTR)process->ExitStatus);
        KeInsertQueueApc(&thread->TerminateApc, NULL, NULL, 0);
    }
    KeLowerIrql(old);
    if (PspCurrentUserProcess() == process)
        PspExitThread(process->ExitStatus);
}

NTSTATUS NtTerminateProcess(HANDLE processHandle, NTSTATUS exitStatus)
{
    PSP_PROCESS *current = PspCurrentUserProcess();
    if (processHandle == NtCurrentProcess() && current) {
        PspTerminateProcess(current, exitStatus);
        return STATUS_SUCCESS;
    }
    return STATUS_INVALID_HANDLE;
}

NTSTATUS NtTerminateThread(HANDLE threadHandle, NTSTATUS exitStatus)
{
    if (threadHandle == NtCurrentThread() && PspCurrentUserProcess())
        PspExitThread(exitStatus);
    return STATUS_INVALID_HANDLE;
}

void KiDispatchUserException(KTRAP_FRAME *tf, NTSTATUS code)
{
    PSP_PROCESS *process = PspCurrentUserProcess();
    ASSERTMSG(process, KMODE_EXCEPTION_NOT_HANDLED, code, tf->Eip, 0, 0);
    __asm__ volatile("sti");
    DbgPrint("process %u (%s) terminated: exception 0x%08X at 0x%08X\n", process->Process.UniqueProcessId,
             process->Process.ImageFileName, (ULONG)code, tf->Eip);
    PspTerminateProcess(process, code);
}
