/* The kernel's system service table, generated from kernel/include/services.h: per service the
   address of Nt<name> and its argument bytes. The references are weak, so a service nobody has
   written yet is 0 here and the dispatcher (sysservice.c) answers STATUS_NOT_IMPLEMENTED. */
#define KI_MAX_ARGUMENT_BYTES 48

    .section .rodata
    .balign 4
    .globl KiServiceTable
KiServiceTable:
#define SERVICE(name, bytes)                                                      \
    .if (bytes) % 4 || (bytes) > KI_MAX_ARGUMENT_BYTES; .error "bad argument bytes"; .endif; \
    .weak Nt##name; .long Nt##name; .long bytes;
#include "services.h"
#undef SERVICE
    .globl KiServiceLimit
KiServiceLimit:
    .long (KiServiceLimit - KiServiceTable) / 8
    .section .note.GNU-stack, "", @progbits
