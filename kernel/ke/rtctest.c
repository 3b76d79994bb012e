/* The CMOS clock's periodic interrupt, switched on and acknowledged for the tests and benchmarks. */
#include "hal.h"
#include "ke.h"
#include "rtctest.h"

#define RTC_INDEX     0x70
#define RTC_DATA      0x71
#define RTC_REG_B     0x0B
#define RTC_REG_C     0x0C
#define RTC_PERIODIC  0x40

void KiTestRtcAcknowledge(void)
{
    outb(RTC_INDEX, RTC_REG_C);
    (void)inb(RTC_DATA);
}

void KiTestRtcPeriodic(BOOLEAN on)
{
    ULONG flags = KiDisableInterrupts();    /* the ISR moves the index register */
    outb(RTC_INDEX, RTC_REG_B);
    UCHAR b = inb(RTC_DATA);
    outb(RTC_INDEX, RTC_REG_B);
    outb(RTC_DATA, on ? (b | RTC_PERIODIC) : (b & ~RTC_PERIODIC));
    KiTestRtcAcknowledge();
    KiRestoreInterrupts(flags);
}
