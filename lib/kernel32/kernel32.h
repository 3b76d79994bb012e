/* kernel32's private helpers shared by its files. */
#ifndef KERNEL32_H
#define KERNEL32_H

#include "windows.h"

/* A Win32 timeout in milliseconds as NT's relative 100 ns interval; NULL for INFINITE. */
PLARGE_INTEGER BaseFormatTimeOut(PLARGE_INTEGER buffer, DWORD milliseconds);
/* Reserves and commits a thread stack in `process`; returns its base and size. */
NTSTATUS BaseCreateStack(HANDLE process, SIZE_T size, PVOID *base, ULONG *allocated);
void BaseFreeThreadStack(HANDLE process, PVOID base);
/* The registers a new thread starts with: BaseThreadStartThunk calls start(parameter). */
void BaseInitializeContext(THREAD_START_CONTEXT *context, LPTHREAD_START_ROUTINE start,
                           LPVOID parameter, PVOID stackTop);
BOOL BaseIsConsoleHandle(HANDLE handle);

#endif
