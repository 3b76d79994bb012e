/* In-kernel tests of the hive layer built freestanding: load the SYSTEM and SOFTWARE boot modules
   through full validation with pool memory, read the configuration values, grow and shrink a hive,
   reject a corrupted copy, and return the pool to where it started. */
#include "hive.h"
#include "bootinfo.h"
#include "ex.h"
#include "hal.h"
#include "ktest.h"
#include "rtl.h"

#define HV_TEST_TAG POOL_TAG('H', 'v', 'T', 's')

static PVOID TestAllocate(ULONG bytes)
{
    return ExAllocatePoolWithTag(PagedPool, bytes ? bytes : 1, HV_TEST_TAG);
}

static void TestFree(PVOID block, ULONG bytes)
{
    ExFreePoolWithTag(block, HV_TEST_TAG);
}

static const BOOT_MODULE *FindModule(const char *name)
{
    for (ULONG i = 0; i < KeBootInfo.ModuleCount; i++)
        if (!strcmp(KeBootInfo.Modules[i].Name, name) && KeBootInfo.Modules[i].End <= KSEG0_SIZE)
            return &KeBootInfo.Modules[i];
    return NULL;
}

static NTSTATUS LoadModule(HHIVE *hive, const char *name)
{
    const BOOT_MODULE *m = FindModule(name);
    if (!m)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    NTSTATUS status = HvInitializeHive(hive, PHYS_TO_VIRT(m->Start), m->End - m->Start, TestAllocate, TestFree);
    if (!NT_SUCCESS(status))
        DbgPrint("hive %s: %s\n", name, hive->Reason);
    return status;
}

static ULONG ReadDword(HHIVE *hive, const char *path, const char *name)
{
    HCELL_INDEX key, value;
    ULONG type, length, data = 0xDEAD;
    if (NT_SUCCESS(HvOpenKeyPath(hive, path, &key)) && NT_SUCCESS(HvFindValue(hive, key, name, &value)))
        HvReadValueA(hive, value, &type, &data, sizeof(data), &length);
    return data;
}

KTEST(hive_boot_modules)
{
    ULONG poolBefore = ExQueryPoolBytesInUse();
    HHIVE system, software;
    KT_EQ(LoadModule(&system, "SYSTEM"), STATUS_SUCCESS);
    KT_EQ(LoadModule(&software, "SOFTWARE"), STATUS_SUCCESS);
    KT_EQ(ReadDword(&system, "CurrentControlSet\\Control\\CrashControl", "AutoReboot"), 0);
    KT_EQ(ReadDword(&system, "CurrentControlSet\\Services\\crashdrv", "Start"), 1);
    HCELL_INDEX key, value;
    char text[32] = "";
    ULONG type, length;
    KT_EQ(HvOpenKeyPath(&software, "Microsoft\\Windows NT\\CurrentVersion", &key), STATUS_SUCCESS);
    KT_EQ(HvFindValue(&software, key, "currentbuildnumber", &value), STATUS_SUCCESS);
    KT_EQ(HvReadValueA(&software, value, &type, text, sizeof(text), &length), STATUS_SUCCESS);
    KT_CHECK(type == REG_SZ && !strcmp(text, "1381"));
    HvFreeHive(&system);
    HvFreeHive(&software);
    KT_EQ(ExQueryPoolBytesInUse(), poolBefore);
}

