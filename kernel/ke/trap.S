/*
 * Trap entry and exit. Every one of the 256 vectors has a 16-byte stub (KiTrapStubs + 16 * vector) that
 * makes the stack uniform -- a zero error code where the CPU pushes none, then the vector number -- and
 * jumps to the common entry, which saves the rest of a KTRAP_FRAME (see ke.h), loads kernel data
 * segments and calls KiTrapDispatch(frame). KiTrapExit restores a frame and returns with iret; it is
 * also how a new thread or a first entry into ring 3 starts (KiExitToTrapFrame). Vector 8 is a task
 * gate instead: KiTrap08Task is the double-fault task's entry, on its own stack.
 */
#define KGDT_R0_DATA 0x10

    .text
    .balign 16
    .globl KiTrapStubs
KiTrapStubs:
    vector = 0
    .rept 256
    .balign 16
    .if vector == 8 || vector == 10 || vector == 11 || vector == 12 || vector == 13 || vector == 14 || vector == 17 || vector == 21 || vector == 29 || vector == 30
    .else
    pushl $0
    .endif
    pushl $vector
    jmp KiTrapCommon
    vector = vector + 1
    .endr

KiTrapCommon:
    pushal
    pushl %ds
    pushl %es
    pushl %fs
    pushl %gs
    movl $KGDT_R0_DATA, %eax
    movl %eax, %ds
    movl %eax, %es
    cld
    pushl %esp
    call KiTrapDispatch
    addl $4, %esp
    .globl KiTrapExit
KiTrapExit:
    popl %gs
    popl %fs
    popl %es
    popl %ds
    popal
    addl $8, %esp                       /* vector and error code */
    iret

    .globl KiExitToTrapFrame
KiExitToTrapFrame:
    movl 4(%esp), %esp
    jmp KiTrapExit

    /* The double-fault task starts here with the CPU's error code on its stack: it becomes the argument. */
    .globl KiTrap08Task
KiTrap08Task:
    call KiDoubleFault
1:  cli
    hlt
    jmp 1b

    .section .note.GNU-stack,"",@progbits
