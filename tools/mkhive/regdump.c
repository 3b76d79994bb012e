/* Writes a hive as REGEDIT4 text the way regedit exports it: every key (also empty ones), REG_SZ that
   is clean ASCII as "string", REG_DWORD as dword:, everything else as hex: or hex(N): wrapped lines. */
#include <stdlib.h>
#include <string.h>
#include "mkhive.h"

static void DumpQuoted(const char *s, FILE *out)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '\\' || *s == '"')
            fputc('\\', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* A REG_SZ can be written as a "string" when it is printable ASCII UTF-16 with one final NUL. */
static BOOLEAN IsPlainString(const UCHAR *data, ULONG length)
{
    if (length < 2 || length % 2 || data[length - 2] || data[length - 1])
        return FALSE;
    for (ULONG i = 0; i + 2 < length; i += 2)
        if (data[i + 1] || data[i] < 0x20 || data[i] >= 0x7F)
            return FALSE;
    return TRUE;
}

static void DumpHex(const UCHAR *data, ULONG length, int column, FILE *out)
{
    for (ULONG i = 0; i < length; i++) {
        column += fprintf(out, "%02x", data[i]);
        if (i + 1 < length) {
            fputc(',', out);
            column++;
            if (column > 76) {
                fputs("\\\n  ", out);
                column = 2;
            }
        }
    }
    fputc('\n', out);
}

static void DumpValue(HHIVE *hive, HCELL_INDEX value, FILE *out)
{
    char name[HV_MAX_NAME + 1];
    ULONG type, length;
    HvGetValueName(hive, value, name, sizeof(name));
    const UCHAR *data = HvGetValueData(hive, value, &type, &length);
    if (name[0])
        DumpQuoted(name, out);
    else
        fputc('@', out);
    fputc('=', out);
    int column = name[0] ? (int)strlen(name) + 3 : 2;
    if (type == REG_SZ && IsPlainString(data, length)) {
        char *text = malloc(length / 2);
        for (ULONG i = 0; i < length / 2; i++)
            text[i] = (char)data[2 * i];
        DumpQuoted(text, out);
        fputc('\n', out);
        free(text);
    } else if (type == REG_DWORD && length == 4) {
        fprintf(out, "dword:%08x\n", (unsigned)(data[0] | data[1] << 8 | data[2] << 16 | (ULONG)data[3] << 24));
    } else if (type == REG_BINARY) {
        fputs("hex:", out);
        DumpHex(data, length, column + 4, out);
    } else {
        column += fprintf(out, "hex(%x):", (unsigned)type);
        DumpHex(data, length, column, out);
    }
}

static void DumpKey(HHIVE *hive, HCELL_INDEX key, char *path, size_t pathLength, FILE *out)
{
    fprintf(out, "\n[%s]\n", path);
    HCELL_INDEX cell;
    for (ULONG i = 0; NT_SUCCESS(HvEnumerateValue(hive, key, i, &cell)); i++)
        DumpValue(hive, cell, out);
    for (ULONG i = 0; NT_SUCCESS(HvEnumerateSubkey(hive, key, i, &cell)); i++) {
        path[pathLength] = '\\';
        ULONG n = HvGetKeyName(hive, cell, path + pathLength + 1, HV_MAX_NAME + 1);
        DumpKey(hive, cell, path, pathLength + 1 + n, out);
        path[pathLength] = 0;
    }
}

void RegDumpHive(HHIVE *hive, const char *rootName, FILE *out)
{
    size_t size = 32 + (HV_MAX_DEPTH + 2) * (HV_MAX_NAME + 1);
    char *path = malloc(size);
    char root[HV_MAX_NAME + 1];
    if (!rootName) {
        HvGetKeyName(hive, HvRootCell(hive), root, sizeof(root));
        rootName = root;
    }
    int n = snprintf(path, size, "HKEY_LOCAL_MACHINE\\%s", rootName);
    fputs("REGEDIT4\n", out);
    DumpKey(hive, HvRootCell(hive), path, (size_t)n, out);
    free(path);
}
