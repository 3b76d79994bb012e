// SOURCES: tools/mkhive/regparse.c kernel/cm/hvbase.c kernel/cm/hvcell.c kernel/cm/hvcheck.c kernel/cm/hvindex.c kernel/cm/hvkey.c kernel/cm/hvname.c kernel/cm/hvsec.c kernel/cm/hvvalue.c lib/rtl/rtlstring.c lib/rtl/format.c
/* Checks hives written by mkhive's code with an independent reader, hivex: the SYSTEM and SOFTWARE
   hives from the checked-in .reg files and a large changed hive (ri lists, many bins, a 64 KiB value,
   deleted keys and values). For every key, hivexsh's `lsval` and `ls` must list exactly the values and
   subkeys this layer stored; `hivexml` must show every key; configuration values are read with hivexget. */
#include <sys/wait.h>
#include <unistd.h>
#include "hivetest.h"
#include "../../tools/mkhive/mkhive.h"

PVOID MkAllocate(ULONG bytes) { return TestAllocate(bytes); }
void MkFree(PVOID block, ULONG bytes) { TestFree(block, bytes); }

static char dir[] = "/tmp/servpack-hivex-XXXXXX";

/* Runs argv, returns its stdout (malloc'd) or NULL if it did not exit with 0. */
static char *Run(char *const argv[])
{
    int fds[2];
    if (pipe(fds))
        return NULL;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    size_t size = 0, capacity = 1 << 16;
    char *out = malloc(capacity);
    ssize_t n;
    while ((n = read(fds[0], out + size, capacity - size - 1)) > 0)
        if ((size += (size_t)n) + 1 == capacity)
            out = realloc(out, capacity *= 2);
    close(fds[0]);
    out[size] = 0;
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status)) {
        free(out);
        return NULL;
    }
    return out;
}

typedef struct {
    char *Data;
    size_t Length, Capacity;
} TEXT;

static void Append(TEXT *text, const char *piece)
{
    size_t n = strlen(piece);
    if (text->Length + n + 1 > text->Capacity) {
        text->Capacity = (text->Length + n + 1) * 2;
        text->Data = realloc(text->Data, text->Capacity);
    }
    memcpy(text->Data + text->Length, piece, n + 1);
    text->Length += n;
}

static void AppendQuoted(TEXT *text, const char *s)
{
    Append(text, "\"");
    for (char c[2] = { 0, 0 }; (c[0] = *s); s++) {
        if (*s == '\\' || *s == '"')
            Append(text, "\\");
        Append(text, c);
    }
    Append(text, "\"");
}

/* The line hivexget prints for a value, from what this layer stored. */
static void ExpectedLine(HHIVE *hive, HCELL_INDEX value, TEXT *text)
{
    char name[HV_MAX_NAME + 1], piece[16];
    static char ascii[HV_MAX_DATA];
    ULONG type, stored, n;
    HvGetValueName(hive, value, name, sizeof(name));
    AppendQuoted(text, name[0] ? name : "@");
    Append(text, "=");
    const UCHAR *data = HvGetValueData(hive, value, &type, &stored);
    if (type == REG_SZ || type == REG_EXPAND_SZ) {
        HvReadValueA(hive, value, &type, ascii, sizeof(ascii) - 1, &n);
        ascii[n] = 0;
        Append(text, type == REG_EXPAND_SZ ? "str(2):" : "");
        AppendQuoted(text, ascii);
    } else if (type == REG_DWORD) {
        snprintf(piece, sizeof(piece), "dword:%08x", *(const ULONG *)data);
        Append(text, piece);
    } else {
        snprintf(piece, sizeof(piece), "hex(%x):", (unsigned)type);
        Append(text, piece);
        for (ULONG i = 0; i < stored; i++) {
            snprintf(piece, sizeof(piece), i ? ",%02x" : "%02x", data[i]);
            Append(text, piece);
        }
    }
    Append(text, "\n");
}

typedef struct {
    int Keys;
    TEXT Script, Expected;
    char *Xml;
    BOOLEAN XmlOk;
} WALK;

/* Adds "cd KEY", "lsval" and "ls" to the hivexsh script and what they must print to the expected text. */
static void DescribeKey(HHIVE *hive, HCELL_INDEX key, char *path, WALK *w)
{
    char name[HV_MAX_NAME + 1], attribute[HV_MAX_NAME + 16];
    HvGetKeyName(hive, key, name, sizeof(name));
    snprintf(attribute, sizeof(attribute), "<node name=\"%s\"", name);
    w->Keys++;
    if (!strstr(w->Xml, attribute)) {
        printf("     hivexml does not show key %s\n", path);
        w->XmlOk = FALSE;
    }
    Append(&w->Script, "cd \\");
    Append(&w->Script, path);
    Append(&w->Script, "\nlsval\nls\n");
    HCELL_INDEX cell;
    for (ULONG i = 0; NT_SUCCESS(HvEnumerateValue(hive, key, i, &cell)); i++)
        ExpectedLine(hive, cell, &w->Expected);
    for (ULONG i = 0; NT_SUCCESS(HvEnumerateSubkey(hive, key, i, &cell)); i++) {
        HvGetKeyName(hive, cell, name, sizeof(name));
        Append(&w->Expected, name);
        Append(&w->Expected, "\n");
    }
    size_t end = strlen(path);
    for (ULONG i = 0; NT_SUCCESS(HvEnumerateSubkey(hive, key, i, &cell)); i++) {
        HvGetKeyName(hive, cell, name, sizeof(name));
        sprintf(path + end, "%s%s", end ? "\\" : "", name);
        DescribeKey(hive, cell, path, w);
        path[end] = 0;
    }
}

