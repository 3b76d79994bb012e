/* The string functions programs use beyond lib/rtl's. */
#include <string.h>

char *strcpy(char *dst, const char *src)
{
    memcpy(dst, src, strlen(src) + 1);
    return dst;
}

char *strcat(char *dst, const char *src)
{
    strcpy(dst + strlen(dst), src);
    return dst;
}

char *strrchr(const char *s, int c)
{
    const char *found = NULL;
    do {
        if (*s == (char)c)
            found = s;
    } while (*s++);
    return (char *)found;
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (; *haystack; haystack++)
        if (strncmp(haystack, needle, n) == 0)
            return (char *)haystack;
    return n ? NULL : (char *)haystack;
}
