/* The C runtime's file-descriptor table (<io.h>): small integers over OS handles. 0, 1 and 2 are the
   console's standard handles; _open_osfhandle adopts any other handle (a socket, an event...). */
#ifndef CRT_IO_H
#define CRT_IO_H

#include "ntdef.h"

#define CRT_MAX_FILES 64

int      _open_osfhandle(intptr_t handle, int flags);
intptr_t _get_osfhandle(int fd);
/* Closes the descriptor and its OS handle (CloseHandle), as the Microsoft C runtime does. */
int      _close(int fd);
int      _write(int fd, const void *buffer, unsigned count);
int      _read(int fd, void *buffer, unsigned count);

#endif
