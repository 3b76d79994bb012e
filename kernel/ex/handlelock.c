/*
 * The handle table lock. servpack runs on one processor, so a short section with interrupts off is a
 * complete lock: no thread switch, DPC or interrupt can enter the table while it is held. Every holder
 * keeps it for a handful of instructions (the pool is always called with the lock released).
 */
#include "exhandle.h"

void ExpLockHandleTable(PHANDLE_TABLE table)
{
    ULONG flags;
    __asm__ volatile("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
    table->LockState = flags;
    table->Locked = TRUE;
}

void ExpUnlockHandleTable(PHANDLE_TABLE table)
{
    ULONG flags = table->LockState;
    table->Locked = FALSE;
    __asm__ volatile("pushl %0; popfl" : : "r"(flags) : "memory", "cc");
}
