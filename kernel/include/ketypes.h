/*
 * Threads, processes and dispatcher objects (Ke): what a thread is, what it can wait on, and the
 * calls that schedule it. NT's model on one processor: the "dispatcher lock" is IRQL DISPATCH_LEVEL,
 * every scheduling decision is taken there, and a thread switch happens when IRQL falls below
 * DISPATCH_LEVEL (the DISPATCH software interrupt).
 *
 * The trap layer (ke.h) calls three hooks defined here: KiClockTickHook (timer.c) every tick at
 * CLOCK_LEVEL, KiDispatchInterruptHook (sched.c) at DISPATCH_LEVEL after the DPC queue drains
 * following KiRequestDispatchInterrupt, and KiDeliverApcHook (apc.c) at APC_LEVEL after
 * KiRequestApcInterrupt. KiDispatchInterruptHook may switch threads: the code that calls it keeps its
 * state on the stack, so the interrupted thread finishes the interrupt when it next runs.
 */
#ifndef KETYPES_H
#define KETYPES_H

#include "ntdef.h"
#include "ke.h"

typedef LONG KPRIORITY;
typedef UCHAR KPROCESSOR_MODE;
#define KernelMode 0
#define UserMode   1
#define MaximumMode 2

/* NT's 32 priorities: 0 only for the idle thread, 1..15 variable, 16..31 real time. */
#define LOW_PRIORITY              0
#define LOW_REALTIME_PRIORITY     16
#define HIGH_PRIORITY             31
#define MAXIMUM_PRIORITY          32
#define SYSTEM_THREAD_PRIORITY    8     /* the System process's base priority */

/* Quantum in NT's units: 3 per clock tick, so a thread runs two ticks before round robin. */
#define THREAD_QUANTUM            6
#define CLOCK_QUANTUM_DECREMENT   3

#define MAXIMUM_WAIT_OBJECTS      64
#define THREAD_WAIT_OBJECTS       3     /* waits on more objects supply their own wait blocks */

/* Priority increments a waker may give (NT's names). */
#define EVENT_INCREMENT           1
#define SEMAPHORE_INCREMENT       1
#define MUTANT_INCREMENT          1
#define IO_NO_INCREMENT           0

typedef enum _KOBJECTS {
    EventNotificationObject = 0,
    EventSynchronizationObject = 1,
    MutantObject = 2,
    ProcessObject = 3,
    QueueObject = 4,
    SemaphoreObject = 5,
    ThreadObject = 6,
    TimerNotificationObject = 8,
    TimerSynchronizationObject = 9,
    ApcObject = 18,
    DpcObject = 19,
} KOBJECTS;

typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum _TIMER_TYPE { NotificationTimer, SynchronizationTimer } TIMER_TYPE;
typedef enum _WAIT_TYPE { WaitAll, WaitAny } WAIT_TYPE;
typedef enum _KWAIT_REASON {
    Executive, FreePage, PageIn, PoolAllocation, DelayExecution, Suspended, UserRequest,
    WrExecutive, WrFreePage, WrPageIn, WrPoolAllocation, WrDelayExecution, WrSuspended,
    WrUserRequest, WrEventPair, WrQueue, WrLpcReceive, WrLpcReply, WrVirtualMemory, WrPageOut,
    WrRendezvous, MaximumWaitReason
} KWAIT_REASON;

typedef enum _KTHREAD_STATE {
    Initialized, Ready, Running, Standby, Terminated, Waiting, Transition
} KTHREAD_STATE;

/* Every waitable object starts with this header. */
typedef struct _DISPATCHER_HEADER {
    UCHAR Type;                         /* KOBJECTS */
    UCHAR Absolute;                     /* timers: due time was absolute */
    UCHAR Size;                         /* in ULONGs, as NT */
    UCHAR Inserted;                     /* timers: in the timer list */
    LONG SignalState;
    LIST_ENTRY WaitListHead;            /* KWAIT_BLOCKs of the threads waiting on it */
} DISPATCHER_HEADER;

struct _KTHREAD;
struct _KPROCESS;
struct _KDPC;

typedef struct _KWAIT_BLOCK {
    LIST_ENTRY WaitListEntry;           /* in the object's WaitListHead */
    struct _KTHREAD *Thread;
    PVOID Object;
    struct _KWAIT_BLOCK *NextWaitBlock; /* circular list of one wait's blocks */
    USHORT WaitKey;                     /* index of the object (status for WaitAny) */
    USHORT WaitType;                    /* WAIT_TYPE */
} KWAIT_BLOCK;

typedef struct _KEVENT { DISPATCHER_HEADER Header; } KEVENT, *PKEVENT;

typedef struct _KSEMAPHORE {
    DISPATCHER_HEADER Header;           /* SignalState = count */
    LONG Limit;
} KSEMAPHORE, *PKSEMAPHORE;

