/*
 * The interrupt descriptor table: interrupt gates to the trap stubs (trap.S) for every vector, a task
 * gate to the double-fault task for vector 8, and ring-3 access (DPL 3) only where user code may
 * execute `int n` on purpose: int3 (3), into (4) and the system service vector 0x2E.
 */
#include "ke.h"

#define GATE_INTERRUPT(dpl) (0x8E | ((dpl) << 5))
#define GATE_TASK           0x85
#define STUB_SIZE           16

extern UCHAR KiTrapStubs[];

static ULONGLONG Idt[256] __attribute__((aligned(8)));

static ULONGLONG gate(ULONG offset, USHORT selector, UCHAR type)
{
    return (ULONGLONG)(offset & 0xFFFF) | (ULONGLONG)selector << 16 | (ULONGLONG)type << 40 |
           (ULONGLONG)(offset >> 16) << 48;
}

void KiInitializeIdt(void)
{
    for (ULONG v = 0; v < 256; v++) {
        BOOLEAN user = v == 3 || v == 4 || v == KI_SYSTEM_SERVICE_VECTOR;
        Idt[v] = gate((ULONG)(ULONG_PTR)(KiTrapStubs + v * STUB_SIZE), KGDT_R0_CODE, GATE_INTERRUPT(user ? 3 : 0));
    }
    Idt[8] = gate(0, KGDT_DF_TSS, GATE_TASK);
    struct { USHORT Limit; ULONG Base; } __attribute__((packed)) idtr = { sizeof Idt - 1, (ULONG)(ULONG_PTR)Idt };
    __asm__ volatile("lidt %0" : : "m"(idtr));
}
