/* reg: query, add, delete and export registry keys and values from the console, with reg.exe's
   options and messages; servpack adds `reg save KEY` (the hive image on the debug port, for hivex)
   and `reg flush KEY`. Only HKLM (HKEY_LOCAL_MACHINE) exists. Exit status 0 on success, 1 on error. */
#include "reg.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DATA 4096

typedef struct _REG_ARGS {
    const char *Key;            /* the subkey below HKLM */
    const char *Value;          /* /v NAME, "" for /ve, NULL for none */
    const char *Type;           /* /t */
    const char *Data;           /* /d */
    BOOL Force, Recurse, AllValues;
} REG_ARGS;

static void print_usage(void)
{
    printf("REG QUERY KEY [/v NAME | /ve] [/s]\n"
           "REG ADD KEY [/v NAME | /ve] [/t TYPE] [/d DATA] [/f]\n"
           "REG DELETE KEY [/v NAME | /ve | /va] [/f]\n"
           "REG EXPORT KEY      (REGEDIT4 text on the console)\n"
           "REG SAVE KEY        (the hive image on the debug port)\n"
           "REG FLUSH KEY\n"
           "KEY is HKLM\\SUBKEY or HKEY_LOCAL_MACHINE\\SUBKEY.\n");
}

/* `reg query HKLM`: the hives are the key objects in the \Registry\Machine directory. */
static BOOL is_machine_root(const char *name)
{
    return !RtlCompareStringInsensitive(name, "HKLM") || !RtlCompareStringInsensitive(name, "HKEY_LOCAL_MACHINE");
}

static int query_machine(void)
{
    HANDLE directory;
    OBJECT_DIRECTORY_INFORMATION entry;
    ULONG context = 0;
    NTSTATUS status = NtOpenDirectoryObject(&directory, DIRECTORY_QUERY, "\\Registry\\Machine");
    if (!NT_SUCCESS(status)) {
        RegPrintError(ERROR_FILE_NOT_FOUND);
        return 1;
    }
    printf("\n");
    while (NtQueryDirectoryObject(directory, &entry, sizeof entry, &context) == STATUS_SUCCESS)
        if (!strcmp(entry.TypeName, "Key"))
            printf("HKEY_LOCAL_MACHINE\\%s\n", entry.Name);
    NtClose(directory);
    return 0;
}

static BOOL parse_args(int argc, char **argv, REG_ARGS *a)
{
    memset(a, 0, sizeof *a);
    if (argc < 3 || !(a->Key = RegSubkeyOf(argv[2]))) {
        printf("ERROR: Invalid key name.\nType \"REG %s /?\" for usage.\n", argc > 1 ? argv[1] : "");
        return FALSE;
    }
    for (int i = 3; i < argc; i++) {
        const char *o = argv[i];
        BOOL more = i + 1 < argc;
        if (!RtlCompareStringInsensitive(o, "/v") && more)
            a->Value = argv[++i];
        else if (!RtlCompareStringInsensitive(o, "/ve"))
            a->Value = "";
        else if (!RtlCompareStringInsensitive(o, "/va"))
            a->AllValues = TRUE;
        else if (!RtlCompareStringInsensitive(o, "/t") && more)
            a->Type = argv[++i];
        else if (!RtlCompareStringInsensitive(o, "/d") && more)
            a->Data = argv[++i];
        else if (!RtlCompareStringInsensitive(o, "/f"))
            a->Force = TRUE;
        else if (!RtlCompareStringInsensitive(o, "/s"))
            a->Recurse = TRUE;
        else {
            printf("ERROR: Invalid syntax.\n");
            return FALSE;
        }
    }
    return TRUE;
}

static BOOL confirm(const char *question)
{
    char answer[16];
    printf("%s (Yes/No)? ", question);
    if (!gets_s(answer, sizeof answer))
        return FALSE;
    return RtlUpcaseChar(answer[0]) == 'Y';
}

/* ---- query and export ---- */

typedef void (*VALUE_PRINTER)(const char *name, DWORD type, const BYTE *data, DWORD size);

static BYTE ValueData[MAX_DATA];

