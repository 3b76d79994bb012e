/* The Win32 registry functions (advapi32's in NT) over the Nt*Key services. HKEY_LOCAL_MACHINE
   turns a subkey into an absolute \Registry\Machine\ path; any other key is the root of a relative
   open. RegCreateKeyEx creates missing intermediate keys one at a time, as advapi32 does, because
   NtCreateKey creates only the last component. */
#include "winreg.h"
#include <stdlib.h>

#define MACHINE_PREFIX "\\Registry\\Machine\\"

static LONG win32_error(NTSTATUS status)
{
    switch (status) {
    case STATUS_NO_MORE_ENTRIES:        return ERROR_NO_MORE_ITEMS;
    case STATUS_KEY_DELETED:            return ERROR_KEY_DELETED;
    case STATUS_CANNOT_DELETE:          return ERROR_ACCESS_DENIED;
    case STATUS_CHILD_MUST_BE_VOLATILE: return ERROR_CHILD_MUST_BE_VOLATILE;
    case STATUS_OBJECT_TYPE_MISMATCH:   return ERROR_BADKEY;
    }
    return (LONG)RtlNtStatusToDosError(status);
}

/* The root handle and the path to give the Nt service for (key, subKey). */
static LONG resolve(HKEY key, LPCSTR subKey, HANDLE *root, char *path, ULONG size)
{
    if (!subKey)
        subKey = "";
    if (strlen(subKey) + sizeof MACHINE_PREFIX >= size)
        return ERROR_INVALID_PARAMETER;
    if (key == HKEY_LOCAL_MACHINE) {
        *root = NULL;
        RtlFormat(path, size, MACHINE_PREFIX "%s", subKey);
    } else {
        *root = key;
        RtlCopyString(path, subKey, size);
    }
    return ERROR_SUCCESS;
}

LONG RegOpenKeyExA(HKEY key, LPCSTR subKey, DWORD options, REGSAM access, PHKEY result)
{
    char path[REG_MAX_PATH + 1];
    HANDLE root;
    (void)options;
    LONG error = resolve(key, subKey, &root, path, sizeof path);
    if (error)
        return error;
    NTSTATUS status = NtOpenKey(result, access, root, path);
    return NT_SUCCESS(status) ? ERROR_SUCCESS : win32_error(status);
}

/* Creates the missing keys of path one component after another. */
static NTSTATUS create_each(HANDLE root, char *path, ULONG options, REGSAM access, PHKEY result,
                            ULONG *disposition)
{
    char *p = path;
    while (*p == '\\')
        p++;
    if (!root)
        p = path + sizeof MACHINE_PREFIX - 1;
    for (;;) {
        char *end = strchr(p, '\\');
        if (end)
            *end = 0;
        HANDLE key;
        NTSTATUS status = NtCreateKey(&key, end ? KEY_CREATE_SUB_KEY : access, root, path, options, disposition);
        if (end)
            *end = '\\';
        if (!NT_SUCCESS(status) || !end) {
            *result = key;
            return status;
        }
        NtClose(key);
        p = end + 1;
    }
}

LONG RegCreateKeyExA(HKEY key, LPCSTR subKey, DWORD reserved, LPSTR className, DWORD options, REGSAM access,
                     LPSECURITY_ATTRIBUTES attributes, PHKEY result, LPDWORD disposition)
{
    char path[REG_MAX_PATH + 1];
    HANDLE root;
    ULONG how = 0;
    (void)reserved, (void)className, (void)attributes;
    LONG error = resolve(key, subKey, &root, path, sizeof path);
    if (error)
        return error;
    NTSTATUS status = NtCreateKey(result, access, root, path, options, &how);
    if (status == STATUS_OBJECT_PATH_NOT_FOUND || status == STATUS_OBJECT_NAME_NOT_FOUND)
        status = create_each(root, path, options, access, result, &how);
    if (NT_SUCCESS(status) && disposition)
        *disposition = how;
    return NT_SUCCESS(status) ? ERROR_SUCCESS : win32_error(status);
}

LONG RegCloseKey(HKEY key)
{
    if (key == HKEY_LOCAL_MACHINE)
        return ERROR_SUCCESS;
    NTSTATUS status = NtClose(key);
    return NT_SUCCESS(status) ? ERROR_SUCCESS : win32_error(status);
}

