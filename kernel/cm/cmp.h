/* Configuration manager internals shared by kernel/cm/cm*.c: hives as the Cm sees them, key control
   blocks and their cache, key bodies, the registry lock. */
#ifndef CMP_H
#define CMP_H

#include "cm.h"
#include "hive.h"
#include "ex.h"
#include "ntreg.h"

#define CM_POOL_TAG   POOL_TAG('C', 'M', ' ', ' ')    /* hives and volatile keys */
#define CM_KCB_TAG    POOL_TAG('K', 'C', 'b', ' ')    /* key control blocks */
#define CM_KEY_TAG    POOL_TAG('K', 'e', 'y', ' ')    /* key objects */

/* A hive as the Cm sees it. A volatile key is the root of its own small hive that never reaches a
   file: it hangs below (ParentHive, ParentCell) under its root's name, and keeps its subkeys
   (volatile too). */
typedef struct _CMHIVE {
    HHIVE Hive;
    BOOLEAN Volatile;
    BOOLEAN Unlinked;                   /* a volatile key that was deleted: freed with its KCB */
    struct _CMHIVE *ParentHive;
    HCELL_INDEX ParentCell;
    struct _CMHIVE *NextVolatile;       /* CmpVolatileKeys list */
} CMHIVE;

/* One per open key (hive, cell), shared by every key object opened on it. RefCount counts open
   instances: 16 bits, as in NT 4.0, which is what KB Q179827 is about (cmkcb.c). */
typedef struct _CM_KEY_CONTROL_BLOCK {
    struct _CM_KEY_CONTROL_BLOCK *NextHash;
    USHORT RefCount;
    USHORT Flags;
    CMHIVE *Hive;
    HCELL_INDEX KeyCell;
} CM_KEY_CONTROL_BLOCK;
#define KCB_DELETED   0x0001            /* the key is gone; the KCB stays for its open objects */

/* A KCB takes a block of a key object's size (the object header and the body below), so a freed
   KCB sits on the same pool free list as the key objects around it: docs/kb/Q179827.md. */
#define CM_KCB_POOL_BYTES 48

/* The body of a key object: which KCB it opened. */
typedef struct _CM_KEY_BODY {
    CM_KEY_CONTROL_BLOCK *Kcb;
} CM_KEY_BODY;

extern CMHIVE *CmpSystemHive, *CmpSoftwareHive;
extern CMHIVE *CmpVolatileKeys;

/* ---- the registry lock (cmlock.c): one mutex around every hive and KCB operation ---- */
void CmpLockRegistry(void);
void CmpUnlockRegistry(void);

/* ---- KCBs (cmkcb.c) ---- */
/* Finds or creates the KCB of (hive, cell) and takes an open-instance reference. */
NTSTATUS CmpReferenceKcb(CMHIVE *hive, HCELL_INDEX cell, CM_KEY_CONTROL_BLOCK **kcb);
void CmpDereferenceKcb(CM_KEY_CONTROL_BLOCK *kcb);
void CmpMarkKcbDeleted(CM_KEY_CONTROL_BLOCK *kcb);
ULONG CmpKcbCount(void);

/* ---- key objects and the namespace (cmparse.c) ---- */
typedef struct _CM_PARSE_CONTEXT {
    BOOLEAN Create;
    ULONG Options;                      /* REG_OPTION_* */
    ULONG Disposition;                  /* out: REG_CREATED_NEW_KEY / REG_OPENED_EXISTING_KEY */
} CM_PARSE_CONTEXT;
void CmpInitializeKeyObjects(void);
/* Opens or creates `path` ("\A\B", or "" for the key itself) below a key body; returns a new
   referenced key object. */
NTSTATUS CmpOpenBelow(CM_KEY_BODY *from, const char *path, KPROCESSOR_MODE mode, CM_PARSE_CONTEXT *context,
                      CM_KEY_BODY **out);
NTSTATUS CmpCreateRootKeyObject(CMHIVE *hive, const char *name);
/* Stamps the hive's time (FILETIME) before a change. */
void CmpStampHive(CMHIVE *hive);

/* ---- the kernel's configuration (cmconfig.c) ---- */
#define CM_CRASH_CONTROL "CurrentControlSet\\Control\\CrashControl"
/* A REG_DWORD of the SYSTEM hive (path below its root), or `absent` when the key, the value or its
   type is not there. */
ULONG CmpQuerySystemDword(const char *path, const char *name, ULONG absent);

/* ---- keys in stable and volatile storage (cmtree.c) ---- */
NTSTATUS CmpFindChild(CMHIVE *hive, HCELL_INDEX cell, const char *name, CMHIVE **childHive, HCELL_INDEX *child);
NTSTATUS CmpCreateChild(CMHIVE *hive, HCELL_INDEX cell, const char *name, ULONG options, CMHIVE **childHive,
                        HCELL_INDEX *child);
NTSTATUS CmpEnumerateChild(CMHIVE *hive, HCELL_INDEX cell, ULONG index, CMHIVE **childHive, HCELL_INDEX *child);
ULONG    CmpVolatileChildCount(CMHIVE *hive, HCELL_INDEX cell);
NTSTATUS CmpDeleteKey(CM_KEY_CONTROL_BLOCK *kcb);
void     CmpFreeHive(CMHIVE *hive);
PVOID    CmpAllocate(ULONG bytes);
void     CmpFree(PVOID block, ULONG bytes);

#endif
