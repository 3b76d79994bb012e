/* Console stdio over descriptors 0 and 1: printf formats with lib/rtl's RtlFormatV. */
#include <stdio.h>
#include <io.h>
#include "rtl.h"

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    return RtlFormatV(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = RtlFormatV(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *fmt, va_list ap)
{
    char buf[512];
    int n = RtlFormatV(buf, sizeof buf, fmt, ap);
    ULONG length = n < (int)sizeof buf ? (ULONG)n : sizeof buf - 1;
    return _write(1, buf, length) < 0 ? -1 : n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int putchar(int c)
{
    char ch = (char)c;
    return _write(1, &ch, 1) == 1 ? (unsigned char)c : EOF;
}

int puts(const char *s)
{
    if (_write(1, s, strlen(s)) < 0 || putchar('\n') == EOF)
        return EOF;
    return 0;
}

int getchar(void)
{
    unsigned char c;
    return _read(0, &c, 1) == 1 ? c : EOF;
}

char *gets_s(char *buf, size_t size)
{
    size_t n = 0;
    int c;
    if (size == 0)
        return NULL;
    while ((c = getchar()) != EOF && c != '\n')
        if (n + 1 < size)
            buf[n++] = (char)c;
    buf[n] = 0;
    return c == EOF && n == 0 ? NULL : buf;
}
