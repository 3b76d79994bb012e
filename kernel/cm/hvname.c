/* Key and value names: stored either as ASCII (the COMP_NAME flag, what this layer writes) or as
   UTF-16LE (what other writers may use); compared case-insensitively the way subkey lists are sorted. */
#include "hvp.h"
#include "rtl.h"

static USHORT HvpStoredChar(const UCHAR *stored, ULONG i, BOOLEAN ascii)
{
    return ascii ? stored[i] : (USHORT)(stored[2 * i] | stored[2 * i + 1] << 8);
}

static USHORT HvpUpcase(USHORT c)
{
    return (c >= 'a' && c <= 'z') ? (USHORT)(c - 'a' + 'A') : c;
}

int HvpCompareName(const char *name, ULONG nameLength, const UCHAR *stored, ULONG storedBytes, BOOLEAN ascii)
{
    ULONG storedLength = ascii ? storedBytes : storedBytes / 2;
    for (ULONG i = 0; i < nameLength && i < storedLength; i++) {
        USHORT a = HvpUpcase((UCHAR)name[i]), b = HvpUpcase(HvpStoredChar(stored, i, ascii));
        if (a != b)
            return a < b ? -1 : 1;
    }
    return nameLength == storedLength ? 0 : nameLength < storedLength ? -1 : 1;
}

int HvpCompareStoredNames(const UCHAR *a, ULONG aBytes, BOOLEAN aAscii, const UCHAR *b, ULONG bBytes, BOOLEAN bAscii)
{
    ULONG aLength = aAscii ? aBytes : aBytes / 2, bLength = bAscii ? bBytes : bBytes / 2;
    for (ULONG i = 0; i < aLength && i < bLength; i++) {
        USHORT x = HvpUpcase(HvpStoredChar(a, i, aAscii)), y = HvpUpcase(HvpStoredChar(b, i, bAscii));
        if (x != y)
            return x < y ? -1 : 1;
    }
    return aLength == bLength ? 0 : aLength < bLength ? -1 : 1;
}

/* Copies a stored name as ASCII ('?' for characters outside it); returns its length in characters. */
ULONG HvpCopyName(char *buf, ULONG size, const UCHAR *stored, ULONG storedBytes, BOOLEAN ascii)
{
    ULONG length = ascii ? storedBytes : storedBytes / 2;
    if (size == 0)
        return length;
    ULONG n = length < size - 1 ? length : size - 1;
    for (ULONG i = 0; i < n; i++) {
        USHORT c = HvpStoredChar(stored, i, ascii);
        buf[i] = (c >= 0x20 && c < 0x7F) ? (char)c : '?';
    }
    buf[n] = 0;
    return length;
}

/* Key names are 1..255 printable ASCII characters without a backslash; value names may be empty. */
BOOLEAN HvpNameIsValid(const char *name, BOOLEAN valueName)
{
    ULONG length = (ULONG)strnlen(name, HV_MAX_NAME + 1);
    if (length > HV_MAX_NAME || (length == 0 && !valueName))
        return FALSE;
    for (ULONG i = 0; i < length; i++)
        if ((UCHAR)name[i] < 0x20 || (UCHAR)name[i] >= 0x7F || (!valueName && name[i] == '\\'))
            return FALSE;
    return TRUE;
}
