/* iotest: the I/O manager from user mode. Opens devices through \\.\ names, sends requests the
   drivers must refuse (unknown control codes, bad buffer pointers, missing access), reads and writes
   \Device\Null, and checks that closing file handles gives back every byte of pool the file objects,
   IRPs and buffers took. One line per check, `iotest: PASS|FAIL name: detail`; exit status = failures. */
#include <stdio.h>
#include <string.h>
#include "windows.h"
#include "crashtypes.h"

#define FILE_TAG   ('F' | 'i' << 8 | 'l' << 16 | 'e' << 24)
#define IRP_TAG    ('I' | 'r' << 8 | 'p' << 16 | ' ' << 24)
#define BUFFER_TAG ('I' | 'o' << 8 | 'B' << 16 | 'f' << 24)
#define BAD_USER_POINTER   ((void *)0x00000010)
#define KERNEL_POINTER     ((void *)0x80100000)
#define IOCTL_UNKNOWN      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8FF, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define OPENS              100

static ULONG Failures;

static void check(const char *name, BOOL ok, const char *fmt, ULONG a, ULONG b)
{
    char detail[96];
    snprintf(detail, sizeof detail, fmt, (unsigned)a, (unsigned)b);
    printf("iotest: %s %s: %s\n", ok ? "PASS" : "FAIL", name, detail);
    Failures += !ok;
}

static ULONG pool_bytes(ULONG tag)
{
    static SYSTEM_POOL_TAG tags[64];
    ULONG length = 0;
    if (!NT_SUCCESS(NtQuerySystemInformation(SystemPoolTagInformation, tags, sizeof tags, &length)))
        return ~0u;
    for (ULONG i = 0; i < length / sizeof tags[0]; i++)
        if (tags[i].Tag == tag)
            return tags[i].BytesInUse;
    return 0;
}

static HANDLE open_device(const char *name, ACCESS_MASK access, NTSTATUS *status)
{
    HANDLE handle = NULL;
    IO_STATUS_BLOCK iosb;
    *status = NtCreateFile(&handle, access, name, 0, &iosb, 0, FILE_OPEN, 0);
    return handle;
}