KTEST(hive_grow_and_corrupt)
{
    ULONG poolBefore = ExQueryPoolBytesInUse();
    HHIVE hive, copy;
    KT_EQ(LoadModule(&hive, "SOFTWARE"), STATUS_SUCCESS);
    HCELL_INDEX root = HvRootCell(&hive), key;
    UCHAR *big = TestAllocate(65536);
    if (!big) {
        KT_CHECK(big != NULL);
        HvFreeHive(&hive);
        return;
    }
    memset(big, 0x5A, 65536);
    for (ULONG i = 0; i < 300; i++) {
        char name[16];
        RtlFormat(name, sizeof(name), "Key%03u", (i * 7) % 300);
        KT_EQ(HvCreateSubkey(&hive, root, name, &key), STATUS_SUCCESS);
        KT_EQ(HvSetValue(&hive, key, "Data", REG_BINARY, big, i * 3), STATUS_SUCCESS);
    }
    KT_EQ(HvSetValue(&hive, root, "Big", REG_BINARY, big, 65536), STATUS_SUCCESS);
    TestFree(big, 65536);
    KT_EQ(HvGetKeyNode(&hive, root)->SubKeyCount, 303);
    KT_EQ(HvCheckHive(&hive), STATUS_SUCCESS);
    KT_EQ(HvInitializeHive(&copy, hive.Image, HvImageSize(&hive), TestAllocate, TestFree), STATUS_SUCCESS);
    HvFreeHive(&copy);
    for (ULONG i = 0; i < 300; i++) {
        char name[16];
        RtlFormat(name, sizeof(name), "Key%03u", i);
        KT_EQ(HvFindSubkey(&hive, root, name, &key), STATUS_SUCCESS);
        KT_EQ(HvDeleteKey(&hive, key), STATUS_SUCCESS);
    }
    KT_EQ(HvCheckHive(&hive), STATUS_SUCCESS);
    /* A key cell whose size runs past its bin must be refused with a reason, not crash. */
    HCELL_INDEX victim;
    KT_EQ(HvOpenKeyPath(&hive, "Attachmate", &victim), STATUS_SUCCESS);
    *(LONG *)(hive.Image + HBLOCK_SIZE + victim) = -0x100000;
    KT_EQ(HvInitializeHive(&copy, hive.Image, HvImageSize(&hive), TestAllocate, TestFree), STATUS_REGISTRY_CORRUPT);
    char expect[64];
    RtlFormat(expect, sizeof(expect), "cell at 0x%x runs past its bin", victim);
    KT_CHECK(!strcmp(copy.Reason, expect));
    DbgPrint("hive_grow_and_corrupt: corrupt copy refused: %s\n", copy.Reason);
    HvFreeHive(&hive);
    KT_EQ(ExQueryPoolBytesInUse(), poolBefore);
}

/* Prints the image as hex lines between markers, for tests/suites/hive.py to rebuild and give to hivex. */
static void PrintImage(HHIVE *hive)
{
    ULONG size = HvImageSize(hive);
    DbgPrint("hive-image-begin %u\n", size);
    for (ULONG at = 0; at < size; at += 32) {
        char line[80];
        for (ULONG i = 0; i < 32; i++)
            RtlFormat(line + 2 * i, 3, "%02x", hive->Image[at + i]);
        DbgPrint("%s\n", line);
    }
    DbgPrint("hive-image-end\n");
}

/* The SYSTEM hive changed in the kernel (a new service key with every value type, a replaced and a
   deleted value), printed for an independent reader. */
KTEST(hive_export)
{
    HHIVE hive;
    HCELL_INDEX services, key;
    KT_EQ(LoadModule(&hive, "SYSTEM"), STATUS_SUCCESS);
    KT_EQ(HvOpenKeyPath(&hive, "CurrentControlSet\\Services", &services), STATUS_SUCCESS);
    KT_EQ(HvCreateSubkey(&hive, services, "ktest", &key), STATUS_SUCCESS);
    ULONG start = 3;
    UCHAR bytes[100];
    for (ULONG i = 0; i < sizeof(bytes); i++)
        bytes[i] = (UCHAR)(i * 7);
    KT_EQ(HvSetValue(&hive, key, "Start", REG_DWORD, &start, 4), STATUS_SUCCESS);
    KT_EQ(HvSetValueA(&hive, key, "DisplayName", REG_SZ, "Written by the kernel", 22), STATUS_SUCCESS);
    KT_EQ(HvSetValueA(&hive, key, "Path", REG_EXPAND_SZ, "%SystemRoot%\\ktest", 19), STATUS_SUCCESS);
    KT_EQ(HvSetValueA(&hive, key, "List", REG_MULTI_SZ, "a\0bc\0", 6), STATUS_SUCCESS);
    KT_EQ(HvSetValue(&hive, key, "Blob", REG_BINARY, bytes, sizeof(bytes)), STATUS_SUCCESS);
    KT_EQ(HvSetValue(&hive, key, "Gone", REG_BINARY, bytes, 10), STATUS_SUCCESS);
    KT_EQ(HvDeleteValue(&hive, key, "Gone"), STATUS_SUCCESS);
    start = 4;
    KT_EQ(HvSetValue(&hive, key, "Start", REG_DWORD, &start, 4), STATUS_SUCCESS);
    KT_EQ(HvCheckHive(&hive), STATUS_SUCCESS);
    PrintImage(&hive);
    HvFreeHive(&hive);
}