/* Where two texts first differ, for the failure message. */
static void ShowDifference(const char *got, const char *expected)
{
    size_t i = 0, line = 1;
    for (; got[i] && got[i] == expected[i]; i++)
        line += got[i] == '\n';
    printf("     first difference at output line %zu: got \"%.60s\", expected \"%.60s\"\n", line, got + i, expected + i);
}

static void WriteHive(HHIVE *hive, const char *path)
{
    FILE *f = fopen(path, "wb");
    fwrite(hive->Image, 1, HvImageSize(hive), f);
    fclose(f);
}

/* Writes the hive and checks its version; hivexml must show every key and one hivexsh session that
   visits every key must list exactly the values and subkeys this layer stored. */
static void CheckWithHivex(HHIVE *hive, const char *fileName)
{
    char file[128], script[160], path[4096] = "";
    snprintf(file, sizeof(file), "%s/%s", dir, fileName);
    snprintf(script, sizeof(script), "%s/%s.script", dir, fileName);
    WriteHive(hive, file);
    FILE *f = fopen(file, "rb");
    ULONG header[7];
    CHECK(fread(header, 4, 7, f) == 7 && header[5] == 1 && header[6] == 3, "%s is a version 1.3 hive file",
          fileName);
    fclose(f);
    char *xmlArgv[] = { "hivexml", file, NULL };
    WALK w = { .Xml = Run(xmlArgv), .XmlOk = TRUE };
    CHECK(w.Xml != NULL, "hivexml %s succeeds", fileName);
    if (!w.Xml)
        return;
    Append(&w.Script, "");
    Append(&w.Expected, "");
    DescribeKey(hive, HvRootCell(hive), path, &w);
    int nodes = 0;
    for (char *p = w.Xml; (p = strstr(p, "<node ")); p++)
        nodes++;
    CHECK(w.XmlOk && nodes == w.Keys, "%s: hivexml shows all %d keys (%d nodes)", fileName, w.Keys, nodes);
    f = fopen(script, "w");
    fputs(w.Script.Data, f);
    fclose(f);
    char *shArgv[] = { "hivexsh", "-f", script, file, NULL };
    char *got = Run(shArgv);
    BOOLEAN same = got && !strcmp(got, w.Expected.Data);
    if (got && !same)
        ShowDifference(got, w.Expected.Data);
    CHECK(same, "%s: hivexsh lists the values and subkeys of all %d keys exactly as stored", fileName, w.Keys);
    free(got);
    free(w.Xml);
    free(w.Script.Data);
    free(w.Expected.Data);
}

static void ExpectValue(const char *fileName, const char *key, const char *value, const char *expect)
{
    char file[128];
    snprintf(file, sizeof(file), "%s/%s", dir, fileName);
    char *argv[] = { "hivexget", file, (char *)key, (char *)value, NULL };
    char *got = Run(argv);
    BOOLEAN same = got && !strcmp(got, expect);
    for (char *p = got; p && *p; p++)
        if (*p == '\n')
            *p = '|';     /* one report line: newlines shown as | */
    CHECK(same, "hivexget %s '%s' %s = %s", fileName, key, value, got ? got : "(failed)");
    free(got);
}

static void BuildChangedHive(HHIVE *hive)
{
    static UCHAR big[65536];
    HvCreateHive(hive, "BIG", TestAllocate, TestFree);
    HCELL_INDEX root = HvRootCell(hive), keys[1200], sub;
    for (int i = 0; i < 1200; i++) {
        char name[32];
        sprintf(name, "Key %04d", (i * 577) % 1200);
        HvCreateSubkey(hive, root, name, &keys[i]);
        HvSetValueA(hive, keys[i], "Name", REG_SZ, name, (ULONG)strlen(name) + 1);
        if (i % 100 == 0)
            HvCreateSubkey(hive, keys[i], "Child", &sub);
    }
    for (int i = 1; i < 1200; i += 3)
        if (i % 100)
            HvDeleteKey(hive, keys[i]);
    for (unsigned i = 0; i < sizeof(big); i++)
        big[i] = (UCHAR)(i ^ i >> 8);
    HvSetValue(hive, root, "Big", REG_BINARY, big, sizeof(big));
    HvSetValue(hive, root, "Gone", REG_BINARY, big, 100);
    HvDeleteValue(hive, root, "Gone");
    HvSetValueA(hive, root, "", REG_MULTI_SZ, "one\0two\0", 9);
}

