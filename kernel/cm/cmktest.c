/* In-kernel tests of the configuration manager: one KCB per open key shared by its key objects and
   freed with the last of them, a KCB taking a key object's pool block size (which Q179827's
   demonstration relies on: docs/kb/Q179827.md), and bench_regopen (open+close of a key, in TSC
   cycles, for `make bench`). */
#include "cmp.h"
#include "bootinfo.h"
#include "hal.h"
#include "ke.h"
#include "ktest.h"
#include "ntreg.h"
#include "rtl.h"

#define TEST_KEY "\\Registry\\Machine\\SOFTWARE\\servpack\\Test\\Types"
#define BENCH_ROUNDS 2000

static ULONG tag_bytes(ULONG tag)
{
    POOL_TAG_INFO tags[256];
    ULONG count = ExQueryPoolTags(tags, 256);
    for (ULONG i = 0; i < count && i < 256; i++)
        if (tags[i].Tag == tag)
            return tags[i].BytesInUse;
    return 0;
}

KTEST(cm_kcb_shared)
{
    HANDLE a, b;
    ULONG kcbs = CmpKcbCount(), kcbBytes = tag_bytes(CM_KCB_TAG), keyBytes = tag_bytes(CM_KEY_TAG);
    KT_EQ(NtOpenKey(&a, KEY_READ, NULL, TEST_KEY), STATUS_SUCCESS);
    KT_EQ(CmpKcbCount(), kcbs + 1);
    /* One KCB and one key object: the same pool block size. */
    KT_EQ(tag_bytes(CM_KCB_TAG) - kcbBytes, tag_bytes(CM_KEY_TAG) - keyBytes);
    KT_EQ(NtOpenKey(&b, KEY_READ, NULL, "\\Registry\\Machine\\software\\SERVPACK\\test\\types"), STATUS_SUCCESS);
    KT_EQ(CmpKcbCount(), kcbs + 1);
    KT_EQ(ObCloseHandle(a, KernelMode), STATUS_SUCCESS);
    KT_EQ(CmpKcbCount(), kcbs + 1);
    KT_EQ(ObCloseHandle(b, KernelMode), STATUS_SUCCESS);
    KT_EQ(CmpKcbCount(), kcbs);
    KT_EQ(tag_bytes(CM_KCB_TAG), kcbBytes);
    KT_EQ(tag_bytes(CM_KEY_TAG), keyBytes);
}

KTEST(bench_regopen)
{
    HANDLE key;
    LONGLONG start = KeQueryPerformanceCounter(NULL);
    for (ULONG i = 0; i < BENCH_ROUNDS; i++) {
        if (!NT_SUCCESS(NtOpenKey(&key, KEY_READ, NULL, TEST_KEY))) {
            KT_CHECK(!"open failed");
            return;
        }
        ObCloseHandle(key, KernelMode);
    }
    LONGLONG cycles = KeQueryPerformanceCounter(NULL) - start;
    DbgPrint("bench regopen+close: %u cycles\n", (ULONG)(cycles / BENCH_ROUNDS));
}

/* What a STOP does comes from onstop= when given, otherwise from the hive's AutoReboot. */
KTEST(cm_autoreboot)
{
    char option[16];
    ULONG autoReboot = CmpQuerySystemDword(CM_CRASH_CONTROL, "AutoReboot", 0);
    KE_ONSTOP expected = autoReboot ? ONSTOP_REBOOT : ONSTOP_HALT;
    BOOLEAN given = KiGetBootOption(KeBootInfo.CommandLine, "onstop", option, sizeof option);
    if (given)
        expected = !strcmp(option, "exit") ? ONSTOP_EXIT : !strcmp(option, "reboot") ? ONSTOP_REBOOT : ONSTOP_HALT;
    DbgPrint("cm_autoreboot: AutoReboot = %u, onstop= %s, KeOnStop = %u\n", autoReboot, given ? option : "absent",
             (ULONG)KeOnStop);
    KT_EQ(KeOnStop, expected);
}
