/*
 * The boot console: until the user-mode shell exists, the kernel reads lines from the keyboard and
 * COM1 and answers a few commands, so input can be tested end to end. autorun= is reported here too.
 */
#include "ke.h"
#include "hal.h"
#include "rtl.h"
#include "crashtypes.h"
#include "ex.h"

BOOLEAN PsRunAutorunAndShell(const char *autorun);   /* kernel/ps/psautorun.c */

/* `crash` lists the crash driver's types; `crash TYPE` (or the kernel option crash=TYPE) triggers one. */
static void crash_command(const char *type)
{
    static const char *const types[][3] = {
#define X(name, code, what) { #name, #code, what },
        CRASH_TYPE_LIST(X)
#undef X
    };
    if (*type && CrashDrvTypeFromName(type) < CrashTypeCount) {
        CrashDrvTrigger(CrashDrvTypeFromName(type));
        return;
    }
    if (*type)
        DbgPrint("crash: unknown type '%s'\n", type);
    HalDisplayString("usage: crash TYPE, where TYPE is one of\n");
    for (ULONG i = 0; i < CrashTypeCount; i++)
        DbgPrint("  %-14s STOP %s  %s\n", types[i][0], types[i][1], types[i][2]);
}

void KiBootConsole(void)
{
    char line[128];
    if (KiGetBootOption(KeBootInfo.CommandLine, "crash", line, sizeof line))
        crash_command(line);
    BOOLEAN autorun = KiGetBootOption(KeBootInfo.CommandLine, "autorun", line, sizeof line);
    if (PsRunAutorunAndShell(autorun ? line : NULL))
        return;
    HalSetDisplayAttribute(ATTR_BOOT);
    for (;;) {
        HalDisplayString("kd> ");
        ExReadConsoleLine(line, sizeof line);
        if (strcmp(line, "shutdown") == 0 || strcmp(line, "exit") == 0)
            return;
        if (strcmp(line, "help") == 0)
            HalDisplayString("commands: help, echo TEXT, crash [TYPE], shutdown\n");
        else if (strncmp(line, "crash", 5) == 0 && (line[5] == 0 || line[5] == ' '))
            crash_command(line[5] ? line + 6 : "");
        else if (line[0])
            DbgPrint("echo: %s\n", line);
    }
}
