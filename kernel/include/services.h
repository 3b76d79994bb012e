/*
 * The system service table: the ONE list from which the kernel's dispatch table (kernel/ke/sysservice.c),
 * the kernel's Zw* entry points (kernel/ke/zwstubs.S) and ntdll's Nt* stubs (lib/ntdll/stubs.S) are all
 * generated. A service's number is its position here. SERVICE(name, argument bytes) declares Nt<name>.
 * Append new services at the end so existing numbers stay put.
 */
SERVICE(Close,                         4)
SERVICE(DuplicateObject,              28)
SERVICE(QueryObject,                  20)
SERVICE(CreateProcess,                20)
SERVICE(OpenProcess,                  12)
SERVICE(TerminateProcess,              8)
SERVICE(QueryInformationProcess,      20)
SERVICE(CreateThread,                 24)
SERVICE(TerminateThread,               8)
SERVICE(ResumeThread,                  8)
SERVICE(QueryInformationThread,       20)
SERVICE(RegisterThreadWithSubsystem,   4)
SERVICE(WaitForSingleObject,          12)
SERVICE(WaitForMultipleObjects,       20)
SERVICE(CreateEvent,                  20)
SERVICE(OpenEvent,                    12)
SERVICE(SetEvent,                      8)
SERVICE(ResetEvent,                    8)
SERVICE(AllocateVirtualMemory,        24)
SERVICE(FreeVirtualMemory,            16)
SERVICE(ProtectVirtualMemory,         20)
SERVICE(QuerySystemInformation,       16)
SERVICE(WriteConsole,                  8)
SERVICE(ReadConsole,                  12)
SERVICE(DelayExecution,                8)
SERVICE(YieldExecution,                0)
SERVICE(QueryVersion,                 16)
SERVICE(ShutdownSystem,                4)
