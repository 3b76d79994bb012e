/* The REGEDIT4 .reg reader: a header line, [HKEY_LOCAL_MACHINE\ROOT\...] key lines, and value lines
   "Name"="string", @=..., dword:, hex:, hex(N):, "Name"=- (delete); ';' comment lines; a trailing
   backslash continues a line. The first key line's ROOT names the hive's root key. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "mkhive.h"
#include "rtl.h"

typedef struct {
    const char *Path;
    ULONG Line;                 /* where the current logical line starts */
    HHIVE *Hive;
    BOOLEAN HaveHive;
    HCELL_INDEX Key;            /* key the value lines belong to; HCELL_NIL before the first key line */
    char RootName[HV_MAX_NAME + 1];
} PARSER;

__attribute__((noreturn, format(printf, 2, 3)))
static void Fail(PARSER *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "mkhive: %s:%u: ", p->Path, p->Line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void Check(PARSER *p, NTSTATUS status, const char *what)
{
    if (!NT_SUCCESS(status))
        Fail(p, "%s failed with status 0x%08X", what, (unsigned)status);
}

static const char *SkipSpaces(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Parses a quoted string with \\ and \" escapes into out (at most size-1 chars); returns the rest. */
static const char *ParseString(PARSER *p, const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (s++; *s != '"'; s++) {
        if (!*s)
            Fail(p, "unterminated string");
        if (*s == '\\') {
            s++;
            if (*s != '\\' && *s != '"')
                Fail(p, "unknown escape '\\%c' in a string (only \\\\ and \\\" exist)", *s ? *s : ' ');
        }
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7F)
            Fail(p, "only printable ASCII is allowed in strings");
        if (n + 1 >= size)
            Fail(p, "string is too long");
        out[n++] = *s;
    }
    out[n] = 0;
    return s + 1;
}

static int HexDigit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Comma-separated hex bytes; returns how many. */
static ULONG ParseHexBytes(PARSER *p, const char *s, UCHAR *out, ULONG size)
{
    ULONG n = 0;
    s = SkipSpaces(s);
    while (*s) {
        int hi = HexDigit(*s), lo = hi >= 0 ? HexDigit(s[1]) : -1;
        if (hi < 0)
            Fail(p, "expected a hex byte, found '%c'", *s);
        if (n == size)
            Fail(p, "too much binary data");
        out[n++] = (UCHAR)(lo >= 0 ? hi * 16 + lo : hi);
        s = SkipSpaces(s + (lo >= 0 ? 2 : 1));
        if (*s == ',')
            s = SkipSpaces(s + 1);
        else if (*s)
            Fail(p, "expected ',' between hex bytes");
    }
    return n;
}

static void ParseKeyLine(PARSER *p, char *line)
{
    size_t len = strlen(line);
    if (line[len - 1] != ']')
        Fail(p, "key line does not end with ']'");
    line[len - 1] = 0;
    if (line[1] == '-')
        Fail(p, "deleting keys ([-...]) is not supported");
    char *part = strtok(line + 1, "\\");
    if (!part || (RtlCompareStringInsensitive(part, "HKEY_LOCAL_MACHINE") && RtlCompareStringInsensitive(part, "HKLM")))
        Fail(p, "keys must be under HKEY_LOCAL_MACHINE");
    char *root = strtok(NULL, "\\");
    if (!root)
        Fail(p, "key line names no hive (expected HKEY_LOCAL_MACHINE\\ROOT...)");
    if (!p->HaveHive) {
        if (RtlCopyString(p->RootName, root, sizeof(p->RootName)) >= sizeof(p->RootName))
            Fail(p, "root key name is too long");
        Check(p, HvCreateHive(p->Hive, root, MkAllocate, MkFree), "creating the hive");
        p->HaveHive = TRUE;
    } else if (RtlCompareStringInsensitive(root, p->RootName)) {
        Fail(p, "key is in hive %s, but this file builds hive %s", root, p->RootName);
    }
    HCELL_INDEX key = HvRootCell(p->Hive);
    while ((part = strtok(NULL, "\\"))) {
        HCELL_INDEX child;
        NTSTATUS status = HvCreateSubkey(p->Hive, key, part, &child);
        if (status == STATUS_OBJECT_NAME_INVALID)
            Fail(p, "bad key name '%s'", part);
        if (status != STATUS_OBJECT_NAME_COLLISION)
            Check(p, status, "creating the key");
        key = child;
    }
    p->Key = key;
}

static void SetValue(PARSER *p, const char *name, ULONG type, const void *data, ULONG length, BOOLEAN ascii)
{
    NTSTATUS status = ascii ? HvSetValueA(p->Hive, p->Key, name, type, data, length)
                            : HvSetValue(p->Hive, p->Key, name, type, data, length);
    if (status == STATUS_OBJECT_NAME_INVALID)
        Fail(p, "bad value name '%s'", name);
    Check(p, status, "setting the value");
}

static void ParseValueData(PARSER *p, const char *name, const char *s)
{
    static UCHAR bytes[HV_MAX_DATA];
    char text[4096];
    if (*s == '"') {
        s = SkipSpaces(ParseString(p, s, text, sizeof(text)));
        if (*s)
            Fail(p, "unexpected text after the string");
        SetValue(p, name, REG_SZ, text, (ULONG)strlen(text) + 1, TRUE);
    } else if (!strncmp(s, "dword:", 6)) {
        char *end;
        s += 6;
        unsigned long v = strtoul(s, &end, 16);
        if (end == s || end - s > 8 || *SkipSpaces(end) || HexDigit(*s) < 0)
            Fail(p, "dword: needs 1 to 8 hex digits");
        ULONG dword = (ULONG)v;
        SetValue(p, name, REG_DWORD, &dword, 4, FALSE);
    } else if (!strncmp(s, "hex:", 4)) {
        SetValue(p, name, REG_BINARY, bytes, ParseHexBytes(p, s + 4, bytes, sizeof(bytes)), FALSE);
    } else if (!strncmp(s, "hex(", 4)) {
        char *end;
        unsigned long type = strtoul(s + 4, &end, 16);
        if (end == s + 4 || strncmp(end, "):", 2))
            Fail(p, "hex(TYPE): needs a hex type number");
        SetValue(p, name, (ULONG)type, bytes, ParseHexBytes(p, end + 2, bytes, sizeof(bytes)), FALSE);
    } else if (*s == '-' && !*SkipSpaces(s + 1)) {
        if (!NT_SUCCESS(HvDeleteValue(p->Hive, p->Key, name)))
            Fail(p, "value '%s' to delete does not exist", name);
    } else {
        Fail(p, "unknown value data (expected \"string\", dword:, hex:, hex(N): or -)");
    }
}

static void ParseValueLine(PARSER *p, const char *s)
{
    char name[HV_MAX_NAME + 2];
    if (p->Key == HCELL_NIL)
        Fail(p, "value before the first key line");
    if (*s == '@')
        name[0] = 0, s++;
    else
        s = ParseString(p, s, name, sizeof(name));
    s = SkipSpaces(s);
    if (*s != '=')
        Fail(p, "expected '=' after the value name");
    ParseValueData(p, name, SkipSpaces(s + 1));
}

static void ParseLine(PARSER *p, char *line, BOOLEAN *sawHeader)
{
    line = (char *)SkipSpaces(line);
    if (!*line || *line == ';')
        return;
    if (!*sawHeader) {
        if (strcmp(line, "REGEDIT4"))
            Fail(p, "the first line must be REGEDIT4");
        *sawHeader = TRUE;
    } else if (*line == '[') {
        ParseKeyLine(p, line);
    } else if (*line == '"' || *line == '@') {
        ParseValueLine(p, line);
    } else {
        Fail(p, "expected a [key], a \"value\"=, @= or a ; comment");
    }
}

static char *ReadFile(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "mkhive: %s: cannot open\n", path);
        exit(1);
    }
    size_t size = 0, capacity = 65536;
    char *text = malloc(capacity);
    size_t n;
    while (text && (n = fread(text + size, 1, capacity - size - 1, f)) > 0) {
        size += n;
        if (size + 1 == capacity)
            text = realloc(text, capacity *= 2);
    }
    fclose(f);
    if (!text) {
        fprintf(stderr, "mkhive: out of memory\n");
        exit(1);
    }
    text[size] = 0;
    return text;
}

