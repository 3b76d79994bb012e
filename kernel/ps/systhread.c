/*
 * System threads: kernel-mode threads of the System process. A terminating thread cannot free the
 * stack it runs on, so it hands itself to the reaper thread, which frees the stack and drops the
 * thread's own reference once the thread has switched away for good.
 */
#include "ps.h"
#include "ex.h"
#include "mm.h"
#include "rtl.h"

#define TAG_THREAD POOL_TAG('T', 'h', 'r', 'e')
#define REAPER_PRIORITY LOW_REALTIME_PRIORITY

static LIST_ENTRY PspReaperList;
static KEVENT PspReaperEvent;
static ULONG PspNextThreadId = 8;       /* ids are multiples of 4, like handles */

static void system_thread_startup(PKSTART_ROUTINE startRoutine, PVOID context)
{
    startRoutine(context);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS PspCreateSystemThread(PETHREAD *out, PKSTART_ROUTINE startRoutine, PVOID context, ULONG stackPages)
{
    ETHREAD *thread = ExAllocatePoolWithTag(NonPagedPool, sizeof *thread, TAG_THREAD);
    if (!thread)
        return STATUS_INSUFFICIENT_RESOURCES;
    PVOID stackTop = MmCreateKernelStack(stackPages);
    if (!stackTop) {
        ExFreePoolWithTag(thread, TAG_THREAD);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeThread(&thread->Tcb, stackTop, (char *)stackTop - stackPages * PAGE_SIZE,
                       system_thread_startup, startRoutine, context, &PsInitialSystemProcess->Pcb);
    thread->ExitStatus = STATUS_PENDING;
    thread->ReferenceCount = out ? 2 : 1;
    thread->StartAddress = startRoutine;
    thread->UniqueThreadId = __atomic_fetch_add(&PspNextThreadId, 4, __ATOMIC_RELAXED);
    thread->Tcb.ThreadId = thread->UniqueThreadId;
    if (out)
        *out = thread;
    KeReadyThread(&thread->Tcb);
    return STATUS_SUCCESS;
}

NTSTATUS PsCreateSystemThread(PETHREAD *thread, PKSTART_ROUTINE startRoutine, PVOID context)
{
    return PspCreateSystemThread(thread, startRoutine, context, KERNEL_STACK_PAGES);
}

/* At DISPATCH_LEVEL, in the dying thread. */
static void queue_for_reaper(KTHREAD *tcb)
{
    ETHREAD *thread = CONTAINING_RECORD(tcb, ETHREAD, Tcb);
    InsertTailList(&PspReaperList, &thread->ReaperLink);
    KeSetEvent(&PspReaperEvent, 0, FALSE);
}

void PsTerminateSystemThread(NTSTATUS exitStatus)
{
    PsGetCurrentThread()->ExitStatus = exitStatus;
    KeTerminateThread(queue_for_reaper);
}

void PsReferenceThread(PETHREAD thread)
{
    __atomic_add_fetch(&thread->ReferenceCount, 1, __ATOMIC_RELAXED);
}

void PsDereferenceThread(PETHREAD thread)
{
    LONG left = __atomic_sub_fetch(&thread->ReferenceCount, 1, __ATOMIC_RELAXED);
    ASSERTMSG(left >= 0, SERVPACK_SCHEDULER_CORRUPT, thread, left, 0, 6);
    if (left == 0) {
        ASSERTMSG(thread->Tcb.State == Terminated, SERVPACK_SCHEDULER_CORRUPT, thread,
                  thread->Tcb.State, 0, 7);
        ExFreePoolWithTag(thread, TAG_THREAD);
    }
}

/* The dying thread queued itself at DISPATCH_LEVEL and switched away before this thread could
   run, so every thread on the list is off its stack. */
static void reaper_thread(PVOID context)
{
    for (;;) {
        KeWaitForSingleObject(&PspReaperEvent, Executive, KernelMode, FALSE, NULL);
        for (;;) {
            KIRQL old;
            KeRaiseIrql(DISPATCH_LEVEL, &old);
            LIST_ENTRY *entry = IsListEmpty(&PspReaperList) ? NULL : RemoveHeadList(&PspReaperList);
            KeLowerIrql(old);
            if (!entry)
                break;
            ETHREAD *thread = CONTAINING_RECORD(entry, ETHREAD, ReaperLink);
            MmDeleteKernelStack(thread->Tcb.InitialStack);
            thread->Tcb.InitialStack = thread->Tcb.StackLimit = thread->Tcb.KernelStack = NULL;
            PsDereferenceThread(thread);
        }
    }
}

void PspInitializeReaper(void)
{
    PETHREAD reaper;
    InitializeListHead(&PspReaperList);
    KeInitializeEvent(&PspReaperEvent, SynchronizationEvent, FALSE);
    NTSTATUS status = PsCreateSystemThread(&reaper, reaper_thread, NULL);
    ASSERTMSG(NT_SUCCESS(status), SERVPACK_SCHEDULER_CORRUPT, status, 0, 0, 8);
    KeSetPriorityThread(&reaper->Tcb, REAPER_PRIORITY);
    PsDereferenceThread(reaper);
}
