/* regtest: the registry services' rules that `reg` cannot show: access enforced through the handle's
   granted access (a KEY_READ handle cannot write, a KEY_SET_VALUE handle cannot read or enumerate),
   create dispositions, volatile keys (and that their children must be volatile), and a deleted
   key's open handles. Prints "regtest NAME: PASS|FAIL" per check; exit status = failures. The
   volatile key it creates, HKLM\SOFTWARE\servpack\Volatile, stays for the test to look for. */
#include "winreg.h"
#include <stdio.h>
#include <string.h>

#define TYPES    "SOFTWARE\\servpack\\Test\\Types"
#define VOLATILE "SOFTWARE\\servpack\\Volatile"
#define SCRATCH  "SOFTWARE\\servpack\\Scratch"

static int Failures;

static void check(const char *name, LONG got, LONG want)
{
    printf("regtest %s: %s", name, got == want ? "PASS\n" : "FAIL");
    if (got != want) {
        printf(" (got %ld, expected %ld)\n", (long)got, (long)want);
        Failures++;
    }
}

static void read_only_handle(void)
{
    HKEY key;
    DWORD one = 1, type, size = sizeof one;
    char name[64];
    DWORD length = sizeof name;
    check("open-read", RegOpenKeyExA(HKEY_LOCAL_MACHINE, TYPES, 0, KEY_READ, &key), ERROR_SUCCESS);
    check("read-can-query", RegQueryValueExA(key, "Dword", NULL, &type, (BYTE *)&one, &size), ERROR_SUCCESS);
    check("read-cannot-set", RegSetValueExA(key, "New", 0, REG_DWORD, (BYTE *)&one, 4), ERROR_ACCESS_DENIED);
    check("read-cannot-delete-value", RegDeleteValueA(key, "Dword"), ERROR_ACCESS_DENIED);
    check("read-cannot-delete-key", NtDeleteKey(key) == STATUS_ACCESS_DENIED, 1);
    RegCloseKey(key);
    check("open-set-only", RegOpenKeyExA(HKEY_LOCAL_MACHINE, TYPES, 0, KEY_SET_VALUE, &key), ERROR_SUCCESS);
    check("set-only-cannot-query", RegQueryValueExA(key, "Dword", NULL, &type, NULL, &size), ERROR_ACCESS_DENIED);
    check("set-only-cannot-enumerate", RegEnumValueA(key, 0, name, &length, NULL, NULL, NULL, NULL),
          ERROR_ACCESS_DENIED);
    RegCloseKey(key);
    check("invalid-access-refused", RegOpenKeyExA(HKEY_LOCAL_MACHINE, TYPES, 0, 0x00400000, &key),
          ERROR_ACCESS_DENIED);
}

static void volatile_keys(void)
{
    HKEY key, child;
    DWORD how = 0, data = 0x1234;
    KEY_BASIC_INFORMATION info;
    check("volatile-create", RegCreateKeyExA(HKEY_LOCAL_MACHINE, VOLATILE, 0, NULL, REG_OPTION_VOLATILE,
                                             KEY_ALL_ACCESS, NULL, &key, &how), ERROR_SUCCESS);
    check("volatile-created-new", how, REG_CREATED_NEW_KEY);
    check("volatile-set", RegSetValueExA(key, "InMemory", 0, REG_DWORD, (BYTE *)&data, 4), ERROR_SUCCESS);
    check("volatile-is-volatile", NtQueryKey(key, KeyBasicInformation, &info, sizeof info, NULL) == 0 &&
          info.Volatile, 1);
    check("volatile-child-must-be-volatile",
          RegCreateKeyExA(key, "Stable", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &child, &how),
          ERROR_CHILD_MUST_BE_VOLATILE);
    check("volatile-child", RegCreateKeyExA(key, "Child", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL,
                                            &child, &how), ERROR_SUCCESS);
    RegCloseKey(child);
    RegCloseKey(key);
    check("volatile-opened-existing", RegCreateKeyExA(HKEY_LOCAL_MACHINE, VOLATILE, 0, NULL, REG_OPTION_VOLATILE,
                                                      KEY_READ, NULL, &key, &how), ERROR_SUCCESS);
    check("volatile-opened-existing-disposition", how, REG_OPENED_EXISTING_KEY);
    RegCloseKey(key);
}

