/* Numbers and process exit for the C runtime. */
#include <stdlib.h>
#include "windows.h"

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

unsigned long strtoul(const char *s, char **end, int base)
{
    unsigned long value = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16) {
        s += 2;
        base = 16;
    } else if (base == 0) {
        base = 10;
    }
    for (; digit_value(*s) < base; s++)
        value = value * base + digit_value(*s);
    if (end)
        *end = (char *)s;
    return value;
}

long strtol(const char *s, char **end, int base)
{
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '-')
        return -(long)strtoul(s + 1, end, base);
    return (long)strtoul(*s == '+' ? s + 1 : s, end, base);
}

int atoi(const char *s)
{
    return (int)strtol(s, NULL, 10);
}

__attribute__((noreturn)) void exit(int status)
{
    ExitProcess((DWORD)status);
}

__attribute__((noreturn)) void abort(void)
{
    ExitProcess(3);
}
