// SOURCES: kernel/ke/mb2parse.c
/* Host tests of the multiboot2 information parser: a block like GRUB's is built tag by tag, parsed,
   and every copied field is compared; malformed blocks must be refused with a reason. */
#include <stdint.h>
#include "bootinfo.h"
#include "unit.h"

static uint64_t Storage[2048];                  /* 16 KiB, 8-byte aligned like GRUB's block */
static UCHAR *const Block = (UCHAR *)Storage;
static ULONG Length;
static BOOT_INFO Info;
static const char *Why;

static void put32(UCHAR *p, ULONG v) { memcpy(p, &v, 4); }
static void put64(UCHAR *p, ULONGLONG v) { memcpy(p, &v, 8); }

static void begin(void)
{
    memset(Storage, 0xCC, sizeof Storage);
    put32(Block + 4, 0);
    Length = 8;
}

static UCHAR *add_tag(ULONG type, ULONG size)
{
    UCHAR *t = Block + Length;
    memset(t, 0, size);
    put32(t, type);
    put32(t + 4, size);
    Length = (Length + size + 7) & ~7u;
    return t;
}

static void add_string(ULONG type, const char *s)
{
    memcpy(add_tag(type, 8 + (ULONG)strlen(s) + 1) + 8, s, strlen(s) + 1);
}

static NTSTATUS finish_and_parse(ULONG magic)
{
    add_tag(0, 8);
    put32(Block, Length);
    return KiParseMultiboot2(Block, sizeof Storage, magic, 0x4000, &Info, &Why);
}

static void test_minimal(void)
{
    begin();
    CHECK(NT_SUCCESS(finish_and_parse(MB2_BOOTLOADER_MAGIC)));
    CHECK_INT(Info.InfoStart, 0x4000);
    CHECK_INT(Info.InfoEnd, 0x4000 + 16);
    CHECK_INT(Info.MemoryRangeCount, 0);
    CHECK(!Info.HasFramebuffer && !Info.HasRsdp && !Info.IsEfi);
    begin();
    CHECK(finish_and_parse(0x2BADB002) == STATUS_INVALID_PARAMETER);   /* multiboot1 magic */
    CHECK(Why && strstr(Why, "magic"));
}

static void test_full_block(void)
{
    begin();
    add_string(1, "onstop=exit ktest=all");
    add_string(2, "GRUB 2.06");
    UCHAR *m = add_tag(3, 16 + 7);
    put32(m + 8, 0x200000);
    put32(m + 12, 0x201000);
    memcpy(m + 16, "SYSTEM", 7);
    UCHAR *mm = add_tag(6, 16 + 3 * 24);
    put32(mm + 8, 24);
    for (int i = 0; i < 3; i++) {
        put64(mm + 16 + 24 * i, 0x100000ULL * (ULONGLONG)i);
        put64(mm + 24 + 24 * i, 0x1000 + (ULONGLONG)i);
        put32(mm + 32 + 24 * i, (ULONG)(i + 1));
    }
    UCHAR *fb = add_tag(8, 38);
    put64(fb + 8, 0xC0000000ULL);
    put32(fb + 16, 4096);
    put32(fb + 20, 1024);
    put32(fb + 24, 768);
    fb[28] = 32; fb[29] = 1;
    fb[32] = 16; fb[33] = 8; fb[34] = 8; fb[35] = 8; fb[36] = 0; fb[37] = 8;
    add_tag(12, 16);                                            /* EFI 64-bit system table */
    UCHAR *rsdp = add_tag(14, 8 + 20);
    memcpy(rsdp + 8, "RSD PTR ", 8);
    CHECK(NT_SUCCESS(finish_and_parse(MB2_BOOTLOADER_MAGIC)));
    CHECK_STR(Info.CommandLine, "onstop=exit ktest=all");
    CHECK_STR(Info.BootLoaderName, "GRUB 2.06");
    CHECK_INT(Info.ModuleCount, 1);
    CHECK_INT(Info.Modules[0].Start, 0x200000);
    CHECK_INT(Info.Modules[0].End, 0x201000);
    CHECK_STR(Info.Modules[0].Name, "SYSTEM");
    CHECK_INT(Info.MemoryRangeCount, 3);
    CHECK_INT(Info.MemoryRanges[2].Base, 0x200000);
    CHECK_INT(Info.MemoryRanges[2].Length, 0x1002);
    CHECK_INT(Info.MemoryRanges[2].Type, 3);
    CHECK(Info.HasFramebuffer);
    CHECK_INT(Info.Framebuffer.Address, 0xC0000000LL);
    CHECK_INT(Info.Framebuffer.Pitch, 4096);
    CHECK_INT(Info.Framebuffer.Width, 1024);
    CHECK_INT(Info.Framebuffer.Height, 768);
    CHECK_INT(Info.Framebuffer.Bpp, 32);
    CHECK_INT(Info.Framebuffer.RedPos, 16);
    CHECK_INT(Info.Framebuffer.BlueSize, 8);
    CHECK(Info.IsEfi);
    CHECK(Info.HasRsdp && memcmp(Info.Rsdp, "RSD PTR ", 8) == 0);
    CHECK_INT(Info.InfoEnd - Info.InfoStart, Length);
}