/* KeyFullInformation counts volatile subkeys too, and enumeration finds them after the stable ones. */
static void counts_include_volatile(void)
{
    HKEY key;
    KEY_FULL_INFORMATION full;
    char name[REG_MAX_NAME + 1];
    DWORD enumerated = 0, length;
    BOOL sawVolatile = FALSE;
    memset(&full, 0, sizeof full);
    if (RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\servpack", 0, KEY_READ, &key) != ERROR_SUCCESS) {
        check("full-info-open", 1, 0);
        return;
    }
    NtQueryKey(key, KeyFullInformation, &full, sizeof full, NULL);
    for (;; enumerated++) {
        length = sizeof name;
        if (RegEnumKeyExA(key, enumerated, name, &length, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        sawVolatile |= !strcmp(name, "Volatile");
    }
    RegCloseKey(key);
    check("full-info-subkeys", full.SubKeys, enumerated);
    check("enumeration-finds-volatile", sawVolatile, 1);
}

static void deleted_key(void)
{
    HKEY first, second;
    DWORD how, type, size = 4, data = 7;
    check("scratch-create", RegCreateKeyExA(HKEY_LOCAL_MACHINE, SCRATCH, 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                                            &first, &how), ERROR_SUCCESS);
    check("scratch-set", RegSetValueExA(first, "V", 0, REG_DWORD, (BYTE *)&data, 4), ERROR_SUCCESS);
    check("scratch-open-again", RegOpenKeyExA(HKEY_LOCAL_MACHINE, SCRATCH, 0, KEY_ALL_ACCESS, &second),
          ERROR_SUCCESS);
    check("scratch-delete", NtDeleteKey(second) == STATUS_SUCCESS, 1);
    RegCloseKey(second);
    check("deleted-key-query", RegQueryValueExA(first, "V", NULL, &type, (BYTE *)&data, &size), ERROR_KEY_DELETED);
    check("deleted-key-gone", RegOpenKeyExA(HKEY_LOCAL_MACHINE, SCRATCH, 0, KEY_READ, &second), ERROR_FILE_NOT_FOUND);
    RegCloseKey(first);
    check("root-cannot-be-deleted", RegDeleteKeyA(HKEY_LOCAL_MACHINE, "SOFTWARE"), ERROR_ACCESS_DENIED);
}

/* NtQueryObject names a key object with its full registry path, as the `handle` tool shows it. */
static void check_name(const char *test, const char *path, const char *expected)
{
    HKEY key;
    OBJECT_BASIC_INFORMATION info;
    memset(&info, 0, sizeof info);
    if (RegOpenKeyExA(HKEY_LOCAL_MACHINE, path, 0, KEY_READ, &key) == ERROR_SUCCESS) {
        NtQueryObject(key, ObjectBasicInformation, &info, sizeof info, NULL);
        RegCloseKey(key);
    }
    printf("regtest %s: object %s \"%s\"\n", test, info.TypeName, info.Name);
    check(test, !strcmp(info.TypeName, "Key") && !strcmp(info.Name, expected), 1);
}

int main(void)
{
    check_name("object-name", TYPES, "\\Registry\\Machine\\" TYPES);
    read_only_handle();
    volatile_keys();
    counts_include_volatile();
    deleted_key();
    check_name("volatile-object-name", VOLATILE "\\Child", "\\Registry\\Machine\\" VOLATILE "\\Child");
    printf("regtest: %d failed\n", Failures);
    return Failures;
}
