/* Virtual memory: VirtualAlloc/VirtualFree/VirtualProtect over the Nt*VirtualMemory services. */
#include "kernel32.h"

LPVOID VirtualAllocEx(HANDLE process, LPVOID address, SIZE_T size, DWORD type, DWORD protect)
{
    ULONG regionSize = size;
    NTSTATUS status = NtAllocateVirtualMemory(process, &address, 0, &regionSize, type, protect);
    return NT_SUCCESS(status) ? address : (BaseSetLastNTError(status), NULL);
}

LPVOID VirtualAlloc(LPVOID address, SIZE_T size, DWORD type, DWORD protect)
{
    return VirtualAllocEx(NtCurrentProcess(), address, size, type, protect);
}

BOOL VirtualFreeEx(HANDLE process, LPVOID address, SIZE_T size, DWORD type)
{
    ULONG regionSize = size;
    NTSTATUS status = NtFreeVirtualMemory(process, &address, &regionSize, type);
    return NT_SUCCESS(status) ? TRUE : (BaseSetLastNTError(status), FALSE);
}

BOOL VirtualFree(LPVOID address, SIZE_T size, DWORD type)
{
    return VirtualFreeEx(NtCurrentProcess(), address, size, type);
}

BOOL VirtualProtect(LPVOID address, SIZE_T size, DWORD protect, LPDWORD oldProtect)
{
    ULONG regionSize = size;
    NTSTATUS status = NtProtectVirtualMemory(NtCurrentProcess(), &address, &regionSize, protect, oldProtect);
    return NT_SUCCESS(status) ? TRUE : (BaseSetLastNTError(status), FALSE);
}
