/*
 * In-kernel tests of handles: process tables (pool back to its baseline after a "process" with
 * thousands of handles exits), inheritance and duplication, user-mode closes, and the Q160650
 * scenario. A test "process" is a handle table made current through ObSetProcessRoutines, as Ps does.
 */
#include "obp.h"
#include "ktest.h"
#include "hal.h"
#include "rtl.h"

#define ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x3)

static POBJECT_TYPE HandleTestType;
static PHANDLE_TABLE FakeProcessTable;

static PHANDLE_TABLE fake_current_table(void) { return FakeProcessTable; }
static PVOID no_object(void) { return NULL; }
static const OB_PROCESS_ROUTINES FakeProcess = { fake_current_table, no_object, no_object };

/* Makes a new table the current process's; returns the routines to restore. */
static const OB_PROCESS_ROUTINES *enter_fake_process(PHANDLE_TABLE parent)
{
    KT_EQ(ObInitProcess(parent, NULL, &FakeProcessTable), STATUS_SUCCESS);
    return ObSetProcessRoutines(&FakeProcess);
}

static void leave_fake_process(const OB_PROCESS_ROUTINES *previous)
{
    ObSetProcessRoutines(previous);
    ObKillProcess(FakeProcessTable);
    FakeProcessTable = NULL;
}

static void make_type(void)
{
    if (HandleTestType)
        return;
    OBJECT_TYPE_INITIALIZER init = {
        .PoolType = NonPagedPool, .PoolTag = POOL_TAG('O', 'b', 'T', 'h'),
        .ValidAccessMask = ALL_ACCESS, .GenericMapping = { 1, 2, 0, ALL_ACCESS },
    };
    KT_EQ(ObCreateObjectType("ObTestHandle", &init, &HandleTestType), STATUS_SUCCESS);
}

static NTSTATUS create(const char *name, ULONG attributes, KPROCESSOR_MODE mode, HANDLE *handle)
{
    OBJECT_ATTRIBUTES oa;
    PVOID object;
    InitializeObjectAttributes(&oa, name, attributes, NULL);
    NTSTATUS status = ObCreateObject(mode, HandleTestType, &oa, 8, &object);
    return NT_SUCCESS(status) ? ObInsertObject(object, ALL_ACCESS, NULL, handle) : status;
}

static BOOLEAN handle_is_open(HANDLE handle, KPROCESSOR_MODE mode)
{
    PVOID object;
    if (!NT_SUCCESS(ObReferenceObjectByHandle(handle, 0, NULL, mode, &object, NULL)))
        return FALSE;
    ObDereferenceObject(object);
    return TRUE;
}