/* Strips trailing blanks and CR; returns TRUE (and drops it) when the line ends in a continuation '\'. */
static BOOLEAN TrimLine(char *line)
{
    size_t len = strlen(line);
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
        line[--len] = 0;
    if (len && line[len - 1] == '\\' && line[0] != '[') {
        line[len - 1] = 0;
        return TRUE;
    }
    return FALSE;
}

void RegBuildHive(HHIVE *hive, const char *path)
{
    PARSER p = { .Path = path, .Hive = hive, .Key = HCELL_NIL };
    char *text = ReadFile(path), *next = text, *logical = malloc(strlen(text) + 1);
    BOOLEAN sawHeader = FALSE;
    ULONG line = 0;
    while (*next) {
        logical[0] = 0;
        p.Line = line + 1;
        BOOLEAN more = TRUE;
        while (more && *next) {
            char *end = strchr(next, '\n');
            if (end)
                *end = 0;
            line++;
            more = TrimLine(next);
            strcat(logical, logical[0] ? SkipSpaces(next) : next);
            next = end ? end + 1 : next + strlen(next);
        }
        ParseLine(&p, logical, &sawHeader);
    }
    if (!p.HaveHive) {
        p.Line = line;
        Fail(&p, "no key lines: nothing to build");
    }
    free(logical);
    free(text);
}
