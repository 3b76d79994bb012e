// SOURCES: kernel/cm/hvbase.c kernel/cm/hvcell.c kernel/cm/hvcheck.c kernel/cm/hvindex.c kernel/cm/hvkey.c kernel/cm/hvname.c kernel/cm/hvsec.c kernel/cm/hvvalue.c lib/rtl/rtlstring.c lib/rtl/format.c
/* Host tests of hive validation: each kind of corruption, applied to a copy of a good image, is
   rejected with STATUS_REGISTRY_CORRUPT and a reason that names the problem. */
#include "hivetest.h"

static HHIVE good;
static HCELL_INDEX keyA, keyB, keyC, value, bigValue;
static UCHAR *image;
static ULONG imageSize;

/* A field of the cell at `cell`, in the copy being corrupted. */
static void *Field(HCELL_INDEX cell, ULONG offset)
{
    return image + HBLOCK_SIZE + cell + 4 + offset;
}

static LONG *Header(HCELL_INDEX cell)
{
    return (LONG *)(image + HBLOCK_SIZE + cell);
}

static void Reseal(void)
{
    HBASE_BLOCK *base = (HBASE_BLOCK *)image;
    base->CheckSum = HvComputeChecksum(base);
}

static void Fresh(void)
{
    memcpy(image, good.Image, imageSize);
}

/* Loads the corrupted copy; passes when it is rejected and the reason contains `expect`. */
static void Expect(const char *what, const char *expect, ULONG size)
{
    HHIVE hive;
    NTSTATUS status = HvInitializeHive(&hive, image, size, TestAllocate, TestFree);
    if (NT_SUCCESS(status))
        HvFreeHive(&hive);
    CHECK(status == STATUS_REGISTRY_CORRUPT && strstr(hive.Reason, expect), "%-40s -> %s", what,
          NT_SUCCESS(status) ? "ACCEPTED" : hive.Reason);
}

static HCELL_INDEX FirstFreeCell(void)
{
    for (ULONG cell = HBIN_HEADER_SIZE; cell < good.Length; cell += (ULONG)abs(*Header(cell)))
        if (*Header(cell) > 0)
            return cell;
    return HCELL_NIL;
}

static void Build(void)
{
    HvCreateHive(&good, "CHECK", TestAllocate, TestFree);
    HCELL_INDEX root = HvRootCell(&good), k;
    HvCreateSubkey(&good, root, "A", &keyA);
    HvCreateSubkey(&good, root, "B", &keyB);
    HvCreateSubkey(&good, keyA, "C", &keyC);
    for (int i = 0; i < 100; i++) {       /* enough for an ri under B */
        char name[16];
        sprintf(name, "Sub%03d", i);
        HvCreateSubkey(&good, keyB, name, &k);
    }
    HvSetValueA(&good, keyC, "Name", REG_SZ, "value", 6);
    HvSetValue(&good, keyC, "Big", REG_BINARY, image, 200);
    HvFindValue(&good, keyC, "Name", &value);
    HvFindValue(&good, keyC, "Big", &bigValue);
    HvFreeCell(&good, HvAllocateCell(&good, 64));   /* leave a free cell in the first bin */
    imageSize = HvImageSize(&good);
}

