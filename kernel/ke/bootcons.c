/*
 * The boot console: until the user-mode shell exists, the kernel reads lines from the keyboard and
 * COM1 and answers a few commands, so input can be tested end to end. autorun= is reported here too.
 */
#include "ke.h"
#include "hal.h"
#include "rtl.h"

BOOLEAN PsRunAutorunAndShell(const char *autorun);   /* kernel/ps/psautorun.c */

static void read_line(char *line, ULONG size)
{
    ULONG n = 0;
    for (;;) {
        int c = HalPollInput();
        if (c < 0) {
            __asm__ volatile("pause");
            continue;
        }
        if (c == '\n') {
            HalDisplayCharacter('\n');
            break;
        }
        if ((c == '\b' || c == 0x7F) && n) {
            n--;
            HalDisplayString("\b \b");
        } else if (c >= ' ' && c < 0x7F && n + 1 < size) {
            line[n++] = (char)c;
            HalDisplayCharacter((char)c);
        }
    }
    line[n] = 0;
}

void KiBootConsole(void)
{
    char line[128];
    BOOLEAN autorun = KiGetBootOption(KeBootInfo.CommandLine, "autorun", line, sizeof line);
    if (PsRunAutorunAndShell(autorun ? line : NULL))
        return;
    HalSetDisplayAttribute(ATTR_BOOT);
    for (;;) {
        HalDisplayString("kd> ");
        read_line(line, sizeof line);
        if (strcmp(line, "shutdown") == 0 || strcmp(line, "exit") == 0)
            return;
        if (strcmp(line, "help") == 0)
            HalDisplayString("commands: help, echo TEXT, crash, shutdown\n");
        else if (strcmp(line, "crash") == 0)
            KeBugCheckEx(MANUALLY_INITIATED_CRASH, 0, 0, 0, 0);
        else if (line[0])
            DbgPrint("echo: %s\n", line);
    }
}
