/*
 * Kernel thread and process objects: initialization, the first instructions a new thread runs, and
 * termination (the dying thread signals its waiters and leaves its stack to a reaper, because a
 * thread cannot free the stack it is running on).
 */
#include "ke.h"
#include "ketypes.h"
#include "rtl.h"

#define INITIAL_EFLAGS 0x202            /* IF set: a new thread starts like one that raised IRQL */


void KeInitializeProcess(KPROCESS *process, KPRIORITY basePriority, ULONG directoryTableBase, ULONG id)
{
    KiInitializeDispatcherHeader(&process->Header, ProcessObject, sizeof *process, 0);
    InitializeListHead(&process->ThreadListHead);
    process->DirectoryTableBase = directoryTableBase;
    process->BasePriority = basePriority;
    process->ProcessId = id;
    process->ThreadCount = 0;
}

/* Where every new thread starts, at DISPATCH_LEVEL, right after its first switch. */
static __attribute__((noreturn)) void thread_startup(PKSYSTEM_ROUTINE systemRoutine,
                                                     PKSTART_ROUTINE startRoutine, PVOID context)
{
    KiExitDispatcher(PASSIVE_LEVEL);
    systemRoutine(startRoutine, context);
    KeBugCheckEx(SERVPACK_SCHEDULER_CORRUPT, (ULONG_PTR)KeGetCurrentThread(), (ULONG_PTR)systemRoutine,
                 0, 4);
}

/* Lays out the frame KiSwapContext pops: edi esi ebx ebp eflags, then "returns" into
   thread_startup with a dummy return address and its three arguments. */
static void build_first_frame(KTHREAD *thread, PKSYSTEM_ROUTINE systemRoutine,
                              PKSTART_ROUTINE startRoutine, PVOID context)
{
    ULONG *sp = thread->InitialStack;
    *--sp = (ULONG)context;
    *--sp = (ULONG)startRoutine;
    *--sp = (ULONG)systemRoutine;
    *--sp = 0;
    *--sp = (ULONG)thread_startup;
    *--sp = INITIAL_EFLAGS;
    *--sp = 0;                          /* ebp: ends stack walks */
    *--sp = 0;
    *--sp = 0;
    *--sp = 0;
    thread->KernelStack = sp;
}

static void init_wait_and_apc_state(KTHREAD *thread, KPROCESS *process)
{
    KeInitializeTimer(&thread->Timer);
    thread->WaitBlockList = NULL;
    InitializeListHead(&thread->MutantListHead);
    InitializeListHead(&thread->ApcState.ApcListHead[KernelMode]);
    InitializeListHead(&thread->ApcState.ApcListHead[UserMode]);
    thread->ApcState.Process = process;
    thread->ApcState.KernelApcInProgress = FALSE;
    thread->ApcState.KernelApcPending = FALSE;
    thread->ApcState.UserApcPending = FALSE;
    thread->ApcQueueable = TRUE;
    thread->KernelApcDisable = 0;
}

/* A NULL systemRoutine adopts the running context (the boot thread becoming the idle thread). */
void KeInitializeThread(KTHREAD *thread, PVOID initialStack, PVOID stackLimit,
                        PKSYSTEM_ROUTINE systemRoutine, PKSTART_ROUTINE startRoutine,
                        PVOID startContext, KPROCESS *process)
{
    memset(thread, 0, sizeof *thread);
    KiInitializeDispatcherHeader(&thread->Header, ThreadObject, sizeof *thread, 0);
    init_wait_and_apc_state(thread, process);
    thread->InitialStack = initialStack;
    thread->StackLimit = stackLimit;
    thread->State = Initialized;
    thread->Priority = thread->BasePriority = process->BasePriority;
    thread->Quantum = THREAD_QUANTUM;
    thread->PreviousMode = KernelMode;
    if (systemRoutine)
        build_first_frame(thread, systemRoutine, startRoutine, startContext);
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    InsertTailList(&process->ThreadListHead, &thread->ThreadListEntry);
    process->ThreadCount++;
    KeLowerIrql(old);
}

static void signal_termination(KTHREAD *thread)
{
    KPROCESS *process = thread->ApcState.Process;
    thread->Header.SignalState = 1;
    KiWaitTest(thread, 0);
    RemoveEntryList(&thread->ThreadListEntry);
    if (--process->ThreadCount == 0) {
        process->Header.SignalState = 1;
        KiWaitTest(process, 0);
    }
}

void KeTerminateThread(void (*reaper)(KTHREAD *thread))
{
    KTHREAD *thread = KeGetCurrentThread();
    KIRQL old;
    ASSERTMSG(KeGetCurrentIrql() == PASSIVE_LEVEL, IRQL_NOT_LESS_OR_EQUAL, thread, KeGetCurrentIrql(),
              0, __builtin_return_address(0));
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    thread->ApcQueueable = FALSE;
    KiAbandonMutants(thread);
    KiRundownApcs(thread);
    signal_termination(thread);
    thread->State = Terminated;
    reaper(thread);
    KiSwapThread();
    KeBugCheckEx(SERVPACK_SCHEDULER_CORRUPT, (ULONG_PTR)thread, 0, 0, 5);
}

BOOLEAN KeReadStateThread(KTHREAD *thread)
{
    return thread->Header.SignalState != 0;
}

BOOLEAN KeReadStateProcess(KPROCESS *process)
{
    return process->Header.SignalState != 0;
}
