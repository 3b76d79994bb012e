/* Validation of static i386 ELF executables before the loader trusts a single field of them. */
#include "psimage.h"
#include "rtl.h"

typedef struct {
    UCHAR Ident[16];
    USHORT Type, Machine;
    ULONG Version, Entry, PhOff, ShOff, Flags;
    USHORT EhSize, PhEntSize, PhNum, ShEntSize, ShNum, ShStrNdx;
} ELF32_EHDR;

typedef struct {
    ULONG Type, Offset, VAddr, PAddr, FileSz, MemSz, Flags, Align;
} ELF32_PHDR;

#define ET_EXEC    2
#define EM_386     3
#define PT_LOAD    1
#define PT_DYNAMIC 2
#define PT_INTERP  3
#define PT_TLS     7
#define ELF_MAX_PHDRS 32

static BOOLEAN range_inside(ULONG offset, ULONG length, ULONG limit)
{
    return offset <= limit && length <= limit - offset;
}

static BOOLEAN header_ok(const ELF32_EHDR *eh, ULONG size)
{
    static const UCHAR ident[7] = { 0x7F, 'E', 'L', 'F', 1 /* 32-bit */, 1 /* LSB */, 1 /* version */ };
    return memcmp(eh->Ident, ident, sizeof ident) == 0 && eh->Type == ET_EXEC && eh->Machine == EM_386 &&
           eh->Version == 1 && eh->PhEntSize == sizeof(ELF32_PHDR) && eh->PhNum > 0 &&
           eh->PhNum <= ELF_MAX_PHDRS && range_inside(eh->PhOff, eh->PhNum * sizeof(ELF32_PHDR), size);
}

static BOOLEAN overlaps(const ELF_SEGMENT *a, const ELF_SEGMENT *b)
{
    return a->VirtualAddress < b->VirtualAddress + b->MemorySize &&
           b->VirtualAddress < a->VirtualAddress + a->MemorySize;
}

static NTSTATUS add_segment(const ELF32_PHDR *ph, ULONG size, ULONG userLimit, ELF_IMAGE_INFO *info)
{
    if (ph->MemSz == 0)
        return STATUS_SUCCESS;
    if (info->SegmentCount == ELF_MAX_SEGMENTS || ph->FileSz > ph->MemSz || ph->MemSz > ELF_MAX_IMAGE ||
        !range_inside(ph->Offset, ph->FileSz, size) || ph->VAddr < ELF_LOWEST_ADDRESS ||
        !range_inside(ph->VAddr, ph->MemSz, userLimit))
        return STATUS_INVALID_IMAGE_FORMAT;
    ELF_SEGMENT *seg = &info->Segments[info->SegmentCount];
    seg->VirtualAddress = ph->VAddr;
    seg->MemorySize = ph->MemSz;
    seg->FileOffset = ph->Offset;
    seg->FileSize = ph->FileSz;
    seg->Flags = ph->Flags & (ELF_SEGMENT_EXECUTE | ELF_SEGMENT_WRITE | ELF_SEGMENT_READ);
    for (ULONG i = 0; i < info->SegmentCount; i++)
        if (overlaps(&info->Segments[i], seg))
            return STATUS_INVALID_IMAGE_FORMAT;
    info->SegmentCount++;
    if (seg->VirtualAddress + seg->MemorySize > info->ImageEnd)
        info->ImageEnd = seg->VirtualAddress + seg->MemorySize;
    return STATUS_SUCCESS;
}

static BOOLEAN entry_executable(const ELF_IMAGE_INFO *info)
{
    for (ULONG i = 0; i < info->SegmentCount; i++) {
        const ELF_SEGMENT *s = &info->Segments[i];
        if ((s->Flags & ELF_SEGMENT_EXECUTE) && info->Entry >= s->VirtualAddress &&
            info->Entry - s->VirtualAddress < s->FileSize)
            return TRUE;
    }
    return FALSE;
}

NTSTATUS PsValidateElfImage(const void *image, ULONG size, ULONG userLimit, ELF_IMAGE_INFO *info)
{
    ELF32_EHDR eh;
    memset(info, 0, sizeof *info);
    if (size < sizeof eh)
        return STATUS_INVALID_IMAGE_FORMAT;
    memcpy(&eh, image, sizeof eh);
    if (!header_ok(&eh, size))
        return STATUS_INVALID_IMAGE_FORMAT;
    info->Entry = eh.Entry;
    for (ULONG i = 0; i < eh.PhNum; i++) {
        ELF32_PHDR ph;
        memcpy(&ph, (const UCHAR *)image + eh.PhOff + i * sizeof ph, sizeof ph);
        if (ph.Type == PT_INTERP || ph.Type == PT_DYNAMIC || ph.Type == PT_TLS)
            return STATUS_INVALID_IMAGE_FORMAT;
        if (ph.Type == PT_LOAD && !NT_SUCCESS(add_segment(&ph, size, userLimit, info)))
            return STATUS_INVALID_IMAGE_FORMAT;
    }
    if (info->SegmentCount == 0 || !entry_executable(info))
        return STATUS_INVALID_IMAGE_FORMAT;
    return STATUS_SUCCESS;
}
