/*
 * Framebuffer back end under UEFI (no VGA text mode there): draws the same 80x50 grid of cells into
 * GRUB's linear framebuffer. Each cell is (width/80) x (height/50) pixels; the 8x8 glyph plus a blank
 * ninth column (as VGA draws 9-dot cells) is stretched over it by nearest neighbour, so the text
 * screen fills the display like NT's 720x400 text mode does on a monitor. The margin left over is
 * painted in the background colour.
 */
#include "hal.h"
#include "mm.h"

#define FB_MAX_CELL 32

static volatile UCHAR *Fb;
static ULONG Pitch, Width, Height, BytesPerPixel;
static ULONG CellWidth, CellHeight, OriginX, OriginY;
static BOOT_FRAMEBUFFER Format;
static signed char ColumnBit[FB_MAX_CELL];     /* glyph bit for each pixel column of a cell, -1 = gap */
static UCHAR RowLine[FB_MAX_CELL];             /* glyph row for each pixel row of a cell */

/* The 16 VGA text colours */
static const UCHAR Palette[16][3] = {
    {0x00, 0x00, 0x00}, {0x00, 0x00, 0xAA}, {0x00, 0xAA, 0x00}, {0x00, 0xAA, 0xAA},
    {0xAA, 0x00, 0x00}, {0xAA, 0x00, 0xAA}, {0xAA, 0x55, 0x00}, {0xAA, 0xAA, 0xAA},
    {0x55, 0x55, 0x55}, {0x55, 0x55, 0xFF}, {0x55, 0xFF, 0x55}, {0x55, 0xFF, 0xFF},
    {0xFF, 0x55, 0x55}, {0xFF, 0x55, 0xFF}, {0xFF, 0xFF, 0x55}, {0xFF, 0xFF, 0xFF},
};

static ULONG scale(UCHAR value, UCHAR size)
{
    return size >= 8 ? (ULONG)value << (size - 8) : (ULONG)value >> (8 - size);
}

static ULONG pixel_value(UCHAR colour)
{
    const UCHAR *rgb = Palette[colour & 15];
    return scale(rgb[0], Format.RedSize) << Format.RedPos |
           scale(rgb[1], Format.GreenSize) << Format.GreenPos |
           scale(rgb[2], Format.BlueSize) << Format.BluePos;
}

static void put_pixel(ULONG x, ULONG y, ULONG value)
{
    volatile UCHAR *p = Fb + y * Pitch + x * BytesPerPixel;
    switch (BytesPerPixel) {
    case 4:
        *(volatile ULONG *)p = value;
        break;
    case 3:
        p[0] = (UCHAR)value;
        p[1] = (UCHAR)(value >> 8);
        p[2] = (UCHAR)(value >> 16);
        break;
    default:
        *(volatile USHORT *)p = (USHORT)value;
        break;
    }
}

BOOLEAN HalpFbInit(const BOOT_FRAMEBUFFER *fb)
{
    if (fb->Address >= 0x100000000ULL || (fb->Bpp != 16 && fb->Bpp != 24 && fb->Bpp != 32))
        return FALSE;
    if (fb->Width < HAL_COLUMNS * 8 || fb->Height < HAL_ROWS * 8)
        return FALSE;
    Fb = MmMapIoSpace((ULONG)fb->Address, fb->Pitch * fb->Height);
    if (!Fb)
        return FALSE;
    Format = *fb;
    Pitch = fb->Pitch;
    Width = fb->Width;
    Height = fb->Height;
    BytesPerPixel = fb->Bpp / 8u;
    CellWidth = Width / HAL_COLUMNS;
    CellHeight = Height / HAL_ROWS;
    if (CellWidth > FB_MAX_CELL)
        CellWidth = FB_MAX_CELL;
    if (CellHeight > FB_MAX_CELL)
        CellHeight = FB_MAX_CELL;
    OriginX = (Width - CellWidth * HAL_COLUMNS) / 2;
    OriginY = (Height - CellHeight * HAL_ROWS) / 2;
    for (ULONG x = 0; x < CellWidth; x++) {
        ULONG dot = x * 9 / CellWidth;
        ColumnBit[x] = (signed char)(dot < 8 ? 7 - (int)dot : -1);
    }
    for (ULONG y = 0; y < CellHeight; y++)
        RowLine[y] = (UCHAR)(y * 8 / CellHeight);
    return TRUE;
}

void HalpFbFill(UCHAR attr)
{
    ULONG value = pixel_value(attr >> 4);
    for (ULONG y = 0; y < Height; y++)
        for (ULONG x = 0; x < Width; x++)
            put_pixel(x, y, value);
}

void HalpFbPutCell(ULONG row, ULONG column, USHORT cell)
{
    const UCHAR *glyph = HalFont8x8[cell & 0xFF];
    ULONG fg = pixel_value((UCHAR)(cell >> 8) & 15), bg = pixel_value((UCHAR)(cell >> 12) & 15);
    ULONG x0 = OriginX + column * CellWidth, y0 = OriginY + row * CellHeight;
    for (ULONG y = 0; y < CellHeight; y++) {
        UCHAR bits = glyph[RowLine[y]];
        for (ULONG x = 0; x < CellWidth; x++) {
            int bit = ColumnBit[x];
            put_pixel(x0 + x, y0 + y, (bit >= 0 && (bits >> bit) & 1) ? fg : bg);
        }
    }
}
