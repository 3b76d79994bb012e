// SOURCES: tools/mkhive/regparse.c kernel/cm/hvbase.c kernel/cm/hvcell.c kernel/cm/hvcheck.c kernel/cm/hvindex.c kernel/cm/hvkey.c kernel/cm/hvname.c kernel/cm/hvsec.c kernel/cm/hvvalue.c lib/rtl/rtlstring.c lib/rtl/format.c
/* Fuzz test of the hive parser: seeded mutations (bit flips, bytes, dwords set to edge values or to
   other offsets, truncation, splices from another hive) of the SYSTEM and SOFTWARE hives mkhive builds
   and of a large synthetic hive, mostly with the checksum repaired so the mutation reaches the bins.
   Every image must be rejected or be fully walkable; an accepted image is then changed (keys and
   values added and deleted) and must still pass validation. Runs ~3 s; `--seconds N` (make fuzz) runs
   longer, `--seed N` explores another sequence. */
#include <time.h>
#include "hivetest.h"
#include "../../tools/mkhive/mkhive.h"

PVOID MkAllocate(ULONG bytes) { return TestAllocate(bytes); }
void MkFree(PVOID block, ULONG bytes) { TestFree(block, bytes); }

typedef struct {
    UCHAR *Image;
    ULONG Size;
} SEED;

static SEED seeds[3];
static ULONG rng = 0x5EED1234;
static UCHAR valueBuffer[HV_MAX_DATA];

static ULONG Rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void KeepSeed(int i, HHIVE *hive)
{
    seeds[i].Size = HvImageSize(hive);
    seeds[i].Image = malloc(seeds[i].Size);
    memcpy(seeds[i].Image, hive->Image, seeds[i].Size);
    HvFreeHive(hive);
}

static void MakeSeeds(void)
{
    HHIVE hive;
    RegBuildHive(&hive, "kernel/cm/system.reg");
    KeepSeed(0, &hive);
    RegBuildHive(&hive, "kernel/cm/software.reg");
    KeepSeed(1, &hive);
    HvCreateHive(&hive, "SYNTH", TestAllocate, TestFree);
    HCELL_INDEX a, b;
    for (int i = 0; i < 150; i++) {
        char name[16];
        sprintf(name, "K%03d", i * 7 % 150);
        HvCreateSubkey(&hive, HvRootCell(&hive), name, &a);
        HvSetValue(&hive, a, "v", REG_BINARY, name, (ULONG)(i % 9));
        if (i % 10 == 0)
            HvCreateSubkey(&hive, a, "Deeper", &b);
    }
    KeepSeed(2, &hive);
}

static void Mutate(UCHAR *buf, ULONG *size)
{
    ULONG n = 1 + Rand() % 6;
    for (ULONG m = 0; m < n && *size > 8; m++) {
        ULONG at = Rand() % *size, at4 = at & ~3u;
        ULONG edge[] = { 0, 0xFFFFFFFFu, 0x80000000u, 0x7FFFFFFFu, 1, 8, 0xFFFFFFF8u, 0x20, Rand() % *size };
        const SEED *other = &seeds[Rand() % 3];
        switch (Rand() % 7) {
        case 0: buf[at] ^= (UCHAR)(1u << (Rand() % 8)); break;
        case 1: buf[at] = (UCHAR)Rand(); break;
        case 2: if (at4 + 4 <= *size) memcpy(buf + at4, &edge[Rand() % 9], 4); break;
        case 3: if (at4 + 4 <= *size) memcpy(buf + at4, buf + (Rand() % (*size / 4)) * 4, 4); break;
        case 4: *size = HBLOCK_SIZE + Rand() % (*size - HBLOCK_SIZE + 1); break;
        case 5: {
            ULONG from = Rand() % other->Size, len = 1 + Rand() % 256;
            if (from + len <= other->Size && at + len <= *size)
                memcpy(buf + at, other->Image + from, len);
            break;
        }
        default:  /* nudge a cell size or a count near where structures are */
            if (at4 + 4 <= *size) *(ULONG *)(buf + at4) += (Rand() % 2 ? 8 : -8u);
        }
    }
    if (Rand() % 8 && *size >= HBLOCK_SIZE)
        ((HBASE_BLOCK *)buf)->CheckSum = HvComputeChecksum((HBASE_BLOCK *)buf);
}

