/* The C runtime's <stdio.h>, console only: formatted output and line input. */
#ifndef CRT_STDIO_H
#define CRT_STDIO_H

#include "ntdef.h"

#define EOF (-1)

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int puts(const char *s);
int putchar(int c);
int getchar(void);
/* Reads one line from the console into buf (without the newline); NULL at end of input. */
char *gets_s(char *buf, size_t size);

#endif
