/* Rtl string helpers with NT names; also built into host tools and unit tests. */
#include "rtl.h"

char RtlUpcaseChar(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

int RtlCompareStringInsensitive(const char *a, const char *b)
{
    while (*a && RtlUpcaseChar(*a) == RtlUpcaseChar(*b))
        a++, b++;
    return (unsigned char)RtlUpcaseChar(*a) - (unsigned char)RtlUpcaseChar(*b);
}

size_t RtlCopyString(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = 0;
    }
    return len;
}