/* Reads everything reachable; subkeys with plain ASCII names must be found again by name. */
static BOOLEAN Walk(HHIVE *hive, HCELL_INDEX key)
{
    char name[HV_MAX_NAME + 1];
    HCELL_INDEX cell, found;
    ULONG type, length;
    for (ULONG i = 0; NT_SUCCESS(HvEnumerateValue(hive, key, i, &cell)); i++) {
        HvGetValueName(hive, cell, name, sizeof(name));
        HvReadValueA(hive, cell, &type, valueBuffer, sizeof(valueBuffer), &length);
    }
    for (ULONG i = 0; NT_SUCCESS(HvEnumerateSubkey(hive, key, i, &cell)); i++) {
        HvGetKeyName(hive, cell, name, sizeof(name));
        if (!strchr(name, '?') && (!NT_SUCCESS(HvFindSubkey(hive, key, name, &found)) || found != cell)) {
            printf("     subkey %s of 0x%x enumerated but not found by name\n", name, key);
            return FALSE;
        }
        if (!Walk(hive, cell))
            return FALSE;
    }
    return TRUE;
}

/* A key without subkeys below `key` (or key itself). */
static HCELL_INDEX SomeLeafKey(HHIVE *hive, HCELL_INDEX key)
{
    HCELL_INDEX child;
    while (NT_SUCCESS(HvEnumerateSubkey(hive, key, Rand() % (HvGetKeyNode(hive, key)->SubKeyCount + 1), &child)))
        key = child;
    return HvGetKeyNode(hive, key)->SubKeyCount ? HCELL_NIL : key;
}

static void ChangeHive(HHIVE *hive)
{
    HCELL_INDEX root = HvRootCell(hive), key, value;
    ULONG dword = Rand();
    HvCreateSubkey(hive, root, "FuzzNew", &key);
    HvSetValue(hive, key, "Data", REG_BINARY, valueBuffer, Rand() % 6000);
    HvSetValue(hive, root, "Dword", REG_DWORD, &dword, 4);
    key = SomeLeafKey(hive, root);
    if (key != HCELL_NIL && NT_SUCCESS(HvEnumerateValue(hive, key, 0, &value))) {
        char name[HV_MAX_NAME + 1];
        HvGetValueName(hive, value, name, sizeof(name));
        HvSetValueA(hive, key, name, REG_SZ, "changed", 8);
    }
    if (key != HCELL_NIL && key != root)
        HvDeleteKey(hive, key);
}

int main(int argc, char **argv)
{
    double seconds = 3.0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--seconds"))
            seconds = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--seed"))
            rng = (ULONG)strtoul(argv[i + 1], NULL, 0) | 1;
    }
    MakeSeeds();
    UCHAR *buf = malloc(seeds[0].Size + seeds[1].Size + seeds[2].Size);
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    unsigned long iterations = 0, accepted = 0;
    BOOLEAN ok = TRUE;
    do {
        ULONG before = rng;
        const SEED *seed = &seeds[Rand() % 3];
        ULONG size = seed->Size;
        memcpy(buf, seed->Image, size);
        Mutate(buf, &size);
        HHIVE hive;
        if (NT_SUCCESS(HvInitializeHive(&hive, buf, size, TestAllocate, TestFree))) {
            accepted++;
            ok = Walk(&hive, HvRootCell(&hive));
            ChangeHive(&hive);
            ok = ok && StillValid(&hive);
            HvFreeHive(&hive);
            if (!ok)
                printf("     iteration %lu (rng state 0x%08x before it) broke the hive layer\n", iterations, before);
        }
        iterations++;
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while (ok && (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 < seconds);
    CHECK(ok, "%lu mutated images: %lu accepted (walked, changed, still valid), %lu rejected", iterations, accepted,
          iterations - accepted);
    CHECK(accepted > 0 && accepted < iterations, "the mutations produced both accepted and rejected images");
    for (int i = 0; i < 3; i++)
        free(seeds[i].Image);
    free(buf);
    return FinishTest();
}
