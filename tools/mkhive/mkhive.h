/* mkhive's parts: building a hive from REGEDIT4 text (regparse.c) and writing one back as text (regdump.c). */
#ifndef MKHIVE_H
#define MKHIVE_H

#include <stdio.h>
#include "hive.h"

PVOID MkAllocate(ULONG bytes);
void  MkFree(PVOID block, ULONG bytes);

/* Builds a hive from a .reg file; on error prints "mkhive: FILE:LINE: message" and exits with 1. */
void RegBuildHive(HHIVE *hive, const char *path);
/* Writes the hive as REGEDIT4 text, keys under HKEY_LOCAL_MACHINE\<rootName>. */
void RegDumpHive(HHIVE *hive, const char *rootName, FILE *out);

#endif
