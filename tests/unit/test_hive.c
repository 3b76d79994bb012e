// SOURCES: kernel/cm/hvbase.c kernel/cm/hvcell.c kernel/cm/hvcheck.c kernel/cm/hvindex.c kernel/cm/hvkey.c kernel/cm/hvname.c kernel/cm/hvsec.c kernel/cm/hvvalue.c lib/rtl/rtlstring.c lib/rtl/format.c
/* Host tests of the hive layer: create, many keys (ri splits, new bins), delete, free-cell reuse and
   coalescing, values of every type (inline and 64 KiB), reload of the image, dirty tracking, and
   out-of-memory at every allocation leaving a valid hive. */
#include "hivetest.h"

#define MANY 2000

static LONG CellHeader(HHIVE *hive, HCELL_INDEX cell)
{
    return *(LONG *)(hive->Image + HBLOCK_SIZE + cell);
}

static void TestCreate(void)
{
    HHIVE hive;
    CHECK(HvCreateHive(&hive, "TEST", TestAllocate, TestFree) == STATUS_SUCCESS, "create an empty hive");
    HBASE_BLOCK *base = HvBaseBlock(&hive);
    char name[32];
    HvGetKeyName(&hive, HvRootCell(&hive), name, sizeof(name));
    CHECK(!strcmp(name, "TEST"), "root key is named TEST (got %s)", name);
    CHECK(base->Major == 1 && base->Minor == 3, "version 1.%u", base->Minor);
    CHECK(base->Sequence1 == base->Sequence2, "sequence numbers equal");
    CHECK(base->Length == 4096 && HvImageSize(&hive) == 8192, "one 4 KiB bin after the base block");
    CHECK(base->CheckSum == HvComputeChecksum(base) && base->CheckSum != 0 && base->CheckSum != 0xFFFFFFFFu,
          "checksum is the raw XOR and neither 0 nor -1");
    CM_KEY_NODE *root = HvGetKeyNode(&hive, HvRootCell(&hive));
    CHECK((root->Flags & (KEY_HIVE_ENTRY | KEY_COMP_NAME)) == (KEY_HIVE_ENTRY | KEY_COMP_NAME), "root flags");
    CM_KEY_SECURITY *sk = HvGetCell(&hive, root->Security);
    CHECK(sk->Signature == CM_KEY_SECURITY_SIG && sk->ReferenceCount == 1 && sk->Flink == root->Security,
          "root has the default sk, referenced once, alone on its list");
    CHECK(StillValid(&hive), "the new hive passes validation");
    CHECK(HvDeleteKey(&hive, HvRootCell(&hive)) == STATUS_CANNOT_DELETE, "the root cannot be deleted");
    HCELL_INDEX k;
    CHECK(HvCreateSubkey(&hive, HvRootCell(&hive), "a\\b", &k) == STATUS_OBJECT_NAME_INVALID, "backslash refused");
    CHECK(HvCreateSubkey(&hive, HvRootCell(&hive), "", &k) == STATUS_OBJECT_NAME_INVALID, "empty name refused");
    HvFreeHive(&hive);
}

/* Names inserted in a scrambled order so every leaf position gets exercised. */
static void KeyName(char *buf, unsigned i)
{
    sprintf(buf, "Key%04u", (i * 7919u) % MANY);
}