int main(void)
{
    image = calloc(1, 1 << 20);
    Build();
    HBASE_BLOCK *base = (HBASE_BLOCK *)image;
    Fresh();
    CHECK(StillValid(&good), "the uncorrupted hive is accepted");

    Fresh(); image[60] ^= 1;                               Expect("changed base block byte", "checksum", imageSize);
    Fresh(); base->Signature = 0x47455246; Reseal();      Expect("bad signature", "regf", imageSize);
    Fresh(); base->Major = 2; Reseal();                    Expect("major version 2", "version", imageSize);
    Fresh(); base->Sequence1++; Reseal();                  Expect("sequence numbers differ", "sequence", imageSize);
    Fresh(); base->Length += 4096; Reseal();               Expect("length past the file", "shorter", imageSize);
    Fresh(); base->Length = 100; Reseal();                 Expect("length not a multiple of 4 KiB", "length", imageSize);
    Fresh();                                               Expect("file truncated to 4 KiB", "too small", 4096);
    Fresh();                                               Expect("file truncated mid-bin", "shorter", imageSize - 100);
    Fresh(); memcpy(image + HBLOCK_SIZE, "hbim", 4);       Expect("bin signature", "hbin", imageSize);
    Fresh(); ((HBIN *)(image + HBLOCK_SIZE))->FileOffset = 4096; Expect("bin offset field", "says it is at", imageSize);
    Fresh(); ((HBIN *)(image + HBLOCK_SIZE))->Size = 3000; Expect("bin size not 4 KiB multiple", "bad size", imageSize);
    Fresh(); *Header(keyA) = -(LONG)(good.Length * 2);     Expect("cell running past its bin", "runs past its bin", imageSize);
    Fresh(); *Header(keyA) = -13;                          Expect("cell size not a multiple of 8", "bad size", imageSize);
    Fresh(); *Header(keyA) = 0;                            Expect("zero cell size", "bad size", imageSize);
    Fresh(); *Header(keyA) = (LONG)0x80000000;             Expect("cell size INT_MIN", "runs past", imageSize);
    Fresh(); base->RootCell = keyA + 8; Reseal();          Expect("root not at a cell start", "not an allocated cell", imageSize);
    Fresh(); base->RootCell = 0xFFFFFFF0; Reseal();        Expect("root offset past the end", "not an allocated cell", imageSize);
    Fresh(); *(ULONG *)Field(keyC, 40) = FirstFreeCell(); Expect("value list in a free cell", "not an allocated cell", imageSize);
    Fresh(); *(ULONG *)Field(value, 8) = FirstFreeCell();  Expect("value data in a free cell", "not an allocated cell", imageSize);
    Fresh(); *Header(keyC) = -*Header(keyC);               Expect("key cell marked free", "not an allocated cell", imageSize);
    Fresh(); (*(ULONG *)Field(HvRootCell(&good), 20))++;   Expect("root subkey count one too many", "says it has", imageSize);
    Fresh(); (*(ULONG *)Field(keyB, 20))--;                Expect("ri subkey count one too few", "says it has", imageSize);
    Fresh(); *(ULONG *)Field(keyC, 36) = 100;              Expect("value count larger than its list", "too small", imageSize);
    Fresh(); memcpy(Field(keyA, 0), "nl", 2);              Expect("nk signature", "\"nk\"", imageSize);
    Fresh(); memcpy(Field(value, 0), "vj", 2);             Expect("vk signature", "\"vk\"", imageSize);
    Fresh(); *(USHORT *)Field(keyC, 72) = 300;             Expect("key name longer than its cell", "name length", imageSize);
    Fresh(); *(USHORT *)Field(value, 2) = 200;             Expect("value name longer than its cell", "name length", imageSize);
    Fresh(); *(ULONG *)Field(value, 4) = 5 | VALUE_DATA_INLINE; Expect("inline data of 5 bytes", "inline", imageSize);
    Fresh(); *(ULONG *)Field(bigValue, 4) = 5000;          Expect("data longer than its cell", "too small", imageSize);
    Fresh(); *(ULONG *)Field(keyA, 16) = keyB;             Expect("wrong parent", "parent", imageSize);
    /* A loop: C's subkey list is A's own list (which holds C). */
    Fresh(); *(ULONG *)Field(keyC, 20) = 1; *(ULONG *)Field(keyC, 28) = *(ULONG *)Field(keyA, 28);
                                                           Expect("loop (key lists itself below itself)", "twice", imageSize);
    /* Two keys sharing one value list. */
    Fresh(); *(ULONG *)Field(keyA, 36) = 2; *(ULONG *)Field(keyA, 40) = *(ULONG *)Field(keyC, 40);
                                                           Expect("value list shared by two keys", "twice", imageSize);
    /* Root's lf holds A then B; swapping them breaks the order. */
    HCELL_INDEX rootList = *(ULONG *)((UCHAR *)good.Image + HBLOCK_SIZE + HvRootCell(&good) + 4 + 28);
    Fresh(); { ULONG *e = Field(rootList, 4), t0 = e[0], t1 = e[1]; e[0] = e[2]; e[1] = e[3]; e[2] = t0; e[3] = t1; }
                                                           Expect("unsorted subkey list", "sorted", imageSize);
    Fresh(); memcpy(Field(rootList, 0), "xx", 2);          Expect("unknown subkey list kind", "li, lf, lh or ri", imageSize);
    HCELL_INDEX sk = *(ULONG *)Field(keyA, 44);
    Fresh(); *(ULONG *)Field(sk, 12) = 3;                  Expect("sk reference count too low", "references", imageSize);
    Fresh(); *(ULONG *)Field(sk, 4) = keyA;                Expect("sk Flink to a key", "link", imageSize);
    Fresh(); *(ULONG *)Field(sk, 16) = 100000;             Expect("sk descriptor longer than its cell", "descriptor", imageSize);
    /* A chain deeper than HV_MAX_DEPTH: every key's single subkey list points at the next key. */
    {
        HHIVE deep;
        HvCreateHive(&deep, "DEEP", TestAllocate, TestFree);
        HCELL_INDEX k = HvRootCell(&deep);
        for (unsigned i = 0; i <= HV_MAX_DEPTH; i++)
            HvCreateSubkey(&deep, k, "D", &k);
        HHIVE loaded;
        NTSTATUS status = HvInitializeHive(&loaded, deep.Image, HvImageSize(&deep), TestAllocate, TestFree);
        CHECK(status == STATUS_REGISTRY_CORRUPT && strstr(loaded.Reason, "levels deep"), "%-40s -> %s",
              "keys nested too deep", loaded.Reason);
        HvFreeHive(&deep);
    }
    HvFreeHive(&good);
    free(image);
    return FinishTest();
}
