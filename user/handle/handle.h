/* The handle tool's pieces: the process list (handle.c) and what a handle names (describe.c). */
#ifndef HANDLE_H
#define HANDLE_H

#include "toolhelp.h"

/* The image name of a listed process, "?" for one that is not in the list. */
const char *ImageOfProcess(ULONG processId);
/* The text handle.exe shows for a handle: the object's name, or for a process or thread handle the
   process and thread it refers to, "image(pid)" / "image(pid): tid". */
void DescribeHandle(const SYSTEM_HANDLE_ENTRY *entry, char *text, ULONG size);

#endif
