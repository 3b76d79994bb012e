/*
 * How user processes end: NtTerminateProcess, NtTerminateThread, and faults in ring 3
 * (KiDispatchUserException, called by the trap layer), which end the process with the exception's
 * NT status as its exit code and say so on the console. The other threads of a dying process are
 * ended by a kernel APC each, so that each leaves from a clean point in its own context.
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

/* At DISPATCH_LEVEL. A thread that never ran (created suspended) starts only to exit. */
static void end_thread(PSP_THREAD *thread, NTSTATUS status)
{
    KTHREAD *tcb = &thread->Thread.Tcb;
    if (tcb->State == Initialized) {
        thread->Terminating = TRUE;
        thread->TerminateStatus = status;
        KeReadyThread(tcb);
        return;
    }
    if (tcb->State == Terminated || thread->TerminateApc.Inserted)
        return;
    KeInitializeApc(&thread->TerminateApc, tcb, OriginalApcEnvironment, terminate_kernel_routine, NULL,
                    terminate_normal_routine, KernelMode, (PVOID)(ULONG_PTR)status);
    KeInsertQueueApc(&thread->TerminateApc, NULL, NULL, 0);
}

void PspTerminateProcess(PSP_PROCESS *process, NTSTATUS status)
{
    KIRQL old;
    KTHREAD *self = KeGetCurrentThread();
    PspLockProcessList(&old);
    if (!process->Exiting) {
        process->Exiting = TRUE;
        process->ExitStatus = status;
        for (LIST_ENTRY *e = process->Process.Pcb.ThreadListHead.Flink;
             e != &process->Process.Pcb.ThreadListHead; e = e->Flink) {
            KTHREAD *tcb = CONTAINING_RECORD(e, KTHREAD, ThreadListEntry);
            if (tcb != self)
                end_thread((PSP_THREAD *)CONTAINING_RECORD(tcb, ETHREAD, Tcb), status);
        }
    }
    PspUnlockProcessList(old);
    if (PspCurrentUserProcess() == process)
        PspExitThread(process->ExitStatus);
}

NTSTATUS NtTerminateProcess(HANDLE processHandle, NTSTATUS exitStatus)
{
    PSP_PROCESS *process;
    NTSTATUS status = ObReferenceObjectByHandle(processHandle, PROCESS_TERMINATE, PsProcessType,
                                                KeGetPreviousMode(), (PVOID *)&process, NULL);
    if (!NT_SUCCESS(status))
        return status;
    if (PspCurrentUserProcess() == process)
        ObDereferenceObject(process);       /* does not return: drop the reference first */
    PspTerminateProcess(process, exitStatus);
    ObDereferenceObject(process);
    return STATUS_SUCCESS;
}

NTSTATUS NtTerminateThread(HANDLE threadHandle, NTSTATUS exitStatus)
{
    PSP_THREAD *thread;
    NTSTATUS status = ObReferenceObjectByHandle(threadHandle, THREAD_TERMINATE, PsThreadType,
                                                KeGetPreviousMode(), (PVOID *)&thread, NULL);
    if (!NT_SUCCESS(status))
        return status;
    if (&thread->Thread.Tcb == KeGetCurrentThread()) {
        ObDereferenceObject(thread);
        PspExitThread(exitStatus);
    }
    KIRQL old;
    PspLockProcessList(&old);
    end_thread(thread, exitStatus);
    PspUnlockProcessList(old);
    ObDereferenceObject(thread);
    return STATUS_SUCCESS;
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