KTEST(ob_handle_pool)
{
    enum { N = 10000 };
    make_type();
    ULONG before = ExQueryPoolBytesInUse(), objects = HandleTestType->TotalNumberOfObjects;
    const OB_PROCESS_ROUTINES *previous = enter_fake_process(NULL);
    BOOLEAN values_ok = TRUE;
    for (ULONG i = 1; i <= N; i++) {
        char name[48];
        HANDLE handle = NULL;
        RtlFormat(name, sizeof name, "\\BaseNamedObjects\\ObPool%u", i);
        KT_EQ(create(i % 10 == 0 ? name : NULL, 0, UserMode, &handle), STATUS_SUCCESS);
        values_ok &= handle == (HANDLE)(ULONG_PTR)(4 * i);
    }
    KT_CHECK(values_ok);
    KT_EQ(ExHandleCount(FakeProcessTable), N);
    KT_EQ(HandleTestType->TotalNumberOfObjects, objects + N);
    DbgPrint("ob_handle_pool: %u handles, pool %u -> %u bytes\n", N, before, ExQueryPoolBytesInUse());
    for (ULONG i = 1; i <= N / 2; i++)
        KT_EQ(ObCloseHandle((HANDLE)(ULONG_PTR)(4 * i), UserMode), STATUS_SUCCESS);
    KT_EQ(ExHandleCount(FakeProcessTable), N / 2);
    leave_fake_process(previous);          /* process exit sweeps the other half */
    PVOID object;
    KT_EQ(ObReferenceObjectByName("\\BaseNamedObjects\\ObPool10000", 0, 0, NULL, KernelMode, NULL, &object),
          STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EQ(HandleTestType->TotalNumberOfObjects, objects);
    DbgPrint("ob_handle_pool: after exit %u bytes\n", ExQueryPoolBytesInUse());
    KT_EQ(ExQueryPoolBytesInUse(), before);
}

KTEST(ob_handle_inherit)
{
    make_type();
    HANDLE inherited, private, duplicate, moved;
    OB_HANDLE_DESCRIPTION d;
    const OB_PROCESS_ROUTINES *previous = enter_fake_process(NULL);
    PHANDLE_TABLE parent = FakeProcessTable, child;
    KT_EQ(create("\\BaseNamedObjects\\ObInherit", OBJ_INHERIT, UserMode, &inherited), STATUS_SUCCESS);
    KT_EQ(create(NULL, 0, UserMode, &private), STATUS_SUCCESS);
    KT_EQ(ObInitProcess(parent, NULL, &child), STATUS_SUCCESS);
    KT_EQ(ExHandleCount(child), 1);
    KT_EQ(ObQueryObject(inherited, UserMode, &d), STATUS_SUCCESS);
    KT_EQ(d.HandleCount, 2);
    KT_EQ(d.Attributes, OBJ_INHERIT);
    KT_EQ(strcmp(d.TypeName, "ObTestHandle"), 0);
    KT_EQ(strcmp(d.Name, "\\BaseNamedObjects\\ObInherit"), 0);
    KT_EQ(ObDuplicateObject(NULL, inherited, child, &duplicate, 0, 0, DUPLICATE_SAME_ACCESS, UserMode),
          STATUS_SUCCESS);
    KT_EQ(ObQueryObject(inherited, UserMode, &d), STATUS_SUCCESS);
    KT_EQ(d.HandleCount, 3);
    KT_EQ(d.GrantedAccess, ALL_ACCESS);
    KT_EQ(ObDuplicateObject(NULL, private, NULL, &moved, 1, 0, DUPLICATE_CLOSE_SOURCE, UserMode), STATUS_SUCCESS);
    KT_EQ(moved, private);                  /* the closed source value is the next one issued (LIFO) */
    KT_EQ(ObQueryObject(moved, UserMode, &d), STATUS_SUCCESS);
    KT_EQ(d.GrantedAccess, 1);
    ULONG seen = 0;
    for (HANDLE h = ObEnumerateHandles(parent, NULL, &d); h; h = ObEnumerateHandles(parent, h, &d)) {
        DbgPrint("  handle 0x%x %s %s access 0x%x\n", (ULONG)(ULONG_PTR)h, d.TypeName, d.Name, d.GrantedAccess);
        seen++;
    }
    KT_EQ(seen, 2);
    ObKillProcess(child);
    KT_EQ(ObQueryObject(inherited, UserMode, &d), STATUS_SUCCESS);
    KT_EQ(d.HandleCount, 1);
    leave_fake_process(previous);
}

KTEST(ob_user_close)
{
    make_type();
    HANDLE handle;
    const OB_PROCESS_ROUTINES *previous = enter_fake_process(NULL);
    static const ULONG bad[] = { 0, 4, 0x1234, 0xFFFFFFFF, 0xFFFFFFFE, 0x80000004 };
    for (ULONG i = 0; i < sizeof bad / sizeof bad[0]; i++)
        KT_EQ(ObCloseHandle((HANDLE)(ULONG_PTR)bad[i], UserMode), STATUS_INVALID_HANDLE);
    KT_EQ(create(NULL, 0, UserMode, &handle), STATUS_SUCCESS);
    KT_EQ(ObSetHandleAttributes(handle, OBJ_PROTECT_CLOSE, UserMode), STATUS_SUCCESS);
    KT_EQ(ObCloseHandle(handle, UserMode), STATUS_HANDLE_NOT_CLOSABLE);
    KT_CHECK(handle_is_open(handle, UserMode));
    KT_EQ(ObSetHandleAttributes(handle, 0, UserMode), STATUS_SUCCESS);
    KT_EQ(ObCloseHandle(handle, UserMode), STATUS_SUCCESS);
    KT_EQ(ObCloseHandle(handle, UserMode), STATUS_INVALID_HANDLE);
    leave_fake_process(previous);
}

/* Kernel mode closes a handle twice. RTM: STOP 0x93 (handle, 1, 0, 0) at the second close; SP: the
   second close fails with STATUS_INVALID_HANDLE. */
KTEST(ob_kernel_close_invalid)
{
    make_type();
    HANDLE handle;
    KT_EQ(create(NULL, 0, KernelMode, &handle), STATUS_SUCCESS);
    KT_EQ(ObCloseHandle(handle, KernelMode), STATUS_SUCCESS);
    DbgPrint("ob_kernel_close_invalid: closing 0x%x again from kernel mode\n", (ULONG)(ULONG_PTR)handle);
    KT_EQ(ObCloseHandle(handle, KernelMode), STATUS_INVALID_HANDLE);
}

/* Kernel mode closes a protected handle: STOP 0x93 (handle, 0, 0, 0) in every flavour. */
KTEST(ob_kernel_close_protected)
{
    make_type();
    HANDLE handle;
    KT_EQ(create(NULL, 0, KernelMode, &handle), STATUS_SUCCESS);
    KT_EQ(ObSetHandleAttributes(handle, OBJ_PROTECT_CLOSE, KernelMode), STATUS_SUCCESS);
    DbgPrint("ob_kernel_close_protected: closing protected handle 0x%x from kernel mode\n",
             (ULONG)(ULONG_PTR)handle);
    ObCloseHandle(handle, KernelMode);
    KtFail(__FILE__, __LINE__, "closing a protected handle from kernel mode returned");
}

/* Q160650: a driver, running in a process's context, opens an object for itself (asking for a kernel
   handle); the application closes that handle value; then the driver closes it. RTM: the handle was in
   the process's table, the user's close succeeds and the driver's close bugchecks 0x93 (handle, 1, 0,
   0). SP: the handle is in the kernel table, the user's close fails and the driver's succeeds. */
KTEST(ob_q160650)
{
    make_type();
    HANDLE driver;
    const OB_PROCESS_ROUTINES *previous = enter_fake_process(NULL);
    KT_EQ(create("\\BaseNamedObjects\\ObDriverObject", OBJ_KERNEL_HANDLE, KernelMode, &driver), STATUS_SUCCESS);
    NTSTATUS user = ObCloseHandle(driver, UserMode);
    DbgPrint("ob_q160650: driver handle 0x%x, user close -> 0x%x, driver closes it now\n",
             (ULONG)(ULONG_PTR)driver, user);
    NTSTATUS kernel = ObCloseHandle(driver, KernelMode);
    DbgPrint("ob_q160650: driver close -> 0x%x\n", kernel);
    KT_EQ(user, STATUS_INVALID_HANDLE);
    KT_EQ(kernel, STATUS_SUCCESS);
    leave_fake_process(previous);
}

/* The nastier variant: after the user's close, the user's next object gets the same handle value
   (RTM), and the driver's close silently closes the user's object. Prints what it saw; the suite
   checks the flavour's line. */
KTEST(ob_q160650_reuse)
{
    make_type();
    HANDLE driver, mine;
    const OB_PROCESS_ROUTINES *previous = enter_fake_process(NULL);
    KT_EQ(create(NULL, OBJ_KERNEL_HANDLE, KernelMode, &driver), STATUS_SUCCESS);
    NTSTATUS user = ObCloseHandle(driver, UserMode);
    KT_EQ(create(NULL, 0, UserMode, &mine), STATUS_SUCCESS);
    NTSTATUS kernel = ObCloseHandle(driver, KernelMode);
    KT_EQ(kernel, STATUS_SUCCESS);
    BOOLEAN alive = handle_is_open(mine, UserMode);
    DbgPrint("ob_q160650_reuse: driver 0x%x user close 0x%x, user's new handle 0x%x %s\n",
             (ULONG)(ULONG_PTR)driver, user, (ULONG)(ULONG_PTR)mine,
             alive ? "survived the driver's close" : "was closed by the driver's close");
    KT_EQ(alive, NT_SUCCESS(user) ? FALSE : TRUE);
    leave_fake_process(previous);
}

static ULONGLONG read_tsc(void)
{
    ULONG low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return (ULONGLONG)high << 32 | low;
}

/* `make bench`: one handle opened to an existing object and closed again, in TSC cycles. */
KTEST(bench_handle)
{
    enum { ROUNDS = 10000 };
    make_type();
    HANDLE first, handle;
    PVOID object;
    const OB_PROCESS_ROUTINES *previous = enter_fake_process(NULL);
    KT_EQ(create(NULL, 0, UserMode, &first), STATUS_SUCCESS);
    KT_EQ(ObReferenceObjectByHandle(first, 0, NULL, UserMode, &object, NULL), STATUS_SUCCESS);
    ULONG failures = 0;
    ULONGLONG start = read_tsc();
    for (ULONG i = 0; i < ROUNDS; i++) {
        failures += !NT_SUCCESS(ObOpenObjectByPointer(object, 0, 1, HandleTestType, UserMode, &handle));
        failures += !NT_SUCCESS(ObCloseHandle(handle, UserMode));
    }
    ULONGLONG cycles = read_tsc() - start;
    KT_EQ(failures, 0);
    KT_EQ(OBJECT_TO_OBJECT_HEADER(object)->HandleCount, 1);
    ObDereferenceObject(object);
    leave_fake_process(previous);
    DbgPrint("bench handle create+close: %u cycles\n", (ULONG)(cycles / ROUNDS));
}