static void test_open(void)
{
    HANDLE crash = CreateFileA("\\\\.\\CrashDrv", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    OBJECT_BASIC_INFORMATION info;
    NTSTATUS status = crash == INVALID_HANDLE_VALUE ? STATUS_UNSUCCESSFUL
                      : NtQueryObject(crash, ObjectBasicInformation, &info, sizeof info, NULL);
    check("open-crashdrv", NT_SUCCESS(status) && strcmp(info.TypeName, "File") == 0 &&
          strcmp(info.Name, "\\Device\\CrashDrv") == 0, "\\\\.\\CrashDrv -> handle 0x%X, status 0x%08X",
          (ULONG)crash, (ULONG)status);
    printf("iotest: the handle names a %s object called %s\n", info.TypeName, info.Name);
    CloseHandle(crash);
    open_device("\\??\\NoSuchDevice", GENERIC_READ, &status);
    check("open-missing", status == STATUS_OBJECT_NAME_NOT_FOUND, "\\??\\NoSuchDevice -> 0x%08X", status, 0);
    open_device("\\Device\\CrashDrv\\sub", GENERIC_READ, &status);
    check("open-below-device", status == STATUS_OBJECT_NAME_NOT_FOUND,
          "\\Device\\CrashDrv\\sub -> 0x%08X", status, 0);
}

static void test_ioctl(void)
{
    NTSTATUS status;
    IO_STATUS_BLOCK iosb;
    ULONG value = CrashTypeCount, out;
    HANDLE crash = open_device(CRASHDRV_DOS_NAME, GENERIC_READ | GENERIC_WRITE, &status);
    status = NtDeviceIoControlFile(crash, &iosb, IOCTL_UNKNOWN, NULL, 0, NULL, 0);
    check("ioctl-unknown-code", status == STATUS_INVALID_DEVICE_REQUEST && iosb.Status == status,
          "-> 0x%08X, iosb 0x%08X", status, iosb.Status);
    status = NtDeviceIoControlFile(crash, &iosb, IOCTL_CRASH_TRIGGER, &value, sizeof value, NULL, 0);
    check("ioctl-bad-type", status == STATUS_INVALID_PARAMETER, "type %u -> 0x%08X", value, status);
    status = NtDeviceIoControlFile(crash, &iosb, IOCTL_CRASH_TRIGGER, BAD_USER_POINTER, sizeof value, NULL, 0);
    check("ioctl-bad-input", status == STATUS_ACCESS_VIOLATION, "input 0x10 -> 0x%08X", status, 0);
    status = NtDeviceIoControlFile(crash, &iosb, IOCTL_UNKNOWN, NULL, 0, KERNEL_POINTER, 16);
    check("ioctl-kernel-output", status == STATUS_ACCESS_VIOLATION, "output 0x80100000 -> 0x%08X", status, 0);
    status = NtDeviceIoControlFile(crash, BAD_USER_POINTER, IOCTL_UNKNOWN, NULL, 0, NULL, 0);
    check("ioctl-bad-iosb", status == STATUS_ACCESS_VIOLATION, "iosb 0x10 -> 0x%08X", status, 0);
    status = NtDeviceIoControlFile(crash, &iosb, IOCTL_UNKNOWN, &out, IO_MAX_BUFFERED_BYTES + 1, NULL, 0);
    check("ioctl-too-long", status == STATUS_INVALID_PARAMETER, "0x%X bytes -> 0x%08X",
          IO_MAX_BUFFERED_BYTES + 1, status);
    status = NtDeviceIoControlFile((HANDLE)0x7FFC, &iosb, IOCTL_UNKNOWN, NULL, 0, NULL, 0);
    check("ioctl-bad-handle", status == STATUS_INVALID_HANDLE, "-> 0x%08X", status, 0);
    NtClose(crash);
}

static void test_null(void)
{
    NTSTATUS status;
    IO_STATUS_BLOCK iosb;
    char buffer[8];
    HANDLE null = open_device("\\Device\\Null", GENERIC_READ | GENERIC_WRITE, &status);
    status = NtWriteFile(null, &iosb, "hello", 5, NULL);
    check("null-write", status == STATUS_SUCCESS && iosb.Information == 5, "-> 0x%08X, %u bytes", status,
          iosb.Information);
    status = NtReadFile(null, &iosb, buffer, sizeof buffer, NULL);
    check("null-read", status == STATUS_END_OF_FILE && iosb.Information == 0, "-> 0x%08X, %u bytes", status,
          iosb.Information);
    status = NtWriteFile(null, &iosb, BAD_USER_POINTER, 5, NULL);
    check("write-bad-buffer", status == STATUS_ACCESS_VIOLATION, "buffer 0x10 -> 0x%08X", status, 0);
    status = NtReadFile(null, &iosb, KERNEL_POINTER, sizeof buffer, NULL);
    check("read-kernel-buffer", status == STATUS_ACCESS_VIOLATION, "buffer 0x80100000 -> 0x%08X", status, 0);
    NtClose(null);
    HANDLE readOnly = open_device("\\Device\\Null", GENERIC_READ, &status);
    status = NtWriteFile(readOnly, &iosb, "x", 1, NULL);
    check("write-needs-access", status == STATUS_ACCESS_DENIED, "read-only handle -> 0x%08X", status, 0);
    NtClose(readOnly);
}

static void test_pool(void)
{
    static HANDLE handles[OPENS];
    IO_STATUS_BLOCK iosb;
    NTSTATUS status;
    ULONG before = pool_bytes(FILE_TAG), irps = pool_bytes(IRP_TAG), buffers = pool_bytes(BUFFER_TAG);
    for (ULONG i = 0; i < OPENS; i++) {
        handles[i] = open_device(i % 2 ? "\\Device\\Null" : CRASHDRV_DOS_NAME, GENERIC_READ | GENERIC_WRITE, &status);
        NtDeviceIoControlFile(handles[i], &iosb, IOCTL_UNKNOWN, "abc", 4, NULL, 0);
    }
    ULONG open = pool_bytes(FILE_TAG);
    for (ULONG i = 0; i < OPENS; i++)
        NtClose(handles[i]);
    ULONG after = pool_bytes(FILE_TAG);
    printf("iotest: File pool bytes: before %u, with %u files open %u, after closing %u\n", (unsigned)before,
           OPENS, (unsigned)open, (unsigned)after);
    check("pool-files", after == before && open > before, "%u -> %u bytes", before, after);
    check("pool-irps-buffers", pool_bytes(IRP_TAG) == irps && pool_bytes(BUFFER_TAG) == buffers,
          "IRP bytes %u, buffer bytes %u (unchanged)", pool_bytes(IRP_TAG), pool_bytes(BUFFER_TAG));
}

int main(void)
{
    test_open();
    test_ioctl();
    test_null();
    test_pool();
    printf("iotest: %u failed\n", (unsigned)Failures);
    return (int)Failures;
}
