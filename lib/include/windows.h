/* kernel32 for user programs: a small part of the Win32 API with NT 4.0's names, values and shapes. */
#ifndef WINDOWS_H
#define WINDOWS_H

#include "ntdll.h"

typedef ULONG DWORD, *LPDWORD;
typedef int BOOL;
typedef USHORT WORD;
typedef UCHAR BYTE;
typedef void *LPVOID;
typedef const void *LPCVOID;
typedef char *LPSTR;
typedef const char *LPCSTR;
typedef ULONG SIZE_T;
typedef DWORD (*LPTHREAD_START_ROUTINE)(LPVOID parameter);
#define WINAPI

#define INFINITE             0xFFFFFFFFu
#define WAIT_OBJECT_0        0x00000000u
#define WAIT_ABANDONED       0x00000080u
#define WAIT_TIMEOUT         0x00000102u
#define WAIT_FAILED          0xFFFFFFFFu
#define STILL_ACTIVE         0x00000103u          /* STATUS_PENDING */
#define INVALID_HANDLE_VALUE ((HANDLE)(intptr_t)-1)

/* Win32 error codes used here. */
#define ERROR_SUCCESS             0
#define ERROR_INVALID_FUNCTION    1
#define ERROR_FILE_NOT_FOUND      2
#define ERROR_ACCESS_DENIED       5
#define ERROR_INVALID_HANDLE      6
#define ERROR_NOT_ENOUGH_MEMORY   8
#define ERROR_INVALID_PARAMETER   87
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_BAD_EXE_FORMAT      193
#define ERROR_NOACCESS            998

/* Console handles are not kernel handles: their low two bits are set, as in NT 4.0. */
#define STD_INPUT_HANDLE   ((DWORD)-10)
#define STD_OUTPUT_HANDLE  ((DWORD)-11)
#define STD_ERROR_HANDLE   ((DWORD)-12)
#define CONSOLE_INPUT      ((HANDLE)0x3)
#define CONSOLE_OUTPUT     ((HANDLE)0x7)
#define CONSOLE_ERROR      ((HANDLE)0xB)

/* CreateFile: access, share and creation values (NT's GENERIC_* rights, Win32's dispositions). */
#ifndef GENERIC_READ
#define GENERIC_READ         0x80000000u
#define GENERIC_WRITE        0x40000000u
#endif
#define CREATE_NEW           1
#define CREATE_ALWAYS        2
#define OPEN_EXISTING        3
#define OPEN_ALWAYS          4
#define TRUNCATE_EXISTING    5
#define FILE_ATTRIBUTE_NORMAL 0x00000080

/* CreateProcess / CreateThread flags. */
#define CREATE_SUSPENDED   0x00000004
#define DETACHED_PROCESS   0x00000008

/* DuplicateHandle options are ntapi.h's DUPLICATE_CLOSE_SOURCE / DUPLICATE_SAME_ACCESS. */

typedef struct _PROCESS_INFORMATION {
    HANDLE hProcess;
    HANDLE hThread;
    DWORD dwProcessId;
    DWORD dwThreadId;
} PROCESS_INFORMATION, *LPPROCESS_INFORMATION;

