/* Helpers for the inspection tools (tlist, handle, poolmon): a system-information snapshot in a
   buffer of the right size. */
#ifndef TOOLHELP_H
#define TOOLHELP_H

#include "windows.h"

/* NtQuerySystemInformation(informationClass) into fresh memory, retried while the data grows.
   Returns the buffer (free it with FreeSystemInformation) and its used length in *length; NULL with
   the status in *status on failure. */
PVOID QuerySystemInformation(ULONG informationClass, PULONG length, NTSTATUS *status);
void  FreeSystemInformation(PVOID buffer);

#endif
