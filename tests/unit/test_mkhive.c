// SOURCES: tools/mkhive/regparse.c tools/mkhive/regdump.c kernel/cm/hvbase.c kernel/cm/hvcell.c kernel/cm/hvcheck.c kernel/cm/hvindex.c kernel/cm/hvkey.c kernel/cm/hvname.c kernel/cm/hvsec.c kernel/cm/hvvalue.c lib/rtl/rtlstring.c lib/rtl/format.c
/* Host tests of mkhive's .reg reader and writer: every REGEDIT4 construct lands in the hive as the
   right type and bytes; dump(build(x)) builds again to the same dump (for the checked-in hives and a
   file using every construct); malformed files fail with "mkhive: FILE:LINE: message" and status 1. */
#include <sys/wait.h>
#include <unistd.h>
#include "hivetest.h"
#include "../../tools/mkhive/mkhive.h"

PVOID MkAllocate(ULONG bytes) { return TestAllocate(bytes); }
void MkFree(PVOID block, ULONG bytes) { TestFree(block, bytes); }

static char dir[] = "/tmp/servpack-mkhive-XXXXXX";

static const char everything[] =
    "REGEDIT4\n"
    "\n"
    "; a comment\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App]\r\n"
    "@=\"the default\"\n"
    "\"Quote\"=\"say \\\"hi\\\" to C:\\\\dir\"\n"
    "  \"Dword\" = dword:0000001f\n"
    "\"Short\"=dword:7\n"
    "\"Bin\"=hex:01,02,03,04,05,\\\n"
    "    06,07,08\n"
    "\"Expand\"=hex(2):25,00,41,00,25,00,00,00\n"
    "\"Multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\n"
    "\"None\"=hex(0):\n"
    "\"Qword\"=hex(b):01,00,00,00,00,00,00,00\n"
    "\"Removed\"=\"x\"\n"
    "\"Removed\"=-\n"
    "[HKLM\\SOFTWARE\\Vendor\\Empty Key]\n"
    "[HKEY_LOCAL_MACHINE\\software\\vendor\\app\\Sub]\n"
    "\"Back\\\\slash\"=\"ok\"\n";

