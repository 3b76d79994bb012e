/*
 * Virtual memory services: NtAllocateVirtualMemory, NtFreeVirtualMemory and NtProtectVirtualMemory
 * on any process the caller holds PROCESS_VM_OPERATION on (kernel32 builds remote thread stacks this
 * way). servpack commits eagerly: MEM_RESERVE and MEM_COMMIT both map zeroed pages at once, regions
 * start on 64 KB boundaries as NT's do, and a region is released whole (MEM_RELEASE).
 */
#include "psp.h"
#include "sysservice.h"
#include "mm.h"

#define REGION_ALIGNMENT 0x10000u
#define PROTECT_MASK (PAGE_NOACCESS | PAGE_READONLY | PAGE_READWRITE | PAGE_EXECUTE | PAGE_EXECUTE_READ | \
                      PAGE_EXECUTE_READWRITE)

static KMUTEX PspVmMutex;
static BOOLEAN PspVmMutexReady;

static void lock_vm(void)
{
    if (!PspVmMutexReady) {
        KeInitializeMutex(&PspVmMutex, 0);
        PspVmMutexReady = TRUE;
    }
    KeWaitForSingleObject(&PspVmMutex, Executive, KernelMode, FALSE, NULL);
}

static void unlock_vm(void)
{
    KeReleaseMutex(&PspVmMutex, FALSE);
}

static BOOLEAN valid_protection(ULONG protect)
{
    return protect && (protect & ~PROTECT_MASK) == 0 && (protect & (protect - 1)) == 0;
}

static BOOLEAN range_free(PSP_PROCESS *process, ULONG base, ULONG size)
{
    if (base < ELF_LOWEST_ADDRESS || base >= PSP_USER_STACK_TOP - USER_STACK_SIZE ||
        size > PSP_USER_STACK_TOP - USER_STACK_SIZE - base || base < PSP_REGION_BASE)
        return FALSE;
    for (ULONG i = 0; i < PSP_MAX_REGIONS; i++) {
        const PSP_REGION *r = &process->Regions[i];
        if (r->Size && base < r->Base + r->Size && r->Base < base + size)
            return FALSE;
    }
    return TRUE;
}

static ULONG find_room(PSP_PROCESS *process, ULONG size)
{
    for (ULONG base = PSP_REGION_BASE; base + size <= PSP_USER_STACK_TOP - USER_STACK_SIZE; base += REGION_ALIGNMENT)
        if (range_free(process, base, size))
            return base;
    return 0;
}

static void unmap_range(PSP_PROCESS *process, ULONG base, ULONG size)
{
    for (ULONG page = base; page < base + size; page += PAGE_SIZE)
        MmUnmapUserPage(process->AddressSpace, page);
}

NTSTATUS PspAllocateRegion(PSP_PROCESS *process, ULONG *base, ULONG size, ULONG protect)
{
    PSP_REGION *slot = NULL;
    for (ULONG i = 0; i < PSP_MAX_REGIONS && !slot; i++)
        if (process->Regions[i].Size == 0)
            slot = &process->Regions[i];
    if (!slot)
        return STATUS_NO_MEMORY;
    if (*base == 0)
        *base = find_room(process, size);
    else if (!range_free(process, *base, size))
        return STATUS_CONFLICTING_ADDRESSES;
    if (*base == 0)
        return STATUS_NO_MEMORY;
    for (ULONG page = *base; page < *base + size; page += PAGE_SIZE) {
        NTSTATUS status = MmMapUserPage(process->AddressSpace, page, protect, NULL);
        if (!NT_SUCCESS(status)) {
            unmap_range(process, *base, page - *base);
            return status == STATUS_CONFLICTING_ADDRESSES ? status : STATUS_NO_MEMORY;
        }
    }
    slot->Base = *base;
    slot->Size = size;
    slot->Protect = protect;
    process->CommittedBytes += size;
    return STATUS_SUCCESS;
}

static PSP_REGION *find_region(PSP_PROCESS *process, ULONG address)
{
    for (ULONG i = 0; i < PSP_MAX_REGIONS; i++) {
        PSP_REGION *r = &process->Regions[i];
        if (r->Size && address >= r->Base && address - r->Base < r->Size)
            return r;
    }
    return NULL;
}

NTSTATUS PspFreeRegion(PSP_PROCESS *process, ULONG base)
{
    PSP_REGION *r = find_region(process, base);
    if (!r || r->Base != base)
        return STATUS_MEMORY_NOT_ALLOCATED;
    unmap_range(process, r->Base, r->Size);
    process->CommittedBytes -= r->Size;
    r->Base = r->Size = 0;
    return STATUS_SUCCESS;
}

