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
#include "ketypes.h"
#include "mm.h"

#define FALLBACK_STACK_BYTES 0x3000

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

/* The stack the failing code ran on: the current thread's (an overflow leaves esp just below its
   limit), the boot stack, or else a 12 KiB window like NT 4.0's kernel stacks. */
static void stack_bounds(KI_STOP_CONTEXT *c)
{
    const KTHREAD *thread = KiCurrentThread;
    ULONG_PTR limit = thread ? (ULONG_PTR)thread->StackLimit : 0, top = thread ? (ULONG_PTR)thread->InitialStack : 0;
    if (thread && c->Esp >= limit - PAGE_SIZE && c->Esp <= top) {
        c->StackLimit = limit;
        c->StackBase = top;
    } else if (c->Esp >= (ULONG_PTR)KiBootStack && c->Esp <= (ULONG_PTR)KiBootStackTop) {
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
    KfRaiseIrql(HIGH_LEVEL);
    KI_STOP_CONTEXT context;
    const KTRAP_FRAME *tf = KiBugCheckTrapFrame;
    context.FromTrap = tf != NULL;
    if (tf) {
        context.Eip = tf->Eip;
        context.Ebp = tf->Ebp;
        /* the double-fault frame is copied from the TSS, not pushed on the stack that overflowed */
        context.Esp = tf->TrapNumber == 8 ? tf->HardwareEsp : KiTrapFrameEsp(tf);
    } else {
        const ULONG *frame = __builtin_frame_address(0);    /* the caller's frame starts above ours */
        context.Eip = frame[1];
        context.Ebp = frame[0];
        context.Esp = (ULONG)(ULONG_PTR)(frame + 2);
    }
    stack_bounds(&context);
    KiDisplayBlueScreen(&context);
    stop_machine();
}

void KeBugCheck(ULONG code)
{
    KeBugCheckEx(code, 0, 0, 0, 0);
}
