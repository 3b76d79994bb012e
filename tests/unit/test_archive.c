// SOURCES: kernel/ps/archive.c lib/rtl/rtlstring.c lib/rtl/format.c
/* Host tests of the PROGRAMS archive parser: lookup by name, and rejection of malformed archives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "psimage.h"

static ULONG buffer[1024];
static unsigned char *archive = (unsigned char *)buffer;
static int failures;

static void check(const char *what, int ok)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

static ARCHIVE_ENTRY *entry(int i)
{
    return (ARCHIVE_ENTRY *)(archive + sizeof(ARCHIVE_HEADER)) + i;
}

/* Two members: "hello.exe" (5 bytes) and "cmd.exe" (3 bytes). */
static ULONG good_archive(void)
{
    ARCHIVE_HEADER h = { ARCHIVE_MAGIC, ARCHIVE_VERSION, 2 };
    ULONG data = sizeof h + 2 * sizeof(ARCHIVE_ENTRY);
    memset(buffer, 0, sizeof buffer);
    memcpy(archive, &h, sizeof h);
    strcpy(entry(0)->Name, "hello.exe");
    entry(0)->Offset = data;
    entry(0)->Size = 5;
    strcpy(entry(1)->Name, "cmd.exe");
    entry(1)->Offset = data + 16;
    entry(1)->Size = 3;
    memcpy(archive + data, "HELLO", 5);
    memcpy(archive + data + 16, "CMD", 3);
    return data + 19;
}

static int rejected(ULONG size)
{
    return PsValidateArchive(archive, size) == STATUS_INVALID_IMAGE_FORMAT;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

/* tools/mkarchive.py and the kernel's parser agree on the format (run from the repository root). */
static void check_mkarchive(void)
{
    char dir[64], one[96], two[96], out[96], command[512];
    static ULONG image[1024];
    snprintf(dir, sizeof dir, "/tmp/test_archive.%d", (int)getpid());
    snprintf(one, sizeof one, "%s/one.exe", dir);
    snprintf(two, sizeof two, "%s/Two.exe", dir);
    snprintf(out, sizeof out, "%s/PROGRAMS", dir);
    snprintf(command, sizeof command, "mkdir -p %s", dir);
    if (system(command) != 0)
        return check("mkarchive: temporary folder", 0);
    write_file(one, "first member");
    write_file(two, "second");
    snprintf(command, sizeof command, "python3 tools/mkarchive.py %s %s %s", out, one, two);
    int packed = system(command) == 0;
    FILE *f = fopen(out, "rb");
    ULONG size = f ? (ULONG)fread(image, 1, sizeof image, f) : 0;
    if (f)
        fclose(f);
    const ARCHIVE_ENTRY *e = NULL;
    check("mkarchive output validates", packed && PsValidateArchive(image, size) == STATUS_SUCCESS);
    check("mkarchive member found without extension",
          PsFindArchiveMember(image, "two", &e) == STATUS_SUCCESS && e->Size == 6 &&
          memcmp((char *)image + e->Offset, "second", 6) == 0 && e->Offset % 16 == 0);
    snprintf(command, sizeof command, "python3 tools/mkarchive.py %s %s %s 2>/dev/null", out, one, one);
    check("mkarchive refuses duplicate names", system(command) != 0);
    snprintf(command, sizeof command, "rm -rf %s", dir);
    check("mkarchive: cleanup", system(command) == 0);
}

int main(void)
{
    const ARCHIVE_ENTRY *e = NULL;
    ULONG size = good_archive();
    check("good archive validates", PsValidateArchive(archive, size) == STATUS_SUCCESS);
    check("finds hello.exe", PsFindArchiveMember(archive, "hello.exe", &e) == STATUS_SUCCESS &&
          memcmp(archive + e->Offset, "HELLO", 5) == 0);
    check("finds CMD without extension", PsFindArchiveMember(archive, "CMD", &e) == STATUS_SUCCESS &&
          memcmp(archive + e->Offset, "CMD", 3) == 0);
    check("missing member", PsFindArchiveMember(archive, "tlist", &e) == STATUS_OBJECT_NAME_NOT_FOUND);
    check("prefix is not a match", PsFindArchiveMember(archive, "hell", &e) == STATUS_OBJECT_NAME_NOT_FOUND);
    check("truncated header", rejected(8));
    check("truncated data", rejected(size - 1));
    good_archive(); archive[0] = 'X';
    check("bad magic", rejected(size));
    good_archive(); ((ARCHIVE_HEADER *)archive)->Version = 2;
    check("bad version", rejected(size));
    good_archive(); ((ARCHIVE_HEADER *)archive)->Count = 200;
    check("table past end", rejected(size));
    good_archive(); ((ARCHIVE_HEADER *)archive)->Count = 0x40000000;
    check("count overflow", rejected(size));
    good_archive(); memset(entry(1)->Name, 'a', ARCHIVE_NAME_SIZE);
    check("unterminated name", rejected(size));
    good_archive(); entry(0)->Name[0] = 0;
    check("empty name", rejected(size));
    good_archive(); entry(1)->Offset = 0xFFFFFFF0u;
    check("offset overflow", rejected(size));
    good_archive(); entry(1)->Size = 0xFFFFFFFFu;
    check("size overflow", rejected(size));
    check("misaligned archive", PsValidateArchive(archive + 1, size) == STATUS_INVALID_IMAGE_FORMAT);
    check_mkarchive();
    printf("%d failures\n", failures);
    return failures != 0;
}
