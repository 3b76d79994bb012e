/* Where every new user thread starts (NtCreateThread's Eip): EAX = the thread routine, EBX = its
   parameter, as kernel32's BaseInitializeContext arranged; BaseThreadStart never returns. */
    .text
    .globl BaseThreadStartThunk
    .type BaseThreadStartThunk, @function
BaseThreadStartThunk:
    pushl %ebx
    pushl %eax
    pushl $0                    /* no return address: BaseThreadStart does not return */
    jmp BaseThreadStart
    .size BaseThreadStartThunk, . - BaseThreadStartThunk
    .section .note.GNU-stack, "", @progbits
