/* ntdll's service stubs, one per row of kernel/include/services.h: EAX = the service number (the
   row's position), EDX = the caller's arguments on its stack, then int 0x2E. cdecl: the caller pops. */
    .text
    .set svc_number, 0
#define SERVICE(name, bytes)                                                  \
    .globl Nt##name; .type Nt##name, @function; Nt##name:                     \
    movl $svc_number, %eax; leal 4(%esp), %edx; int $0x2E; ret;               \
    .size Nt##name, . - Nt##name; .set svc_number, svc_number + 1;
#include "services.h"

/* NTSTATUS NtRawSystemCall(ULONG number, const void *arguments) */
    .globl NtRawSystemCall
    .type NtRawSystemCall, @function
NtRawSystemCall:
    movl 4(%esp), %eax
    movl 8(%esp), %edx
    int $0x2E
    ret
    .size NtRawSystemCall, . - NtRawSystemCall
    .section .note.GNU-stack, "", @progbits
