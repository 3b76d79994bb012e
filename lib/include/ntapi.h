/*
 * The system service interface shared by the kernel (which implements the Nt* services) and ntdll
 * (whose stubs call them through int 0x2E): prototypes, information classes and the structures they
 * fill. The list of services and their numbers is kernel/include/services.h. Where servpack departs
 * from NT's signatures (process creation from a program name, console services, names as plain
 * strings instead of OBJECT_ATTRIBUTES) docs/user-mode.md says so.
 */
#ifndef NTAPI_H
#define NTAPI_H

#include "ntdef.h"

typedef HANDLE *PHANDLE;
typedef ULONG *PULONG;
typedef LONG *PLONG;
typedef LONGLONG LARGE_INTEGER, *PLARGE_INTEGER;   /* 100 ns units; negative = relative */

typedef struct _CLIENT_ID {
    ULONG UniqueProcess;
    ULONG UniqueThread;
} CLIENT_ID;

#define NtCurrentProcess() ((HANDLE)(intptr_t)-1)
#define NtCurrentThread()  ((HANDLE)(intptr_t)-2)

/* Access rights (NT's values). */
#define SVC_DELETE                  0x00010000
#define SVC_SYNCHRONIZE             0x00100000
#define PROCESS_TERMINATE           0x0001
#define PROCESS_CREATE_THREAD       0x0002
#define PROCESS_VM_OPERATION        0x0008
#define PROCESS_DUP_HANDLE          0x0040
#define PROCESS_QUERY_INFORMATION   0x0400
#define PROCESS_ALL_ACCESS          0x001F0FFF
#define THREAD_TERMINATE            0x0001
#define THREAD_SUSPEND_RESUME       0x0002
#define THREAD_QUERY_INFORMATION    0x0040
#define THREAD_ALL_ACCESS           0x001F03FF
#define EVENT_QUERY_STATE           0x0001
#define EVENT_MODIFY_STATE          0x0002
#define EVENT_ALL_ACCESS            0x001F0003

/* Handle attributes and NtDuplicateObject options. */
#define HANDLE_ATTRIBUTE_INHERIT    0x00000002
#define DUPLICATE_CLOSE_SOURCE      0x00000001
#define DUPLICATE_SAME_ACCESS       0x00000002

/* NtCreateProcess flags. */
#define PROCESS_CREATE_SUSPENDED        0x0001   /* the initial thread waits for NtResumeThread */
#define PROCESS_CREATE_INHERIT_HANDLES  0x0002   /* inheritable handles are copied to the child */
#define PROCESS_CREATE_DETACHED         0x0004   /* no environment-subsystem connection (see Q272913) */

/* NtCreateThread: the registers a new thread starts with in user mode (the rest are zero), the
   part of NT's CONTEXT that kernel32 sets (BaseInitializeContext); flags. */
typedef struct _THREAD_START_CONTEXT {
    ULONG Eip;
    ULONG Esp;
    ULONG Eax;
    ULONG Ebx;
} THREAD_START_CONTEXT;
#define THREAD_CREATE_SUSPENDED         0x0001

/* EventType: NotificationEvent 0, SynchronizationEvent 1; WaitType: WaitAll 0, WaitAny 1 (the enums
   are the kernel's, ketypes.h, and ntdll.h's for user mode). At most 64 objects per wait. */

/* Virtual memory (NT's values). */
#define MEM_COMMIT        0x1000
#define MEM_RESERVE       0x2000
#define MEM_DECOMMIT      0x4000
#define MEM_RELEASE       0x8000

/* Fixed user-mode addresses (NT 4.0's conventional values). */
#define USER_PEB_ADDRESS      0x7FFDF000u
#define USER_TEB_TOP          0x7FFDE000u   /* the first thread's TEB; later threads' TEBs go down */
#define USER_STACK_SIZE       0x00040000u   /* 256 KB per thread */

