/* The registry services' interface, shared by the kernel (kernel/cm) and user mode (ntdll stubs,
   kernel32's Reg* wrappers): access rights, create options and dispositions, the information
   records, and the Nt*Key prototypes. servpack's shapes: names are plain ASCII paths instead of
   OBJECT_ATTRIBUTES, and string data (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ) crosses the interface as
   ASCII while the hive stores it UTF-16LE as NT does. docs/registry.md describes each service. */
#ifndef NTREG_H
#define NTREG_H

#include "ntdef.h"

/* Key access rights (NT's values). */
#define KEY_QUERY_VALUE         0x0001
#define KEY_SET_VALUE           0x0002
#define KEY_CREATE_SUB_KEY      0x0004
#define KEY_ENUMERATE_SUB_KEYS  0x0008
#define KEY_NOTIFY              0x0010
#define KEY_CREATE_LINK         0x0020
#define KEY_READ                0x00020019      /* READ_CONTROL | QUERY_VALUE | ENUMERATE | NOTIFY */
#define KEY_WRITE               0x00020006      /* READ_CONTROL | SET_VALUE | CREATE_SUB_KEY */
#define KEY_EXECUTE             KEY_READ
#define KEY_ALL_ACCESS          0x000F003F
#define KEY_DELETE              0x00010000      /* DELETE */

/* NtCreateKey options and dispositions. */
#define REG_OPTION_NON_VOLATILE 0x00000000
#define REG_OPTION_VOLATILE     0x00000001      /* lives in memory only, never in the hive image */
#define REG_CREATED_NEW_KEY     0x00000001
#define REG_OPENED_EXISTING_KEY 0x00000002

#define REG_MAX_NAME            255             /* characters in a key or value name */
#define REG_MAX_PATH            512             /* characters in a path given to NtOpenKey/NtCreateKey */

/* NtQueryKey / NtEnumerateKey classes. */
#define KeyBasicInformation     0
#define KeyFullInformation      2
typedef struct _KEY_BASIC_INFORMATION {
    ULONG LastWriteLow, LastWriteHigh;          /* FILETIME */
    ULONG Volatile;                             /* 1 for a REG_OPTION_VOLATILE key */
    ULONG NameLength;
    char Name[REG_MAX_NAME + 1];
} KEY_BASIC_INFORMATION;
typedef struct _KEY_FULL_INFORMATION {
    ULONG LastWriteLow, LastWriteHigh;
    ULONG SubKeys;                              /* stable and volatile */
    ULONG MaxNameLen;                           /* characters */
    ULONG Values;
    ULONG MaxValueNameLen;                      /* characters */
    ULONG MaxValueDataLen;                      /* bytes as stored */
} KEY_FULL_INFORMATION;

/* NtQueryValueKey / NtEnumerateValueKey classes. Partial: the header, then DataLength bytes of
   data (strings as ASCII with their terminators). Basic: the name, type and data size. */
#define KeyValueBasicInformation   0
#define KeyValuePartialInformation 2
typedef struct _KEY_VALUE_PARTIAL_INFORMATION {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataLength;
    UCHAR Data[];
} KEY_VALUE_PARTIAL_INFORMATION;
typedef struct _KEY_VALUE_BASIC_INFORMATION {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataLength;                           /* bytes NtQueryValueKey would return as data */
    ULONG NameLength;                           /* 0 = the default value */
    char Name[REG_MAX_NAME + 1];
} KEY_VALUE_BASIC_INFORMATION;

NTSTATUS NtCreateKey(HANDLE *KeyHandle, ACCESS_MASK DesiredAccess, HANDLE Root, const char *Name,
                     ULONG CreateOptions, ULONG *Disposition);
NTSTATUS NtOpenKey(HANDLE *KeyHandle, ACCESS_MASK DesiredAccess, HANDLE Root, const char *Name);
NTSTATUS NtQueryKey(HANDLE KeyHandle, ULONG InformationClass, PVOID Buffer, ULONG Length, ULONG *ResultLength);
NTSTATUS NtEnumerateKey(HANDLE KeyHandle, ULONG Index, ULONG InformationClass, PVOID Buffer, ULONG Length,
                        ULONG *ResultLength);
NTSTATUS NtEnumerateValueKey(HANDLE KeyHandle, ULONG Index, ULONG InformationClass, PVOID Buffer, ULONG Length,
                             ULONG *ResultLength);
NTSTATUS NtQueryValueKey(HANDLE KeyHandle, const char *ValueName, ULONG InformationClass, PVOID Buffer,
                         ULONG Length, ULONG *ResultLength);
NTSTATUS NtSetValueKey(HANDLE KeyHandle, const char *ValueName, ULONG TitleIndex, ULONG Type, const void *Data,
                       ULONG DataSize);
NTSTATUS NtDeleteKey(HANDLE KeyHandle);
NTSTATUS NtDeleteValueKey(HANDLE KeyHandle, const char *ValueName);
NTSTATUS NtFlushKey(HANDLE KeyHandle);
/* servpack's own, until there is a disk: prints the image of the key's hive on the debug port
   (COM1) as hex lines between "hive-image-begin SIZE" and "hive-image-end", for hivex on the host. */
NTSTATUS NtSaveKey(HANDLE KeyHandle);
/* NT's high-resolution counter and its frequency in Hz (frequency may be NULL). */
NTSTATUS NtQueryPerformanceCounter(LONGLONG *Counter, LONGLONG *Frequency);

#endif