/* SignalState 1 = free; each acquisition by the owner decrements it (recursion). */
typedef struct _KMUTANT {
    DISPATCHER_HEADER Header;
    LIST_ENTRY MutantListEntry;         /* in the owner's MutantListHead */
    struct _KTHREAD *OwnerThread;
    BOOLEAN Abandoned;
    UCHAR ApcDisable;                   /* 1 for a kernel mutex: holding it disables kernel APCs */
} KMUTANT, *PKMUTANT, KMUTEX, *PKMUTEX;

typedef struct _KTIMER {
    DISPATCHER_HEADER Header;
    ULONGLONG DueTime;                  /* interrupt time, 100 ns units */
    LIST_ENTRY TimerListEntry;          /* sorted by DueTime */
    struct _KDPC *Dpc;
    LONG Period;                        /* milliseconds, 0 = one-shot */
} KTIMER, *PKTIMER;

typedef struct _KAPC KAPC, *PKAPC;
typedef void (*PKNORMAL_ROUTINE)(PVOID NormalContext, PVOID SystemArgument1, PVOID SystemArgument2);
typedef void (*PKKERNEL_ROUTINE)(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine, PVOID *NormalContext,
                                 PVOID *SystemArgument1, PVOID *SystemArgument2);
typedef void (*PKRUNDOWN_ROUTINE)(PKAPC Apc);

/* A special kernel APC has no normal routine: it runs at APC_LEVEL even inside critical regions
   (the I/O manager completes requests with it). A normal kernel APC runs its normal routine at
   PASSIVE_LEVEL when kernel APCs are enabled. User APCs (ApcMode UserMode) wait on their own list
   for the user-mode side (helperH) to deliver them on the way back to ring 3. */
struct _KAPC {
    UCHAR Type;                         /* ApcObject */
    UCHAR ApcMode;                      /* KernelMode / UserMode */
    BOOLEAN Inserted;
    struct _KTHREAD *Thread;
    LIST_ENTRY ApcListEntry;
    PKKERNEL_ROUTINE KernelRoutine;
    PKRUNDOWN_ROUTINE RundownRoutine;
    PKNORMAL_ROUTINE NormalRoutine;
    PVOID NormalContext;
    PVOID SystemArgument1;
    PVOID SystemArgument2;
};

typedef struct _KAPC_STATE {
    LIST_ENTRY ApcListHead[MaximumMode];
    struct _KPROCESS *Process;
    BOOLEAN KernelApcInProgress;
    BOOLEAN KernelApcPending;
    BOOLEAN UserApcPending;
} KAPC_STATE;

typedef struct _KPROCESS {
    DISPATCHER_HEADER Header;           /* signalled when its last thread terminates */
    LIST_ENTRY ThreadListHead;
    ULONG DirectoryTableBase;           /* physical address of the page directory (cr3) */
    KPRIORITY BasePriority;
    ULONG ProcessId;
    ULONG ThreadCount;
} KPROCESS, *PKPROCESS;

typedef void (*PKSTART_ROUTINE)(PVOID StartContext);
typedef void (*PKSYSTEM_ROUTINE)(PKSTART_ROUTINE StartRoutine, PVOID StartContext);

typedef struct _KTHREAD {
    DISPATCHER_HEADER Header;           /* signalled when the thread terminates */
    LIST_ENTRY ThreadListEntry;         /* in the process's ThreadListHead */
    LIST_ENTRY WaitListEntry;           /* in a ready queue while Ready */
    PVOID InitialStack;                 /* top of the kernel stack (TSS esp0) */
    PVOID StackLimit;                   /* lowest usable address; the guard page is below */
    PVOID KernelStack;                  /* saved esp while not running */
    UCHAR State;                        /* KTHREAD_STATE */
    UCHAR WaitIrql;                     /* IRQL to return to after the wait */
    UCHAR WaitMode;
    BOOLEAN Alertable;
    UCHAR WaitReason;
    UCHAR PreviousMode;                 /* mode of the caller of the current system service */
    BOOLEAN ApcQueueable;               /* cleared when the thread terminates */
    BOOLEAN WaitNext;                   /* KeSetEvent(.., Wait=TRUE): the next wait keeps DISPATCH_LEVEL */
    BOOLEAN StarvationBoost;            /* raised to 15 by the balance set scan (sched.c) */
    LONG Priority;
    LONG BasePriority;
    LONG Quantum;
    NTSTATUS WaitStatus;
    KWAIT_BLOCK *WaitBlockList;
    KWAIT_BLOCK WaitBlock[THREAD_WAIT_OBJECTS + 1];   /* the last one is the timeout's */
    KTIMER Timer;                       /* timeouts of waits and delays */
    KAPC_STATE ApcState;
    LONG KernelApcDisable;              /* < 0 inside a critical region */
    LIST_ENTRY MutantListHead;          /* mutants it owns, abandoned if it terminates */
    PVOID Teb;                          /* user-mode TEB (helperH) */
    PVOID TrapFrame;                    /* the user-mode trap frame (helperH) */
    ULONG ContextSwitches;
    ULONG ReadyTick;                    /* KeTickCount when it last became ready */
    ULONG ThreadId;
} KTHREAD, *PKTHREAD;

