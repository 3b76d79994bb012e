/*
 * KeBugCheckEx: stops the system. Interrupts go off for good (HIGH_LEVEL), the code and parameters
 * are recorded in KiBugCheckData, the failing context (trap frame or caller) is captured, the STOP
 * screen is painted (bugscreen.c) and onstop= decides what follows: halt (default), exit (QEMU exits
 * with status 85 through isa-debug-exit) or reboot. A bugcheck while painting the screen prints just
 * the STOP line and stops; one while printing that line stops silently.
 */
#include "bugcheck.h"
#include "ke.h"
#include "hal.h"
#include "rtl.h"

#define FALLBACK_STACK_BYTES 0x3000     /* an unknown stack is bounded like NT 4.0's 12 KiB kernel stacks */

ULONG_PTR KiBugCheckData[5];
static volatile ULONG BugCheckDepth;

extern char KiBootStack[], KiBootStackTop[];

static __attribute__((noreturn)) void stop_machine(void)
{
    if (KeOnStop == ONSTOP_EXIT)
        HalExitQemu(QEMU_EXIT_BUGCHECK);
    if (KeOnStop == ONSTOP_REBOOT && BugCheckDepth == 1)
        HalReboot();
    HalHalt();
}

static void stack_bounds(KI_STOP_CONTEXT *c)
{
    if (c->Esp >= (ULONG_PTR)KiBootStack && c->Esp <= (ULONG_PTR)KiBootStackTop) {
        c->StackLimit = (ULONG_PTR)KiBootStack;
        c->StackBase = (ULONG_PTR)KiBootStackTop;
    } else {
        c->StackLimit = c->Esp & ~0xFFFu;
        c->StackBase = c->StackLimit + FALLBACK_STACK_BYTES;
    }
}

static void nested_stop_line(void)
{
    char line[96];
    RtlFormat(line, sizeof line, "\n*** STOP: 0x%08X (0x%08X,0x%08X,0x%08X,0x%08X)\n", KiBugCheckData[0],
              KiBugCheckData[1], KiBugCheckData[2], KiBugCheckData[3], KiBugCheckData[4]);
    HalDisplayString(line);
}

__attribute__((noinline)) void KeBugCheckEx(ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3, ULONG_PTR p4)
{
    __asm__ volatile("cli" ::: "memory");
    ULONG depth = ++BugCheckDepth;
    if (depth > 2)
        stop_machine();
    KiBugCheckData[0] = code;
    KiBugCheckData[1] = p1;
    KiBugCheckData[2] = p2;
    KiBugCheckData[3] = p3;
    KiBugCheckData[4] = p4;
    if (depth == 2) {
        nested_stop_line();
        stop_machine();
    }
    KI_STOP_CONTEXT context;
    context.Ebp = (ULONG)(ULONG_PTR)__builtin_frame_address(0);
    context.Eip = (ULONG)(ULONG_PTR)__builtin_return_address(0);
    context.Esp = context.Ebp + 8;
    stack_bounds(&context);
    KiDisplayBlueScreen(&context);
    stop_machine();
}

void KeBugCheck(ULONG code)
{
    KeBugCheckEx(code, 0, 0, 0, 0);
}