/* The base and size variables every virtual-memory service takes from its caller. */
static NTSTATUS capture_range(PVOID *callerBase, PULONG callerSize, ULONG *base, ULONG *size)
{
    NTSTATUS status = KeCopyFromCaller(base, callerBase, sizeof *base);
    return NT_SUCCESS(status) ? KeCopyFromCaller(size, callerSize, sizeof *size) : status;
}

static NTSTATUS reference_process(HANDLE handle, PSP_PROCESS **process)
{
    NTSTATUS status = ObReferenceObjectByHandle(handle, PROCESS_VM_OPERATION, PsProcessType, KeGetPreviousMode(),
                                                (PVOID *)process, NULL);
    if (NT_SUCCESS(status) && (*process)->Exiting) {
        ObDereferenceObject(*process);
        status = STATUS_PROCESS_IS_TERMINATING;
    }
    return status;
}

NTSTATUS NtAllocateVirtualMemory(HANDLE processHandle, PVOID *callerBase, ULONG zeroBits, PULONG callerSize,
                                 ULONG allocationType, ULONG protect)
{
    ULONG base, size;
    PSP_PROCESS *process;
    if (zeroBits || !(allocationType & (MEM_COMMIT | MEM_RESERVE)) ||
        (allocationType & ~(MEM_COMMIT | MEM_RESERVE)) || !valid_protection(protect))
        return STATUS_INVALID_PARAMETER;
    NTSTATUS status = capture_range(callerBase, callerSize, &base, &size);
    if (!NT_SUCCESS(status))
        return status;
    if (size == 0 || size > PSP_USER_STACK_TOP)
        return STATUS_INVALID_PARAMETER;
    base &= ~(REGION_ALIGNMENT - 1);
    size = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    status = reference_process(processHandle, &process);
    if (!NT_SUCCESS(status))
        return status;
    lock_vm();
    status = PspAllocateRegion(process, &base, size, protect);
    if (NT_SUCCESS(status) &&
        (!NT_SUCCESS(KeStoreUlongToCaller(callerBase, base)) || !NT_SUCCESS(KeStoreUlongToCaller(callerSize, size)))) {
        PspFreeRegion(process, base);
        status = STATUS_ACCESS_VIOLATION;
    }
    unlock_vm();
    ObDereferenceObject(process);
    return status;
}

NTSTATUS NtFreeVirtualMemory(HANDLE processHandle, PVOID *callerBase, PULONG callerSize, ULONG freeType)
{
    ULONG base, size;
    PSP_PROCESS *process;
    if (freeType != MEM_RELEASE)
        return STATUS_INVALID_PARAMETER;
    NTSTATUS status = capture_range(callerBase, callerSize, &base, &size);
    if (!NT_SUCCESS(status))
        return status;
    if (size != 0)
        return STATUS_INVALID_PARAMETER;       /* MEM_RELEASE frees the whole region, as in NT */
    status = reference_process(processHandle, &process);
    if (!NT_SUCCESS(status))
        return status;
    lock_vm();
    status = PspFreeRegion(process, base);
    unlock_vm();
    ObDereferenceObject(process);
    return status;
}

NTSTATUS NtProtectVirtualMemory(HANDLE processHandle, PVOID *callerBase, PULONG callerSize, ULONG newProtect,
                                PULONG oldProtect)
{
    ULONG base, size;
    PSP_PROCESS *process;
    if (!valid_protection(newProtect))
        return STATUS_INVALID_PAGE_PROTECTION;
    NTSTATUS status = capture_range(callerBase, callerSize, &base, &size);
    if (NT_SUCCESS(status))
        status = KeStoreUlongToCaller(oldProtect, 0);
    if (!NT_SUCCESS(status))
        return status;
    status = reference_process(processHandle, &process);
    if (!NT_SUCCESS(status))
        return status;
    lock_vm();
    PSP_REGION *r = find_region(process, base);
    ULONG first = base & ~(PAGE_SIZE - 1);
    if (!r || size == 0 || size > r->Base + r->Size - base)
        status = STATUS_MEMORY_NOT_ALLOCATED;
    for (ULONG page = first; NT_SUCCESS(status) && page < base + size; page += PAGE_SIZE)
        status = MmProtectUserPage(process->AddressSpace, page, newProtect);
    ULONG previous = r ? r->Protect : 0;
    if (NT_SUCCESS(status) && first == r->Base && base + size >= r->Base + r->Size)
        r->Protect = newProtect;
    unlock_vm();
    ObDereferenceObject(process);
    return NT_SUCCESS(status) ? KeStoreUlongToCaller(oldProtect, previous) : status;
}
