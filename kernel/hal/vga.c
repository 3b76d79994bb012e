/*
 * VGA text back end under BIOS: switches the adapter from GRUB's 80x25 to NT's 80x50 text screen by
 * loading the project's 8x8 font into plane 2 and setting the CRTC to 8 scan lines per row (no BIOS
 * call is possible in protected mode), then writes cells straight into text memory at 0xB8000.
 */
#include "hal.h"

#define VGA_SEQ   0x3C4
#define VGA_GC    0x3CE
#define VGA_CRTC  0x3D4
#define VGA_TEXT  ((volatile USHORT *)PHYS_TO_VIRT(0xB8000))
#define VGA_FONT  ((volatile UCHAR *)PHYS_TO_VIRT(0xA0000))

static void write_reg(USHORT port, UCHAR index, UCHAR value)
{
    outb(port, index);
    outb(port + 1, value);
}

static UCHAR read_reg(USHORT port, UCHAR index)
{
    outb(port, index);
    return inb(port + 1);
}

/* Plane 2 holds the glyphs, 32 bytes per character; only the first 8 are used at 8 lines per cell. */
static void load_font(void)
{
    write_reg(VGA_SEQ, 0x00, 0x01);          /* synchronous reset while we remap memory */
    write_reg(VGA_SEQ, 0x02, 0x04);          /* write plane 2 only */
    write_reg(VGA_SEQ, 0x04, 0x07);          /* sequential addressing, 256 KB */
    write_reg(VGA_SEQ, 0x00, 0x03);
    write_reg(VGA_GC, 0x04, 0x02);           /* read plane 2 */
    write_reg(VGA_GC, 0x05, 0x00);
    write_reg(VGA_GC, 0x06, 0x04);           /* A0000-AFFFF, no odd/even */

    for (ULONG ch = 0; ch < 256; ch++)
        for (ULONG row = 0; row < 32; row++)
            VGA_FONT[ch * 32 + row] = row < 8 ? HalFont8x8[ch][row] : 0;

    write_reg(VGA_SEQ, 0x00, 0x01);
    write_reg(VGA_SEQ, 0x02, 0x03);          /* back to planes 0 and 1: text */
    write_reg(VGA_SEQ, 0x04, 0x03);
    write_reg(VGA_SEQ, 0x00, 0x03);
    write_reg(VGA_GC, 0x04, 0x00);
    write_reg(VGA_GC, 0x05, 0x10);
    write_reg(VGA_GC, 0x06, 0x0E);           /* B8000-BFFFF, odd/even */
}

void HalpVgaInit(void)
{
    load_font();
    write_reg(VGA_CRTC, 0x11, read_reg(VGA_CRTC, 0x11) & 0x7F);   /* unlock CRTC 0-7 */
    write_reg(VGA_CRTC, 0x09, (UCHAR)((read_reg(VGA_CRTC, 0x09) & 0xE0) | 7));  /* 8 lines per row */
    HalpVgaShowCursor(TRUE);
    write_reg(VGA_CRTC, 0x0B, 7);            /* the cursor ends on line 7 of the cell */
}

void HalpVgaShowCursor(BOOLEAN visible)
{
    write_reg(VGA_CRTC, 0x0A, visible ? 6 : 0x20);   /* starts on line 6 of the cell; bit 5 turns it off */
}

void HalpVgaPutCell(ULONG row, ULONG column, USHORT cell)
{
    VGA_TEXT[row * HAL_COLUMNS + column] = cell;
}

void HalpVgaSetCursor(ULONG row, ULONG column)
{
    USHORT pos = (USHORT)(row * HAL_COLUMNS + column);
    write_reg(VGA_CRTC, 0x0F, (UCHAR)pos);
    write_reg(VGA_CRTC, 0x0E, (UCHAR)(pos >> 8));
}
