/* The descriptor table: each descriptor holds an OS handle; 0..2 start as the console's. */
#include <io.h>
#include "windows.h"

static HANDLE Files[CRT_MAX_FILES] = { CONSOLE_INPUT, CONSOLE_OUTPUT, CONSOLE_ERROR };

static BOOL valid(int fd)
{
    return fd >= 0 && fd < CRT_MAX_FILES && Files[fd] != NULL;
}

int _open_osfhandle(intptr_t handle, int flags)
{
    if (handle == 0 || (HANDLE)handle == INVALID_HANDLE_VALUE)
        return -1;
    for (int fd = 0; fd < CRT_MAX_FILES; fd++) {
        if (Files[fd] == NULL) {
            Files[fd] = (HANDLE)handle;
            return fd;
        }
    }
    return -1;
}

intptr_t _get_osfhandle(int fd)
{
    return valid(fd) ? (intptr_t)Files[fd] : (intptr_t)INVALID_HANDLE_VALUE;
}

int _close(int fd)
{
    if (!valid(fd))
        return -1;
    HANDLE handle = Files[fd];
    Files[fd] = NULL;
    return CloseHandle(handle) ? 0 : -1;
}

int _write(int fd, const void *buffer, unsigned count)
{
    DWORD written;
    if (!valid(fd) || !WriteFile(Files[fd], buffer, count, &written, NULL))
        return -1;
    return (int)written;
}

int _read(int fd, void *buffer, unsigned count)
{
    DWORD read;
    if (!valid(fd) || !ReadFile(Files[fd], buffer, count, &read, NULL))
        return -1;
    return (int)read;
}
