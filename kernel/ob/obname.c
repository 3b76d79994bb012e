/* Object name syntax: splitting paths into components, case-insensitive comparison and hashing.
   Pure functions, also built into the host unit tests. */
#include "obp.h"
#include "rtl.h"

ULONG ObpNextComponent(const char **cursor, const char **component)
{
    const char *p = *cursor;
    if (*p == '\\')
        p++;
    *component = p;
    while (*p && *p != '\\')
        p++;
    *cursor = p;
    return (ULONG)(p - *component);
}

BOOLEAN ObpNameEqual(const char *name, ULONG nameLength, const char *component, ULONG length)
{
    if (nameLength != length)
        return FALSE;
    for (ULONG i = 0; i < length; i++)
        if (RtlUpcaseChar(name[i]) != RtlUpcaseChar(component[i]))
            return FALSE;
    return TRUE;
}

ULONG ObpHashName(const char *component, ULONG length)
{
    ULONG hash = 0;
    for (ULONG i = 0; i < length; i++)
        hash = hash * 31 + (UCHAR)RtlUpcaseChar(component[i]);
    return hash;
}

NTSTATUS ObpCheckNameSyntax(const char *name, BOOLEAN relative)
{
    size_t length = strnlen(name, OB_MAX_PATH);
    if (length == 0 || length >= OB_MAX_PATH)
        return STATUS_OBJECT_NAME_INVALID;
    if ((name[0] == '\\') == relative)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (!relative && name[1] == 0)
        return STATUS_SUCCESS;              /* "\" is the root directory */
    const char *cursor = name, *component;
    while (*cursor)
        if (ObpNextComponent(&cursor, &component) == 0)
            return STATUS_OBJECT_NAME_INVALID;
    return STATUS_SUCCESS;
}
