/* Private to the user-mode half of Ps: user processes and threads around Ps's EPROCESS and ETHREAD,
   which are object-manager objects of the types Process and Thread (psobject.c). */
#ifndef PSP_H
#define PSP_H

#include "ps.h"
#include "ob.h"
#include "ntapi.h"
#include "psimage.h"

#define PSP_USER_STACK_TOP   0x7FE00000u        /* the initial thread's stack ends here, below the TEBs */
#define PSP_MAX_THREADS      256                /* TEB pages below USER_TEB_TOP */
#define PSP_MAX_REGIONS      64                 /* NtAllocateVirtualMemory regions per process */
#define PSP_REGION_BASE      0x00800000u        /* where NtAllocateVirtualMemory looks for room */

typedef struct _PSP_REGION {
    ULONG Base;                        /* 64 KB aligned, 0 = free slot */
    ULONG Size;                        /* page multiple */
    ULONG Protect;
} PSP_REGION;

typedef struct _PSP_PROCESS {
    EPROCESS Process;                  /* first: a user process is an EPROCESS */
    ULONG AddressSpace;                /* page directory; also Process.Pcb.DirectoryTableBase */
    PHANDLE_TABLE HandleTable;         /* NULL once the process has exited */
    ULONG ParentId;
    ULONG Flags;                       /* PROCESS_CREATE_* */
    NTSTATUS ExitStatus;               /* STATUS_PENDING until the process exits */
    BOOLEAN Exiting;
    ULONG TebSlots[PSP_MAX_THREADS / 32];   /* bit n: the TEB at USER_TEB_TOP - n pages is in use */
    ULONG CommittedBytes;              /* user memory: image, stacks, TEBs, PEB, allocations */
    PSP_REGION Regions[PSP_MAX_REGIONS];
    LIST_ENTRY ProcessLink;            /* PspUserProcessList */
} PSP_PROCESS;

typedef struct _PSP_THREAD {
    ETHREAD Thread;                    /* first: a user thread is an ETHREAD */
    PSP_PROCESS *Process;              /* referenced until the thread is reaped */
    THREAD_START_CONTEXT Start;
    ULONG TebAddress;
    ULONG TebSlot;
    BOOLEAN Registered;                /* known to the environment subsystem */
    BOOLEAN Terminating;               /* ended before it ever ran: it exits as it starts */
    NTSTATUS TerminateStatus;
    KAPC TerminateApc;                 /* queued when another thread ends this thread's process */
} PSP_THREAD;

extern POBJECT_TYPE PsProcessType, PsThreadType;
extern LIST_ENTRY PspUserProcessList;

/* psobject.c: types, the Ob process routines and the reaper, created on first use. */
void PspInitializeUserMode(void);
PSP_PROCESS *PspCurrentUserProcess(void);
/* Called by the dying thread at DISPATCH_LEVEL: the reaper frees its stack and drops its references
   once it has switched away. */
void PspQueueUserThreadForReaper(KTHREAD *thread);
void PspLockProcessList(KIRQL *old);
void PspUnlockProcessList(KIRQL old);

/* loader.c */
NTSTATUS PspLoadProgram(PSP_PROCESS *process, const char *name, const char *commandLine, ULONG *entry);
NTSTATUS PspMapTeb(PSP_PROCESS *process, PSP_THREAD *thread);
BOOLEAN PsProgramArchivePresent(void);
/* The validated PROGRAMS module (psimage.h's format); STATUS_OBJECT_NAME_NOT_FOUND without one. */
NTSTATUS PspFindProgramArchive(const UCHAR **archive, ULONG *size);
/* psprograms.c: NtQuerySystemInformation(SystemProgramInformation), the archive's members (help). */
NTSTATUS PspQueryPrograms(PVOID buffer, ULONG length, PULONG returnLength);

/* psuser.c. Creation returns referenced objects (ObDereferenceObject). */
NTSTATUS PsCreateUserProcess(const char *name, const char *commandLine, ULONG flags, PSP_PROCESS **process,
                             PSP_THREAD **initialThread);
NTSTATUS PspCreateThread(PSP_PROCESS *process, const THREAD_START_CONTEXT *start, BOOLEAN suspended,
                         PSP_THREAD **thread);
__attribute__((noreturn)) void PspExitThread(NTSTATUS status);

/* psexit.c: ends every thread of the process; returns unless the caller is one of them. */
void PspTerminateProcess(PSP_PROCESS *process, NTSTATUS status);

/* psvm.c */
NTSTATUS PspAllocateRegion(PSP_PROCESS *process, ULONG *base, ULONG size, ULONG protect);
NTSTATUS PspFreeRegion(PSP_PROCESS *process, ULONG base);

#endif
