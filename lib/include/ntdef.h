/* Basic NT types, status codes and doubly linked lists, shared by the kernel, the user libraries and
   the host tools. */
#ifndef NTDEF_H
#define NTDEF_H

#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>

typedef uint8_t  UCHAR, BOOLEAN;
typedef uint16_t USHORT, WCHAR;
typedef uint32_t ULONG, ACCESS_MASK;
typedef int32_t  LONG, NTSTATUS;
typedef uint64_t ULONGLONG;
typedef int64_t  LONGLONG;
typedef uintptr_t ULONG_PTR;
typedef void    *PVOID, *HANDLE;

#define TRUE  1
#define FALSE 0

#define NT_SUCCESS(s) ((NTSTATUS)(s) >= 0)

#define STATUS_SUCCESS                     ((NTSTATUS)0x00000000)
#define STATUS_WAIT_0                      ((NTSTATUS)0x00000000)
#define STATUS_ABANDONED                   ((NTSTATUS)0x00000080)
#define STATUS_USER_APC                    ((NTSTATUS)0x000000C0)
#define STATUS_KERNEL_APC                  ((NTSTATUS)0x00000100)
#define STATUS_TIMEOUT                     ((NTSTATUS)0x00000102)
#define STATUS_PENDING                     ((NTSTATUS)0x00000103)
#define STATUS_OBJECT_NAME_EXISTS          ((NTSTATUS)0x40000000)
#define STATUS_NO_YIELD_PERFORMED          ((NTSTATUS)0x40000024)
#define STATUS_DATATYPE_MISALIGNMENT       ((NTSTATUS)0x80000002)
#define STATUS_BREAKPOINT                  ((NTSTATUS)0x80000003)
#define STATUS_SINGLE_STEP                 ((NTSTATUS)0x80000004)
#define STATUS_BUFFER_OVERFLOW             ((NTSTATUS)0x80000005)
#define STATUS_NO_MORE_ENTRIES             ((NTSTATUS)0x8000001A)
#define STATUS_UNSUCCESSFUL                ((NTSTATUS)0xC0000001)
#define STATUS_NOT_IMPLEMENTED             ((NTSTATUS)0xC0000002)
#define STATUS_INVALID_INFO_CLASS          ((NTSTATUS)0xC0000003)
#define STATUS_INFO_LENGTH_MISMATCH        ((NTSTATUS)0xC0000004)
#define STATUS_ACCESS_VIOLATION            ((NTSTATUS)0xC0000005)
#define STATUS_INVALID_HANDLE              ((NTSTATUS)0xC0000008)
#define STATUS_INVALID_CID                 ((NTSTATUS)0xC000000B)
#define STATUS_INVALID_PARAMETER           ((NTSTATUS)0xC000000D)
#define STATUS_INVALID_DEVICE_REQUEST      ((NTSTATUS)0xC0000010)
#define STATUS_END_OF_FILE                 ((NTSTATUS)0xC0000011)
#define STATUS_MORE_PROCESSING_REQUIRED    ((NTSTATUS)0xC0000016)
#define STATUS_NO_MEMORY                   ((NTSTATUS)0xC0000017)
#define STATUS_CONFLICTING_ADDRESSES       ((NTSTATUS)0xC0000018)
#define STATUS_INVALID_SYSTEM_SERVICE      ((NTSTATUS)0xC000001C)
#define STATUS_ILLEGAL_INSTRUCTION         ((NTSTATUS)0xC000001D)
#define STATUS_ACCESS_DENIED               ((NTSTATUS)0xC0000022)
#define STATUS_BUFFER_TOO_SMALL            ((NTSTATUS)0xC0000023)
#define STATUS_OBJECT_TYPE_MISMATCH        ((NTSTATUS)0xC0000024)
#define STATUS_OBJECT_NAME_INVALID         ((NTSTATUS)0xC0000033)
#define STATUS_OBJECT_NAME_NOT_FOUND       ((NTSTATUS)0xC0000034)
#define STATUS_OBJECT_NAME_COLLISION       ((NTSTATUS)0xC0000035)
#define STATUS_PORT_DISCONNECTED           ((NTSTATUS)0xC0000037)
#define STATUS_OBJECT_PATH_NOT_FOUND       ((NTSTATUS)0xC000003A)
#define STATUS_OBJECT_PATH_SYNTAX_BAD      ((NTSTATUS)0xC000003B)
#define STATUS_INVALID_PAGE_PROTECTION     ((NTSTATUS)0xC0000045)
#define STATUS_MUTANT_NOT_OWNED            ((NTSTATUS)0xC0000046)
#define STATUS_SEMAPHORE_LIMIT_EXCEEDED    ((NTSTATUS)0xC0000047)
#define STATUS_THREAD_IS_TERMINATING       ((NTSTATUS)0xC000004B)
#define STATUS_DELETE_PENDING              ((NTSTATUS)0xC0000056)
#define STATUS_INVALID_IMAGE_FORMAT        ((NTSTATUS)0xC000007B)
#define STATUS_ARRAY_BOUNDS_EXCEEDED       ((NTSTATUS)0xC000008C)
#define STATUS_FLOAT_INVALID_OPERATION     ((NTSTATUS)0xC0000090)
#define STATUS_INTEGER_DIVIDE_BY_ZERO      ((NTSTATUS)0xC0000094)
#define STATUS_INTEGER_OVERFLOW            ((NTSTATUS)0xC0000095)
#define STATUS_PRIVILEGED_INSTRUCTION      ((NTSTATUS)0xC0000096)
#define STATUS_INSUFFICIENT_RESOURCES      ((NTSTATUS)0xC000009A)
#define STATUS_MEMORY_NOT_ALLOCATED        ((NTSTATUS)0xC00000A0)
#define STATUS_STACK_OVERFLOW              ((NTSTATUS)0xC00000FD)
#define STATUS_PROCESS_IS_TERMINATING      ((NTSTATUS)0xC000010A)
#define STATUS_CANNOT_DELETE               ((NTSTATUS)0xC0000121)
#define STATUS_REGISTRY_CORRUPT            ((NTSTATUS)0xC000014C)
#define STATUS_KEY_DELETED                 ((NTSTATUS)0xC000017C)
#define STATUS_CHILD_MUST_BE_VOLATILE      ((NTSTATUS)0xC0000181)
#define STATUS_INVALID_DEVICE_STATE        ((NTSTATUS)0xC0000184)
#define STATUS_HANDLE_NOT_CLOSABLE         ((NTSTATUS)0xC0000235)

