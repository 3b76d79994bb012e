/* reg: the console registry tool (reg.exe's query, add, delete and export, plus servpack's save and
   flush). Shared pieces: key names, value printing (regvalue.c) and the commands (reg.c). */
#ifndef REG_H
#define REG_H

#include "winreg.h"

#define REG_MSG_OK        "The operation completed successfully.\n"
#define REG_MSG_NOT_FOUND "ERROR: The system was unable to find the specified registry key or value.\n"

/* "HKLM\A\B" or "HKEY_LOCAL_MACHINE\A\B": the subkey below HKEY_LOCAL_MACHINE ("A\B"), or NULL. */
const char *RegSubkeyOf(const char *name);
/* The type called "REG_SZ" etc., or -1. */
int RegTypeFromName(const char *name);
const char *RegTypeName(DWORD type);
/* One value as reg query prints it: "    Name    REG_SZ    data". */
void RegPrintValue(const char *name, DWORD type, const BYTE *data, DWORD size);
/* One value as a REGEDIT4 line. */
void RegExportValue(const char *name, DWORD type, const BYTE *data, DWORD size);
/* /d DATA of type into data (at most *size bytes); FALSE when it does not parse. */
BOOL RegParseData(DWORD type, const char *text, BYTE *data, DWORD *size);
/* Prints the message for a Win32 error the way reg.exe does. */
void RegPrintError(LONG error);

#endif