/* The process parameters the parent passes: the command line and the image name. */
#define PROCESS_COMMAND_LINE_SIZE 256
typedef struct _RTL_USER_PROCESS_PARAMETERS {
    char ImageName[32];
    char CommandLine[PROCESS_COMMAND_LINE_SIZE];
} RTL_USER_PROCESS_PARAMETERS;

/* The process environment block, at USER_PEB_ADDRESS in every process. */
typedef struct _PEB {
    ULONG UniqueProcessId;
    PVOID ImageBaseAddress;
    RTL_USER_PROCESS_PARAMETERS *ProcessParameters;
    ULONG NumberOfThreads;
    RTL_USER_PROCESS_PARAMETERS Parameters;   /* what ProcessParameters points to */
} PEB;

/* The thread environment block, one page per thread; FS:0 addresses it in user mode (the kernel
   points the user FS segment at the running thread's TEB), and Self is the TEB's own address. */
typedef struct _TEB {
    PVOID ExceptionList;              /* 0x00, unused: NT's SEH chain head */
    PVOID StackBase;                  /* 0x04 */
    PVOID StackLimit;                 /* 0x08 */
    ULONG Reserved[3];                /* 0x0C */
    struct _TEB *Self;                /* 0x18, as in NT */
    ULONG Reserved2;
    CLIENT_ID ClientId;               /* 0x20 */
    ULONG Reserved3[2];
    PEB *ProcessEnvironmentBlock;     /* 0x30, as in NT */
    ULONG LastErrorValue;             /* 0x34, as in NT */
} TEB;
_Static_assert(offsetof(TEB, LastErrorValue) == 0x34, "TEB layout as NT's");

/* NtQueryInformationProcess classes. */
#define ProcessBasicInformation 0
#define ProcessHandleCount      20
typedef struct _PROCESS_BASIC_INFORMATION {
    NTSTATUS ExitStatus;              /* STATUS_PENDING while the process runs */
    PEB *PebBaseAddress;
    ULONG AffinityMask;
    LONG BasePriority;
    ULONG UniqueProcessId;
    ULONG InheritedFromUniqueProcessId;
} PROCESS_BASIC_INFORMATION;

/* NtQueryInformationThread classes. */
#define ThreadBasicInformation 0
typedef struct _THREAD_BASIC_INFORMATION {
    NTSTATUS ExitStatus;
    TEB *TebBaseAddress;
    CLIENT_ID ClientId;
} THREAD_BASIC_INFORMATION;

/* NtQueryObject classes (servpack folds NT's name and type classes into one record). */
#define ObjectBasicInformation 0
typedef struct _OBJECT_BASIC_INFORMATION {
    ULONG Attributes;
    ACCESS_MASK GrantedAccess;
    ULONG HandleCount;
    ULONG PointerCount;
    char TypeName[24];
    char Name[96];
} OBJECT_BASIC_INFORMATION;

/* NtQuerySystemInformation classes. */
#define SystemProcessInformation  5
#define SystemHandleInformation   16
#define SystemPoolTagInformation  22
typedef struct _SYSTEM_PROCESS_INFORMATION {   /* an array, one per process */
    ULONG UniqueProcessId;
    ULONG InheritedFromUniqueProcessId;
    ULONG NumberOfThreads;
    ULONG HandleCount;
    ULONG VirtualSize;                /* bytes of user memory committed */
    NTSTATUS ExitStatus;
    char ImageName[32];
} SYSTEM_PROCESS_INFORMATION;
typedef struct _SYSTEM_HANDLE_ENTRY {          /* an array, one per handle, of every process */
    ULONG UniqueProcessId;
    ULONG HandleValue;
    ACCESS_MASK GrantedAccess;
    ULONG Attributes;
    char TypeName[24];
    char Name[96];
} SYSTEM_HANDLE_ENTRY;
typedef struct _SYSTEM_POOL_TAG {              /* an array, one per tag */
    ULONG Tag;
    ULONG Allocations;
    ULONG Frees;
    ULONG BytesInUse;
} SYSTEM_POOL_TAG;