/* Registry value types (NT's numbers), for the hive layer, the registry services and reg. */
#define REG_NONE                0
#define REG_SZ                  1
#define REG_EXPAND_SZ           2
#define REG_BINARY              3
#define REG_DWORD               4
#define REG_DWORD_BIG_ENDIAN    5
#define REG_LINK                6
#define REG_MULTI_SZ            7
#define REG_QWORD               11

/* Page protections (NT's values). Without NX, execute access is read access. */
#define PAGE_NOACCESS          0x01u
#define PAGE_READONLY          0x02u
#define PAGE_READWRITE         0x04u
#define PAGE_EXECUTE           0x10u
#define PAGE_EXECUTE_READ      0x20u
#define PAGE_EXECUTE_READWRITE 0x40u

/* Doubly linked lists, NT's LIST_ENTRY. */
typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink, *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

#define CONTAINING_RECORD(address, type, field) ((type *)((char *)(address) - offsetof(type, field)))

static inline void InitializeListHead(LIST_ENTRY *head) { head->Flink = head->Blink = head; }
static inline BOOLEAN IsListEmpty(const LIST_ENTRY *head) { return head->Flink == head; }
static inline void RemoveEntryList(LIST_ENTRY *e)
{
    e->Blink->Flink = e->Flink;
    e->Flink->Blink = e->Blink;
}
static inline void InsertTailList(LIST_ENTRY *head, LIST_ENTRY *e)
{
    e->Flink = head;
    e->Blink = head->Blink;
    head->Blink->Flink = e;
    head->Blink = e;
}
static inline void InsertHeadList(LIST_ENTRY *head, LIST_ENTRY *e)
{
    e->Flink = head->Flink;
    e->Blink = head;
    head->Flink->Blink = e;
    head->Flink = e;
}
static inline LIST_ENTRY *RemoveHeadList(LIST_ENTRY *head)
{
    LIST_ENTRY *e = head->Flink;
    RemoveEntryList(e);
    return e;
}

#endif