static void TestManyKeys(void)
{
    HHIVE hive;
    HvCreateHive(&hive, "MANY", TestAllocate, TestFree);
    HCELL_INDEX root = HvRootCell(&hive), child, cells[MANY];
    char name[32], got[32];
    BOOLEAN ok = TRUE;
    for (unsigned i = 0; i < MANY; i++) {
        KeyName(name, i);
        ok &= HvCreateSubkey(&hive, root, name, &cells[(i * 7919u) % MANY]) == STATUS_SUCCESS;
    }
    CHECK(ok, "created %u subkeys", MANY);
    CM_KEY_NODE *nk = HvGetKeyNode(&hive, root);
    CM_KEY_INDEX *list = HvGetCell(&hive, nk->SubKeyList);
    CHECK(nk->SubKeyCount == MANY, "subkey count %u", nk->SubKeyCount);
    CHECK(list->Signature == CM_INDEX_ROOT && list->Count >= MANY / HV_MAX_LEAF,
          "list is an ri of %u lf leaves", list->Count);
    CHECK(hive.Length > 4 * HBLOCK_SIZE, "hive grew to %u bytes of bins", hive.Length);
    ok = TRUE;
    for (unsigned i = 0; i < MANY; i++) {
        ok &= HvEnumerateSubkey(&hive, root, i, &child) == STATUS_SUCCESS;
        HvGetKeyName(&hive, child, got, sizeof(got));
        sprintf(name, "Key%04u", i);
        ok &= !strcmp(got, name) && child == cells[i];
    }
    CHECK(ok, "enumeration returns all keys in sorted order");
    CHECK(HvEnumerateSubkey(&hive, root, MANY, &child) == STATUS_NO_MORE_ENTRIES, "enumeration ends");
    ok = TRUE;
    for (unsigned i = 0; i < MANY; i++) {
        sprintf(name, "kEY%04u", i);
        ok &= HvFindSubkey(&hive, root, name, &child) == STATUS_SUCCESS && child == cells[i];
    }
    CHECK(ok, "every key is found by a differently cased name");
    CHECK(HvFindSubkey(&hive, root, "Key2000", &child) == STATUS_OBJECT_NAME_NOT_FOUND &&
          HvFindSubkey(&hive, root, "A", &child) == STATUS_OBJECT_NAME_NOT_FOUND &&
          HvFindSubkey(&hive, root, "Key00005", &child) == STATUS_OBJECT_NAME_NOT_FOUND, "missing names not found");
    CHECK(HvCreateSubkey(&hive, root, "KEY0042", &child) == STATUS_OBJECT_NAME_COLLISION && child == cells[42],
          "creating an existing key reports a collision and the key");
    CHECK(StillValid(&hive), "hive with %u keys passes validation", MANY);

    CM_KEY_SECURITY *sk = HvGetCell(&hive, HvGetKeyNode(&hive, root)->Security);
    CHECK(sk->ReferenceCount == MANY + 1, "sk shared by all keys: %u references", sk->ReferenceCount);

    ok = TRUE;
    for (unsigned i = 0; i < MANY; i += 2)
        ok &= HvDeleteKey(&hive, cells[i]) == STATUS_SUCCESS;
    CHECK(ok, "deleted every second key");
    nk = HvGetKeyNode(&hive, root);
    CHECK(nk->SubKeyCount == MANY / 2, "subkey count now %u", nk->SubKeyCount);
    ok = TRUE;
    for (unsigned i = 0; i < MANY; i++) {
        sprintf(name, "Key%04u", i);
        ok &= (HvFindSubkey(&hive, root, name, &child) == STATUS_SUCCESS) == (i % 2 == 1);
    }
    CHECK(ok, "only the odd keys remain");
    CHECK(StillValid(&hive), "hive after deletions passes validation");
    for (unsigned i = 1; i < MANY; i += 2)
        HvDeleteKey(&hive, cells[i]);
    nk = HvGetKeyNode(&hive, root);
    CHECK(nk->SubKeyCount == 0 && nk->SubKeyList == HCELL_NIL, "all deleted: the list is gone");
    sk = HvGetCell(&hive, nk->Security);
    CHECK(sk->ReferenceCount == 1, "sk references back to 1");
    CHECK(StillValid(&hive), "empty hive passes validation");
    HvFreeHive(&hive);
}