static void WriteText(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static char *ReadText(const char *path)
{
    FILE *f = fopen(path, "r");
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    return strdup(buf);
}

static BOOLEAN Has(HHIVE *hive, const char *key, const char *name, ULONG type, const void *data, ULONG length)
{
    HCELL_INDEX k, v;
    ULONG t, l;
    if (!NT_SUCCESS(HvOpenKeyPath(hive, key, &k)) || !NT_SUCCESS(HvFindValue(hive, k, name, &v)))
        return FALSE;
    const void *stored = HvGetValueData(hive, v, &t, &l);
    return t == type && l == length && (!length || !memcmp(stored, data, length));
}

static void TestConstructs(const char *path)
{
    HHIVE hive;
    HCELL_INDEX k, v;
    RegBuildHive(&hive, path);
    char root[16];
    HvGetKeyName(&hive, HvRootCell(&hive), root, sizeof(root));
    CHECK(!strcmp(root, "SOFTWARE"), "root key named after the first path component (%s)", root);
    CHECK(Has(&hive, "Vendor\\App", "", REG_SZ, "t\0h\0e\0 \0d\0e\0f\0a\0u\0l\0t\0\0", 24), "@= is the default REG_SZ");
    CHECK(Has(&hive, "Vendor\\App", "Quote", REG_SZ, "s\0a\0y\0 \0\"\0h\0i\0\"\0 \0t\0o\0 \0C\0:\0\\\0d\0i\0r\0\0", 38),
          "escapes \\\" and \\\\ in a string");
    CHECK(Has(&hive, "Vendor\\App", "Dword", REG_DWORD, "\x1f\0\0\0", 4), "dword: with spaces around =");
    CHECK(Has(&hive, "Vendor\\App", "Short", REG_DWORD, "\7\0\0\0", 4), "dword: with one digit");
    CHECK(Has(&hive, "Vendor\\App", "Bin", REG_BINARY, "\1\2\3\4\5\6\7\x8", 8), "hex: continued on a second line");
    CHECK(Has(&hive, "Vendor\\App", "Expand", REG_EXPAND_SZ, "%\0A\0%\0\0\0", 8), "hex(2): is REG_EXPAND_SZ bytes");
    CHECK(Has(&hive, "Vendor\\App", "Multi", REG_MULTI_SZ, "a\0\0\0b\0\0\0\0\0", 10), "hex(7): is REG_MULTI_SZ bytes");
    CHECK(Has(&hive, "Vendor\\App", "None", REG_NONE, NULL, 0), "hex(0): is an empty REG_NONE");
    CHECK(Has(&hive, "Vendor\\App", "Qword", 11, "\1\0\0\0\0\0\0\0", 8), "hex(b): keeps type 11");
    CHECK(HvOpenKeyPath(&hive, "Vendor\\App", &k) == STATUS_SUCCESS &&
          HvFindValue(&hive, k, "Removed", &v) == STATUS_OBJECT_NAME_NOT_FOUND, "\"Name\"=- deletes the value");
    CHECK(HvOpenKeyPath(&hive, "Vendor\\Empty Key", &k) == STATUS_SUCCESS, "HKLM\\ and an empty key with a space");
    CHECK(Has(&hive, "Vendor\\App\\Sub", "Back\\slash", REG_SZ, "o\0k\0\0\0", 6),
          "key path matched case-insensitively; value name with a backslash");
    HvFreeHive(&hive);
}

static void Dump(const char *hivePath, const char *outPath)
{
    HHIVE hive;
    RegBuildHive(&hive, hivePath);
    FILE *f = fopen(outPath, "w");
    RegDumpHive(&hive, NULL, f);
    fclose(f);
    HvFreeHive(&hive);
}

/* dump(build(source)) must build to a hive whose dump is the same text. */
static void TestRoundTrip(const char *source, const char *label)
{
    char first[128], second[128];
    snprintf(first, sizeof(first), "%s/%s.1.reg", dir, label);
    snprintf(second, sizeof(second), "%s/%s.2.reg", dir, label);
    Dump(source, first);
    Dump(first, second);
    char *a = ReadText(first), *b = ReadText(second);
    CHECK(!strcmp(a, b) && strlen(a) > 40, "%s: dump(build(dump(build(x)))) == dump(build(x)) (%zu bytes)", label,
          strlen(a));
    free(a);
    free(b);
}

/* Builds `text` in a child process; returns its exit status and stderr. */
static int BuildFails(const char *text, char *err, size_t size)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/bad.reg", dir);
    WriteText(path, text);
    int fds[2];
    if (pipe(fds))
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        HHIVE hive;
        dup2(fds[1], 2);
        RegBuildHive(&hive, path);
        _exit(0);
    }
    close(fds[1]);
    size_t used = 0;
    ssize_t n;
    while (used + 1 < size && (n = read(fds[0], err + used, size - 1 - used)) > 0)
        used += (size_t)n;
    err[used] = 0;
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void ExpectError(const char *text, int line, const char *message)
{
    char err[512], expect[256];
    snprintf(expect, sizeof(expect), "mkhive: %s/bad.reg:%d: %s", dir, line, message);
    int status = BuildFails(text, err, sizeof(err));
    err[strcspn(err, "\n")] = 0;
    CHECK(status == 1 && !strncmp(err, expect, strlen(expect)), "exit %d: %s", status, err);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        printf("FAIL cannot make a temporary directory\n");
        return 1;
    }
    char path[128];
    snprintf(path, sizeof(path), "%s/everything.reg", dir);
    WriteText(path, everything);
    TestConstructs(path);
    TestRoundTrip(path, "everything");
    TestRoundTrip("kernel/cm/system.reg", "system");
    TestRoundTrip("kernel/cm/software.reg", "software");

    const char *key = "REGEDIT4\n[HKEY_LOCAL_MACHINE\\S\\K]\n";
    char text[256];
    ExpectError("REGEDIT5\n", 1, "the first line must be REGEDIT4");
    ExpectError("REGEDIT4\n\"A\"=\"x\"\n", 2, "value before the first key line");
    ExpectError("REGEDIT4\n[HKEY_CURRENT_USER\\S]\n", 2, "keys must be under HKEY_LOCAL_MACHINE");
    ExpectError("REGEDIT4\n[HKLM\\S]\n[HKLM\\T\\X]\n", 3, "key is in hive T, but this file builds hive S");
    ExpectError("REGEDIT4\n[HKLM\\S\n", 2, "key line does not end with ']'");
    snprintf(text, sizeof(text), "%s\"A\"=\"x\n", key);
    ExpectError(text, 3, "unterminated string");
    snprintf(text, sizeof(text), "%s\"A\"=\"a\\tb\"\n", key);
    ExpectError(text, 3, "unknown escape");
    snprintf(text, sizeof(text), "%s\n\"A\"=dword:123456789\n", key);
    ExpectError(text, 4, "dword: needs 1 to 8 hex digits");
    snprintf(text, sizeof(text), "%s\"A\"=hex:01,0g\n", key);
    ExpectError(text, 3, "expected ',' between hex bytes");
    snprintf(text, sizeof(text), "%s\"A\"=hex:01,\\\n  02,\\\n  zz\n", key);
    ExpectError(text, 3, "expected a hex byte");
    snprintf(text, sizeof(text), "%s\"A\"=qword:1\n", key);
    ExpectError(text, 3, "unknown value data");
    snprintf(text, sizeof(text), "%s\"A\"=-\n", key);
    ExpectError(text, 3, "value 'A' to delete does not exist");
    snprintf(text, sizeof(text), "%sgarbage\n", key);
    ExpectError(text, 3, "expected a [key]");
    ExpectError("REGEDIT4\n; nothing\n", 2, "no key lines");

    char command[128];
    snprintf(command, sizeof(command), "rm -rf %s", dir);
    CHECK(system(command) == 0, "removed %s", dir);
    return FinishTest();
}
