/*
 * Console input: characters from the PS/2 keyboard (scan code set 1, US layout) and from COM1 are
 * merged into one queue, so a person at the keyboard and a script on the serial port drive the same
 * shell. HalPollInput polls both devices; their interrupt routines (inputint.c) drain them the same way.
 */
#include "hal.h"

#define KBD_DATA   0x60
#define KBD_STATUS 0x64
#define QUEUE_SIZE 256

static char Queue[QUEUE_SIZE];
static volatile ULONG Head, Tail;
static BOOLEAN Shift, Ctrl, LastWasCr;

static const char Plain[0x3A] =
    "\0\0331234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char Shifted[0x3A] =
    "\0\033!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

void HalInputPush(char c)
{
    ULONG next = (Head + 1) % QUEUE_SIZE;
    if (next != Tail) {
        Queue[Head] = c;
        Head = next;
    }
}

static void translate(UCHAR code)
{
    BOOLEAN release = code & 0x80;
    UCHAR key = code & 0x7F;
    if (key == 0x2A || key == 0x36) {
        Shift = !release;
        return;
    }
    if (key == 0x1D) {
        Ctrl = !release;
        return;
    }
    if (release || key >= sizeof Plain)
        return;
    char c = Shift ? Shifted[key] : Plain[key];
    if (Ctrl && c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 1);
    if (c)
        HalInputPush(c);
}

void HalInitKeyboard(void)
{
    while (inb(KBD_STATUS) & 0x01)      /* drain what the firmware left behind */
        (void)inb(KBD_DATA);
}

/* Runs with interrupts off: both the keyboard and the COM1 interrupt routines call it. */
void HalpDrainInputDevices(void)
{
    ULONG flags;
    __asm__ volatile("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
    int c;
    while ((c = HalSerialGetChar()) >= 0) {
        BOOLEAN crlf = LastWasCr && c == '\n';     /* a terminal's CR LF is one Enter */
        LastWasCr = c == '\r';
        if (!crlf)
            HalInputPush(c == '\r' ? '\n' : (char)c);
    }
    while ((inb(KBD_STATUS) & 0x21) == 0x01)        /* keyboard byte, not mouse */
        translate(inb(KBD_DATA));
    if (flags & 0x200)
        __asm__ volatile("sti" : : : "memory");
}

int HalPollInput(void)
{
    HalpDrainInputDevices();
    if (Head == Tail)
        return -1;
    char c = Queue[Tail];
    Tail = (Tail + 1) % QUEUE_SIZE;
    return (UCHAR)c;
}
