/* Files and devices: CreateFileA over NtCreateFile, ReadFile/WriteFile (console handles go to the
   console services, everything else to NtReadFile/NtWriteFile), and DeviceIoControl. Synchronous
   only: an OVERLAPPED argument is refused until the I/O manager completes requests asynchronously. */
#include "kernel32.h"
#include "rtl.h"

#define DOS_DEVICE_PREFIX "\\\\.\\"

/* "\\.\Name" -> "\??\Name"; servpack has no drives or file system, so other names cannot be found. */
static BOOL translate_name(LPCSTR name, char *ntName, ULONG size)
{
    ULONG prefix = strlen(DOS_DEVICE_PREFIX);
    if (strncmp(name, DOS_DEVICE_PREFIX, prefix) != 0 || !name[prefix])
        return FALSE;
    RtlFormat(ntName, size, "\\??\\%s", name + prefix);
    return TRUE;
}

static ULONG nt_disposition(DWORD creationDisposition)
{
    switch (creationDisposition) {
    case CREATE_NEW:        return 2;   /* FILE_CREATE */
    case CREATE_ALWAYS:     return 5;   /* FILE_OVERWRITE_IF */
    case OPEN_EXISTING:     return FILE_OPEN;
    case OPEN_ALWAYS:       return 3;   /* FILE_OPEN_IF */
    case TRUNCATE_EXISTING: return 4;   /* FILE_OVERWRITE */
    }
    return ~0u;
}

HANDLE CreateFileA(LPCSTR name, DWORD access, DWORD shareMode, LPSECURITY_ATTRIBUTES attributes,
                   DWORD creationDisposition, DWORD flagsAndAttributes, HANDLE templateFile)
{
    char ntName[260];
    IO_STATUS_BLOCK iosb;
    HANDLE handle;
    (void)flagsAndAttributes;
    (void)templateFile;
    ULONG disposition = nt_disposition(creationDisposition);
    if (disposition == ~0u)
        return SetLastError(ERROR_INVALID_PARAMETER), INVALID_HANDLE_VALUE;
    if (!translate_name(name, ntName, sizeof ntName))
        return SetLastError(ERROR_FILE_NOT_FOUND), INVALID_HANDLE_VALUE;
    ULONG objectAttributes = attributes && attributes->bInheritHandle ? HANDLE_ATTRIBUTE_INHERIT : 0;
    NTSTATUS status = NtCreateFile(&handle, access | SVC_SYNCHRONIZE | FILE_READ_ATTRIBUTES, ntName,
                                   objectAttributes, &iosb, shareMode, disposition, FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(status))
        return BaseSetLastNTError(status), INVALID_HANDLE_VALUE;
    return handle;
}

BOOL DeviceIoControl(HANDLE device, DWORD ioControlCode, LPVOID inBuffer, DWORD inBufferSize, LPVOID outBuffer,
                     DWORD outBufferSize, LPDWORD bytesReturned, LPVOID overlapped)
{
    IO_STATUS_BLOCK iosb;
    if (overlapped)
        return SetLastError(ERROR_INVALID_PARAMETER), FALSE;
    NTSTATUS status = NtDeviceIoControlFile(device, &iosb, ioControlCode, inBuffer, inBufferSize, outBuffer,
                                            outBufferSize);
    if (bytesReturned)
        *bytesReturned = NT_SUCCESS(status) ? iosb.Information : 0;
    return NT_SUCCESS(status) ? TRUE : (BaseSetLastNTError(status), FALSE);
}

BOOL WriteFile(HANDLE file, LPCVOID buffer, DWORD length, LPDWORD written, LPVOID overlapped)
{
    IO_STATUS_BLOCK iosb;
    if (BaseIsConsoleHandle(file))
        return WriteConsoleA(file, buffer, length, written, NULL);
    if (overlapped)
        return SetLastError(ERROR_INVALID_PARAMETER), FALSE;
    NTSTATUS status = NtWriteFile(file, &iosb, buffer, length, NULL);
    if (written)
        *written = NT_SUCCESS(status) ? iosb.Information : 0;
    return NT_SUCCESS(status) ? TRUE : (BaseSetLastNTError(status), FALSE);
}

/* Win32 reports the end of a file as a successful read of 0 bytes. */
BOOL ReadFile(HANDLE file, LPVOID buffer, DWORD length, LPDWORD read, LPVOID overlapped)
{
    IO_STATUS_BLOCK iosb;
    if (BaseIsConsoleHandle(file))
        return ReadConsoleA(file, buffer, length, read, NULL);
    if (overlapped)
        return SetLastError(ERROR_INVALID_PARAMETER), FALSE;
    NTSTATUS status = NtReadFile(file, &iosb, buffer, length, NULL);
    if (read)
        *read = NT_SUCCESS(status) ? iosb.Information : 0;
    if (status == STATUS_END_OF_FILE)
        return TRUE;
    return NT_SUCCESS(status) ? TRUE : (BaseSetLastNTError(status), FALSE);
}
