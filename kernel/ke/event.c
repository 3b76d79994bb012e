/* Event objects: a notification event stays signalled and releases every waiter; a synchronization
   event releases one waiter and resets itself. */
#include "ke.h"
#include "ketypes.h"

void KeInitializeEvent(KEVENT *event, EVENT_TYPE type, BOOLEAN state)
{
    UCHAR objectType = type == NotificationEvent ? EventNotificationObject : EventSynchronizationObject;
    KiInitializeDispatcherHeader(&event->Header, objectType, sizeof *event, state ? 1 : 0);
}

/* With wait = TRUE the caller must call a KeWait function next: IRQL stays at DISPATCH_LEVEL in
   between, so setting the event and starting the wait are one atomic step (NT's rule). */
LONG KeSetEvent(KEVENT *event, KPRIORITY increment, BOOLEAN wait)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    LONG previous = event->Header.SignalState;
    if (previous == 0) {
        event->Header.SignalState = 1;
        KiWaitTest(event, increment);
    }
    KiExitSignal(old, wait);
    return previous;
}

LONG KeResetEvent(KEVENT *event)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    LONG previous = event->Header.SignalState;
    event->Header.SignalState = 0;
    KeLowerIrql(old);
    return previous;
}

void KeClearEvent(KEVENT *event)
{
    event->Header.SignalState = 0;
}

/* Releases the current waiters (all of them, or one for a synchronization event) and leaves the
   event not signalled. */
LONG KePulseEvent(KEVENT *event, KPRIORITY increment, BOOLEAN wait)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    LONG previous = event->Header.SignalState;
    if (previous == 0) {
        event->Header.SignalState = 1;
        KiWaitTest(event, increment);
    }
    event->Header.SignalState = 0;
    KiExitSignal(old, wait);
    return previous;
}

LONG KeReadStateEvent(KEVENT *event)
{
    return event->Header.SignalState;
}
