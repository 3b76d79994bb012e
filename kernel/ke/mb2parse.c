/* Multiboot2 information parser: copies memory map, command line, modules, framebuffer, EFI and ACPI
   facts into BOOT_INFO. Pure code (no hardware access), also built into the host unit tests. */
#include "bootinfo.h"
#include "rtl.h"

enum {
    MB2_TAG_END = 0, MB2_TAG_CMDLINE = 1, MB2_TAG_LOADER = 2, MB2_TAG_MODULE = 3, MB2_TAG_MMAP = 6,
    MB2_TAG_FRAMEBUFFER = 8, MB2_TAG_EFI32 = 11, MB2_TAG_EFI64 = 12, MB2_TAG_ACPI_OLD = 14,
    MB2_TAG_ACPI_NEW = 15, MB2_TAG_EFI32_IH = 19, MB2_TAG_EFI64_IH = 20,
};

static ULONG rd32(const UCHAR *p) { ULONG v; memcpy(&v, p, 4); return v; }
static ULONGLONG rd64(const UCHAR *p) { ULONGLONG v; memcpy(&v, p, 8); return v; }

static void copy_string(char *dst, size_t size, const UCHAR *src, ULONG len)
{
    ULONG n = (ULONG)strnlen((const char *)src, len);
    if (n >= size)
        n = (ULONG)size - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

static const char *parse_mmap(const UCHAR *tag, ULONG size, BOOT_INFO *out)
{
    if (size < 16)
        return "memory map tag too small";
    ULONG entrySize = rd32(tag + 8);
    if (entrySize < 24 || entrySize % 8)
        return "memory map entry size invalid";
    for (ULONG off = 16; off + entrySize <= size && out->MemoryRangeCount < BOOT_MAX_RANGES; off += entrySize) {
        BOOT_MEMORY_RANGE *r = &out->MemoryRanges[out->MemoryRangeCount++];
        r->Base = rd64(tag + off);
        r->Length = rd64(tag + off + 8);
        r->Type = rd32(tag + off + 16);
    }
    return NULL;
}

static const char *parse_framebuffer(const UCHAR *tag, ULONG size, BOOT_INFO *out)
{
    if (size < 31)
        return "framebuffer tag too small";
    BOOT_FRAMEBUFFER *fb = &out->Framebuffer;
    fb->Address = rd64(tag + 8);
    fb->Pitch = rd32(tag + 16);
    fb->Width = rd32(tag + 20);
    fb->Height = rd32(tag + 24);
    fb->Bpp = tag[28];
    fb->Type = tag[29];
    if (fb->Type == 1 && size >= 38) {
        fb->RedPos = tag[32];
        fb->RedSize = tag[33];
        fb->GreenPos = tag[34];
        fb->GreenSize = tag[35];
        fb->BluePos = tag[36];
        fb->BlueSize = tag[37];
    }
    out->HasFramebuffer = TRUE;
    return NULL;
}

static const char *parse_tag(ULONG type, const UCHAR *tag, ULONG size, BOOT_INFO *out)
{
    switch (type) {
    case MB2_TAG_CMDLINE:
        copy_string(out->CommandLine, sizeof out->CommandLine, tag + 8, size - 8);
        return NULL;
    case MB2_TAG_LOADER:
        copy_string(out->BootLoaderName, sizeof out->BootLoaderName, tag + 8, size - 8);
        return NULL;
    case MB2_TAG_MODULE:
        if (size < 16)
            return "module tag too small";
        if (out->ModuleCount < BOOT_MAX_MODULES) {
            BOOT_MODULE *m = &out->Modules[out->ModuleCount++];
            m->Start = rd32(tag + 8);
            m->End = rd32(tag + 12);
            copy_string(m->Name, sizeof m->Name, tag + 16, size - 16);
            if (m->End < m->Start)
                return "module ends before it starts";
        }
        return NULL;
    case MB2_TAG_MMAP:
        return parse_mmap(tag, size, out);
    case MB2_TAG_FRAMEBUFFER:
        return parse_framebuffer(tag, size, out);
    case MB2_TAG_EFI32:
    case MB2_TAG_EFI64:
    case MB2_TAG_EFI32_IH:
    case MB2_TAG_EFI64_IH:
        out->IsEfi = TRUE;
        return NULL;
    case MB2_TAG_ACPI_OLD:
    case MB2_TAG_ACPI_NEW: {
        ULONG n = size - 8 < sizeof out->Rsdp ? size - 8 : (ULONG)sizeof out->Rsdp;
        if (type == MB2_TAG_ACPI_OLD && out->HasRsdp)
            return NULL;                      /* prefer the ACPI 2.0 copy */
        memcpy(out->Rsdp, tag + 8, n);
        out->HasRsdp = TRUE;
        return NULL;
    }
    default:
        return NULL;
    }
}

NTSTATUS KiParseMultiboot2(const void *info, ULONG limit, ULONG magic, ULONG infoPhysical,
                           BOOT_INFO *out, const char **why)
{
    const UCHAR *base = info;
    memset(out, 0, sizeof *out);
    *why = NULL;
    if (magic != MB2_BOOTLOADER_MAGIC) {
        *why = "not loaded by a multiboot2 boot loader (bad magic)";
        return STATUS_INVALID_PARAMETER;
    }
    if (limit < 16 || ((ULONG_PTR)info & 7)) {
        *why = "information block misaligned or too small";
        return STATUS_INVALID_PARAMETER;
    }
    ULONG total = rd32(base);
    if (total < 16 || total > limit) {
        *why = "information block size out of range";
        return STATUS_INVALID_PARAMETER;
    }
    out->InfoStart = infoPhysical;
    out->InfoEnd = infoPhysical + total;
    for (ULONG off = 8; off + 8 <= total; off = (off + rd32(base + off + 4) + 7) & ~7u) {
        ULONG type = rd32(base + off), size = rd32(base + off + 4);
        if (size < 8 || off + size > total) {
            *why = "tag runs past the end of the information block";
            return STATUS_INVALID_PARAMETER;
        }
        if (type == MB2_TAG_END)
            return STATUS_SUCCESS;
        *why = parse_tag(type, base + off, size, out);
        if (*why)
            return STATUS_INVALID_PARAMETER;
    }
    *why = "information block has no end tag";
    return STATUS_INVALID_PARAMETER;
}
