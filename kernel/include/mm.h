/* Memory manager: physical pages, the 2 GB / 2 GB address space, kernel mappings of device memory. */
#ifndef MM_H
#define MM_H

#include "ntdef.h"
#include "bootinfo.h"

#define PAGE_SIZE              4096u
#define PAGE_SHIFT             12
#define MM_HIGHEST_USER_ADDRESS 0x7FFEFFFFu
#define MM_USER_PROBE_ADDRESS   0x7FFF0000u
#define MM_SYSTEM_RANGE_START   0x80000000u
#define MM_IO_SPACE_BASE        0xF0000000u   /* device memory (framebuffer...) mapped with 4 MiB pages */
#define MM_IO_SPACE_END         0xFF800000u

/* The page directory every address space shares the kernel half of (built in boot/entry.S). */
extern ULONG KiBootPageDirectory[1024];

/* Maps `size` bytes of device memory at physical `phys` into the kernel's I/O space;
   returns the virtual address, or NULL when the I/O space is full. */
void *MmMapIoSpace(ULONG phys, ULONG size);

#endif
