/*
 * The screen console: an 80x50 grid of (character, attribute) cells kept in a shadow buffer and drawn
 * by one back end, VGA text memory under BIOS or pixels in GRUB's framebuffer under UEFI. Everything
 * written here is also sent to COM1, so serial shows exactly what the screen shows.
 */
#include "hal.h"
#include "rtl.h"

static USHORT Cells[HAL_ROWS][HAL_COLUMNS];
static ULONG CursorRow, CursorColumn;
static UCHAR Attribute = ATTR_NORMAL;
static BOOLEAN UseFramebuffer;
static BOOLEAN DisplayReady;

static void put_cell(ULONG row, ULONG column, USHORT cell)
{
    if (Cells[row][column] == cell)
        return;
    Cells[row][column] = cell;
    if (UseFramebuffer)
        HalpFbPutCell(row, column, cell);
    else
        HalpVgaPutCell(row, column, cell);
}

static void scroll(void)
{
    USHORT blank = (USHORT)(' ' | Attribute << 8);
    for (ULONG r = 0; r + 1 < HAL_ROWS; r++)
        for (ULONG c = 0; c < HAL_COLUMNS; c++)
            put_cell(r, c, Cells[r + 1][c]);
    for (ULONG c = 0; c < HAL_COLUMNS; c++)
        put_cell(HAL_ROWS - 1, c, blank);
}

static void update_cursor(void)
{
    if (!UseFramebuffer)
        HalpVgaSetCursor(CursorRow, CursorColumn);
}

void HalInitDisplay(const BOOT_INFO *boot)
{
    UseFramebuffer = boot->HasFramebuffer && boot->Framebuffer.Type == 1 &&
                     HalpFbInit(&boot->Framebuffer);
    if (!UseFramebuffer)
        HalpVgaInit();
    DisplayReady = TRUE;
    HalClearDisplay(ATTR_NORMAL);
}

BOOLEAN HalDisplayIsFramebuffer(void)
{
    return UseFramebuffer;
}

void HalSetDisplayAttribute(UCHAR attr)
{
    Attribute = attr;
}

void HalClearDisplay(UCHAR attr)
{
    Attribute = attr;
    if (!DisplayReady)
        return;
    if (UseFramebuffer)
        HalpFbFill(attr);
    for (ULONG r = 0; r < HAL_ROWS; r++)
        for (ULONG c = 0; c < HAL_COLUMNS; c++) {
            Cells[r][c] = (USHORT)(' ' | attr << 8);
            if (UseFramebuffer)
                continue;                    /* HalpFbFill already painted the background */
            HalpVgaPutCell(r, c, Cells[r][c]);
        }
    CursorRow = CursorColumn = 0;
    update_cursor();
}

void HalSetCursor(ULONG row, ULONG column)
{
    CursorRow = row < HAL_ROWS ? row : HAL_ROWS - 1;
    CursorColumn = column < HAL_COLUMNS ? column : HAL_COLUMNS - 1;
    update_cursor();
}

void HalShowCursor(BOOLEAN visible)
{
    if (DisplayReady && !UseFramebuffer)
        HalpVgaShowCursor(visible);
}

ULONG HalReadDisplayCell(ULONG row, ULONG column)
{
    return (row < HAL_ROWS && column < HAL_COLUMNS) ? Cells[row][column] : 0;
}

static void new_line(void)
{
    CursorColumn = 0;
    if (++CursorRow >= HAL_ROWS) {
        scroll();
        CursorRow = HAL_ROWS - 1;
    }
}

/* A line that fills all 80 columns leaves the cursor parked after the last one: the wrap happens
   only when another character follows, so an 80-column line and its newline take one row, as on a
   terminal (the STOP screen's serial mirror then matches the screen row for row). */
static void screen_char(char c)
{
    if (!DisplayReady)
        return;
    switch (c) {
    case '\n':
        new_line();
        break;
    case '\r':
        CursorColumn = 0;
        break;
    case '\b':
        if (CursorColumn)
            CursorColumn--;
        break;
    case '\t':
        CursorColumn = (CursorColumn + 8) & ~7u;
        if (CursorColumn > HAL_COLUMNS)
            CursorColumn = HAL_COLUMNS;
        break;
    default:
        if (CursorColumn >= HAL_COLUMNS)
            new_line();
        put_cell(CursorRow, CursorColumn, (USHORT)((UCHAR)c | Attribute << 8));
        CursorColumn++;
        break;
    }
}

void HalDisplayCharacter(char c)
{
    HalSerialPutChar(c);
    screen_char(c);
    update_cursor();
}

void HalDisplayString(const char *s)
{
    for (; *s; s++) {
        HalSerialPutChar(*s);
        screen_char(*s);
    }
    update_cursor();
}

int DbgPrint(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = RtlFormatV(buf, sizeof buf, fmt, ap);
    va_end(ap);
    HalDisplayString(buf);
    return n;
}
