/* KeBugCheckEx: stops the system with a STOP code and four parameters, then obeys onstop=. */
#include "ke.h"
#include "hal.h"
#include "rtl.h"

static volatile int BugCheckDepth;

void KeBugCheckEx(ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3, ULONG_PTR p4)
{
    __asm__ volatile("cli");
    if (BugCheckDepth++ == 0)
        HalClearDisplay(ATTR_BUGCHECK);
    DbgPrint("\n*** STOP: 0x%08X (0x%08X,0x%08X,0x%08X,0x%08X)\n", code, p1, p2, p3, p4);
    const char *name = KeBugCheckName(code);
    DbgPrint("%s\n", name ? name : "");
    if (KeOnStop == ONSTOP_EXIT)
        HalExitQemu(QEMU_EXIT_BUGCHECK);
    if (KeOnStop == ONSTOP_REBOOT)
        HalReboot();
    HalHalt();
}

void KeBugCheck(ULONG code)
{
    KeBugCheckEx(code, 0, 0, 0, 0);
}
