/*
 * The program loader: finds a program in the PROGRAMS boot module, validates it (psimage.h), maps
 * its segments into the new process's address space, and builds the PEB (command line, image name)
 * and the initial thread's stack. Pages are filled through their kernel aliases, so the address
 * space being built need not be the current one.
 */
#include "psp.h"
#include "mm.h"
#include "hal.h"
#include "rtl.h"

#define PSP_ARCHIVE_NAME "PROGRAMS"

NTSTATUS PspFindProgramArchive(const UCHAR **archive, ULONG *size)
{
    for (ULONG i = 0; i < KeBootInfo.ModuleCount; i++) {
        const BOOT_MODULE *m = &KeBootInfo.Modules[i];
        if (strcmp(m->Name, PSP_ARCHIVE_NAME) == 0 && m->End > m->Start && m->End <= KSEG0_SIZE) {
            *archive = PHYS_TO_VIRT(m->Start);
            *size = m->End - m->Start;
            return PsValidateArchive(*archive, *size);
        }
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

BOOLEAN PsProgramArchivePresent(void)
{
    const UCHAR *archive;
    ULONG size;
    return NT_SUCCESS(PspFindProgramArchive(&archive, &size));
}

/* Segments are page-aligned by lib/user.ld; two segments sharing a page is refused. */
static NTSTATUS map_segment(ULONG directory, const UCHAR *image, const ELF_SEGMENT *s, ULONG *committed)
{
    ULONG protect = (s->Flags & ELF_SEGMENT_WRITE) ? PAGE_READWRITE : PAGE_EXECUTE_READ;
    ULONG first = s->VirtualAddress & ~(PAGE_SIZE - 1);
    for (ULONG page = first; page < s->VirtualAddress + s->MemorySize; page += PAGE_SIZE) {
        PVOID alias;
        NTSTATUS status = MmMapUserPage(directory, page, protect, &alias);
        if (status == STATUS_CONFLICTING_ADDRESSES)
            return STATUS_INVALID_IMAGE_FORMAT;
        if (!NT_SUCCESS(status))
            return status;
        *committed += PAGE_SIZE;
        ULONG fileEnd = s->VirtualAddress + s->FileSize;
        ULONG from = page > s->VirtualAddress ? page : s->VirtualAddress;
        ULONG to = page + PAGE_SIZE < fileEnd ? page + PAGE_SIZE : fileEnd;
        if (from < to)
            memcpy((UCHAR *)alias + (from - page), image + s->FileOffset + (from - s->VirtualAddress), to - from);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS map_stack(PSP_PROCESS *process)
{
    for (ULONG page = PSP_USER_STACK_TOP - USER_STACK_SIZE; page < PSP_USER_STACK_TOP; page += PAGE_SIZE) {
        NTSTATUS status = MmMapUserPage(process->AddressSpace, page, PAGE_READWRITE, NULL);
        if (!NT_SUCCESS(status))
            return status;
        process->CommittedBytes += PAGE_SIZE;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS map_peb(PSP_PROCESS *process, const char *name, const char *commandLine)
{
    PEB *peb;
    NTSTATUS status = MmMapUserPage(process->AddressSpace, USER_PEB_ADDRESS, PAGE_READWRITE, (PVOID *)&peb);
    if (!NT_SUCCESS(status))
        return status;
    process->CommittedBytes += PAGE_SIZE;
    peb->UniqueProcessId = process->Process.UniqueProcessId;
    peb->ImageBaseAddress = (PVOID)0x00400000;
    peb->ProcessParameters = &((PEB *)USER_PEB_ADDRESS)->Parameters;
    RtlCopyString(peb->Parameters.ImageName, name, sizeof peb->Parameters.ImageName);
    RtlCopyString(process->Process.ImageFileName, name, sizeof process->Process.ImageFileName);
    RtlCopyString(peb->Parameters.CommandLine, commandLine, sizeof peb->Parameters.CommandLine);
    return STATUS_SUCCESS;
}

NTSTATUS PspLoadProgram(PSP_PROCESS *process, const char *name, const char *commandLine, ULONG *entry)
{
    const UCHAR *archive;
    const ARCHIVE_ENTRY *member;
    ULONG archiveSize;
    ELF_IMAGE_INFO info;
    NTSTATUS status = PspFindProgramArchive(&archive, &archiveSize);
    if (NT_SUCCESS(status))
        status = PsFindArchiveMember(archive, name, &member);
    if (!NT_SUCCESS(status))
        return status;
    const UCHAR *image = archive + member->Offset;
    status = PsValidateElfImage(image, member->Size, PSP_USER_STACK_TOP - USER_STACK_SIZE, &info);
    for (ULONG i = 0; NT_SUCCESS(status) && i < info.SegmentCount; i++)
        status = map_segment(process->AddressSpace, image, &info.Segments[i], &process->CommittedBytes);
    if (NT_SUCCESS(status))
        status = map_stack(process);
    if (NT_SUCCESS(status))
        status = map_peb(process, member->Name, commandLine);
    *entry = info.Entry;
    return status;
}

/* Each thread's TEB is one page below USER_TEB_TOP, at the first free slot. */
NTSTATUS PspMapTeb(PSP_PROCESS *process, PSP_THREAD *thread)
{
    TEB *teb;
    ULONG slot = 0;
    while (slot < PSP_MAX_THREADS && (process->TebSlots[slot / 32] & (1u << (slot % 32))))
        slot++;
    if (slot == PSP_MAX_THREADS)
        return STATUS_INSUFFICIENT_RESOURCES;
    ULONG va = USER_TEB_TOP - slot * PAGE_SIZE;
    NTSTATUS status = MmMapUserPage(process->AddressSpace, va, PAGE_READWRITE, (PVOID *)&teb);
    if (!NT_SUCCESS(status))
        return status;
    process->TebSlots[slot / 32] |= 1u << (slot % 32);
    process->CommittedBytes += PAGE_SIZE;
    teb->Self = (TEB *)va;
    teb->ClientId.UniqueProcess = process->Process.UniqueProcessId;
    teb->ClientId.UniqueThread = thread->Thread.UniqueThreadId;
    teb->ProcessEnvironmentBlock = (PEB *)USER_PEB_ADDRESS;
    teb->StackBase = (PVOID)thread->Start.Esp;
    thread->TebAddress = va;
    thread->TebSlot = slot;
    return STATUS_SUCCESS;
}