/* Rewrites every lf leaf below the root's ri as an li leaf (cells only, as NT 3.x wrote them). */
static void ConvertLeavesToLi(HHIVE *hive)
{
    CM_KEY_INDEX *ri = HvGetCell(hive, HvGetKeyNode(hive, HvRootCell(hive))->SubKeyList);
    for (ULONG r = 0; r < ri->Count; r++) {
        CM_KEY_INDEX *leaf = HvGetCell(hive, ri->List[r]);
        for (ULONG i = 0; i < leaf->Count; i++)
            leaf->List[i] = leaf->List[2 * i];
        leaf->Signature = CM_INDEX_LEAF;
    }
}

/* li leaves under an ri: this layer loads them and inserts into them; hivex reads the result. */
static void TestIndexLeaf(void)
{
    HHIVE hive, loaded;
    HCELL_INDEX key;
    HvCreateHive(&hive, "LI", TestAllocate, TestFree);
    for (int i = 0; i < 200; i += 2) {
        char name[16];
        sprintf(name, "K%03d", i);
        HvCreateSubkey(&hive, HvRootCell(&hive), name, &key);
    }
    ConvertLeavesToLi(&hive);
    CHECK(HvInitializeHive(&loaded, hive.Image, HvImageSize(&hive), TestAllocate, TestFree) == STATUS_SUCCESS,
          "a hive with li leaves under an ri loads");
    BOOLEAN ok = TRUE;
    for (int i = 1; i < 200; i += 2) {
        char name[16];
        sprintf(name, "K%03d", i);
        ok &= HvCreateSubkey(&loaded, HvRootCell(&loaded), name, &key) == STATUS_SUCCESS;
    }
    CM_KEY_INDEX *ri = HvGetCell(&loaded, HvGetKeyNode(&loaded, HvRootCell(&loaded))->SubKeyList);
    CHECK(ok && ((CM_KEY_INDEX *)HvGetCell(&loaded, ri->List[0]))->Signature == CM_INDEX_LEAF && StillValid(&loaded),
          "100 keys inserted between them keep the li leaves sorted and valid (%u leaves)", ri->Count);
    CheckWithHivex(&loaded, "LI");
    HvFreeHive(&loaded);
    HvFreeHive(&hive);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        printf("FAIL cannot make a temporary directory\n");
        return 1;
    }
    HHIVE hive;
    RegBuildHive(&hive, "kernel/cm/system.reg");
    CheckWithHivex(&hive, "SYSTEM");
    HvFreeHive(&hive);
    RegBuildHive(&hive, "kernel/cm/software.reg");
    CheckWithHivex(&hive, "SOFTWARE");
    HvFreeHive(&hive);
    BuildChangedHive(&hive);
    CHECK(((CM_KEY_INDEX *)HvGetCell(&hive, HvGetKeyNode(&hive, HvRootCell(&hive))->SubKeyList))->Signature ==
          CM_INDEX_ROOT && hive.Length > 32 * HBLOCK_SIZE, "the large hive has an ri list and %u bytes of bins",
          hive.Length);
    CheckWithHivex(&hive, "BIG");
    HvFreeHive(&hive);
    TestIndexLeaf();

    ExpectValue("SYSTEM", "\\CurrentControlSet\\Control\\CrashControl", "AutoReboot", "0\n");
    ExpectValue("SYSTEM", "\\CurrentControlSet\\Control\\ProductOptions", "ProductType", "WinNT\n");
    ExpectValue("SYSTEM", "\\CurrentControlSet\\Services\\crashdrv", "Start", "1\n");
    ExpectValue("SYSTEM", "\\CurrentControlSet\\Services\\crashdrv", "DisplayName", "Crash Test Driver\n");
    ExpectValue("SOFTWARE", "\\Microsoft\\Windows NT\\CurrentVersion", "CurrentVersion", "4.0\n");
    ExpectValue("SOFTWARE", "\\Microsoft\\Windows NT\\CurrentVersion", "CurrentBuildNumber", "1381\n");
    ExpectValue("SOFTWARE", "\\Attachmate\\Extra\\6.3", "Version", "6.3\n");
    ExpectValue("SOFTWARE", "\\servpack\\Test\\Types", "Multi", "one\ntwo\nthree\n\n");
    ExpectValue("SOFTWARE", "\\servpack\\Test\\Types", "Expand", "%SystemRoot%\\system32\n");
    ExpectValue("BIG", "\\Key 0600", "Name", "Key 0600\n");

    char command[128];
    snprintf(command, sizeof(command), "rm -rf %s", dir);
    CHECK(system(command) == 0, "removed %s", dir);
    return FinishTest();
}
