/* NtClearConsole (servpack's own, for cmd's `cls`): blanks the screen and homes the cursor, and sends
   the ANSI clear-screen sequence to COM1 so a terminal on the serial line clears too. */
#include "sysservice.h"
#include "hal.h"

NTSTATUS NtClearConsole(void)
{
    for (const char *s = "\x1b[2J\x1b[H"; *s; s++)
        HalSerialPutChar(*s);
    HalClearDisplay(ATTR_NORMAL);
    return STATUS_SUCCESS;
}
