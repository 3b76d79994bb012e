/*
 * The Zw* entry points for kernel components (kernel/ke/zwstubs.S, generated from services.h): the
 * same services as Nt*, called with PreviousMode = KernelMode, so kernel buffers and handles are
 * accepted as they are -- NT's Zw contract. These are the prototypes of the process, thread, object,
 * memory, console and information services; an area that adds services declares its own Zw* too.
 */
#ifndef ZWAPI_H
#define ZWAPI_H

#include "ntapi.h"

NTSTATUS ZwClose(HANDLE Handle);
NTSTATUS ZwDuplicateObject(HANDLE SourceProcess, HANDLE SourceHandle, HANDLE TargetProcess,
                           PHANDLE TargetHandle, ACCESS_MASK DesiredAccess, ULONG HandleAttributes,
                           ULONG Options);
NTSTATUS ZwQueryObject(HANDLE Handle, ULONG InformationClass, PVOID Buffer, ULONG Length,
                       PULONG ReturnLength);
NTSTATUS ZwCreateProcess(PHANDLE ProcessHandle, PHANDLE ThreadHandle, const char *ImageName,
                         const char *CommandLine, ULONG Flags);
NTSTATUS ZwOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess, ULONG ProcessId);
NTSTATUS ZwTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus);
NTSTATUS ZwQueryInformationProcess(HANDLE ProcessHandle, ULONG InformationClass, PVOID Buffer,
                                   ULONG Length, PULONG ReturnLength);
NTSTATUS ZwCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess, HANDLE ProcessHandle,
                        CLIENT_ID *ClientId, const THREAD_START_CONTEXT *Context, ULONG Flags);
NTSTATUS ZwTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus);
NTSTATUS ZwResumeThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount);
NTSTATUS ZwQueryInformationThread(HANDLE ThreadHandle, ULONG InformationClass, PVOID Buffer,
                                  ULONG Length, PULONG ReturnLength);
NTSTATUS ZwRegisterThreadWithSubsystem(HANDLE ThreadHandle);
NTSTATUS ZwWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout);
NTSTATUS ZwWaitForMultipleObjects(ULONG Count, const HANDLE *Handles, ULONG WaitType,
                                  BOOLEAN Alertable, PLARGE_INTEGER Timeout);
NTSTATUS ZwCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess, const char *Name,
                       ULONG EventType, BOOLEAN InitialState);
NTSTATUS ZwOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess, const char *Name);
NTSTATUS ZwSetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS ZwResetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS ZwAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG ZeroBits,
                                 PULONG RegionSize, ULONG AllocationType, ULONG Protect);
NTSTATUS ZwFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PULONG RegionSize,
                             ULONG FreeType);
NTSTATUS ZwProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PULONG RegionSize,
                                ULONG NewProtect, PULONG OldProtect);
NTSTATUS ZwQuerySystemInformation(ULONG InformationClass, PVOID Buffer, ULONG Length,
                                  PULONG ReturnLength);
NTSTATUS ZwWriteConsole(const char *Buffer, ULONG Length);
NTSTATUS ZwReadConsole(char *Buffer, ULONG Length, PULONG BytesRead);
NTSTATUS ZwDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER Interval);
NTSTATUS ZwYieldExecution(void);
NTSTATUS ZwQueryVersion(ULONG InformationClass, PVOID Buffer, ULONG Length, PULONG ReturnLength);
NTSTATUS ZwShutdownSystem(ULONG Action);

#endif
