// SOURCES: kernel/ps/elfimage.c lib/rtl/rtlstring.c lib/rtl/format.c
/* Host tests of the ELF validation the process loader relies on: a good image passes, each kind of
   malformation fails with STATUS_INVALID_IMAGE_FORMAT. */
#include <stdio.h>
#include <string.h>
#include "psimage.h"

#define USER_LIMIT 0x7FFF0000u

static unsigned char image[8192];
static int failures;

static void put32(unsigned off, ULONG v) { memcpy(image + off, &v, 4); }
static void put16(unsigned off, USHORT v) { memcpy(image + off, &v, 2); }

/* Program header i starts at 52 + 32 * i. */
static void phdr(int i, ULONG type, ULONG offset, ULONG vaddr, ULONG filesz, ULONG memsz, ULONG flags)
{
    unsigned o = 52 + 32 * i;
    put32(o, type); put32(o + 4, offset); put32(o + 8, vaddr); put32(o + 12, vaddr);
    put32(o + 16, filesz); put32(o + 20, memsz); put32(o + 24, flags); put32(o + 28, 0x1000);
}

/* A two-segment executable: text at 0x400000 (file 0x1000..0x1800), data+bss at 0x401000. */
static void good_image(void)
{
    memset(image, 0, sizeof image);
    memcpy(image, "\x7F" "ELF\x01\x01\x01", 7);
    put16(16, 2); put16(18, 3); put32(20, 1); put32(24, 0x400010); put32(28, 52);
    put16(40, 52); put16(42, 32); put16(44, 2);
    phdr(0, 1, 0x1000, 0x400000, 0x800, 0x800, 5);
    phdr(1, 1, 0x1800, 0x401000, 0x100, 0x2000, 6);
}

static void expect(const char *what, NTSTATUS want)
{
    ELF_IMAGE_INFO info;
    NTSTATUS got = PsValidateElfImage(image, sizeof image, USER_LIMIT, &info);
    printf("%s %s (status 0x%08X)\n", got == want ? "ok  " : "FAIL", what, (unsigned)got);
    if (got != want)
        failures++;
}

int main(void)
{
    ELF_IMAGE_INFO info;
    good_image();
    expect("good image", STATUS_SUCCESS);
    PsValidateElfImage(image, sizeof image, USER_LIMIT, &info);
    if (info.SegmentCount != 2 || info.Entry != 0x400010 || info.ImageEnd != 0x403000 ||
        info.Segments[1].FileSize != 0x100 || info.Segments[1].Flags != 6) {
        printf("FAIL good image info\n");
        failures++;
    } else {
        printf("ok   good image info\n");
    }
    good_image(); image[0] = 0x7E;              expect("bad magic", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); image[4] = 2;                 expect("64-bit class", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); image[5] = 2;                 expect("big-endian", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); put16(16, 3);                 expect("shared object", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); put16(18, 62);                expect("x86-64 machine", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); put16(42, 56);                expect("wrong phentsize", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); put16(44, 0);                 expect("no program headers", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); put32(28, 8190);              expect("phdrs past end", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); put32(28, 0xFFFFFFF0u);       expect("phoff overflow", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); put16(44, 60000);             expect("huge phnum", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); phdr(0, 1, 0x1F00, 0x400000, 0x800, 0x800, 5);
                                                expect("segment data past end", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); phdr(0, 1, 0xFFFFF000u, 0x400000, 0x2000, 0x2000, 5);
                                                expect("segment offset overflow", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); phdr(1, 1, 0x1800, 0x401000, 0x3000, 0x2000, 6);
                                                expect("filesz > memsz", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); phdr(1, 1, 0x1800, 0x80000000u, 0x100, 0x1000, 6);
                                                expect("segment in kernel space", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); phdr(1, 1, 0x1800, 0x7FFEF000u, 0x100, 0x2000, 6);
                                                expect("segment across user limit", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); phdr(1, 1, 0x1800, 0xFFFFF000u, 0x100, 0x2000, 6);
                                                expect("segment address wraps", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); phdr(1, 1, 0x1800, 0x1000, 0x100, 0x1000, 6);
                                                expect("segment in the null region", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); phdr(1, 1, 0x1800, 0x400400, 0x100, 0x1000, 6);
                                                expect("overlapping segments", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); phdr(1, 1, 0x1800, 0x401000, 0x100, 0x02000000, 6);
                                                expect("huge segment", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); phdr(1, 3, 0x1800, 0, 0x10, 0x10, 4);
                                                expect("interpreter", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); phdr(1, 2, 0x1800, 0x401000, 0x10, 0x10, 6);
                                                expect("dynamic section", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); put32(24, 0x401010);          expect("entry in data segment", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); put32(24, 0x900000);          expect("entry outside image", STATUS_INVALID_IMAGE_FORMAT);
    good_image(); phdr(1, 0x6474E551u, 0, 0, 0, 0, 6);
                                                expect("GNU_STACK header ignored", STATUS_SUCCESS);
    {
        ELF_IMAGE_INFO i2;
        good_image();
        NTSTATUS s = PsValidateElfImage(image, 40, USER_LIMIT, &i2);
        printf("%s truncated file\n", s == STATUS_INVALID_IMAGE_FORMAT ? "ok  " : "FAIL");
        failures += s != STATUS_INVALID_IMAGE_FORMAT;
    }
    printf("%d failures\n", failures);
    return failures != 0;
}
