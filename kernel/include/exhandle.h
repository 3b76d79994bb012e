/*
 * Executive handle tables (Ex): the per-process map from handle values to objects, as in NT 5.x.
 * A handle is (index << 2): values are multiples of 4, the low two bits are ignored (free for
 * applications, as on NT), index 0 is never issued, and -1 / -2 (the current process / thread
 * pseudo-handles) are far beyond the largest index. The table has three levels allocated on demand
 * (a top array of 32 pointers to middle pages of 1024 pointers to lowest pages of 512 entries), so
 * it grows a page at a time up to 2^24 handles and never moves an entry. Free entries form a LIFO
 * list threaded through themselves: allocation and free are O(1) and a closed value is the next
 * one handed out.
 *
 * The table does not know what the objects are: Ob stores an OBJECT_HEADER pointer with the handle
 * attributes in its low bits (headers are 8-byte aligned) and the granted access.
 */
#ifndef EXHANDLE_H
#define EXHANDLE_H

#include "ntdef.h"
#include "ex.h"

/* Handle attributes kept in the low bits of HANDLE_TABLE_ENTRY.Object (NT's values). */
#define OBJ_PROTECT_CLOSE       0x00000001
#define OBJ_INHERIT             0x00000002
#define OBJ_AUDIT_OBJECT_CLOSE  0x00000004
#define OBJ_HANDLE_ATTRIBUTES   (OBJ_PROTECT_CLOSE | OBJ_INHERIT | OBJ_AUDIT_OBJECT_CLOSE)

#define EX_HANDLE_LOW_ENTRIES   512         /* one 4 KB page of 8-byte entries */
#define EX_HANDLE_MID_ENTRIES   1024        /* one 4 KB page of pointers */
#define EX_HANDLE_TOP_ENTRIES   32
#define EX_MAX_HANDLE_INDEX     (EX_HANDLE_LOW_ENTRIES * EX_HANDLE_MID_ENTRIES * EX_HANDLE_TOP_ENTRIES)

/* Pool tag of handle table pages and headers ('Obtb', as NT's object tables). */
#define EX_HANDLE_TABLE_TAG     POOL_TAG('O', 'b', 't', 'b')

typedef struct _HANDLE_TABLE_ENTRY {
    ULONG_PTR Object;                   /* object pointer | OBJ_HANDLE_ATTRIBUTES; 0 = free entry */
    union {
        ACCESS_MASK GrantedAccess;      /* in use */
        ULONG NextFree;                 /* free: index of the next free entry, 0 = end of list */
    };
} HANDLE_TABLE_ENTRY, *PHANDLE_TABLE_ENTRY;

typedef struct _HANDLE_TABLE {
    PHANDLE_TABLE_ENTRY *Top[EX_HANDLE_TOP_ENTRIES];   /* -> middle pages -> lowest pages */
    ULONG NextIndex;                    /* indices below this have a lowest page */
    ULONG FirstFree;                    /* head of the free list, 0 = empty */
    ULONG HandleCount;
    PVOID Owner;                        /* the process that owns the table (for close procedures) */
    ULONG_PTR Lock;                     /* a KSPIN_LOCK (nonzero while held) */
    UCHAR LockIrql;                     /* the IRQL to return to when it is released */
} HANDLE_TABLE, *PHANDLE_TABLE;

static inline PVOID ExHandleEntryObject(const HANDLE_TABLE_ENTRY *e)
{
    return (PVOID)(e->Object & ~(ULONG_PTR)OBJ_HANDLE_ATTRIBUTES);
}
static inline ULONG ExHandleEntryAttributes(const HANDLE_TABLE_ENTRY *e)
{
    return (ULONG)(e->Object & OBJ_HANDLE_ATTRIBUTES);
}

/* A new empty table, or NULL when the pool is exhausted. */
PHANDLE_TABLE ExCreateHandleTable(PVOID owner);

/* Calls `routine` for every handle still in the table after removing it from the table (outside the
   table lock, so the routine may close the object); the table stays usable. Process exit uses it. */
typedef void (*EX_SWEEP_HANDLE_ROUTINE)(HANDLE handle, const HANDLE_TABLE_ENTRY *entry, PVOID context);
void ExSweepHandleTable(PHANDLE_TABLE table, EX_SWEEP_HANDLE_ROUTINE routine, PVOID context);

/* Sweeps the remaining handles with `routine` and frees the table. */
void ExDestroyHandleTable(PHANDLE_TABLE table, EX_SWEEP_HANDLE_ROUTINE routine, PVOID context);

/* Stores a copy of *entry (Object must not be 0) and returns its handle, or NULL when the table is full
   or the pool exhausted. */
HANDLE ExCreateHandle(PHANDLE_TABLE table, const HANDLE_TABLE_ENTRY *entry);

/* Looks a handle up. On success the table is left LOCKED and the entry may be read or changed until
   ExUnlockHandleTableEntry or ExDestroyHandle; on failure (NULL) the table is unlocked. */
PHANDLE_TABLE_ENTRY ExMapHandleToPointer(PHANDLE_TABLE table, HANDLE handle);
void ExUnlockHandleTableEntry(PHANDLE_TABLE table, PHANDLE_TABLE_ENTRY entry);

/* Frees the entry returned by ExMapHandleToPointer (its value is the next one issued) and unlocks. */
void ExDestroyHandle(PHANDLE_TABLE table, HANDLE handle, PHANDLE_TABLE_ENTRY entry);

/* A new table for `owner` holding the same handle values as `source` for the entries `routine` accepts
   (inheritance). The routine runs with the source table locked: it may change the copy (e.g. take a
   reference) but must not block. NULL when the pool is exhausted. */
typedef BOOLEAN (*EX_DUPLICATE_HANDLE_ROUTINE)(PHANDLE_TABLE_ENTRY copy, PVOID context);
PHANDLE_TABLE ExDupHandleTable(PHANDLE_TABLE source, PVOID owner, EX_DUPLICATE_HANDLE_ROUTINE routine,
                               PVOID context);

/* Calls `routine` with the table locked for each handle above `after` (NULL: from the start), in
   increasing order, until it returns TRUE; returns that handle, or NULL when none stopped it. */
typedef BOOLEAN (*EX_ENUMERATE_HANDLE_ROUTINE)(HANDLE handle, PHANDLE_TABLE_ENTRY entry, PVOID context);
HANDLE ExEnumHandleTable(PHANDLE_TABLE table, HANDLE after, EX_ENUMERATE_HANDLE_ROUTINE routine,
                         PVOID context);

static inline ULONG ExHandleCount(const HANDLE_TABLE *table) { return table->HandleCount; }

/* The table lock, a spin lock (handlelock.c in the kernel; unit tests supply their own). */
void ExpLockHandleTable(PHANDLE_TABLE table);
void ExpUnlockHandleTable(PHANDLE_TABLE table);

#endif
