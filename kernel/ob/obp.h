/* Object manager internals shared by the files of kernel/ob. */
#ifndef OBP_H
#define OBP_H

#include "ob.h"

/* Captured by ObCreateObject for ObInsertObject; placed before the (optional) name info. */
typedef struct _OBJECT_CREATE_INFORMATION {
    ULONG Attributes;
    HANDLE RootDirectory;
    KPROCESSOR_MODE ProbeMode;
    char *FullName;                     /* the name as given, stored after the body */
} OBJECT_CREATE_INFORMATION;

#define OB_DIRECTORY_BUCKETS 37

typedef struct _OBJECT_DIRECTORY {
    OBJECT_HEADER_NAME_INFO *Buckets[OB_DIRECTORY_BUCKETS];
    ULONG Count;
} OBJECT_DIRECTORY, *POBJECT_DIRECTORY;

typedef struct _OBJECT_SYMBOLIC_LINK {
    ULONG TargetLength;
    char Target[];                      /* absolute path, NUL-terminated */
} OBJECT_SYMBOLIC_LINK;

/* ---- obname.c: path syntax (pure; also built into host unit tests) ---- */
/* Moves *cursor past the next component (skipping one leading '\') and returns it; a zero length
   means an empty component ("\\" or a trailing '\'). */
ULONG ObpNextComponent(const char **cursor, const char **component);
BOOLEAN ObpNameEqual(const char *name, ULONG nameLength, const char *component, ULONG length);
ULONG ObpHashName(const char *component, ULONG length);
/* STATUS_SUCCESS or why the name can never be valid (syntax, length). */
NTSTATUS ObpCheckNameSyntax(const char *name, BOOLEAN relative);

/* ---- oblock.c: the namespace lock (directories, names, permanence) ---- */
void ObpLockNamespace(void);
void ObpUnlockNamespace(void);

/* ---- obdir.c: directory entries; called with the namespace lock held ---- */
POBJECT_HEADER ObpLookupDirectoryEntry(POBJECT_DIRECTORY dir, const char *component, ULONG length);
void ObpInsertDirectoryEntry(POBJECT_DIRECTORY dir, POBJECT_HEADER header);
POBJECT_DIRECTORY ObpRemoveDirectoryEntry(POBJECT_HEADER header);

/* ---- oblookup.c ---- */
typedef struct _OBP_LOOKUP {
    PVOID Object;                       /* found (referenced) */
    PVOID Parent;                       /* for creation: the directory to insert into (referenced) */
    const char *LastComponent;          /* for creation: the new name (points into Buffer or the name) */
    ULONG LastLength;
    char *Buffer;                       /* the rewritten path after a symbolic link, or NULL */
} OBP_LOOKUP;
/* Resolves a name. forCreate: the last component is looked up in its directory only (no links
   followed, no parse): found -> STATUS_OBJECT_NAME_COLLISION with Object set; missing ->
   STATUS_OBJECT_NAME_NOT_FOUND with Parent and LastComponent set. Release with ObpReleaseLookup. */
NTSTATUS ObpLookupObjectName(HANDLE root, const char *name, ULONG attributes, POBJECT_TYPE type,
                             KPROCESSOR_MODE mode, PVOID parseContext, BOOLEAN forCreate, OBP_LOOKUP *out);
void ObpReleaseLookup(OBP_LOOKUP *lookup);

/* ---- obcreate.c ---- */
extern PVOID ObpTypeDirectoryObject;
/* Names a type created before \ObjectTypes existed. */
NTSTATUS ObpInsertType(POBJECT_TYPE type);

/* ---- obref.c ---- */
/* Removes a named, temporary object with no handles from its directory. */
void ObpDeleteNameCheck(POBJECT_HEADER header);
NTSTATUS ObpGrantAccess(POBJECT_TYPE type, ACCESS_MASK desired, ACCESS_MASK *granted);

/* ---- obhandle.c ---- */
/* Open a handle for a reference the caller owns (consumed on success): in the table the attributes
   and mode choose (with the kernel handle bit when it is the kernel table), or in a given table. */
NTSTATUS ObpCreateHandle(PVOID object, ULONG attributes, ACCESS_MASK granted, KPROCESSOR_MODE mode,
                         OB_OPEN_REASON reason, HANDLE *handle);
NTSTATUS ObpCreateHandleInTable(PHANDLE_TABLE table, OB_OPEN_REASON reason, PVOID object, ULONG attributes,
                                ACCESS_MASK granted, HANDLE *handle);
PHANDLE_TABLE ObpCurrentHandleTable(void);
/* Drops the handle count and reference of a handle already removed from its table. */
void ObpCloseHandleEntry(PVOID process, const HANDLE_TABLE_ENTRY *entry);
/* Which table a handle value names for this caller; strips the kernel handle bit. */
PHANDLE_TABLE ObpHandleTableFor(HANDLE *handle, KPROCESSOR_MODE mode);
extern PHANDLE_TABLE ObpKernelHandleTable;
extern const OB_PROCESS_ROUTINES *ObpProcessRoutines;

#endif
