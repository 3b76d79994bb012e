/*
 * Process structure (Ps): the executive's process and thread objects around the kernel's KPROCESS
 * and KTHREAD, the System and Idle processes, and kernel-mode system threads. The user-mode side
 * (processes with address spaces, handles, TEB/PEB) extends these structures.
 */
#ifndef PS_H
#define PS_H

#include "ketypes.h"

#define KERNEL_STACK_PAGES        3     /* 12 KiB, as NT's x86 kernel stacks */
#define SYSTEM_PROCESS_ID         2     /* NT 4.0's System process id (the Idle process is 0) */

typedef struct _EPROCESS {
    KPROCESS Pcb;
    ULONG UniqueProcessId;
    char ImageFileName[16];
} EPROCESS, *PEPROCESS;

typedef struct _ETHREAD {
    KTHREAD Tcb;
    NTSTATUS ExitStatus;
    LONG ReferenceCount;                /* until the object manager owns thread objects */
    ULONG UniqueThreadId;
    PKSTART_ROUTINE StartAddress;
    LIST_ENTRY ReaperLink;              /* terminated, stack not yet freed */
} ETHREAD, *PETHREAD;

extern EPROCESS *PsInitialSystemProcess;
extern EPROCESS *PsIdleProcess;

static inline PETHREAD PsGetCurrentThread(void) { return (PETHREAD)KeGetCurrentThread(); }

/* Starts the scheduler: the boot thread becomes the idle thread and `phase1` continues start-up in
   a system thread (with a large stack: it runs the boot-time tests and the console). */
__attribute__((noreturn)) void PsInitSystem(PKSTART_ROUTINE phase1, PVOID context);

/* Creates a thread of the System process running startRoutine(context) at PASSIVE_LEVEL, priority
   SYSTEM_THREAD_PRIORITY. With `thread` non-NULL it also returns a referenced pointer, which the
   caller releases with PsDereferenceThread. STATUS_INSUFFICIENT_RESOURCES without pool or stack. */
NTSTATUS PsCreateSystemThread(PETHREAD *thread, PKSTART_ROUTINE startRoutine, PVOID context);
NTSTATUS PspCreateSystemThread(PETHREAD *thread, PKSTART_ROUTINE startRoutine, PVOID context,
                               ULONG stackPages);
/* Ends the calling system thread; its object is signalled with the exit status recorded. */
__attribute__((noreturn)) void PsTerminateSystemThread(NTSTATUS exitStatus);
void PsReferenceThread(PETHREAD thread);
void PsDereferenceThread(PETHREAD thread);

#endif
