/* Run-time library shared by kernel and user mode: memory and string helpers, and formatting. */
#ifndef RTL_H
#define RTL_H

#include "ntdef.h"

void  *memset(void *dst, int c, size_t n);
void  *memcpy(void *dst, const void *src, size_t n);
void  *memmove(void *dst, const void *src, size_t n);
int    memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int    strcmp(const char *a, const char *b);
int    strncmp(const char *a, const char *b, size_t n);
int    RtlCompareStringInsensitive(const char *a, const char *b);
char  *strchr(const char *s, int c);
size_t RtlCopyString(char *dst, const char *src, size_t size);   /* like strlcpy */
char   RtlUpcaseChar(char c);

/* printf-style formatting: %d %i %u %x %X %p %s %c %% with flags '-', '0', width, precision (for %s),
   and the length modifiers l, ll, z. Always NUL-terminates when size > 0; returns the full length. */
int RtlFormatV(char *buf, size_t size, const char *fmt, va_list ap);
int RtlFormat(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Sorts values[0..count) in place and returns the middle one (0 for none). */
ULONG RtlMedianUlong(ULONG *values, ULONG count);

/* Parses an unsigned number (decimal, or hex with 0x); returns FALSE on junk or overflow. */
BOOLEAN RtlParseUlong(const char *s, ULONG *out);

#endif
