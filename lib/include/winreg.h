/* The registry part of the Win32 API (advapi32 in NT; here in kernel32's archive): RegOpenKeyEx and
   friends over the Nt*Key services. They return a Win32 error code rather than setting the last
   error, as Windows does. Only HKEY_LOCAL_MACHINE is predefined; it names \Registry\Machine. */
#ifndef WINREG_H
#define WINREG_H

#include "windows.h"
#include "ntreg.h"

typedef HANDLE HKEY, *PHKEY;
typedef ACCESS_MASK REGSAM;
typedef UCHAR *LPBYTE;

#define HKEY_LOCAL_MACHINE ((HKEY)(ULONG_PTR)0x80000002)

#define ERROR_PATH_NOT_FOUND        3
#define ERROR_MORE_DATA             234
#define ERROR_NO_MORE_ITEMS         259
#define ERROR_BADKEY                1010
#define ERROR_KEY_DELETED           1018
#define ERROR_CHILD_MUST_BE_VOLATILE 1021

LONG RegOpenKeyExA(HKEY key, LPCSTR subKey, DWORD options, REGSAM access, PHKEY result);
LONG RegCreateKeyExA(HKEY key, LPCSTR subKey, DWORD reserved, LPSTR className, DWORD options, REGSAM access,
                     LPSECURITY_ATTRIBUTES attributes, PHKEY result, LPDWORD disposition);
LONG RegCloseKey(HKEY key);
/* type, data and size may be NULL; *size is in bytes, strings as ASCII with their terminators. */
LONG RegQueryValueExA(HKEY key, LPCSTR name, LPDWORD reserved, LPDWORD type, LPBYTE data, LPDWORD size);
LONG RegSetValueExA(HKEY key, LPCSTR name, DWORD reserved, DWORD type, const BYTE *data, DWORD size);
/* *nameLength: the buffer's characters in, the name's length out (without the terminator). */
LONG RegEnumKeyExA(HKEY key, DWORD index, LPSTR name, LPDWORD nameLength, LPDWORD reserved, LPSTR className,
                   LPDWORD classLength, PVOID lastWriteTime);
LONG RegEnumValueA(HKEY key, DWORD index, LPSTR name, LPDWORD nameLength, LPDWORD reserved, LPDWORD type,
                   LPBYTE data, LPDWORD size);
LONG RegDeleteKeyA(HKEY key, LPCSTR subKey);
LONG RegDeleteValueA(HKEY key, LPCSTR name);
LONG RegFlushKey(HKEY key);
/* servpack's own: the hive image of the key's hive on the debug port (NtSaveKey). */
LONG RegSaveKeyToDebugPort(HKEY key);

#define RegOpenKeyEx     RegOpenKeyExA
#define RegCreateKeyEx   RegCreateKeyExA
#define RegQueryValueEx  RegQueryValueExA
#define RegSetValueEx    RegSetValueExA
#define RegEnumKeyEx     RegEnumKeyExA
#define RegEnumValue     RegEnumValueA
#define RegDeleteKey     RegDeleteKeyA
#define RegDeleteValue   RegDeleteValueA

#endif
