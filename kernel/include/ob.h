/*
 * Object manager (Ob): typed, reference-counted kernel objects with NT 5.x-style headers, a
 * hierarchical namespace (\, \ObjectTypes, \Device, \??, \BaseNamedObjects) of directory and
 * symbolic-link objects, and handles in per-process tables plus the kernel handle table.
 * docs/objects.md explains the design and where Q160650 lives.
 *
 * Names are NUL-terminated ASCII paths ("\BaseNamedObjects\Foo"), compared case-insensitively
 * (NT with OBJ_CASE_INSENSITIVE, which Win32 always passes) — servpack has no UNICODE_STRING.
 */
#ifndef OB_H
#define OB_H

#include "ntdef.h"
#include "ketypes.h"
#include "exhandle.h"

/* NT's REFERENCE_BY_POINTER: a reference or handle count went below zero. */
#define OB_BUGCHECK_REFERENCE_BY_POINTER 0x00000018
/* NT's OBJECT_INITIALIZATION_FAILED: the object manager could not start. */
#define OB_BUGCHECK_OBJECT_INITIALIZATION_FAILED 0x0000005E

/* OBJECT_ATTRIBUTES.Attributes (NT's values; OBJ_INHERIT is in exhandle.h). */
#define OBJ_PERMANENT           0x00000010
#define OBJ_EXCLUSIVE           0x00000020
#define OBJ_CASE_INSENSITIVE    0x00000040
#define OBJ_OPENIF              0x00000080
#define OBJ_OPENLINK            0x00000100
#define OBJ_KERNEL_HANDLE       0x00000200
#define OBJ_VALID_ATTRIBUTES    0x000003F2

/* A kernel handle, from the kernel handle table, has its top bit set (x86 NT 5.x). */
#define KERNEL_HANDLE_FLAG      0x80000000u

/* Access rights common to every type, and the generic rights each type maps to its own. */
#define DELETE                  0x00010000
#define READ_CONTROL            0x00020000
#define WRITE_DAC               0x00040000
#define WRITE_OWNER             0x00080000
#define SYNCHRONIZE             0x00100000
#define STANDARD_RIGHTS_REQUIRED 0x000F0000
#define MAXIMUM_ALLOWED         0x02000000
#define GENERIC_ALL             0x10000000
#define GENERIC_EXECUTE         0x20000000
#define GENERIC_WRITE           0x40000000
#define GENERIC_READ            0x80000000

#define DIRECTORY_QUERY         0x0001
#define DIRECTORY_TRAVERSE      0x0002
#define DIRECTORY_CREATE_OBJECT 0x0004
#define DIRECTORY_CREATE_SUBDIRECTORY 0x0008
#define DIRECTORY_ALL_ACCESS    (STANDARD_RIGHTS_REQUIRED | 0xF)
#define SYMBOLIC_LINK_QUERY     0x0001
#define SYMBOLIC_LINK_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x1)
#define OBJECT_TYPE_CREATE      0x0001
#define OBJECT_TYPE_ALL_ACCESS  (STANDARD_RIGHTS_REQUIRED | 0x1)

/* NtDuplicateObject options (spelled as in ntapi.h). */
#define DUPLICATE_CLOSE_SOURCE      0x00000001
#define DUPLICATE_SAME_ACCESS       0x00000002
#define DUPLICATE_SAME_ATTRIBUTES   0x00000004

#define OB_MAX_PATH             512     /* longest name, and longest path after following links */

