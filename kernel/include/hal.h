/* Hardware abstraction layer: port I/O, COM1, the 80x50 screen console (VGA text or framebuffer),
   keyboard and serial input, power off and reboot. */
#ifndef HAL_H
#define HAL_H

#include "ntdef.h"
#include "bootinfo.h"

static inline void outb(USHORT port, UCHAR v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(USHORT port, USHORT v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(USHORT port, ULONG v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline UCHAR inb(USHORT port) { UCHAR v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline USHORT inw(USHORT port) { USHORT v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline ULONG inl(USHORT port) { ULONG v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

/* Screen geometry: NT 4.0's text screen, 80 columns by 50 rows, on every kind of display. */
#define HAL_COLUMNS 80
#define HAL_ROWS    50

/* VGA attributes used by the system */
#define ATTR_NORMAL   0x07     /* light grey on black */
#define ATTR_BOOT     0x1F     /* white on blue: the boot banner */
#define ATTR_BUGCHECK 0x17     /* grey on blue: the STOP screen */

/* COM1 */
void HalInitSerial(void);
void HalSerialPutChar(char c);
int  HalSerialGetChar(void);                /* -1 when nothing is waiting */

/* Screen console. Text goes to the screen and, line for line, to COM1. */
void HalInitDisplay(const BOOT_INFO *boot);
void HalDisplayString(const char *s);
void HalDisplayCharacter(char c);
void HalSetDisplayAttribute(UCHAR attr);
void HalClearDisplay(UCHAR attr);
void HalSetCursor(ULONG row, ULONG column);
void HalShowCursor(BOOLEAN visible);        /* the VGA text cursor; the STOP screen hides it */
BOOLEAN HalDisplayIsFramebuffer(void);
ULONG HalReadDisplayCell(ULONG row, ULONG column);    /* char | attr << 8, for tests and dumps */
int  DbgPrint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Screen back ends (vga.c, fb.c): draw one cell, or a whole row after a scroll. */
void HalpVgaInit(void);
void HalpVgaPutCell(ULONG row, ULONG column, USHORT cell);
void HalpVgaSetCursor(ULONG row, ULONG column);
void HalpVgaShowCursor(BOOLEAN visible);
BOOLEAN HalpFbInit(const BOOT_FRAMEBUFFER *fb);
void HalpFbPutCell(ULONG row, ULONG column, USHORT cell);
void HalpFbFill(UCHAR attr);

/* The project's own 8x8 font (font8x8.c), 256 glyphs of 8 bytes, bit 7 = leftmost pixel. */
extern const UCHAR HalFont8x8[256][8];

/* Input from the PS/2 keyboard and COM1, merged into one queue. */
void HalInitKeyboard(void);
int  HalPollInput(void);                    /* next character, or -1 */
void HalInputPush(char c);

/* Power */
void HalInitAcpi(const BOOT_INFO *boot);
__attribute__((noreturn)) void HalPowerOff(void);
__attribute__((noreturn)) void HalReboot(void);
__attribute__((noreturn)) void HalHalt(void);
void HalExitQemu(ULONG code);               /* isa-debug-exit: QEMU exits with (code << 1) | 1 */

/* Interrupt hardware (pic.c, pit.c, cmos.c, inputint.c), used by the trap layer in kernel/ke. */
#define HAL_ISA_IRQS    16
#define HAL_CLOCK_IRQ   0
#define HAL_CASCADE_IRQ 2
void HalpInitPic(void);
UCHAR HalpIrqlOfIrq(ULONG Irq);             /* 27 - n; the clock at CLOCK_LEVEL */
void HalpSetPicMask(USHORT Mask);           /* bit n set = IRQ n masked */
BOOLEAN HalpIsSpuriousInterrupt(ULONG Irq);
void HalpEndOfInterrupt(ULONG Irq);
void HalpStartClock(ULONG Divisor);
ULONGLONG HalpCalibrateTsc(void);           /* TSC ticks per second */
LONGLONG HalpReadCmosTime(void);            /* 100 ns units since 1601 */
void HalpConnectInputInterrupts(void);      /* keyboard and COM1 receive feed HalInputPush */
void HalpDrainInputDevices(void);           /* moves waiting keyboard and COM1 bytes into the queue */
void HalpEnableSerialReceiveInterrupt(void);

/* Physical memory is direct-mapped at this base for the first 512 MiB. */
#define KSEG0_BASE       0x80000000u
#define KSEG0_SIZE       0x20000000u
#define PHYS_TO_VIRT(p)  ((void *)((ULONG_PTR)(p) + KSEG0_BASE))
#define VIRT_TO_PHYS(v)  ((ULONG_PTR)(v) - KSEG0_BASE)

#endif