static void TestNestedAndDelete(void)
{
    HHIVE hive;
    HvCreateHive(&hive, "NEST", TestAllocate, TestFree);
    HCELL_INDEX a, b, c, found;
    HvCreateSubkey(&hive, HvRootCell(&hive), "A", &a);
    HvCreateSubkey(&hive, a, "B", &b);
    HvCreateSubkey(&hive, b, "C", &c);
    HvSetValue(&hive, c, "v", REG_BINARY, "0123456789", 10);
    CHECK(HvOpenKeyPath(&hive, "a\\b\\c", &found) == STATUS_SUCCESS && found == c, "open a path");
    CHECK(HvOpenKeyPath(&hive, "a\\x", &found) == STATUS_OBJECT_NAME_NOT_FOUND, "missing path component");
    CHECK(HvDeleteKey(&hive, a) == STATUS_CANNOT_DELETE, "a key with subkeys cannot be deleted");
    CHECK(HvDeleteKey(&hive, c) == STATUS_SUCCESS && HvDeleteKey(&hive, b) == STATUS_SUCCESS &&
          HvDeleteKey(&hive, a) == STATUS_SUCCESS, "delete leaf to top (with a value)");
    CHECK(StillValid(&hive), "valid after the deletes");
    HvFreeHive(&hive);
}

static void TestCells(void)
{
    HHIVE hive;
    HvCreateHive(&hive, "CELLS", TestAllocate, TestFree);
    HCELL_INDEX a = HvAllocateCell(&hive, 100);
    HvFreeCell(&hive, a);
    CHECK(HvAllocateCell(&hive, 100) == a, "a freed cell is reused for the same size");
    HCELL_INDEX b = HvAllocateCell(&hive, 60), c = HvAllocateCell(&hive, 20), d = HvAllocateCell(&hive, 20);
    ULONG sa = (ULONG)-CellHeader(&hive, a), sb = (ULONG)-CellHeader(&hive, b), sc = (ULONG)-CellHeader(&hive, c);
    CHECK(b == a + sa && c == b + sb && d == c + sc, "consecutive allocations are adjacent");
    CHECK(sa == 104 && sb == 64 && sc == 24, "sizes include the header, 8-aligned (%u %u %u)", sa, sb, sc);
    HvFreeCell(&hive, a);
    HvFreeCell(&hive, c);
    HvFreeCell(&hive, b);
    CHECK(CellHeader(&hive, a) == (LONG)(sa + sb + sc), "freeing the middle merges both neighbours (%d)",
          CellHeader(&hive, a));
    CHECK(HvAllocateCell(&hive, sa + sb + sc - 4) == a, "the merged cell is reused whole");
    HvFreeCell(&hive, d);
    ULONG before = hive.Length;
    HCELL_INDEX big = HvAllocateCell(&hive, 10000);
    CHECK(big != HCELL_NIL && hive.Length == before + 3 * HBLOCK_SIZE && HvGetCellSize(&hive, big) >= 10000,
          "a 10000-byte cell gets a new 12 KiB bin");
    HvFreeCell(&hive, big);
    CHECK(HvAllocateCell(&hive, 10000) == big && hive.Length == before + 3 * HBLOCK_SIZE,
          "and is reused without growing again");
    CHECK(HvAllocateCell(&hive, HV_MAX_DATA + 8192) == HCELL_NIL, "absurd cell sizes are refused");
    HvFreeHive(&hive);
}

/* The largest free cell of each bin, recomputed from the cells, must match hive->BinFree. */
static BOOLEAN BinFreeIsExact(HHIVE *hive)
{
    for (ULONG bin = 0; bin < hive->Length;) {
        HBIN *header = (HBIN *)(hive->Image + HBLOCK_SIZE + bin);
        ULONG largest = 0;
        for (ULONG cell = bin + HBIN_HEADER_SIZE; cell < bin + header->Size;) {
            LONG size = CellHeader(hive, cell);
            if (size > 0 && (ULONG)size > largest)
                largest = (ULONG)size;
            cell += (ULONG)(size < 0 ? -size : size);
        }
        if (hive->BinFree[bin / HBLOCK_SIZE] != largest)
            return FALSE;
        bin += header->Size;
    }
    return TRUE;
}

