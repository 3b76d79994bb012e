/*
 * The Process and Thread object types of user processes, the routines through which the object
 * manager finds the current process's handle table and the -1/-2 pseudo-handles, and the reaper of
 * user threads: a dying thread cannot free the kernel stack it runs on or drop the last reference to
 * the address space it runs in, so it leaves both to a system thread.
 */
#include "psp.h"
#include "mm.h"

POBJECT_TYPE PsProcessType, PsThreadType;
LIST_ENTRY PspUserProcessList = { &PspUserProcessList, &PspUserProcessList };
static LIST_ENTRY PspReaperList = { &PspReaperList, &PspReaperList };
static KEVENT PspReaperEvent;

void PspLockProcessList(KIRQL *old)
{
    KeRaiseIrql(DISPATCH_LEVEL, old);
}

void PspUnlockProcessList(KIRQL old)
{
    KeLowerIrql(old);
}

PSP_PROCESS *PspCurrentUserProcess(void)
{
    KPROCESS *pcb = KeGetCurrentProcess();
    if (pcb == &PsInitialSystemProcess->Pcb || pcb == &PsIdleProcess->Pcb)
        return NULL;
    return CONTAINING_RECORD(pcb, PSP_PROCESS, Process.Pcb);
}

static PHANDLE_TABLE current_handle_table(void)
{
    PSP_PROCESS *process = PspCurrentUserProcess();
    return process ? process->HandleTable : NULL;
}

static PVOID current_process(void)
{
    return PspCurrentUserProcess();
}

static PVOID current_thread(void)
{
    return PspCurrentUserProcess() ? KeGetCurrentThread() : NULL;
}

static const OB_PROCESS_ROUTINES PspObRoutines = { current_handle_table, current_process, current_thread };

/* No thread of the process is left, and none runs in its address space. */
static void delete_process(PVOID object)
{
    PSP_PROCESS *process = object;
    KIRQL old;
    PspLockProcessList(&old);
    RemoveEntryList(&process->ProcessLink);
    PspUnlockProcessList(old);
    if (process->HandleTable)
        ObKillProcess(process->HandleTable);
    if (process->AddressSpace)
        MmDeleteAddressSpace(process->AddressSpace);
}

void PspQueueUserThreadForReaper(KTHREAD *tcb)
{
    PSP_THREAD *thread = (PSP_THREAD *)CONTAINING_RECORD(tcb, ETHREAD, Tcb);
    InsertTailList(&PspReaperList, &thread->Thread.ReaperLink);
    KeSetEvent(&PspReaperEvent, 0, FALSE);
}

/* Every thread on the list queued itself at DISPATCH_LEVEL and switched away before this runs. */
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
            PSP_THREAD *thread = CONTAINING_RECORD(entry, PSP_THREAD, Thread.ReaperLink);
            MmDeleteKernelStack(thread->Thread.Tcb.InitialStack);
            thread->Thread.Tcb.InitialStack = thread->Thread.Tcb.StackLimit = thread->Thread.Tcb.KernelStack = NULL;
            ObDereferenceObject(thread->Process);
            ObDereferenceObject(thread);
        }
    }
}

static POBJECT_TYPE create_type(const char *name, ULONG tag, ACCESS_MASK all, ACCESS_MASK read,
                                OB_DELETE_METHOD deleteProcedure)
{
    OBJECT_TYPE_INITIALIZER init = {
        .PoolType = NonPagedPool, .PoolTag = tag, .ValidAccessMask = all,
        .GenericMapping = { read, all & ~read, SYNCHRONIZE, all },
        .DeleteProcedure = deleteProcedure,
    };
    POBJECT_TYPE type;
    NTSTATUS status = ObCreateObjectType(name, &init, &type);
    ASSERTMSG(NT_SUCCESS(status), SERVPACK_SCHEDULER_CORRUPT, status, 0, 0, 0x21);
    return type;
}

void PspInitializeUserMode(void)
{
    static BOOLEAN initialized;
    if (initialized)
        return;
    initialized = TRUE;
    PsProcessType = create_type("Process", POOL_TAG('P', 'r', 'o', 'c'), PROCESS_ALL_ACCESS,
                                PROCESS_QUERY_INFORMATION | SYNCHRONIZE, delete_process);
    PsThreadType = create_type("Thread", POOL_TAG('T', 'h', 'r', 'e'), THREAD_ALL_ACCESS,
                               THREAD_QUERY_INFORMATION | SYNCHRONIZE, NULL);
    ObSetProcessRoutines(&PspObRoutines);
    KeInitializeEvent(&PspReaperEvent, SynchronizationEvent, FALSE);
    PETHREAD reaper;
    NTSTATUS status = PsCreateSystemThread(&reaper, reaper_thread, NULL);
    ASSERTMSG(NT_SUCCESS(status), SERVPACK_SCHEDULER_CORRUPT, status, 0, 0, 0x22);
    KeSetPriorityThread(&reaper->Tcb, LOW_REALTIME_PRIORITY);
    PsDereferenceThread(reaper);
}
