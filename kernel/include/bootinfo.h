/* What the kernel keeps from the multiboot2 information block. The block itself lives in low memory
   (at 0x4000 under UEFI), so KiParseMultiboot2 copies everything into this structure first. */
#ifndef BOOTINFO_H
#define BOOTINFO_H

#include "ntdef.h"

#define MB2_BOOTLOADER_MAGIC 0x36D76289
#define BOOT_MAX_RANGES  64
#define BOOT_MAX_MODULES 16

enum { BOOT_RANGE_AVAILABLE = 1, BOOT_RANGE_RESERVED = 2, BOOT_RANGE_ACPI = 3, BOOT_RANGE_NVS = 4, BOOT_RANGE_BAD = 5 };

typedef struct _BOOT_MEMORY_RANGE {
    ULONGLONG Base;
    ULONGLONG Length;
    ULONG Type;
} BOOT_MEMORY_RANGE;

typedef struct _BOOT_MODULE {
    ULONG Start;            /* physical, inclusive */
    ULONG End;              /* physical, exclusive */
    char Name[64];          /* the module's command line in grub.cfg, e.g. "SYSTEM" */
} BOOT_MODULE;

typedef struct _BOOT_FRAMEBUFFER {
    ULONGLONG Address;
    ULONG Pitch, Width, Height;
    UCHAR Bpp, Type;        /* Type 1 = direct RGB, 2 = EGA text */
    UCHAR RedPos, RedSize, GreenPos, GreenSize, BluePos, BlueSize;
} BOOT_FRAMEBUFFER;

typedef struct _BOOT_INFO {
    char CommandLine[512];
    char BootLoaderName[64];
    ULONG InfoStart, InfoEnd;          /* physical extent of the original block */
    ULONG MemoryRangeCount;
    BOOT_MEMORY_RANGE MemoryRanges[BOOT_MAX_RANGES];
    ULONG ModuleCount;
    BOOT_MODULE Modules[BOOT_MAX_MODULES];
    BOOLEAN HasFramebuffer;
    BOOT_FRAMEBUFFER Framebuffer;
    BOOLEAN IsEfi;                      /* an EFI system table tag was present */
    BOOLEAN HasRsdp;
    UCHAR Rsdp[36];                     /* copy of the ACPI RSDP (v1: 20 bytes, v2: 36) */
} BOOT_INFO;

/* Parses a multiboot2 information block of at most `limit` bytes. Returns STATUS_SUCCESS, or
   STATUS_INVALID_PARAMETER for a wrong magic or a malformed block (with a reason in *why). */
NTSTATUS KiParseMultiboot2(const void *info, ULONG limit, ULONG magic, ULONG infoPhysical,
                           BOOT_INFO *out, const char **why);

/* Looks up NAME in a kernel command line: `name=value`, `name="quoted value"` or a bare `name`
   (value ""). Returns TRUE when present, copying the value (truncated to size). */
BOOLEAN KiGetBootOption(const char *cmdline, const char *name, char *value, size_t size);

extern BOOT_INFO KeBootInfo;

#endif