LONG RegQueryValueExA(HKEY key, LPCSTR name, LPDWORD reserved, LPDWORD type, LPBYTE data, LPDWORD size)
{
    ULONG capacity = data && size ? *size : 0, needed;
    KEY_VALUE_PARTIAL_INFORMATION *info = malloc(sizeof *info + capacity);
    (void)reserved;
    if (!info)
        return ERROR_NOT_ENOUGH_MEMORY;
    NTSTATUS status = NtQueryValueKey(key, name ? name : "", KeyValuePartialInformation, info,
                                      sizeof *info + capacity, &needed);
    LONG error = ERROR_SUCCESS;
    if (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) {
        if (type)
            *type = info->Type;
        if (size)
            *size = info->DataLength;
        if (data && status == STATUS_BUFFER_OVERFLOW)
            error = ERROR_MORE_DATA;
        else if (data)
            memcpy(data, info->Data, info->DataLength);
    } else {
        error = win32_error(status);
    }
    free(info);
    return error;
}

LONG RegSetValueExA(HKEY key, LPCSTR name, DWORD reserved, DWORD type, const BYTE *data, DWORD size)
{
    (void)reserved;
    NTSTATUS status = NtSetValueKey(key, name ? name : "", 0, type, data, size);
    return NT_SUCCESS(status) ? ERROR_SUCCESS : win32_error(status);
}

LONG RegEnumKeyExA(HKEY key, DWORD index, LPSTR name, LPDWORD nameLength, LPDWORD reserved, LPSTR className,
                   LPDWORD classLength, PVOID lastWriteTime)
{
    KEY_BASIC_INFORMATION info;
    (void)reserved, (void)className, (void)lastWriteTime;
    NTSTATUS status = NtEnumerateKey(key, index, KeyBasicInformation, &info, sizeof info, NULL);
    if (!NT_SUCCESS(status))
        return win32_error(status);
    if (classLength)
        *classLength = 0;
    if (info.NameLength >= *nameLength)
        return ERROR_MORE_DATA;
    RtlCopyString(name, info.Name, *nameLength);
    *nameLength = info.NameLength;
    return ERROR_SUCCESS;
}

LONG RegEnumValueA(HKEY key, DWORD index, LPSTR name, LPDWORD nameLength, LPDWORD reserved, LPDWORD type,
                   LPBYTE data, LPDWORD size)
{
    KEY_VALUE_BASIC_INFORMATION info;
    (void)reserved;
    NTSTATUS status = NtEnumerateValueKey(key, index, KeyValueBasicInformation, &info, sizeof info, NULL);
    if (!NT_SUCCESS(status))
        return win32_error(status);
    if (info.NameLength >= *nameLength)
        return ERROR_MORE_DATA;
    RtlCopyString(name, info.Name, *nameLength);
    *nameLength = info.NameLength;
    if (!data && !size) {
        if (type)
            *type = info.Type;
        return ERROR_SUCCESS;
    }
    return RegQueryValueExA(key, info.Name, NULL, type, data, size);
}

LONG RegDeleteKeyA(HKEY key, LPCSTR subKey)
{
    HKEY victim;
    LONG error = RegOpenKeyExA(key, subKey, 0, KEY_DELETE, &victim);
    if (error)
        return error;
    NTSTATUS status = NtDeleteKey(victim);
    NtClose(victim);
    return NT_SUCCESS(status) ? ERROR_SUCCESS : win32_error(status);
}

LONG RegDeleteValueA(HKEY key, LPCSTR name)
{
    NTSTATUS status = NtDeleteValueKey(key, name ? name : "");
    return NT_SUCCESS(status) ? ERROR_SUCCESS : win32_error(status);
}

LONG RegFlushKey(HKEY key)
{
    NTSTATUS status = NtFlushKey(key);
    return NT_SUCCESS(status) ? ERROR_SUCCESS : win32_error(status);
}

LONG RegSaveKeyToDebugPort(HKEY key)
{
    NTSTATUS status = NtSaveKey(key);
    return NT_SUCCESS(status) ? ERROR_SUCCESS : win32_error(status);
}
