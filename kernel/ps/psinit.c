/*
 * Start of the process structure: the Idle process (the boot thread, which becomes the idle thread
 * on the boot stack) and the System process (home of every kernel-mode thread), then the reaper
 * and the phase-1 thread that continues start-up.
 */
#include "ps.h"
#include "mm.h"
#include "rtl.h"

#define PHASE1_STACK_PAGES MM_KERNEL_STACK_MAX_PAGES

extern char KiBootStack[], KiBootStackTop[];
void PspInitializeReaper(void);

static EPROCESS PspIdleProcess, PspSystemProcess;
static ETHREAD PspIdleThread;
EPROCESS *PsInitialSystemProcess = &PspSystemProcess;
EPROCESS *PsIdleProcess = &PspIdleProcess;

static void init_process(EPROCESS *process, const char *name, KPRIORITY priority, ULONG id)
{
    KeInitializeProcess(&process->Pcb, priority, MmSystemAddressSpace(), id);
    process->UniqueProcessId = id;
    RtlCopyString(process->ImageFileName, name, sizeof process->ImageFileName);
}

void PsInitSystem(PKSTART_ROUTINE phase1, PVOID context)
{
    init_process(&PspIdleProcess, "Idle", LOW_PRIORITY, 0);
    init_process(&PspSystemProcess, "System", SYSTEM_THREAD_PRIORITY, SYSTEM_PROCESS_ID);
    KiInitializeTimers();
    KiInitializeScheduler(&PspIdleThread.Tcb, &PspIdleProcess.Pcb, KiBootStackTop, KiBootStack);
    PspIdleThread.ReferenceCount = 1;
    PspInitializeReaper();
    NTSTATUS status = PspCreateSystemThread(NULL, phase1, context, PHASE1_STACK_PAGES);
    ASSERTMSG(NT_SUCCESS(status), SERVPACK_SCHEDULER_CORRUPT, status, 0, 0, 9);
    KiIdleLoop();
}
