/* printf-style formatting into a bounded buffer, shared by the kernel console, the bugcheck screen
   and the user C runtime. No floating point: kernel code is built without FPU state. */
#include "rtl.h"

typedef struct {
    char *buf;
    size_t size;
    size_t len;
} SINK;

static void put(SINK *s, char c)
{
    if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
}

static void pad(SINK *s, char c, int n)
{
    while (n-- > 0)
        put(s, c);
}

static void put_number(SINK *s, unsigned long long v, unsigned base, int upper,
                       int negative, int width, int left, char padc)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    int len = n + negative;
    if (negative && padc == '0')
        put(s, '-');
    if (!left)
        pad(s, padc, width - len);
    if (negative && padc != '0')
        put(s, '-');
    while (n)
        put(s, tmp[--n]);
    if (left)
        pad(s, ' ', width - len);
}

static void put_string(SINK *s, const char *str, int width, int prec, int left)
{
    if (!str)
        str = "(null)";
    int len = (int)(prec >= 0 ? strnlen(str, (size_t)prec) : strlen(str));
    if (!left)
        pad(s, ' ', width - len);
    for (int i = 0; i < len; i++)
        put(s, str[i]);
    if (left)
        pad(s, ' ', width - len);
}

int RtlFormatV(char *buf, size_t size, const char *fmt, va_list ap)
{
    SINK s = { buf, size, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&s, *fmt);
            continue;
        }
        fmt++;
        int left = 0, width = 0, prec = -1, lng = 0;
        char padc = ' ';
        for (;; fmt++) {
            if (*fmt == '-')
                left = 1;
            else if (*fmt == '0')
                padc = '0';
            else
                break;
        }
        if (*fmt == '*') {
            width = va_arg(ap, int);
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == '.') {
            fmt++;
            prec = 0;
            if (*fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            }
            while (*fmt >= '0' && *fmt <= '9')
                prec = prec * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l' || *fmt == 'z') {
            lng += (*fmt == 'l') ? 1 : (sizeof(size_t) > 4 ? 2 : 0);
            fmt++;
        }
        if (left)
            padc = ' ';
        unsigned long long u;
        long long v;
        switch (*fmt) {
        case 'd':
        case 'i':
            v = lng >= 2 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
            u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
            put_number(&s, u, 10, 0, v < 0, width, left, padc);
            break;
        case 'u':
        case 'x':
        case 'X':
            u = lng >= 2 ? va_arg(ap, unsigned long long)
                : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            put_number(&s, u, *fmt == 'u' ? 10 : 16, *fmt == 'X', 0, width, left, padc);
            break;
        case 'p':
            u = (uintptr_t)va_arg(ap, void *);
            put_number(&s, u, 16, 0, 0, width ? width : (int)(2 * sizeof(void *)), left, '0');
            break;
        case 's':
            put_string(&s, va_arg(ap, const char *), width, prec, left);
            break;
        case 'c':
            put(&s, (char)va_arg(ap, int));
            break;
        case '%':
            put(&s, '%');
            break;
        case 0:
            fmt--;
            break;
        default:
            put(&s, '%');
            put(&s, *fmt);
            break;
        }
    }
    if (size)
        buf[s.len < size ? s.len : size - 1] = 0;
    return (int)s.len;
}

int RtlFormat(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = RtlFormatV(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

BOOLEAN RtlParseUlong(const char *s, ULONG *out)
{
    ULONG base = 10, v = 0;
    if (!s || !*s)
        return FALSE;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (!*s)
            return FALSE;
    }
    for (; *s; s++) {
        ULONG d;
        if (*s >= '0' && *s <= '9')
            d = (ULONG)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (ULONG)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (ULONG)(*s - 'A' + 10);
        else
            return FALSE;
        if (v > (0xFFFFFFFFu - d) / base)
            return FALSE;
        v = v * base + d;
    }
    *out = v;
    return TRUE;
}
