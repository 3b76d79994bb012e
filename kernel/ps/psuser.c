/*
 * User processes and threads: a process is an address space with a program loaded from the
 * PROGRAMS archive, a PEB, and threads that run in ring 3 with a TEB each (FS = KGDT_R3_TEB). A new
 * thread starts in the kernel on its own kernel stack and enters user mode through a trap frame
 * (KiExitToTrapFrame). A thread ends through Ps's reaper (PsTerminateSystemThread); the process is
 * signalled by Ke when its last thread is gone, and its address space goes with its last reference.
 */
#include "psp.h"
#include "mm.h"
#include "ex.h"
#include "hal.h"
#include "rtl.h"

#define USER_EFLAGS      0x202
#define USER_PRIORITY    8

LIST_ENTRY PspUserProcessList = { &PspUserProcessList, &PspUserProcessList };
static LIST_ENTRY PspZombieList = { &PspZombieList, &PspZombieList };
static ULONG PspNextClientId = 0x100;   /* user process and thread ids (system threads count from 8) */

PSP_PROCESS *PspCurrentUserProcess(void)
{
    KPROCESS *pcb = KeGetCurrentProcess();
    if (pcb == &PsInitialSystemProcess->Pcb || pcb == &PsIdleProcess->Pcb)
        return NULL;
    return CONTAINING_RECORD(pcb, PSP_PROCESS, Process.Pcb);
}

static ULONG new_client_id(void)
{
    return __atomic_fetch_add(&PspNextClientId, 4, __ATOMIC_RELAXED);
}

static void free_process(PSP_PROCESS *process)
{
    MmDeleteAddressSpace(process->AddressSpace);
    ExFreePoolWithTag(process, PSP_PROCESS_TAG);
}

/* Exited processes nobody references any more; their last thread has switched away once the
   process object is signalled. */
static void sweep_zombies(void)
{
    for (;;) {
        KIRQL old;
        PSP_PROCESS *found = NULL;
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        for (LIST_ENTRY *e = PspZombieList.Flink; e != &PspZombieList; e = e->Flink) {
            PSP_PROCESS *p = CONTAINING_RECORD(e, PSP_PROCESS, ProcessLink);
            if (KeReadStateProcess(&p->Process.Pcb)) {
                RemoveEntryList(e);
                found = p;
                break;
            }
        }
        KeLowerIrql(old);
        if (!found)
            return;
        free_process(found);
    }
}

void PspDereferenceProcess(PSP_PROCESS *process)
{
    LONG left = __atomic_sub_fetch(&process->ReferenceCount, 1, __ATOMIC_RELAXED);
    ASSERTMSG(left >= 0, SERVPACK_SCHEDULER_CORRUPT, process, left, 0, 0x20);
    if (left > 0)
        return;
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    RemoveEntryList(&process->ProcessLink);
    InsertTailList(&PspZombieList, &process->ProcessLink);
    KeLowerIrql(old);
    sweep_zombies();
}

/* The first thing a user thread does: leave for ring 3 with the registers its creator chose. */
static void user_thread_startup(PKSTART_ROUTINE unused, PVOID context)
{
    PSP_THREAD *thread = context;
    if (thread->Process->Exiting)
        PspExitThread(thread->Process->ExitStatus);
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
    KeSetTebSelectorBase(thread->TebAddress);
    KiExitToTrapFrame(&frame);
}

NTSTATUS PspCreateThread(PSP_PROCESS *process, const THREAD_START_CONTEXT *start, BOOLEAN suspended,
                         PSP_THREAD **out)
{
    PSP_THREAD *thread = ExAllocatePoolWithTag(NonPagedPool, sizeof *thread, PSP_THREAD_TAG);
    if (!thread)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(thread, 0, sizeof *thread);
    thread->Process = process;
    thread->Start = *start;
    thread->Thread.UniqueThreadId = new_client_id();
    NTSTATUS status = PspMapTeb(process, thread);
    PVOID stackTop = NT_SUCCESS(status) ? MmCreateKernelStack(KERNEL_STACK_PAGES) : NULL;
    if (!stackTop) {
        ExFreePoolWithTag(thread, PSP_THREAD_TAG);
        return NT_SUCCESS(status) ? STATUS_INSUFFICIENT_RESOURCES : status;
    }
    KeInitializeThread(&thread->Thread.Tcb, stackTop, (char *)stackTop - KERNEL_STACK_PAGES * PAGE_SIZE,
                       user_thread_startup, NULL, thread, &process->Process.Pcb);
    thread->Thread.Tcb.ThreadId = thread->Thread.UniqueThreadId;
    thread->Thread.Tcb.Teb = (PVOID)thread->TebAddress;
    thread->Thread.ExitStatus = STATUS_PENDING;
    thread->Thread.ReferenceCount = out ? 2 : 1;
    __atomic_add_fetch(&process->ReferenceCount, 1, __ATOMIC_RELAXED);
    if (out)
        *out = thread;
    if (!suspended)
        KeReadyThread(&thread->Thread.Tcb);
    return STATUS_SUCCESS;
}

/* Ends the calling user thread; the last one to leave decides the process's exit status. */
__attribute__((noreturn)) void PspExitThread(NTSTATUS status)
{
    PSP_THREAD *thread = (PSP_THREAD *)PsGetCurrentThread();
    PSP_PROCESS *process = thread->Process;
    if (process->Process.Pcb.ThreadCount == 1 && process->ExitStatus == STATUS_PENDING)
        process->ExitStatus = status;
    MmUnmapUserPage(process->AddressSpace, thread->TebAddress);
    process->TebSlots &= ~(1u << thread->TebSlot);
    PspDereferenceProcess(process);
    PsTerminateSystemThread(status);
}

NTSTATUS PsCreateUserProcess(const char *name, const char *commandLine, ULONG flags, PSP_PROCESS **out,
                             PSP_THREAD **initialThread)
{
    PSP_PROCESS *process = ExAllocatePoolWithTag(NonPagedPool, sizeof *process, PSP_PROCESS_TAG);
    if (!process)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(process, 0, sizeof *process);
    process->AddressSpace = MmCreateAddressSpace();
    if (!process->AddressSpace) {
        ExFreePoolWithTag(process, PSP_PROCESS_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    PSP_PROCESS *parent = PspCurrentUserProcess();
    process->Process.UniqueProcessId = new_client_id();
    process->ParentId = parent ? parent->Process.UniqueProcessId : SYSTEM_PROCESS_ID;
    process->Flags = flags;
    process->ExitStatus = STATUS_PENDING;
    process->ReferenceCount = 1;
    KeInitializeProcess(&process->Process.Pcb, USER_PRIORITY, process->AddressSpace,
                        process->Process.UniqueProcessId);
    THREAD_START_CONTEXT start = { 0, PSP_USER_STACK_TOP, 0, 0 };
    NTSTATUS status = PspLoadProgram(process, name, commandLine, &start.Eip);
    if (!NT_SUCCESS(status)) {
        free_process(process);
        return status;
    }
    status = PspCreateThread(process, &start, (flags & PROCESS_CREATE_SUSPENDED) != 0, initialThread);
    if (!NT_SUCCESS(status)) {
        free_process(process);
        return status;
    }
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    InsertTailList(&PspUserProcessList, &process->ProcessLink);
    KeLowerIrql(old);
    *out = process;
    return STATUS_SUCCESS;
}
