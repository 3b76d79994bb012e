/* The Zw* entry points: kernel components call the Nt* services through them, one per row of
   kernel/include/services.h, so the service runs with PreviousMode = KernelMode (NT's Zw contract).
   Each loads its service number and hands its caller's arguments to KiCallKernelService. */
    .text
    .set svc_number, 0
#define SERVICE(name, bytes)                                                  \
    .globl Zw##name; .type Zw##name, @function; Zw##name:                     \
    movl $svc_number, %eax; jmp KiZwDispatch;                                 \
    .size Zw##name, . - Zw##name; .set svc_number, svc_number + 1;
#include "services.h"

/* EAX = service number, the caller's arguments above our return address. */
    .type KiZwDispatch, @function
KiZwDispatch:
    leal 4(%esp), %edx
    pushl %edx
    pushl %eax
    call KiCallKernelService
    addl $8, %esp
    ret
    .size KiZwDispatch, . - KiZwDispatch
    .section .note.GNU-stack, "", @progbits
