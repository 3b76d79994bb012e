/* The CMOS clock's periodic interrupt (IRQ 8 at IRQL 19) as a real device interrupt for the trap-layer
   tests (ketests.c) and the DPC benchmark (dpcbench.c). */
#ifndef RTCTEST_H
#define RTCTEST_H

#include "ntdef.h"

#define RTC_IRQ 8

/* Turns the periodic interrupt on or off and clears any pending one. */
void KiTestRtcPeriodic(BOOLEAN on);
/* Called by the ISR: reading register C acknowledges the interrupt. */
void KiTestRtcAcknowledge(void);

#endif