/* GRUB may give both RSDP copies; the ACPI 2.0 one must win whatever the order. */
static void test_rsdp_preference(void)
{
    for (int newFirst = 0; newFirst < 2; newFirst++) {
        begin();
        for (int k = 0; k < 2; k++) {
            int isNew = (k == 0) == newFirst;
            UCHAR *t = add_tag(isNew ? 15 : 14, isNew ? 8 + 36 : 8 + 20);
            memset(t + 8, isNew ? 'N' : 'O', isNew ? 36 : 20);
        }
        CHECK(NT_SUCCESS(finish_and_parse(MB2_BOOTLOADER_MAGIC)));
        CHECK(Info.Rsdp[0] == 'N' && Info.Rsdp[35] == 'N');
    }
}

static void test_limits(void)
{
    char longLine[700];
    memset(longLine, 'x', sizeof longLine - 1);
    longLine[sizeof longLine - 1] = 0;
    begin();
    add_string(1, longLine);
    UCHAR *mm = add_tag(6, 16 + 70 * 24);
    put32(mm + 8, 24);
    CHECK(NT_SUCCESS(finish_and_parse(MB2_BOOTLOADER_MAGIC)));
    CHECK_INT(strlen(Info.CommandLine), sizeof Info.CommandLine - 1);    /* truncated, terminated */
    CHECK_INT(Info.MemoryRangeCount, BOOT_MAX_RANGES);                    /* capped, no overflow */
    begin();
    for (int i = 0; i < BOOT_MAX_MODULES + 3; i++)
        add_tag(3, 17);
    CHECK(NT_SUCCESS(finish_and_parse(MB2_BOOTLOADER_MAGIC)));
    CHECK_INT(Info.ModuleCount, BOOT_MAX_MODULES);
}

static void expect_refused(const char *what, const char *reason)
{
    CHECK(finish_and_parse(MB2_BOOTLOADER_MAGIC) == STATUS_INVALID_PARAMETER);
    int ok = Why && strstr(Why, reason);
    char text[200];
    snprintf(text, sizeof text, "%s is refused because \"%s\" (got \"%s\")", what, reason, Why ? Why : "");
    unit_check(ok, __FILE__, __LINE__, text);
}

static void test_malformed(void)
{
    begin();
    put32(add_tag(1, 16) + 4, 4000);                            /* tag longer than the block */
    expect_refused("a tag past the end", "past the end");
    begin();
    put32(add_tag(6, 40) + 8, 20);
    expect_refused("a memory map with 20-byte entries", "entry size");
    begin();
    UCHAR *m = add_tag(3, 17);
    put32(m + 8, 0x3000);
    put32(m + 12, 0x2000);
    expect_refused("a module that ends before it starts", "ends before");
    begin();
    add_tag(8, 20);
    expect_refused("a short framebuffer tag", "too small");
    begin();
    add_tag(1, 9);
    put32(Block, Length);                                      /* no end tag */
    CHECK(KiParseMultiboot2(Block, sizeof Storage, MB2_BOOTLOADER_MAGIC, 0, &Info, &Why) ==
          STATUS_INVALID_PARAMETER && Why && strstr(Why, "end tag"));
    begin();
    add_string(1, "abc");
    add_tag(0, 8);
    put32(Block, Length);
    CHECK(KiParseMultiboot2(Block, 8, MB2_BOOTLOADER_MAGIC, 0, &Info, &Why) == STATUS_INVALID_PARAMETER);
    CHECK(KiParseMultiboot2(Block, Length - 8, MB2_BOOTLOADER_MAGIC, 0, &Info, &Why) ==
          STATUS_INVALID_PARAMETER && Why && strstr(Why, "size"));     /* larger than the mapping */
    CHECK(KiParseMultiboot2(Block + 4, Length, MB2_BOOTLOADER_MAGIC, 0, &Info, &Why) ==
          STATUS_INVALID_PARAMETER && Why && strstr(Why, "misaligned"));
}

int main(void)
{
    test_minimal();
    test_full_block();
    test_rsdp_preference();
    test_limits();
    test_malformed();
    return unit_finish();
}
