/* Bugcheck (STOP) codes the kernel can raise. bugcodes.c maps each to its symbolic name. */
#ifndef BUGCODES_H
#define BUGCODES_H

#define BUGCODE_LIST(X)                                   \
    X(0x00000001, APC_INDEX_MISMATCH)                     \
    X(0x00000009, IRQL_NOT_GREATER_OR_EQUAL)              \
    X(0x0000000A, IRQL_NOT_LESS_OR_EQUAL)                 \
    X(0x0000000C, MAXIMUM_WAIT_OBJECTS_EXCEEDED)          \
    X(0x0000000F, SPIN_LOCK_ALREADY_OWNED)                \
    X(0x00000010, SPIN_LOCK_NOT_OWNED)                    \
    X(0x00000012, TRAP_CAUSE_UNKNOWN)                     \
    X(0x00000018, REFERENCE_BY_POINTER)                   \
    X(0x00000019, BAD_POOL_HEADER)                        \
    X(0x0000001A, MEMORY_MANAGEMENT)                      \
    X(0x0000001E, KMODE_EXCEPTION_NOT_HANDLED)            \
    X(0x00000023, FAT_FILE_SYSTEM)                        \
    X(0x00000024, NTFS_FILE_SYSTEM)                       \
    X(0x0000002E, DATA_BUS_ERROR)                         \
    X(0x00000035, NO_MORE_IRP_STACK_LOCATIONS)            \
    X(0x0000003B, SYSTEM_SERVICE_EXCEPTION)               \
    X(0x00000041, MUST_SUCCEED_POOL_EMPTY)                \
    X(0x00000044, MULTIPLE_IRP_COMPLETE_REQUESTS)         \
    X(0x0000004A, IRQL_GT_ZERO_AT_SYSTEM_SERVICE)         \
    X(0x0000004E, PFN_LIST_CORRUPT)                       \
    X(0x00000050, PAGE_FAULT_IN_NONPAGED_AREA)            \
    X(0x00000051, REGISTRY_ERROR)                         \
    X(0x0000005C, HAL_INITIALIZATION_FAILED)              \
    X(0x0000005E, OBJECT_INITIALIZATION_FAILED)           \
    X(0x00000067, CONFIG_INITIALIZATION_FAILED)           \
    X(0x00000077, KERNEL_STACK_INPAGE_ERROR)              \
    X(0x0000007B, INACCESSIBLE_BOOT_DEVICE)               \
    X(0x0000007F, UNEXPECTED_KERNEL_MODE_TRAP)            \
    X(0x00000093, INVALID_KERNEL_HANDLE)                  \
    X(0x000000C2, BAD_POOL_CALLER)                        \
    X(0x000000D1, DRIVER_IRQL_NOT_LESS_OR_EQUAL)          \
    X(0x000000E2, MANUALLY_INITIATED_CRASH)               \
    X(0x000000F4, CRITICAL_OBJECT_TERMINATION)            \
    X(0x0000DEA1, SERVPACK_SCHEDULER_CORRUPT)             \
    X(0x0000DEAD, SERVPACK_KERNEL_TEST_FAILED)

#define X(code, name) enum { name = code };
BUGCODE_LIST(X)
#undef X

/* The symbolic name of a STOP code, or NULL when the table has none. */
const char *KeBugCheckName(unsigned long code);

#endif