static void TestRandomCells(void)
{
    HHIVE hive;
    HCELL_INDEX cells[500] = { 0 };
    ULONG seed = 12345;
    BOOLEAN exact = TRUE;
    HvCreateHive(&hive, "RANDOM", TestAllocate, TestFree);
    for (int round = 0; round < 20000; round++) {
        seed = seed * 1103515245 + 12345;
        int i = (int)(seed >> 8) % 500;
        if (cells[i]) {
            HvFreeCell(&hive, cells[i]);
            cells[i] = 0;
        } else {
            cells[i] = HvAllocateCell(&hive, (seed >> 4) % (seed & 1 ? 200 : 6000));
        }
        if (round % 1000 == 0)
            exact &= BinFreeIsExact(&hive);
    }
    ULONG grown = hive.Length;
    CHECK(exact && BinFreeIsExact(&hive), "each bin's largest free cell is tracked exactly through 20000 random "
          "allocations and frees");
    for (int i = 0; i < 500; i++)
        if (cells[i])
            HvFreeCell(&hive, cells[i]);
    BOOLEAN whole = TRUE;
    for (ULONG bin = HBLOCK_SIZE; bin < hive.Length;) {   /* the first bin holds the root key */
        ULONG size = ((HBIN *)(hive.Image + HBLOCK_SIZE + bin))->Size;
        whole &= hive.BinFree[bin / HBLOCK_SIZE] + HBIN_HEADER_SIZE == size;
        bin += size;
    }
    CHECK(whole, "after freeing them all every bin but the root's is one free cell again (%u KiB of bins)",
          grown / 1024);
    HvFreeHive(&hive);
}

static BOOLEAN ValueIs(HHIVE *hive, HCELL_INDEX key, const char *name, ULONG type, const void *data, ULONG length)
{
    HCELL_INDEX value;
    ULONG t, l;
    if (!NT_SUCCESS(HvFindValue(hive, key, name, &value)))
        return FALSE;
    const void *stored = HvGetValueData(hive, value, &t, &l);
    return t == type && l == length && (length == 0 || !memcmp(stored, data, length));
}