/* ---- the running thread ---- */
extern KTHREAD *KiCurrentThread;
static inline PKTHREAD KeGetCurrentThread(void) { return KiCurrentThread; }
static inline PKPROCESS KeGetCurrentProcess(void) { return KiCurrentThread->ApcState.Process; }

/* ---- threads and processes (thread.c, sched.c) ---- */
void KeInitializeProcess(PKPROCESS process, KPRIORITY basePriority, ULONG directoryTableBase, ULONG id);
/* Prepares a thread whose kernel stack spans [stackLimit, initialStack): it will start at
   PASSIVE_LEVEL in systemRoutine(startRoutine, startContext). Not yet ready to run. */
void KeInitializeThread(PKTHREAD thread, PVOID initialStack, PVOID stackLimit,
                        PKSYSTEM_ROUTINE systemRoutine, PKSTART_ROUTINE startRoutine,
                        PVOID startContext, PKPROCESS process);
void KeReadyThread(PKTHREAD thread);
/* Ends the current thread: abandons its mutants, runs down its APCs, signals it (and its process
   when it was the last thread) and switches away for good. `reaper` is called at DISPATCH_LEVEL
   with the dying thread so that someone else can free its stack. */
__attribute__((noreturn)) void KeTerminateThread(void (*reaper)(PKTHREAD thread));
/* Sets the thread's base and current priority (1..31); returns the old current priority. */
KPRIORITY KeSetPriorityThread(PKTHREAD thread, KPRIORITY priority);
KPRIORITY KeQueryPriorityThread(PKTHREAD thread);
/* Gives the rest of the quantum to a ready thread of the same priority; STATUS_SUCCESS if it did. */
NTSTATUS KeYieldExecution(void);
/* Ends the dispatcher section begun by raising to DISPATCH_LEVEL: switches now if a readied thread
   should preempt and oldIrql allows it, then lowers IRQL to oldIrql. */
void KiExitDispatcher(UCHAR oldIrql);
/* Ends a set or release: keeps the dispatcher section open for the KeWait that follows when wait
   is TRUE (NT's WaitNext), else KiExitDispatcher. */
void KiExitSignal(UCHAR oldIrql, BOOLEAN wait);
void KiInitializeScheduler(PKTHREAD idleThread, PKPROCESS idleProcess, PVOID bootStackTop, PVOID bootStackLimit);
__attribute__((noreturn)) void KiIdleLoop(void);

/* ---- dispatcher objects ---- */
void KeInitializeEvent(PKEVENT event, EVENT_TYPE type, BOOLEAN state);
LONG KeSetEvent(PKEVENT event, KPRIORITY increment, BOOLEAN wait);
LONG KeResetEvent(PKEVENT event);
void KeClearEvent(PKEVENT event);
LONG KePulseEvent(PKEVENT event, KPRIORITY increment, BOOLEAN wait);
LONG KeReadStateEvent(PKEVENT event);

void KeInitializeSemaphore(PKSEMAPHORE semaphore, LONG count, LONG limit);
/* Going past the limit raises STATUS_SEMAPHORE_LIMIT_EXCEEDED in NT; with no exception handling in
   kernel mode here that is KMODE_EXCEPTION_NOT_HANDLED (0x1E, 0xC0000047, caller). A service that
   must fail instead calls KeReleaseSemaphoreChecked. */
LONG KeReleaseSemaphore(PKSEMAPHORE semaphore, KPRIORITY increment, LONG adjustment, BOOLEAN wait);
NTSTATUS KeReleaseSemaphoreChecked(PKSEMAPHORE semaphore, KPRIORITY increment, LONG adjustment,
                                   BOOLEAN wait, LONG *previous);
LONG KeReadStateSemaphore(PKSEMAPHORE semaphore);

void KeInitializeMutant(PKMUTANT mutant, BOOLEAN initialOwner);
void KeInitializeMutex(PKMUTEX mutex, ULONG level);
/* Release by a thread that does not own it: NT raises STATUS_MUTANT_NOT_OWNED; here that is
   KMODE_EXCEPTION_NOT_HANDLED (0x1E, 0xC0000046, caller). Services use KeReleaseMutantChecked. */