#define SystemProgramInformation  200          /* servpack's own: the PROGRAMS archive's members */
typedef struct _SYSTEM_PROGRAM_INFORMATION {   /* an array, one per program */
    char Name[32];
    ULONG Size;                       /* bytes of the executable */
} SYSTEM_PROGRAM_INFORMATION;

/* NtQueryDirectoryObject returns one entry per call: *Context is its index (0 first) and advances;
   STATUS_NO_MORE_ENTRIES after the last. Access rights as ob.h's. */
#define DIRECTORY_QUERY         0x0001
#define DIRECTORY_TRAVERSE      0x0002
#define SYMBOLIC_LINK_QUERY     0x0001
typedef struct _OBJECT_DIRECTORY_INFORMATION {
    char Name[64];
    char TypeName[24];
} OBJECT_DIRECTORY_INFORMATION;

/* NtQueryVersion classes (servpack's own service, for `ver`). */
#define VersionBasicInformation 0
#define VersionKbFixInformation 1
typedef struct _SERVPACK_VERSION {
    ULONG BuildNumber;
    ULONG KbFixCount;
    char Variant[32];                 /* "rtm", "sp" or "custom-..." */
} SERVPACK_VERSION;
typedef struct _SERVPACK_KB_FIX {              /* an array, one per row of kbfixes.h */
    char Id[12];
    char Component[12];
    char Introduced[12];
    char FixedIn[20];
    char Title[80];
    ULONG Applied;
} SERVPACK_KB_FIX;

/* NtShutdownSystem actions. */
#define ShutdownPowerOff 0
#define ShutdownReboot   1

NTSTATUS NtClose(HANDLE Handle);
NTSTATUS NtDuplicateObject(HANDLE SourceProcess, HANDLE SourceHandle, HANDLE TargetProcess,
                           PHANDLE TargetHandle, ACCESS_MASK DesiredAccess, ULONG HandleAttributes,
                           ULONG Options);
NTSTATUS NtQueryObject(HANDLE Handle, ULONG InformationClass, PVOID Buffer, ULONG Length,
                       PULONG ReturnLength);
NTSTATUS NtCreateProcess(PHANDLE ProcessHandle, PHANDLE ThreadHandle, const char *ImageName,
                         const char *CommandLine, ULONG Flags);
NTSTATUS NtOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess, ULONG ProcessId);
NTSTATUS NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus);
NTSTATUS NtQueryInformationProcess(HANDLE ProcessHandle, ULONG InformationClass, PVOID Buffer,
                                   ULONG Length, PULONG ReturnLength);
NTSTATUS NtCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess, HANDLE ProcessHandle,
                        CLIENT_ID *ClientId, const THREAD_START_CONTEXT *Context, ULONG Flags);
NTSTATUS NtTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus);
NTSTATUS NtResumeThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount);
NTSTATUS NtQueryInformationThread(HANDLE ThreadHandle, ULONG InformationClass, PVOID Buffer,
                                  ULONG Length, PULONG ReturnLength);
NTSTATUS NtRegisterThreadWithSubsystem(HANDLE ThreadHandle);
NTSTATUS NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout);
NTSTATUS NtWaitForMultipleObjects(ULONG Count, const HANDLE *Handles, ULONG WaitType,
                                  BOOLEAN Alertable, PLARGE_INTEGER Timeout);
NTSTATUS NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess, const char *Name,
                       ULONG EventType, BOOLEAN InitialState);
NTSTATUS NtOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess, const char *Name);
NTSTATUS NtSetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NtResetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG ZeroBits,
                                 PULONG RegionSize, ULONG AllocationType, ULONG Protect);
NTSTATUS NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PULONG RegionSize,
                             ULONG FreeType);
