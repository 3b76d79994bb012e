/*
 * KiSwapContext(PVOID *saveEsp, PVOID newEsp): the register half of a thread switch. Saves the
 * callee-saved registers and EFLAGS on the old thread's stack, stores its esp, loads the new
 * thread's esp and pops the same frame. Called at DISPATCH_LEVEL by KiSwitchToThread (sched.c),
 * which has already switched cr3 and the TSS's esp0. No FPU state: the kernel is built with
 * -mgeneral-regs-only; saving user-mode FPU state is the user-mode side's job.
 * KeInitializeThread (thread.c) builds a first frame of the same shape for a new thread.
 */
    .text
    .globl KiSwapContext
KiSwapContext:
    mov 4(%esp), %eax
    mov 8(%esp), %edx
    pushfl
    push %ebp
    push %ebx
    push %esi
    push %edi
    mov %esp, (%eax)
    mov %edx, %esp
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    popfl
    ret

    .section .note.GNU-stack,"",@progbits