typedef struct _SECURITY_ATTRIBUTES {
    DWORD nLength;
    LPVOID lpSecurityDescriptor;
    BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

/* errors */
DWORD GetLastError(void);
void  SetLastError(DWORD error);
/* Sets the last error from a status and returns it (kernel32's BaseSetLastNTError). */
DWORD BaseSetLastNTError(NTSTATUS status);

/* processes */
BOOL   CreateProcessA(LPCSTR applicationName, LPSTR commandLine, LPSECURITY_ATTRIBUTES processAttributes,
                      LPSECURITY_ATTRIBUTES threadAttributes, BOOL inheritHandles, DWORD flags,
                      LPVOID environment, LPCSTR currentDirectory, LPVOID startupInfo,
                      LPPROCESS_INFORMATION information);
__attribute__((noreturn)) void ExitProcess(DWORD exitCode);
BOOL   TerminateProcess(HANDLE process, DWORD exitCode);
BOOL   GetExitCodeProcess(HANDLE process, LPDWORD exitCode);
HANDLE OpenProcess(DWORD access, BOOL inherit, DWORD processId);
HANDLE GetCurrentProcess(void);
DWORD  GetCurrentProcessId(void);
LPSTR  GetCommandLineA(void);

/* threads */
HANDLE CreateThread(LPSECURITY_ATTRIBUTES attributes, SIZE_T stackSize, LPTHREAD_START_ROUTINE start,
                    LPVOID parameter, DWORD flags, LPDWORD threadId);
HANDLE CreateRemoteThread(HANDLE process, LPSECURITY_ATTRIBUTES attributes, SIZE_T stackSize,
                          LPTHREAD_START_ROUTINE start, LPVOID parameter, DWORD flags, LPDWORD threadId);
__attribute__((noreturn)) void ExitThread(DWORD exitCode);
BOOL   TerminateThread(HANDLE thread, DWORD exitCode);
BOOL   GetExitCodeThread(HANDLE thread, LPDWORD exitCode);
DWORD  ResumeThread(HANDLE thread);
HANDLE GetCurrentThread(void);
DWORD  GetCurrentThreadId(void);

/* handles and synchronization */
BOOL   CloseHandle(HANDLE handle);
BOOL   DuplicateHandle(HANDLE sourceProcess, HANDLE source, HANDLE targetProcess, HANDLE *target,
                       DWORD access, BOOL inherit, DWORD options);
DWORD  WaitForSingleObject(HANDLE handle, DWORD milliseconds);
DWORD  WaitForMultipleObjects(DWORD count, const HANDLE *handles, BOOL waitAll, DWORD milliseconds);
HANDLE CreateEventA(LPSECURITY_ATTRIBUTES attributes, BOOL manualReset, BOOL initialState, LPCSTR name);
HANDLE OpenEventA(DWORD access, BOOL inherit, LPCSTR name);
BOOL   SetEvent(HANDLE event);
BOOL   ResetEvent(HANDLE event);
void   Sleep(DWORD milliseconds);

/* memory */
LPVOID VirtualAlloc(LPVOID address, SIZE_T size, DWORD type, DWORD protect);
LPVOID VirtualAllocEx(HANDLE process, LPVOID address, SIZE_T size, DWORD type, DWORD protect);
BOOL   VirtualFree(LPVOID address, SIZE_T size, DWORD type);
BOOL   VirtualFreeEx(HANDLE process, LPVOID address, SIZE_T size, DWORD type);
BOOL   VirtualProtect(LPVOID address, SIZE_T size, DWORD protect, LPDWORD oldProtect);

/* console */
HANDLE GetStdHandle(DWORD which);
BOOL   WriteConsoleA(HANDLE console, LPCVOID buffer, DWORD length, LPDWORD written, LPVOID reserved);
BOOL   ReadConsoleA(HANDLE console, LPVOID buffer, DWORD length, LPDWORD read, LPVOID reserved);
/* files and devices: `\\.\Name` opens the device that \??\Name links to (no file system yet) */
HANDLE CreateFileA(LPCSTR name, DWORD access, DWORD shareMode, LPSECURITY_ATTRIBUTES attributes,
                   DWORD creationDisposition, DWORD flagsAndAttributes, HANDLE templateFile);
BOOL   DeviceIoControl(HANDLE device, DWORD ioControlCode, LPVOID inBuffer, DWORD inBufferSize,
                       LPVOID outBuffer, DWORD outBufferSize, LPDWORD bytesReturned, LPVOID overlapped);
BOOL   WriteFile(HANDLE file, LPCVOID buffer, DWORD length, LPDWORD written, LPVOID overlapped);
BOOL   ReadFile(HANDLE file, LPVOID buffer, DWORD length, LPDWORD read, LPVOID overlapped);

#endif
