/*
 * User processes and threads: a process is an address space with a program loaded from the
 * PROGRAMS archive, a PEB and a handle table; its threads run in ring 3 with a TEB each (FS =
 * KGDT_R3_TEB). A new thread starts in the kernel on its own kernel stack and enters user mode
 * through a trap frame (KiExitToTrapFrame). Ke signals the process when its last thread is gone;
 * that thread has already closed every handle the process held.
 */
#include "psp.h"
#include "mm.h"
#include "rtl.h"

#define USER_EFLAGS      0x202
#define USER_PRIORITY    8

static ULONG PspNextClientId = 0x100;   /* user process and thread ids (system threads count from 8) */

static ULONG new_client_id(void)
{
    return __atomic_fetch_add(&PspNextClientId, 4, __ATOMIC_RELAXED);
}

/* The first thing a user thread does: leave for ring 3 with the registers its creator chose. */
static void user_thread_startup(PKSTART_ROUTINE unused, PVOID context)
{
    PSP_THREAD *thread = context;
    if (thread->Terminating)
        PspExitThread(thread->TerminateStatus);
    KTRAP_FRAME frame;
    memset(&frame, 0, sizeof frame);
    frame.SegDs = frame.SegEs = frame.SegGs = KGDT_R3_DATA;
    frame.SegFs = KGDT_R3_TEB;
    frame.Eax = thread->Start.Eax;
    frame.Ebx = thread->Start.Ebx;
    frame.Eip = thread->Start.Eip;
    frame.SegCs = KGDT_R3_CODE;
    frame.EFlags = USER_EFLAGS;
    frame.HardwareEsp = thread->Start.Esp;
    frame.HardwareSegSs = KGDT_R3_DATA;
    KiExitToTrapFrame(&frame);
}

static void unmap_teb(PSP_THREAD *thread)
{
    MmUnmapUserPage(thread->Process->AddressSpace, thread->TebAddress);
    thread->Process->TebSlots[thread->TebSlot / 32] &= ~(1u << (thread->TebSlot % 32));
    thread->Process->CommittedBytes -= PAGE_SIZE;
}

/* The thread holds a reference to itself and one to its process until the reaper drops them; the
   creation reference goes to the caller (who may turn it into a handle with ObInsertObject). */
NTSTATUS PspCreateThread(PSP_PROCESS *process, const THREAD_START_CONTEXT *start, BOOLEAN suspended,
                         PSP_THREAD **out)
{
    PSP_THREAD *thread;
    if (process->Exiting)
        return STATUS_PROCESS_IS_TERMINATING;
    NTSTATUS status = ObCreateObject(KernelMode, PsThreadType, NULL, sizeof *thread, (PVOID *)&thread);
    if (!NT_SUCCESS(status))
        return status;
    thread->Process = process;
    thread->Start = *start;
    thread->Thread.UniqueThreadId = new_client_id();
    status = PspMapTeb(process, thread);
    PVOID stackTop = NT_SUCCESS(status) ? MmCreateKernelStack(KERNEL_STACK_PAGES) : NULL;
    if (!stackTop) {
        if (NT_SUCCESS(status))
            unmap_teb(thread);
        ObDereferenceObject(thread);
        return NT_SUCCESS(status) ? STATUS_INSUFFICIENT_RESOURCES : status;
    }
    KeInitializeThread(&thread->Thread.Tcb, stackTop, (char *)stackTop - KERNEL_STACK_PAGES * PAGE_SIZE,
                       user_thread_startup, NULL, thread, &process->Process.Pcb);
    thread->Thread.Tcb.ThreadId = thread->Thread.UniqueThreadId;
    thread->Thread.Tcb.Teb = (PVOID)thread->TebAddress;
    thread->Thread.ExitStatus = STATUS_PENDING;
    ObReferenceObject(thread);
    ObReferenceObject(process);
    *out = thread;
    if (!suspended)
        KeReadyThread(&thread->Thread.Tcb);
    return STATUS_SUCCESS;
}

/* Ends the calling user thread. The last one out decides the process's exit status (unless
   NtTerminateProcess already did) and closes the process's handles. */
__attribute__((noreturn)) void PspExitThread(NTSTATUS status)
{
    PSP_THREAD *thread = (PSP_THREAD *)PsGetCurrentThread();
    PSP_PROCESS *process = thread->Process;
    KIRQL old;
    thread->Thread.ExitStatus = status;
    PspLockProcessList(&old);
    BOOLEAN last = process->Process.Pcb.ThreadCount == 1;
    if (last && process->ExitStatus == STATUS_PENDING)
        process->ExitStatus = status;
    if (last)
        process->Exiting = TRUE;
    PHANDLE_TABLE table = last ? process->HandleTable : NULL;
    if (last)
        process->HandleTable = NULL;
    PspUnlockProcessList(old);
    unmap_teb(thread);
    if (table)
        ObKillProcess(table);
    KeTerminateThread(PspQueueUserThreadForReaper);
}

static NTSTATUS init_process(PSP_PROCESS *process, ULONG flags)
{
    PSP_PROCESS *parent = PspCurrentUserProcess();
    InitializeListHead(&process->ProcessLink);
    process->AddressSpace = MmCreateAddressSpace();
    if (!process->AddressSpace)
        return STATUS_INSUFFICIENT_RESOURCES;
    process->Process.UniqueProcessId = new_client_id();
    process->ParentId = parent ? parent->Process.UniqueProcessId : SYSTEM_PROCESS_ID;
    process->Flags = flags;
    process->ExitStatus = STATUS_PENDING;
    KeInitializeProcess(&process->Process.Pcb, USER_PRIORITY, process->AddressSpace,
                        process->Process.UniqueProcessId);
    PHANDLE_TABLE inherited = (flags & PROCESS_CREATE_INHERIT_HANDLES) && parent ? parent->HandleTable : NULL;
    return ObInitProcess(inherited, process, &process->HandleTable);
}

NTSTATUS PsCreateUserProcess(const char *name, const char *commandLine, ULONG flags, PSP_PROCESS **out,
                             PSP_THREAD **initialThread)
{
    PSP_PROCESS *process;
    PSP_THREAD *thread;
    PspInitializeUserMode();
    NTSTATUS status = ObCreateObject(KernelMode, PsProcessType, NULL, sizeof *process, (PVOID *)&process);
    if (!NT_SUCCESS(status))
        return status;
    THREAD_START_CONTEXT start = { 0, PSP_USER_STACK_TOP, 0, 0 };
    status = init_process(process, flags);
    if (NT_SUCCESS(status))
        status = PspLoadProgram(process, name, commandLine, &start.Eip);
    if (NT_SUCCESS(status)) {
        KIRQL old;
        PspLockProcessList(&old);
        InsertTailList(&PspUserProcessList, &process->ProcessLink);
        PspUnlockProcessList(old);
        status = PspCreateThread(process, &start, (flags & PROCESS_CREATE_SUSPENDED) != 0, &thread);
    }
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(process);
        return status;
    }
    if (initialThread)
        *initialThread = thread;
    else
        ObDereferenceObject(thread);
    *out = process;
    return STATUS_SUCCESS;
}
