/* The C runtime's <stdlib.h>: memory, numbers, exit. */
#ifndef CRT_STDLIB_H
#define CRT_STDLIB_H

#include "ntdef.h"

void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *block, size_t size);
void  free(void *block);
int   atoi(const char *s);
unsigned long strtoul(const char *s, char **end, int base);
long  strtol(const char *s, char **end, int base);
__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void abort(void);

#endif
