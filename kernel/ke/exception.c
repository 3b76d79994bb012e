/*
 * Processor exceptions. A fault in ring 3 goes to the user-mode layer (KiDispatchUserException) after
 * the memory manager has had its chance at page faults. A fault in ring 0 that nothing resolves stops
 * the system with NT's STOP code and parameters:
 *   page fault at IRQL >= DISPATCH_LEVEL          IRQL_NOT_LESS_OR_EQUAL (address, IRQL, 0 read/1 write, eip)
 *   page fault on a kernel address below that     PAGE_FAULT_IN_NONPAGED_AREA (address, 0/1, eip, 0)
 *   page fault on a user address below that       KMODE_EXCEPTION_NOT_HANDLED (0xC0000005, eip, 0/1, address)
 *   divide, int3, invalid opcode, GP, ...         KMODE_EXCEPTION_NOT_HANDLED (code, address, 0, 0)
 *   NMI, FPU, segment, reserved and other traps   UNEXPECTED_KERNEL_MODE_TRAP (trap number, 0, 0, 0)
 * (the double fault is a task gate: gdt.c). There is no kernel structured exception handling yet.
 */
#include "ke.h"
#include "mm.h"
#include "hal.h"

#define PF_WRITE 0x2

KTRAP_FRAME *KiBugCheckTrapFrame;

/* The NTSTATUS each exception becomes; 0 = no NT exception: in kernel mode an unexpected trap. */
static const NTSTATUS ExceptionCode[32] = {
    [0] = STATUS_INTEGER_DIVIDE_BY_ZERO,
    [1] = STATUS_SINGLE_STEP,
    [3] = STATUS_BREAKPOINT,
    [4] = STATUS_INTEGER_OVERFLOW,
    [5] = STATUS_ARRAY_BOUNDS_EXCEEDED,
    [6] = STATUS_ILLEGAL_INSTRUCTION,
    [13] = STATUS_ACCESS_VIOLATION,
    [14] = STATUS_ACCESS_VIOLATION,
    [17] = STATUS_DATATYPE_MISALIGNMENT,
};

/* Ring 3 meets more of them: these are the process's problem, never the system's. */
static NTSTATUS user_exception_code(ULONG trap)
{
    if (trap < 32 && ExceptionCode[trap])
        return ExceptionCode[trap];
    if (trap == 16 || trap == 19)
        return STATUS_FLOAT_INVALID_OPERATION;
    return STATUS_ACCESS_VIOLATION;
}

__attribute__((noreturn)) static void bugcheck(KTRAP_FRAME *tf, ULONG code, ULONG p1, ULONG p2, ULONG p3, ULONG p4)
{
    KiBugCheckTrapFrame = tf;
    KeBugCheckEx(code, p1, p2, p3, p4);
}

/* A general protection fault in ring 3 from cli, sti, hlt, in, out, ins, outs or a system instruction.
   The bytes are fetched with the checked user copy: another thread of the process may have unmapped
   the page since the CPU fetched them, and a user fault must never become a kernel fault. */
static BOOLEAN is_privileged_instruction(ULONG eip)
{
    UCHAR ip[6];
    ULONG n = 0;
    while (n < sizeof ip && NT_SUCCESS(MmCopyFromUser(&ip[n], (const UCHAR *)(ULONG_PTR)eip + n, 1)))
        n++;
    ULONG i = 0;
    while (i < 4 && i < n && (ip[i] == 0x66 || ip[i] == 0xF2 || ip[i] == 0xF3))
        i++;
    if (i >= n)
        return FALSE;
    UCHAR op = ip[i];
    if (op == 0xFA || op == 0xFB || op == 0xF4 || (op >= 0xE4 && op <= 0xE7) || (op >= 0xEC && op <= 0xEF) ||
        (op >= 0x6C && op <= 0x6F))
        return TRUE;
    if (op != 0x0F || i + 1 >= n)
        return FALSE;
    UCHAR op2 = ip[i + 1];
    return op2 <= 0x01 || op2 == 0x06 || op2 == 0x08 || op2 == 0x09 || (op2 >= 0x20 && op2 <= 0x23) ||
           op2 == 0x30 || op2 == 0x32;
}

static void page_fault(KTRAP_FRAME *tf)
{
    ULONG address;
    __asm__ volatile("mov %%cr2, %0" : "=r"(address));
    if (tf->EFlags & EFLAGS_IF)
        __asm__ volatile("sti");
    if (MmAccessFault(address, tf->ErrCode, tf))
        return;
    ULONG write = (tf->ErrCode & PF_WRITE) ? 1 : 0;
    if (tf->SegCs & 3) {
        KiDispatchUserException(tf, STATUS_ACCESS_VIOLATION);
        return;
    }
    KIRQL irql = KeGetCurrentIrql();
    if (irql >= DISPATCH_LEVEL)
        bugcheck(tf, IRQL_NOT_LESS_OR_EQUAL, address, irql, write, tf->Eip);
    if (address >= MM_SYSTEM_RANGE_START)
        bugcheck(tf, PAGE_FAULT_IN_NONPAGED_AREA, address, write, tf->Eip, 0);
    bugcheck(tf, KMODE_EXCEPTION_NOT_HANDLED, (ULONG)STATUS_ACCESS_VIOLATION, tf->Eip, write, address);
}

void KiHandleException(KTRAP_FRAME *tf)
{
    ULONG trap = tf->TrapNumber;
    if (trap == 14) {
        page_fault(tf);
        return;
    }
    if (tf->SegCs & 3) {
        NTSTATUS code = user_exception_code(trap);
        if (trap == 13 && is_privileged_instruction(tf->Eip))
            code = STATUS_PRIVILEGED_INSTRUCTION;
        KiDispatchUserException(tf, code);
        return;
    }
    NTSTATUS code = ExceptionCode[trap];
    if (!code)
        bugcheck(tf, UNEXPECTED_KERNEL_MODE_TRAP, trap, 0, 0, 0);
    if (code == STATUS_BREAKPOINT)          /* int3 is one byte; the exception address is the int3 itself */
        bugcheck(tf, KMODE_EXCEPTION_NOT_HANDLED, (ULONG)code, tf->Eip - 1, 0, 0);
    if (code == STATUS_ACCESS_VIOLATION)    /* a GP fault: the address is not known, so NT says -1 */
        bugcheck(tf, KMODE_EXCEPTION_NOT_HANDLED, (ULONG)code, tf->Eip, 0, 0xFFFFFFFF);
    bugcheck(tf, KMODE_EXCEPTION_NOT_HANDLED, (ULONG)code, tf->Eip, 0, 0);
}
