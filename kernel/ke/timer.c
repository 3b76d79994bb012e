/*
 * Timer objects. On every clock tick (KiClockTickHook, at CLOCK_LEVEL) the dispatcher charges the
 * running thread's quantum and, when the earliest timer is due, queues the timer DPC, which expires
 * timers at DISPATCH_LEVEL (signals them, wakes their waiters, queues their DPCs, re-arms periodic
 * ones). Due times are interrupt times (ke.h's clock), in 100 ns units as in NT.
 */
#include "ke.h"
#include "ketypes.h"

static LIST_ENTRY KiTimerList;          /* armed timers, earliest first */
static volatile ULONGLONG KiNextTimerDue;
static volatile BOOLEAN KiTimerArmed;
static KDPC KiTimerExpireDpc;

void KiClockTickHook(void)
{
    /* KiNextTimerDue may be read mid-update: at worst the DPC runs a tick early (and finds
       nothing due) or a tick late. */
    if (KiTimerArmed && KeQueryInterruptTime() >= KiNextTimerDue)
        KeInsertQueueDpc(&KiTimerExpireDpc, NULL, NULL);
    KiUpdateRunTime();
}

/* Interrupt time at which a due time expires: negative = relative, positive = absolute system time. */
ULONGLONG KiDueInterruptTime(LONGLONG dueTime)
{
    ULONGLONG now = KeQueryInterruptTime();
    if (dueTime < 0)
        return now + (ULONGLONG)(-dueTime);
    LONGLONG systemNow;
    KeQuerySystemTime(&systemNow);
    LONGLONG bootTime = systemNow - (LONGLONG)now;
    return dueTime > bootTime ? (ULONGLONG)(dueTime - bootTime) : 0;
}

static void update_next_due(void)
{
    KiTimerArmed = FALSE;
    if (!IsListEmpty(&KiTimerList)) {
        KiNextTimerDue = CONTAINING_RECORD(KiTimerList.Flink, KTIMER, TimerListEntry)->DueTime;
        KiTimerArmed = TRUE;
    }
}

/* At DISPATCH_LEVEL. */
void KiInsertTimer(KTIMER *timer, ULONGLONG dueTime)
{
    LIST_ENTRY *entry = KiTimerList.Flink;
    while (entry != &KiTimerList && CONTAINING_RECORD(entry, KTIMER, TimerListEntry)->DueTime <= dueTime)
        entry = entry->Flink;
    timer->DueTime = dueTime;
    timer->Header.SignalState = 0;
    timer->Header.Inserted = TRUE;
    InsertTailList(entry, &timer->TimerListEntry);   /* i.e. just before `entry` */
    update_next_due();
}

/* At DISPATCH_LEVEL; TRUE if the timer was armed. */
BOOLEAN KiRemoveTimer(KTIMER *timer)
{
    if (!timer->Header.Inserted)
        return FALSE;
    RemoveEntryList(&timer->TimerListEntry);
    timer->Header.Inserted = FALSE;
    update_next_due();
    return TRUE;
}

static void expire_timers(KDPC *dpc, PVOID context, PVOID arg1, PVOID arg2)
{
    ULONGLONG now = KeQueryInterruptTime();
    while (!IsListEmpty(&KiTimerList)) {
        KTIMER *timer = CONTAINING_RECORD(KiTimerList.Flink, KTIMER, TimerListEntry);
        if (timer->DueTime > now)
            break;
        KiRemoveTimer(timer);
        timer->Header.SignalState = 1;
        KiWaitTest(timer, 0);
        if (timer->Period)
            KiInsertTimer(timer, timer->DueTime + (ULONGLONG)timer->Period * 10000);
        if (timer->Dpc)
            KeInsertQueueDpc(timer->Dpc, (PVOID)(ULONG)now, (PVOID)(ULONG)(now >> 32));
    }
}

void KiInitializeTimers(void)
{
    InitializeListHead(&KiTimerList);
    KeInitializeDpc(&KiTimerExpireDpc, expire_timers, NULL);
}

void KeInitializeTimerEx(KTIMER *timer, TIMER_TYPE type)
{
    UCHAR objectType = type == NotificationTimer ? TimerNotificationObject : TimerSynchronizationObject;
    KiInitializeDispatcherHeader(&timer->Header, objectType, sizeof *timer, 0);
    timer->DueTime = 0;
    timer->Dpc = NULL;
    timer->Period = 0;
}

void KeInitializeTimer(KTIMER *timer)
{
    KeInitializeTimerEx(timer, NotificationTimer);
}

BOOLEAN KeSetTimerEx(KTIMER *timer, LONGLONG dueTime, LONG periodMs, KDPC *dpc)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    BOOLEAN wasArmed = KiRemoveTimer(timer);
    timer->Header.Absolute = dueTime >= 0;
    timer->Dpc = dpc;
    timer->Period = periodMs;
    KiInsertTimer(timer, KiDueInterruptTime(dueTime));
    KeLowerIrql(old);
    return wasArmed;
}

BOOLEAN KeSetTimer(KTIMER *timer, LONGLONG dueTime, KDPC *dpc)
{
    return KeSetTimerEx(timer, dueTime, 0, dpc);
}

BOOLEAN KeCancelTimer(KTIMER *timer)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    BOOLEAN wasArmed = KiRemoveTimer(timer);
    KeLowerIrql(old);
    return wasArmed;
}

BOOLEAN KeReadStateTimer(KTIMER *timer)
{
    return timer->Header.SignalState != 0;
}