NTSTATUS NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PULONG RegionSize,
                                ULONG NewProtect, PULONG OldProtect);
NTSTATUS NtQuerySystemInformation(ULONG InformationClass, PVOID Buffer, ULONG Length,
                                  PULONG ReturnLength);
NTSTATUS NtWriteConsole(const char *Buffer, ULONG Length);
NTSTATUS NtReadConsole(char *Buffer, ULONG Length, PULONG BytesRead);
NTSTATUS NtDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER Interval);
NTSTATUS NtYieldExecution(void);
NTSTATUS NtQueryVersion(ULONG InformationClass, PVOID Buffer, ULONG Length, PULONG ReturnLength);
NTSTATUS NtShutdownSystem(ULONG Action);
NTSTATUS NtOpenDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess, const char *Name);
NTSTATUS NtQueryDirectoryObject(HANDLE DirectoryHandle, OBJECT_DIRECTORY_INFORMATION *Buffer, ULONG Length,
                                PULONG Context);
NTSTATUS NtOpenSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess, const char *Name);
NTSTATUS NtQuerySymbolicLinkObject(HANDLE LinkHandle, char *Buffer, ULONG Length, PULONG ReturnLength);
NTSTATUS NtClearConsole(void);

/* ---- I/O (kernel/io, docs/io.md) ---- */

typedef struct _IO_STATUS_BLOCK {
    NTSTATUS Status;
    ULONG_PTR Information;            /* bytes transferred, or what the request defines */
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

/* File access rights (NT's values); GENERIC_* map to them for files and devices. */
#define FILE_READ_DATA              0x0001
#define FILE_WRITE_DATA             0x0002
#define FILE_APPEND_DATA            0x0004
#define FILE_READ_ATTRIBUTES        0x0080
#define FILE_WRITE_ATTRIBUTES       0x0100
#define FILE_ALL_ACCESS             0x001F01FF
#define FILE_SHARE_READ             0x00000001
#define FILE_SHARE_WRITE            0x00000002
/* NtCreateFile dispositions and options. */
#define FILE_OPEN                   0x00000001
#define FILE_SYNCHRONOUS_IO_NONALERT 0x00000020
/* IoStatus.Information after a create. */
#define FILE_OPENED                 0x00000001

/* Device I/O control codes: CTL_CODE(device type, function, method, access). */
#define CTL_CODE(type, function, method, access) (((type) << 16) | ((access) << 14) | ((function) << 2) | (method))
#define METHOD_BUFFERED             0
#define FILE_DEVICE_NULL            0x00000015
#define FILE_DEVICE_UNKNOWN         0x00000022
#define FILE_ANY_ACCESS             0
#define IOCTL_METHOD(code)          ((code) & 3)
/* The longest read, write or control buffer: every transfer is copied through pool (no MDLs yet). */
#define IO_MAX_BUFFERED_BYTES       0x10000

/* servpack's NtCreateFile/NtOpenFile take the name as a string and the OBJ_* attributes beside it
   (no OBJECT_ATTRIBUTES, as elsewhere here) and leave out allocation size, file attributes and EAs. */
NTSTATUS NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, const char *Name, ULONG Attributes,
                      PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess, ULONG CreateDisposition,
                      ULONG CreateOptions);
NTSTATUS NtOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, const char *Name, ULONG Attributes,
                    PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess, ULONG OpenOptions);
/* Synchronous only: the event, APC routine and APC context of NT's signatures are not taken. */
NTSTATUS NtReadFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length,
                    PLARGE_INTEGER ByteOffset);
NTSTATUS NtWriteFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, const void *Buffer, ULONG Length,
                     PLARGE_INTEGER ByteOffset);
NTSTATUS NtDeviceIoControlFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode,
                               const void *InputBuffer, ULONG InputBufferLength, PVOID OutputBuffer,
                               ULONG OutputBufferLength);

#endif