static void TestValues(void)
{
    HHIVE hive;
    HvCreateHive(&hive, "VALUES", TestAllocate, TestFree);
    HCELL_INDEX key, value, root = HvRootCell(&hive);
    HvCreateSubkey(&hive, root, "Types", &key);
    ULONG dword = 0x1F;
    static UCHAR big[65536];
    for (unsigned i = 0; i < sizeof(big); i++)
        big[i] = (UCHAR)(i * 31 + 7);
    CHECK(HvSetValueA(&hive, key, "", REG_SZ, "default", 8) == STATUS_SUCCESS, "set the default value");
    CHECK(HvSetValueA(&hive, key, "Sz", REG_SZ, "hello", 6) == STATUS_SUCCESS, "set REG_SZ");
    CHECK(HvSetValueA(&hive, key, "Expand", REG_EXPAND_SZ, "%SystemRoot%", 13) == STATUS_SUCCESS, "REG_EXPAND_SZ");
    CHECK(HvSetValueA(&hive, key, "Multi", REG_MULTI_SZ, "a\0bc\0", 6) == STATUS_SUCCESS, "REG_MULTI_SZ");
    CHECK(HvSetValue(&hive, key, "Dword", REG_DWORD, &dword, 4) == STATUS_SUCCESS, "REG_DWORD");
    CHECK(HvSetValue(&hive, key, "Bin3", REG_BINARY, "\1\2\3", 3) == STATUS_SUCCESS, "3-byte REG_BINARY");
    CHECK(HvSetValue(&hive, key, "Big", REG_BINARY, big, sizeof(big)) == STATUS_SUCCESS, "64 KiB REG_BINARY");
    CHECK(HvSetValue(&hive, key, "None", REG_NONE, NULL, 0) == STATUS_SUCCESS, "empty REG_NONE");
    CHECK(HvGetKeyNode(&hive, key)->ValueCount == 8, "8 values");

    CHECK(ValueIs(&hive, key, "sz", REG_SZ, "h\0e\0l\0l\0o\0\0", 12), "REG_SZ is stored as UTF-16LE");
    CHECK(ValueIs(&hive, key, "MULTI", REG_MULTI_SZ, "a\0\0\0b\0c\0\0\0\0\0", 12), "REG_MULTI_SZ as UTF-16LE");
    CHECK(ValueIs(&hive, key, "Dword", REG_DWORD, &dword, 4), "REG_DWORD reads back");
    CHECK(ValueIs(&hive, key, "Big", REG_BINARY, big, sizeof(big)), "64 KiB reads back");
    CHECK(ValueIs(&hive, key, "None", REG_NONE, NULL, 0), "empty value reads back");
    HvFindValue(&hive, key, "Dword", &value);
    CM_KEY_VALUE *vk = HvGetCell(&hive, value);
    CHECK(vk->DataLength == (4 | VALUE_DATA_INLINE) && vk->DataOffset == 0x1F, "a DWORD is inline in the vk");
    HvFindValue(&hive, key, "Bin3", &value);
    vk = HvGetCell(&hive, value);
    CHECK(vk->DataLength == (3 | VALUE_DATA_INLINE), "3 bytes are inline");
    HvFindValue(&hive, key, "Expand", &value);
    char text[64];
    ULONG type, length;
    CHECK(HvReadValueA(&hive, value, &type, text, sizeof(text), &length) == STATUS_SUCCESS && type == REG_EXPAND_SZ &&
          length == 13 && !strcmp(text, "%SystemRoot%"), "REG_EXPAND_SZ reads back as ASCII");
    CHECK(HvReadValueA(&hive, value, &type, text, 4, &length) == STATUS_BUFFER_OVERFLOW && length == 13,
          "a short buffer gets STATUS_BUFFER_OVERFLOW and the full length");
    HvFindValue(&hive, key, "", &value);
    CHECK(HvGetValueName(&hive, value, text, sizeof(text)) == 0, "the default value has an empty name");

    CHECK(StillValid(&hive), "hive with every value type passes validation");
    HvSetValue(&hive, key, "Dword", REG_BINARY, big, 100);
    CHECK(ValueIs(&hive, key, "Dword", REG_BINARY, big, 100), "replace inline data with a cell (type changes too)");
    HvSetValue(&hive, key, "Big", REG_DWORD, &dword, 4);
    CHECK(ValueIs(&hive, key, "big", REG_DWORD, &dword, 4) && HvGetKeyNode(&hive, key)->ValueCount == 8,
          "replace 64 KiB data with inline data, same value count");
    CHECK(HvGetKeyNode(&hive, key)->MaxValueDataLen == sizeof(big), "MaxValueDataLen remembers the largest");
    CHECK(StillValid(&hive), "valid after replacing values");
    CHECK(HvDeleteValue(&hive, key, "SZ") == STATUS_SUCCESS && HvFindValue(&hive, key, "Sz", &value) != STATUS_SUCCESS,
          "delete a value");
    CHECK(HvDeleteValue(&hive, key, "Sz") == STATUS_OBJECT_NAME_NOT_FOUND, "deleting it again fails");
    CHECK(HvEnumerateValue(&hive, key, 6, &value) == STATUS_SUCCESS &&
          HvEnumerateValue(&hive, key, 7, &value) == STATUS_NO_MORE_ENTRIES, "enumeration sees 7 values");
    const char *names[] = { "", "Expand", "Multi", "Dword", "Bin3", "Big", "None" };
    for (int i = 0; i < 7; i++)
        HvDeleteValue(&hive, key, names[i]);
    CHECK(HvGetKeyNode(&hive, key)->ValueCount == 0 && HvGetKeyNode(&hive, key)->ValueList == HCELL_NIL,
          "all values deleted: the list is gone");
    CHECK(StillValid(&hive), "valid after deleting values");
    HvFreeHive(&hive);
}

/* Every byte that differs between two images of the same hive lies in a sector marked dirty. */
static BOOLEAN DirtyCoversChanges(HHIVE *hive, const UCHAR *before, ULONG beforeLength)
{
    for (ULONG i = 0; i < hive->Length; i++) {
        BOOLEAN changed = i >= beforeLength || hive->Image[HBLOCK_SIZE + i] != before[HBLOCK_SIZE + i];
        if (changed && !HvIsSectorDirty(hive, i / HSECTOR_SIZE)) {
            printf("     byte 0x%x changed in a clean sector\n", i);
            return FALSE;
        }
    }
    return TRUE;
}