static void list_values(HKEY key, VALUE_PRINTER print)
{
    char name[REG_MAX_NAME + 1];
    for (DWORD i = 0;; i++) {
        DWORD length = sizeof name, type, size = sizeof ValueData;
        LONG error = RegEnumValueA(key, i, name, &length, NULL, &type, ValueData, &size);
        if (error == ERROR_NO_MORE_ITEMS)
            break;
        if (error == ERROR_SUCCESS)
            print(name, type, ValueData, size);
    }
}

/* Prints the key's values and then, with /s, its subkeys the same way; without /s, the subkeys' names. */
static void query_tree(HKEY key, char *path, BOOL recurse, VALUE_PRINTER print, BOOL export)
{
    char name[REG_MAX_NAME + 1];
    printf(export ? "\n[HKEY_LOCAL_MACHINE\\%s]\n" : "\nHKEY_LOCAL_MACHINE\\%s\n", path);
    list_values(key, print);
    size_t end = strlen(path);
    for (DWORD i = 0;; i++) {
        DWORD length = sizeof name;
        HKEY child;
        if (RegEnumKeyExA(key, i, name, &length, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        if (!recurse) {
            printf("\nHKEY_LOCAL_MACHINE\\%s\\%s", path, name);
            continue;
        }
        if (end + 1 + length >= REG_MAX_PATH || RegOpenKeyExA(key, name, 0, KEY_READ, &child) != ERROR_SUCCESS)
            continue;
        RtlFormat(path + end, REG_MAX_PATH - end, "\\%s", name);
        query_tree(child, path, recurse, print, export);
        path[end] = 0;
        RegCloseKey(child);
    }
    if (!recurse && !export)
        printf("\n");
}

static int query(const REG_ARGS *a)
{
    HKEY key;
    char path[REG_MAX_PATH + 1];
    LONG error = RegOpenKeyExA(HKEY_LOCAL_MACHINE, a->Key, 0, KEY_READ, &key);
    if (error == ERROR_SUCCESS && a->Value) {
        DWORD type, size = sizeof ValueData;
        error = RegQueryValueExA(key, a->Value, NULL, &type, ValueData, &size);
        if (error == ERROR_SUCCESS) {
            printf("\nHKEY_LOCAL_MACHINE\\%s\n", a->Key);
            RegPrintValue(a->Value, type, ValueData, size);
            printf("\n");
        }
    } else if (error == ERROR_SUCCESS) {
        RtlCopyString(path, a->Key, sizeof path);
        query_tree(key, path, a->Recurse, RegPrintValue, FALSE);
    }
    if (error == ERROR_SUCCESS)
        RegCloseKey(key);
    else
        RegPrintError(error);
    return error != ERROR_SUCCESS;
}

static int export(const REG_ARGS *a)
{
    HKEY key;
    char path[REG_MAX_PATH + 1];
    LONG error = RegOpenKeyExA(HKEY_LOCAL_MACHINE, a->Key, 0, KEY_READ, &key);
    if (error != ERROR_SUCCESS) {
        RegPrintError(error);
        return 1;
    }
    printf("REGEDIT4\n");
    RtlCopyString(path, a->Key, sizeof path);
    query_tree(key, path, TRUE, RegExportValue, TRUE);
    printf("\n");
    RegCloseKey(key);
    return 0;
}

/* ---- add and delete ---- */

static int add(const REG_ARGS *a)
{
    HKEY key;
    DWORD disposition, size = sizeof ValueData;
    int type = a->Type ? RegTypeFromName(a->Type) : REG_SZ;
    if (type < 0 || (a->Data && !RegParseData((DWORD)type, a->Data, ValueData, &size))) {
        printf(type < 0 ? "ERROR: Invalid syntax.\n" : "ERROR: Invalid data for the type.\n");
        return 1;
    }
    if (!a->Data && !RegParseData((DWORD)type, "", ValueData, &size))
        size = 0;
    LONG error = RegCreateKeyExA(HKEY_LOCAL_MACHINE, a->Key, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, &disposition);
    if (error == ERROR_SUCCESS && a->Value) {
        char question[REG_MAX_NAME + 48];
        RtlFormat(question, sizeof question, "Value %s exists, overwrite", a->Value[0] ? a->Value : "(Default)");
        if (!a->Force && RegQueryValueExA(key, a->Value, NULL, NULL, NULL, NULL) == ERROR_SUCCESS &&
            !confirm(question)) {
            printf("The operation was canceled by the user.\n");
            RegCloseKey(key);
            return 0;
        }
        error = RegSetValueExA(key, a->Value, 0, (DWORD)type, ValueData, size);
    }
    if (error == ERROR_SUCCESS)
        RegCloseKey(key);
    if (error != ERROR_SUCCESS) {
        RegPrintError(error);
        return 1;
    }
    printf(REG_MSG_OK);
    return 0;
}

/* reg.exe deletes a key with everything below it: children first. */
static LONG delete_tree(HKEY parent, const char *name)
{
    HKEY key;
    char child[REG_MAX_NAME + 1];
    LONG error = RegOpenKeyExA(parent, name, 0, KEY_ALL_ACCESS, &key);
    if (error)
        return error;
    for (;;) {
        DWORD length = sizeof child;
        if (RegEnumKeyExA(key, 0, child, &length, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        if ((error = delete_tree(key, child)) != ERROR_SUCCESS)
            break;
    }
    if (error == ERROR_SUCCESS)
        error = RegDeleteKeyA(key, "");
    RegCloseKey(key);
    return error;
}

static int delete_values(HKEY key, const REG_ARGS *a)
{
    char name[REG_MAX_NAME + 1];
    LONG error = ERROR_SUCCESS;
    while (a->AllValues && error == ERROR_SUCCESS) {
        DWORD length = sizeof name;
        if (RegEnumValueA(key, 0, name, &length, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        error = RegDeleteValueA(key, name);
    }
    if (a->Value)
        error = RegDeleteValueA(key, a->Value);
    return error;
}

static int delete(const REG_ARGS *a)
{
    char question[REG_MAX_PATH + 64];
    HKEY key;
    LONG error;
    if (a->Value || a->AllValues) {
        RtlFormat(question, sizeof question, "Delete the registry value %s", a->Value ? a->Value : "(all)");
        if (!a->Force && !confirm(question))
            return 0;
        error = RegOpenKeyExA(HKEY_LOCAL_MACHINE, a->Key, 0, KEY_ALL_ACCESS, &key);
        if (error == ERROR_SUCCESS) {
            error = delete_values(key, a);
            RegCloseKey(key);
        }
    } else {
        RtlFormat(question, sizeof question, "Permanently delete the registry key HKEY_LOCAL_MACHINE\\%s", a->Key);
        if (!a->Force && !confirm(question))
            return 0;
        error = delete_tree(HKEY_LOCAL_MACHINE, a->Key);
    }
    if (error != ERROR_SUCCESS) {
        RegPrintError(error);
        return 1;
    }
    printf(REG_MSG_OK);
    return 0;
}

static int save_or_flush(const REG_ARGS *a, BOOL save)
{
    HKEY key;
    LONG error = RegOpenKeyExA(HKEY_LOCAL_MACHINE, a->Key, 0, KEY_READ, &key);
    if (error == ERROR_SUCCESS) {
        error = save ? RegSaveKeyToDebugPort(key) : RegFlushKey(key);
        RegCloseKey(key);
    }
    if (error != ERROR_SUCCESS) {
        RegPrintError(error);
        return 1;
    }
    printf(REG_MSG_OK);
    return 0;
}

int main(int argc, char **argv)
{
    REG_ARGS a;
    if (argc < 2 || !strcmp(argv[1], "/?")) {
        print_usage();
        return argc < 2;
    }
    const char *op = argv[1];
    if (argc == 3 && is_machine_root(argv[2]) && !RtlCompareStringInsensitive(op, "query"))
        return query_machine();
    if (!parse_args(argc, argv, &a))
        return 1;
    if (!RtlCompareStringInsensitive(op, "query"))
        return query(&a);
    if (!RtlCompareStringInsensitive(op, "add"))
        return add(&a);
    if (!RtlCompareStringInsensitive(op, "delete"))
        return delete(&a);
    if (!RtlCompareStringInsensitive(op, "export"))
        return export(&a);
    if (!RtlCompareStringInsensitive(op, "save"))
        return save_or_flush(&a, TRUE);
    if (!RtlCompareStringInsensitive(op, "flush"))
        return save_or_flush(&a, FALSE);
    printf("ERROR: Invalid syntax.\n");
    print_usage();
    return 1;
}
