/* Value types, data formats and messages of the reg tool: reg query's columns (REG_DWORD as 0x..,
   binary as hex digits, REG_MULTI_SZ joined by \0), REGEDIT4 lines for export, and /d parsing. */
#include "reg.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { DWORD Type; const char *Name; } Types[] = {
    { REG_NONE, "REG_NONE" }, { REG_SZ, "REG_SZ" }, { REG_EXPAND_SZ, "REG_EXPAND_SZ" },
    { REG_BINARY, "REG_BINARY" }, { REG_DWORD, "REG_DWORD" }, { REG_MULTI_SZ, "REG_MULTI_SZ" },
};

static BOOL has_root(const char *name, const char *root)
{
    size_t i = 0;
    for (; root[i]; i++)
        if (RtlUpcaseChar(name[i]) != root[i])
            return FALSE;
    return name[i] == '\\' && name[i + 1];
}

const char *RegSubkeyOf(const char *name)
{
    if (has_root(name, "HKLM"))
        return name + 5;
    if (has_root(name, "HKEY_LOCAL_MACHINE"))
        return name + 19;
    return NULL;
}

int RegTypeFromName(const char *name)
{
    for (unsigned i = 0; i < sizeof Types / sizeof Types[0]; i++)
        if (RtlCompareStringInsensitive(name, Types[i].Name) == 0)
            return (int)Types[i].Type;
    return -1;
}

const char *RegTypeName(DWORD type)
{
    for (unsigned i = 0; i < sizeof Types / sizeof Types[0]; i++)
        if (Types[i].Type == type)
            return Types[i].Name;
    return "REG_UNKNOWN";
}

static void print_multi(const BYTE *data, DWORD size)
{
    for (DWORD i = 0; i < size; i++) {
        if (data[i])
            putchar(data[i]);
        else if (i + 1 < size && data[i + 1])
            printf("\\0");
    }
}

void RegPrintValue(const char *name, DWORD type, const BYTE *data, DWORD size)
{
    printf("    %s    %s    ", name[0] ? name : "(Default)", RegTypeName(type));
    if (type == REG_SZ || type == REG_EXPAND_SZ)
        printf("%.*s", (int)(size && !data[size - 1] ? size - 1 : size), (const char *)data);
    else if (type == REG_MULTI_SZ)
        print_multi(data, size);
    else if (type == REG_DWORD && size == 4)
        printf("0x%x", (unsigned)(data[0] | data[1] << 8 | data[2] << 16 | (unsigned)data[3] << 24));
    else
        for (DWORD i = 0; i < size; i++)
            printf("%02X", data[i]);
    printf("\n");
}

static void export_string(const char *text, DWORD size)
{
    putchar('"');
    for (DWORD i = 0; i < size && text[i]; i++) {
        if (text[i] == '"' || text[i] == '\\')
            putchar('\\');
        putchar(text[i]);
    }
    putchar('"');
}

static BOOL plain_string(const BYTE *data, DWORD size)
{
    if (size == 0 || data[size - 1])
        return FALSE;
    for (DWORD i = 0; i + 1 < size; i++)
        if (data[i] < 0x20 || data[i] > 0x7E)
            return FALSE;
    return TRUE;
}

/* hex(N): the bytes as the hive stores them (strings UTF-16LE), as regedit and mkhive write them. */
static void export_hex(DWORD type, const BYTE *data, DWORD size)
{
    BOOL wide = type == REG_EXPAND_SZ || type == REG_MULTI_SZ || type == REG_SZ;
    if (type == REG_BINARY)
        printf("hex:");
    else
        printf("hex(%x):", (unsigned)type);
    for (DWORD i = 0; i < size; i++) {
        printf(i ? ",%02x" : "%02x", data[i]);
        if (wide)
            printf(",00");
    }
}

void RegExportValue(const char *name, DWORD type, const BYTE *data, DWORD size)
{
    if (name[0])
        export_string(name, strlen(name));
    else
        putchar('@');
    putchar('=');
    if (type == REG_SZ && plain_string(data, size))
        export_string((const char *)data, size);
    else if (type == REG_DWORD && size == 4)
        printf("dword:%08x", (unsigned)(data[0] | data[1] << 8 | data[2] << 16 | (unsigned)data[3] << 24));
    else
        export_hex(type, data, size);
    putchar('\n');
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = RtlUpcaseChar(c);
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static BOOL parse_hex(const char *text, BYTE *data, DWORD *size)
{
    DWORD n = 0, length = strlen(text);
    if (length % 2 || length / 2 > *size)
        return FALSE;
    for (; n < length / 2; n++) {
        int hi = hex_digit(text[2 * n]), lo = hex_digit(text[2 * n + 1]);
        if (hi < 0 || lo < 0)
            return FALSE;
        data[n] = (BYTE)(hi << 4 | lo);
    }
    *size = n;
    return TRUE;
}

/* REG_MULTI_SZ: strings separated by \0 in the text, each stored with its terminator, then one more. */
static BOOL parse_multi(const char *text, BYTE *data, DWORD *size)
{
    DWORD n = 0;
    for (const char *p = text; *p; p++) {
        if (n + 2 > *size)
            return FALSE;
        if (p[0] == '\\' && p[1] == '0') {
            data[n++] = 0;
            p++;
        } else {
            data[n++] = (BYTE)*p;
        }
    }
    if (n + 2 > *size)
        return FALSE;
    data[n++] = 0;
    data[n++] = 0;
    *size = n;
    return TRUE;
}

BOOL RegParseData(DWORD type, const char *text, BYTE *data, DWORD *size)
{
    if (type == REG_DWORD) {
        char *end;
        unsigned long v = strtoul(text, &end, 0);
        if (!*text || *end || *size < 4)
            return FALSE;
        memcpy(data, &v, 4);
        *size = 4;
        return TRUE;
    }
    if (type == REG_BINARY || type == REG_NONE)
        return parse_hex(text, data, size);
    if (type == REG_MULTI_SZ)
        return parse_multi(text, data, size);
    if (strlen(text) + 1 > *size)
        return FALSE;
    strcpy((char *)data, text);
    *size = strlen(text) + 1;
    return TRUE;
}

void RegPrintError(LONG error)
{
    if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND)
        printf(REG_MSG_NOT_FOUND);
    else if (error == ERROR_ACCESS_DENIED)
        printf("ERROR: Access is denied.\n");
    else if (error == ERROR_BADKEY)
        printf("ERROR: Invalid key name.\n");
    else
        printf("ERROR: error %ld.\n", (long)error);
}