LONG KeReleaseMutant(PKMUTANT mutant, KPRIORITY increment, BOOLEAN abandoned, BOOLEAN wait);
NTSTATUS KeReleaseMutantChecked(PKMUTANT mutant, KPRIORITY increment, BOOLEAN wait, LONG *previous);
LONG KeReleaseMutex(PKMUTEX mutex, BOOLEAN wait);
LONG KeReadStateMutant(PKMUTANT mutant);

void KeInitializeTimer(PKTIMER timer);
void KeInitializeTimerEx(PKTIMER timer, TIMER_TYPE type);
/* dueTime in 100 ns units: negative = relative to now, positive = absolute system time.
   Returns TRUE if the timer was already set (it is re-armed). */
BOOLEAN KeSetTimer(PKTIMER timer, LONGLONG dueTime, struct _KDPC *dpc);
BOOLEAN KeSetTimerEx(PKTIMER timer, LONGLONG dueTime, LONG periodMs, struct _KDPC *dpc);
BOOLEAN KeCancelTimer(PKTIMER timer);
BOOLEAN KeReadStateTimer(PKTIMER timer);


/* Waits. timeout: NULL = forever, 0 = poll (STATUS_TIMEOUT at once), < 0 relative, > 0 absolute.
   Callable at IRQL <= APC_LEVEL, or at DISPATCH_LEVEL with a zero timeout; anything else is
   IRQL_NOT_LESS_OR_EQUAL (0xA, first object, IRQL, 0, caller). More than 64 objects, or more than
   THREAD_WAIT_OBJECTS without a wait block array, is MAXIMUM_WAIT_OBJECTS_EXCEEDED (0xC).
   Returns STATUS_WAIT_0 + index, STATUS_ABANDONED + index, STATUS_TIMEOUT, or STATUS_USER_APC (an
   alertable user-mode wait with a user APC queued). Thread alerts (STATUS_ALERTED) do not exist yet. */
NTSTATUS KeWaitForSingleObject(PVOID object, KWAIT_REASON reason, KPROCESSOR_MODE mode,
                               BOOLEAN alertable, const LONGLONG *timeout);
NTSTATUS KeWaitForMultipleObjects(ULONG count, PVOID objects[], WAIT_TYPE type, KWAIT_REASON reason,
                                  KPROCESSOR_MODE mode, BOOLEAN alertable, const LONGLONG *timeout,
                                  KWAIT_BLOCK *waitBlockArray);
#define KeWaitForMutexObject KeWaitForSingleObject
NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE mode, BOOLEAN alertable, const LONGLONG *interval);
BOOLEAN KeReadStateThread(PKTHREAD thread);
BOOLEAN KeReadStateProcess(PKPROCESS process);

/* Dispatcher internals shared by the object files (wait.c). Called at DISPATCH_LEVEL. */
void KiInitializeDispatcherHeader(DISPATCHER_HEADER *header, UCHAR type, ULONG bytes, LONG state);
void KiWaitTest(PVOID object, KPRIORITY increment);
NTSTATUS KiSwapThread(void);
void KiUpdateRunTime(void);
void KiRemoveStarvationBoost(PKTHREAD thread);
void KiInitializeTimers(void);
ULONGLONG KiDueInterruptTime(LONGLONG dueTime);
void KiUnwaitThread(PKTHREAD thread, NTSTATUS status, KPRIORITY increment);
void KiReadyThread(PKTHREAD thread);
void KiInsertTimer(PKTIMER timer, ULONGLONG dueTime);
BOOLEAN KiRemoveTimer(PKTIMER timer);
void KiAbandonMutants(PKTHREAD thread);

/* ---- APCs (apc.c) ---- */
typedef enum _KAPC_ENVIRONMENT { OriginalApcEnvironment, CurrentApcEnvironment } KAPC_ENVIRONMENT;
void KeInitializeApc(PKAPC apc, PKTHREAD thread, KAPC_ENVIRONMENT environment,
                     PKKERNEL_ROUTINE kernelRoutine, PKRUNDOWN_ROUTINE rundownRoutine,
                     PKNORMAL_ROUTINE normalRoutine, KPROCESSOR_MODE mode, PVOID normalContext);
/* FALSE if the APC is already queued or the thread is terminating. */
BOOLEAN KeInsertQueueApc(PKAPC apc, PVOID systemArgument1, PVOID systemArgument2, KPRIORITY increment);
BOOLEAN KeRemoveQueueApc(PKAPC apc);
/* Runs the current thread's deliverable kernel APCs; called at APC_LEVEL. */
void KiDeliverApc(KPROCESSOR_MODE mode);
void KeEnterCriticalRegion(void);
void KeLeaveCriticalRegion(void);
void KiRundownApcs(PKTHREAD thread);
BOOLEAN KiKernelApcDeliverable(PKTHREAD thread);

#endif
