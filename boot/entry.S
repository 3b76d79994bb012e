/*
 * Multiboot2 header and the first instructions: GRUB enters here in 32-bit protected mode with paging
 * off. We build a boot page directory that maps physical 0..512 MiB both at 0 (so the next
 * instruction still runs) and at 0x80000000 (where the kernel is linked), with 4 MiB pages, turn
 * paging on, move to the high mapping and call KiSystemStartup(magic, info). The low identity
 * mapping is removed later by MmInitSystem, leaving user space empty.
 */
#define MB2_MAGIC      0xE85250D6
#define MB2_ARCH_I386  0
#define KERNEL_BASE    0x80000000
#define BOOT_MAP_PDES  128              /* 128 x 4 MiB = 512 MiB */
#define PDE_P_RW_PS    0x83             /* present, writable, 4 MiB page */

    .section .multiboot2, "a"
    .balign 8
mb2_header:
    .long MB2_MAGIC
    .long MB2_ARCH_I386
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    /* framebuffer request (optional): UEFI has no text mode, so ask for pixels; grub.cfg keeps text under BIOS */
    .balign 8
    .short 5, 1
    .long 20
    .long 1024, 768, 32
    /* console flags: we have EGA text support */
    .balign 8
    .short 4, 1
    .long 12
    .long 2
    .balign 8
    .short 0, 0
    .long 8
mb2_header_end:

    .section .boot.text, "ax"
    .globl KiBootEntry
KiBootEntry:
    cli
    cld
    mov %eax, %esi                      /* multiboot2 magic */
    mov %ebx, %edi                      /* physical address of the information block */

    /* fill the boot page directory: PDE[i] = PDE[512+i] = i * 4 MiB */
    mov $(KiBootPageDirectory - KERNEL_BASE), %edx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $22, %eax
    or $PDE_P_RW_PS, %eax
    mov %eax, (%edx,%ecx,4)
    mov %eax, 2048(%edx,%ecx,4)
    inc %ecx
    cmp $BOOT_MAP_PDES, %ecx
    jne 1b

    mov %cr4, %eax
    or $0x10, %eax                      /* CR4.PSE: 4 MiB pages */
    mov %eax, %cr4
    mov %edx, %cr3
    mov %cr0, %eax
    or $0x80010000, %eax                /* CR0.PG | CR0.WP */
    mov %eax, %cr0

    lea high, %eax
    jmp *%eax
high:
    mov $KiBootStackTop, %esp
    xor %ebp, %ebp
    push %edi
    push %esi
    call KiSystemStartup
2:  cli
    hlt
    jmp 2b

    .section .bss
    .balign 4096
    .globl KiBootPageDirectory
KiBootPageDirectory:
    .skip 4096
    .balign 16
    .globl KiBootStack
KiBootStack:
    .skip 16384
    .globl KiBootStackTop
KiBootStackTop:

    .section .note.GNU-stack,"",@progbits
