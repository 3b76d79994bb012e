/* mkhive: builds a registry hive (regf 1.3, the kernel's own hive code) from a REGEDIT4 .reg file,
   dumps a hive back as .reg text, or checks one.
     mkhive OUT.hive IN.reg          build (timestamps from SOURCE_DATE_EPOCH if set, else now)
     mkhive --dump HIVE [ROOTNAME]   print as REGEDIT4; keys under HKEY_LOCAL_MACHINE\ROOTNAME
     mkhive --check HIVE             validate; prints "ok" or the reason it is corrupt */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "mkhive.h"

PVOID MkAllocate(ULONG bytes)
{
    return malloc(bytes ? bytes : 1);
}

void MkFree(PVOID block, ULONG bytes)
{
    (void)bytes;
    free(block);
}

static void Usage(void)
{
    fprintf(stderr, "usage: mkhive OUT.hive IN.reg\n"
                    "       mkhive --dump HIVE [ROOTNAME]\n"
                    "       mkhive --check HIVE\n");
    exit(2);
}

static void SetTimestamp(HHIVE *hive)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    unsigned long long seconds = epoch ? strtoull(epoch, NULL, 10) : (unsigned long long)time(NULL);
    unsigned long long filetime = (seconds + 11644473600ull) * 10000000ull;
    hive->TimeLow = (ULONG)filetime;
    hive->TimeHigh = (ULONG)(filetime >> 32);
}

static void LoadHive(HHIVE *hive, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "mkhive: %s: cannot open\n", path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    UCHAR *image = malloc(size > 0 ? (size_t)size : 1);
    if (size < 0 || fread(image, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "mkhive: %s: read error\n", path);
        exit(1);
    }
    fclose(f);
    NTSTATUS status = HvInitializeHive(hive, image, (ULONG)size, MkAllocate, MkFree);
    free(image);
    if (!NT_SUCCESS(status)) {
        fprintf(stderr, "mkhive: %s: not a valid hive (status 0x%08X): %s\n", path, (unsigned)status, hive->Reason);
        exit(1);
    }
}

static int Build(const char *outPath, const char *regPath)
{
    HHIVE hive, check;
    memset(&hive, 0, sizeof(hive));
    SetTimestamp(&hive);
    ULONG timeLow = hive.TimeLow, timeHigh = hive.TimeHigh;
    RegBuildHive(&hive, regPath);
    hive.TimeLow = timeLow;
    hive.TimeHigh = timeHigh;
    HvUpdateBaseBlock(&hive);
    /* Everything mkhive writes must pass the same validation the kernel applies at boot. */
    if (!NT_SUCCESS(HvInitializeHive(&check, hive.Image, HvImageSize(&hive), MkAllocate, MkFree))) {
        fprintf(stderr, "mkhive: internal error: built hive fails validation: %s\n", check.Reason);
        return 1;
    }
    HvFreeHive(&check);
    FILE *f = fopen(outPath, "wb");
    if (!f || fwrite(hive.Image, 1, HvImageSize(&hive), f) != HvImageSize(&hive) || fclose(f)) {
        fprintf(stderr, "mkhive: %s: cannot write\n", outPath);
        return 1;
    }
    HvFreeHive(&hive);
    return 0;
}

int main(int argc, char **argv)
{
    HHIVE hive;
    if (argc >= 3 && argc <= 4 && !strcmp(argv[1], "--dump")) {
        LoadHive(&hive, argv[2]);
        RegDumpHive(&hive, argc == 4 ? argv[3] : NULL, stdout);
        HvFreeHive(&hive);
        return 0;
    }
    if (argc == 3 && !strcmp(argv[1], "--check")) {
        LoadHive(&hive, argv[2]);
        printf("ok\n");
        HvFreeHive(&hive);
        return 0;
    }
    if (argc != 3 || argv[1][0] == '-')
        Usage();
    return Build(argv[1], argv[2]);
}