typedef struct _OBJECT_ATTRIBUTES {
    HANDLE RootDirectory;               /* NULL, or a directory the name is relative to */
    const char *ObjectName;             /* NULL for an unnamed object */
    ULONG Attributes;                   /* OBJ_* */
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

static inline void InitializeObjectAttributes(POBJECT_ATTRIBUTES oa, const char *name, ULONG attributes,
                                              HANDLE root)
{
    oa->RootDirectory = root;
    oa->ObjectName = name;
    oa->Attributes = attributes;
}

typedef struct _GENERIC_MAPPING {
    ACCESS_MASK GenericRead, GenericWrite, GenericExecute, GenericAll;
} GENERIC_MAPPING;

typedef enum _OB_OPEN_REASON {
    ObCreateHandle, ObOpenHandle, ObDuplicateHandle, ObInheritHandle
} OB_OPEN_REASON;

struct _OBJECT_TYPE;

/* Type procedures. Process is the owner of the handle table concerned (Ps's process object, or NULL
   before Ps registers one). Open may refuse a new handle; Close runs before the handle count drops
   (handleCount is the count including the handle being closed); Delete runs when the last reference
   goes; Parse continues a lookup whose path goes on inside the object (`remaining` starts with '\'
   or is empty) and returns a referenced object; QueryName fills the object's full name. */
typedef NTSTATUS (*OB_OPEN_METHOD)(OB_OPEN_REASON reason, PVOID process, PVOID object, ACCESS_MASK granted,
                                   ULONG handleCount);
typedef void (*OB_CLOSE_METHOD)(PVOID process, PVOID object, ACCESS_MASK granted, ULONG handleCount);
typedef void (*OB_DELETE_METHOD)(PVOID object);
typedef NTSTATUS (*OB_PARSE_METHOD)(PVOID parseObject, struct _OBJECT_TYPE *objectType, KPROCESSOR_MODE mode,
                                    ULONG attributes, const char *remaining, PVOID parseContext,
                                    PVOID *object);
typedef NTSTATUS (*OB_QUERYNAME_METHOD)(PVOID object, char *buffer, ULONG size);

typedef struct _OBJECT_TYPE_INITIALIZER {
    POOL_TYPE PoolType;
    ULONG PoolTag;                      /* the objects' pool tag, as poolmon shows it */
    ACCESS_MASK ValidAccessMask;
    GENERIC_MAPPING GenericMapping;
    OB_OPEN_METHOD OpenProcedure;
    OB_CLOSE_METHOD CloseProcedure;
    OB_DELETE_METHOD DeleteProcedure;
    OB_PARSE_METHOD ParseProcedure;
    OB_QUERYNAME_METHOD QueryNameProcedure;
} OBJECT_TYPE_INITIALIZER;

typedef struct _OBJECT_TYPE {
    const char *Name;                   /* the type object's own name in \ObjectTypes */
    ULONG TotalNumberOfObjects;
    ULONG TotalNumberOfHandles;
    ULONG HighWaterNumberOfObjects;
    ULONG HighWaterNumberOfHandles;
    OBJECT_TYPE_INITIALIZER TypeInfo;
} OBJECT_TYPE, *POBJECT_TYPE;

/* Optional header before OBJECT_HEADER of a named object. */
typedef struct _OBJECT_HEADER_NAME_INFO {
    struct _OBJECT_DIRECTORY *Directory;  /* NULL until inserted, and after leaving the namespace */
    char *Name;                           /* the last path component, stored after the body */
    ULONG NameLength;
    struct _OBJECT_HEADER_NAME_INFO *NextInBucket;
} OBJECT_HEADER_NAME_INFO;

/* OBJECT_HEADER.Flags (NT 5.x values) */
#define OB_FLAG_NEW_OBJECT      0x01    /* created, not yet inserted */
#define OB_FLAG_KERNEL_OBJECT   0x02    /* created by kernel mode */
#define OB_FLAG_PERMANENT_OBJECT 0x10   /* stays named when its last handle closes */

/* The x86 NT 5.x header: 0x18 bytes, the body follows at an 8-byte boundary. */
typedef struct _OBJECT_HEADER {
    LONG PointerCount;                  /* every reference, including one per handle */
    LONG HandleCount;
    POBJECT_TYPE Type;
    UCHAR NameInfoOffset;               /* bytes back to OBJECT_HEADER_NAME_INFO, 0 = unnamed */
    UCHAR HandleInfoOffset;             /* unused: kept for NT's layout */
    UCHAR QuotaInfoOffset;              /* unused: kept for NT's layout */
    UCHAR Flags;
    PVOID ObjectCreateInfo;             /* the captured attributes until ObInsertObject */
    PVOID SecurityDescriptor;           /* unused: servpack has no security descriptors */
    ULONGLONG Body[];
} OBJECT_HEADER, *POBJECT_HEADER;

#define OBJECT_TO_OBJECT_HEADER(o) ((POBJECT_HEADER)((char *)(o) - offsetof(OBJECT_HEADER, Body)))
#define OBJECT_HEADER_TO_NAME_INFO(h) \
    ((h)->NameInfoOffset ? (OBJECT_HEADER_NAME_INFO *)((char *)(h) - (h)->NameInfoOffset) : NULL)

typedef struct _OBJECT_HANDLE_INFORMATION {
    ULONG HandleAttributes;             /* OBJ_INHERIT, OBJ_PROTECT_CLOSE */
    ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;

/* What NtQueryObject and the `handle` tool show of one handle. */
typedef struct _OB_HANDLE_DESCRIPTION {
    HANDLE Handle;
    ULONG Attributes;
    ACCESS_MASK GrantedAccess;
    ULONG HandleCount;
    ULONG PointerCount;
    char TypeName[24];
    char Name[96];
} OB_HANDLE_DESCRIPTION;

/* Built-in types and directories (ObInitSystem creates them). */
extern POBJECT_TYPE ObpTypeObjectType, ObDirectoryObjectType, ObSymbolicLinkObjectType;
extern PVOID ObpRootDirectoryObject;

/* Creates \ObjectTypes, \Device, \??, \BaseNamedObjects and the kernel handle table. Needs the pool. */
void ObInitSystem(void);

/* ---- types and objects ---- */
NTSTATUS ObCreateObjectType(const char *name, const OBJECT_TYPE_INITIALIZER *init, POBJECT_TYPE *type);
/* A new object with one reference and a zeroed body of bodySize bytes; the name and attributes are
   kept for ObInsertObject. */
NTSTATUS ObCreateObject(KPROCESSOR_MODE mode, POBJECT_TYPE type, const OBJECT_ATTRIBUTES *attributes,
                        ULONG bodySize, PVOID *object);
/* Names the object (if it has a name) and opens a handle to it, consuming the creation reference in
   every case: on failure the object is gone. With handle == NULL the object must be named and
   permanent and the creation reference comes back in *referenced. Otherwise *referenced (optional)
   gets an extra reference. With OBJ_OPENIF an existing object of the same type is opened instead
   (STATUS_OBJECT_NAME_EXISTS) and the new one deleted. */
NTSTATUS ObInsertObject(PVOID object, ACCESS_MASK desiredAccess, PVOID *referenced, HANDLE *handle);

void ObReferenceObject(PVOID object);
void ObDereferenceObject(PVOID object);
NTSTATUS ObReferenceObjectByPointer(PVOID object, ACCESS_MASK desiredAccess, POBJECT_TYPE type,
                                    KPROCESSOR_MODE mode);
NTSTATUS ObReferenceObjectByHandle(HANDLE handle, ACCESS_MASK desiredAccess, POBJECT_TYPE type,
                                   KPROCESSOR_MODE mode, PVOID *object, POBJECT_HANDLE_INFORMATION info);
NTSTATUS ObReferenceObjectByName(const char *name, ULONG attributes, ACCESS_MASK desiredAccess,
                                 POBJECT_TYPE type, KPROCESSOR_MODE mode, PVOID parseContext, PVOID *object);
NTSTATUS ObOpenObjectByName(const OBJECT_ATTRIBUTES *attributes, POBJECT_TYPE type, KPROCESSOR_MODE mode,
                            ACCESS_MASK desiredAccess, PVOID parseContext, HANDLE *handle);
NTSTATUS ObOpenObjectByPointer(PVOID object, ULONG handleAttributes, ACCESS_MASK desiredAccess,
                               POBJECT_TYPE type, KPROCESSOR_MODE mode, HANDLE *handle);
/* Clears OBJ_PERMANENT; the name goes at once if no handle is open. */
void ObMakeTemporaryObject(PVOID object);
static inline POBJECT_TYPE ObGetObjectType(PVOID object) { return OBJECT_TO_OBJECT_HEADER(object)->Type; }

/* ---- handles ---- */
/* NtClose's core. Kernel mode closing an invalid or protected handle is a bugcheck (see obclose.c). */
NTSTATUS ObCloseHandle(HANDLE handle, KPROCESSOR_MODE previousMode);
/* Stores a handle just opened for the service's caller in the caller's variable; if that faults,
   closes the handle again (the caller never saw it) and returns STATUS_ACCESS_VIOLATION. */
NTSTATUS ObStoreHandleForCaller(HANDLE *callerHandle, HANDLE handle);
/* A service's open by name: copies the caller's name (NULL: STATUS_OBJECT_NAME_INVALID), zeroes the
   caller's handle variable, opens the object with `attributes` (OBJ_CASE_INSENSITIVE...) and stores
   the handle through ObStoreHandleForCaller. */
NTSTATUS ObOpenObjectByCallerName(HANDLE *callerHandle, ACCESS_MASK desiredAccess, const char *callerName,
                                  ULONG attributes, POBJECT_TYPE type);
/* NtDuplicateObject's core; a NULL table means the current process's (with kernel handles). With
   DUPLICATE_CLOSE_SOURCE and targetTable NULL and targetHandle NULL, only closes the source. */
NTSTATUS ObDuplicateObject(PHANDLE_TABLE sourceTable, HANDLE sourceHandle, PHANDLE_TABLE targetTable,
                           HANDLE *targetHandle, ACCESS_MASK desiredAccess, ULONG handleAttributes,
                           ULONG options, KPROCESSOR_MODE previousMode);
/* NtSetInformationObject(ObjectHandleFlagInformation)'s core: sets OBJ_INHERIT / OBJ_PROTECT_CLOSE.
   That service does not exist yet; only the in-kernel tests call this. */
NTSTATUS ObSetHandleAttributes(HANDLE handle, ULONG attributes, KPROCESSOR_MODE previousMode);
/* NtQueryObject's core. */
NTSTATUS ObQueryObject(HANDLE handle, KPROCESSOR_MODE previousMode, OB_HANDLE_DESCRIPTION *out);
/* For the `handle` tool: the first handle of `table` above `after` (NULL: from the start), described;
   returns NULL after the last. */
HANDLE ObEnumerateHandles(PHANDLE_TABLE table, HANDLE after, OB_HANDLE_DESCRIPTION *out);
/* The full name ("\Device\Serial0"), "" for an unnamed object; returns the length it needs. */
ULONG ObGetObjectName(PVOID object, char *buffer, ULONG size);

/* ---- processes (the narrow interface to Ps) ---- */
typedef struct _OB_PROCESS_ROUTINES {
    PHANDLE_TABLE (*CurrentHandleTable)(void);  /* the current (or attached-to) process's table */
    PVOID (*CurrentProcess)(void);              /* the object behind NtCurrentProcess() (-1) */
    PVOID (*CurrentThread)(void);               /* the object behind NtCurrentThread() (-2) */
} OB_PROCESS_ROUTINES;
/* Until Ps registers its routines every caller is in the System process, whose table is
   ObGetSystemHandleTable(), and the pseudo-handles are invalid. Returns the previous routines. */
const OB_PROCESS_ROUTINES *ObSetProcessRoutines(const OB_PROCESS_ROUTINES *routines);
/* The System process's table, which is also the kernel handle table (Windows 2000's arrangement). */
PHANDLE_TABLE ObGetSystemHandleTable(void);
/* A new process's table; with a parent, its OBJ_INHERIT handles are copied (same values). */
NTSTATUS ObInitProcess(PHANDLE_TABLE parent, PVOID process, PHANDLE_TABLE *table);
/* Process exit: closes every handle still open and frees the table. */
void ObKillProcess(PHANDLE_TABLE table);

/* ---- namespace ---- */
/* A directory or symbolic link; handle NULL makes it permanent (no handle returned). */
NTSTATUS ObCreateDirectory(const char *name, ULONG attributes, KPROCESSOR_MODE mode, HANDLE *handle);
NTSTATUS ObCreateSymbolicLink(const char *name, const char *target, ULONG attributes, KPROCESSOR_MODE mode,
                              HANDLE *handle);
/* The target of a symbolic link; returns its length. */
ULONG ObQuerySymbolicLink(PVOID link, char *buffer, ULONG size);
/* The index-th entry of a directory (for obdir): its name and type name; STATUS_NO_MORE_ENTRIES after
   the last. */
NTSTATUS ObQueryDirectoryEntry(PVOID directory, ULONG index, char *name, ULONG nameSize, char *typeName,
                               ULONG typeSize);

#endif
