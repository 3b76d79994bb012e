/* The C runtime's <string.h>: lib/rtl's functions plus the few more programs use. */
#ifndef CRT_STRING_H
#define CRT_STRING_H

#include "rtl.h"

char *strcpy(char *dst, const char *src);
char *strcat(char *dst, const char *src);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

#endif
