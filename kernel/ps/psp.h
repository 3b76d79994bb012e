/* Private to the user-mode half of Ps: user processes and threads around Ps's EPROCESS and ETHREAD. */
#ifndef PSP_H
#define PSP_H

#include "ps.h"
#include "ntapi.h"
#include "psimage.h"

#define PSP_USER_STACK_TOP   0x7FF00000u        /* the initial thread's stack ends here, below the TEBs */
#define PSP_MAX_THREADS      32                 /* TEB pages below USER_TEB_TOP */
#define PSP_THREAD_TAG       POOL_TAG('T', 'h', 'r', 'e')   /* Ps's tag: the reaper frees the block */
#define PSP_PROCESS_TAG      POOL_TAG('P', 'r', 'o', 'c')

typedef struct _PSP_PROCESS {
    EPROCESS Process;                  /* first: a user process is an EPROCESS */
    ULONG AddressSpace;                /* page directory; also Process.Pcb.DirectoryTableBase */
    ULONG ParentId;
    ULONG Flags;                       /* PROCESS_CREATE_* */
    NTSTATUS ExitStatus;               /* STATUS_PENDING until the process exits */
    BOOLEAN Exiting;
    LONG ReferenceCount;
    ULONG TebSlots;                    /* bit n: the TEB at USER_TEB_TOP - n pages is in use */
    LIST_ENTRY ProcessLink;            /* PspUserProcessList */
} PSP_PROCESS;

typedef struct _PSP_THREAD {
    ETHREAD Thread;                    /* first: a user thread is an ETHREAD, freed by Ps's reaper */
    PSP_PROCESS *Process;
    THREAD_START_CONTEXT Start;
    ULONG TebAddress;
    ULONG TebSlot;
    KAPC TerminateApc;                 /* queued when another thread ends this thread's process */
} PSP_THREAD;

extern LIST_ENTRY PspUserProcessList;

/* loader.c: maps the program's segments, the PEB and the initial stack into a new address space. */
NTSTATUS PspLoadProgram(PSP_PROCESS *process, const char *name, const char *commandLine, ULONG *entry);
NTSTATUS PspMapTeb(PSP_PROCESS *process, PSP_THREAD *thread);

/* psuser.c */
PSP_PROCESS *PspCurrentUserProcess(void);
void PspDereferenceProcess(PSP_PROCESS *process);
__attribute__((noreturn)) void PspExitThread(NTSTATUS status);
NTSTATUS PspCreateThread(PSP_PROCESS *process, const THREAD_START_CONTEXT *start, BOOLEAN suspended,
                         PSP_THREAD **out);
/* Kernel entry point of process creation (NtCreateProcess and autorun use it): a new process running
   `name` from the PROGRAMS archive; returns a referenced process (PspDereferenceProcess) and, if
   asked, a referenced initial thread (PsDereferenceThread). */
NTSTATUS PsCreateUserProcess(const char *name, const char *commandLine, ULONG flags, PSP_PROCESS **process,
                             PSP_THREAD **initialThread);
BOOLEAN PsProgramArchivePresent(void);

/* psexit.c: ends every thread of the process; returns unless the caller is one of them. */
void PspTerminateProcess(PSP_PROCESS *process, NTSTATUS status);

#endif
