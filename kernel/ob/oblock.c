/*
 * The namespace lock: guards directories, object names and the permanent flag. One processor, so a
 * section with interrupts off is a complete lock. Holders only walk hash chains and relink entries:
 * no pool calls, no type procedures, no waits happen inside it.
 */
#include "obp.h"

static ULONG SavedFlags;

void ObpLockNamespace(void)
{
    ULONG flags;
    __asm__ volatile("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
    SavedFlags = flags;
}

void ObpUnlockNamespace(void)
{
    ULONG flags = SavedFlags;
    __asm__ volatile("pushl %0; popfl" : : "r"(flags) : "memory", "cc");
}