static void TestDirty(void)
{
    HHIVE hive;
    HvCreateHive(&hive, "DIRTY", TestAllocate, TestFree);
    HCELL_INDEX key, child;
    HvCreateSubkey(&hive, HvRootCell(&hive), "K", &key);
    HvClearDirty(&hive);
    CHECK(hive.DirtyCount == 0, "clean after HvClearDirty");
    UCHAR *before = malloc(HBLOCK_SIZE + (1 << 20));
    BOOLEAN ok = TRUE;
    for (int round = 0; round < 200; round++) {
        ULONG beforeLength = hive.Length;
        memcpy(before, hive.Image, HvImageSize(&hive));
        char name[16];
        sprintf(name, "S%03d", (round * 37) % 200);
        if (round % 3 == 2)
            HvDeleteKey(&hive, child);
        else
            HvCreateSubkey(&hive, key, name, &child);
        HvSetValue(&hive, key, name, REG_BINARY, before + 100, (ULONG)(round * 13 % 300));
        ok &= DirtyCoversChanges(&hive, before, beforeLength) && hive.DirtyCount > 0;
        HvClearDirty(&hive);
    }
    CHECK(ok, "after 200 changes every changed byte was in a dirty sector");
    CHECK(StillValid(&hive), "valid after the changes");
    free(before);
    HvFreeHive(&hive);
}

static void TestReload(void)
{
    HHIVE hive, copy;
    HvCreateHive(&hive, "RELOAD", TestAllocate, TestFree);
    HCELL_INDEX key, found, value;
    HvCreateSubkey(&hive, HvRootCell(&hive), "Software", &key);
    HvSetValueA(&hive, key, "Name", REG_SZ, "servpack", 9);
    CHECK(HvInitializeHive(&copy, hive.Image, HvImageSize(&hive), TestAllocate, TestFree) == STATUS_SUCCESS,
          "load the image of a built hive");
    CHECK(!memcmp(copy.Image, hive.Image, HvImageSize(&hive)), "the loaded image is byte for byte the same");
    char text[16];
    ULONG type, length;
    CHECK(HvOpenKeyPath(&copy, "SOFTWARE", &found) == STATUS_SUCCESS && HvFindValue(&copy, found, "name", &value) ==
          STATUS_SUCCESS && HvReadValueA(&copy, value, &type, text, sizeof(text), &length) == STATUS_SUCCESS &&
          !strcmp(text, "servpack"), "the loaded hive has the key and value");
    HvCreateSubkey(&copy, found, "More", &key);
    CHECK(StillValid(&copy), "the loaded hive can be changed and stays valid");
    HvFreeHive(&copy);
    HvFreeHive(&hive);
}

/* Fails the n-th allocation for n = 0, 1, 2...: each operation either succeeds or fails cleanly. */
static void TestOutOfMemory(void)
{
    BOOLEAN ok = TRUE;
    int completed = 0;
    for (long n = 0; n < 400 && ok; n++) {
        HHIVE hive;
        allocations_left = n;
        if (!NT_SUCCESS(HvCreateHive(&hive, "OOM", TestAllocate, TestFree)))
            continue;
        HCELL_INDEX root = HvRootCell(&hive), key;
        static UCHAR data[9000];
        for (int i = 0; i < 150; i++) {
            char name[16];
            sprintf(name, "K%03d", (i * 53) % 150);
            if (HvCreateSubkey(&hive, root, name, &key) == STATUS_SUCCESS)
                HvSetValue(&hive, key, name, REG_BINARY, data, (ULONG)(i * 61 % 9000));
        }
        allocations_left = -1;
        ok = StillValid(&hive);
        completed += HvGetKeyNode(&hive, root)->SubKeyCount == 150;
        HvFreeHive(&hive);
    }
    allocations_left = -1;
    CHECK(ok, "with allocation failures injected at every point the hive stays valid");
    CHECK(completed > 0, "and with enough memory all 150 keys were created (%d runs)", completed);
}

int main(void)
{
    TestCreate();
    TestManyKeys();
    TestNestedAndDelete();
    TestCells();
    TestRandomCells();
    TestValues();
    TestDirty();
    TestReload();
    TestOutOfMemory();
    return FinishTest();
}
