/* The shell's built-in commands: help, ver, cls, echo, exit and shutdown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "windows.h"
#include "cmd.h"

static void help(const char *arguments);
static void ver(const char *arguments);

static void cls(const char *arguments)
{
    NtClearConsole();
}

static void echo(const char *arguments)
{
    printf("%s\n", arguments);
}

/* The shell is the last process standing, so leaving it powers the machine off (the kernel says so). */
static void shutdown(const char *arguments)
{
    NTSTATUS status = NtShutdownSystem(ShutdownPowerOff);
    printf("shutdown: failed with status 0x%08X\n", (unsigned)status);
}

const CMD_BUILTIN CmdBuiltins[] = {
    { "help",     "lists the commands and the programs",              help },
    { "ver",      "shows the build, the flavour and the KB fixes",    ver },
    { "cls",      "clears the screen",                                cls },
    { "echo",     "prints its arguments",                             echo },
    { "exit",     "leaves the shell, which powers the system off",    shutdown },
    { "shutdown", "powers the system off",                            shutdown },
    { NULL, NULL, NULL },
};

const CMD_BUILTIN *CmdFindBuiltin(const char *name)
{
    for (const CMD_BUILTIN *b = CmdBuiltins; b->Name; b++)
        if (RtlCompareStringInsensitive(b->Name, name) == 0)
            return b;
    return NULL;
}

static void list_programs(void)
{
    ULONG needed = 0;
    NTSTATUS status = NtQuerySystemInformation(SystemProgramInformation, NULL, 0, &needed);
    SYSTEM_PROGRAM_INFORMATION *programs = malloc(needed ? needed : 1);
    if (status == STATUS_INFO_LENGTH_MISMATCH && programs)
        status = NtQuerySystemInformation(SystemProgramInformation, programs, needed, &needed);
    if (!NT_SUCCESS(status)) {
        printf("help: cannot list the programs: status 0x%08X\n", (unsigned)status);
    } else {
        printf("Programs (run as NAME [ARGUMENTS]):\n");
        for (ULONG i = 0; i < needed / sizeof *programs; i++)
            printf("  %-16s %7u bytes\n", programs[i].Name, (unsigned)programs[i].Size);
    }
    free(programs);
}

static void help(const char *arguments)
{
    printf("Built-in commands:\n");
    for (const CMD_BUILTIN *b = CmdBuiltins; b->Name; b++)
        printf("  %-16s %s\n", b->Name, b->Help);
    list_programs();
}

static const char *flavour_of(const char *variant)
{
    if (strcmp(variant, "rtm") == 0)
        return "RTM-buggy";
    if (strcmp(variant, "sp") == 0)
        return "SP-fixed";
    return "custom: selected fixes";
}

static void ver(const char *arguments)
{
    SERVPACK_VERSION v;
    ULONG needed = 0;
    NTSTATUS status = NtQueryVersion(VersionBasicInformation, &v, sizeof v, NULL);
    SERVPACK_KB_FIX *fixes = NT_SUCCESS(status) ? malloc(v.KbFixCount * sizeof *fixes + 1) : NULL;
    if (fixes)
        status = NtQueryVersion(VersionKbFixInformation, fixes, v.KbFixCount * sizeof *fixes, &needed);
    if (!fixes || !NT_SUCCESS(status)) {
        printf("ver: cannot query the version: status 0x%08X\n", (unsigned)status);
        free(fixes);
        return;
    }
    printf("\nservpack [Version 4.0.%u], variant %s (%s)\n", (unsigned)v.BuildNumber, v.Variant,
           flavour_of(v.Variant));
    printf("KB fixes: %u\n", (unsigned)v.KbFixCount);
    printf("  Id       Applied  Component  Introduced  Fixed in\n");
    for (ULONG i = 0; i < v.KbFixCount; i++) {
        const SERVPACK_KB_FIX *f = &fixes[i];
        printf("  %-8s %-8s %-10s %-11s %s\n", f->Id, f->Applied ? "yes" : "no", f->Component, f->Introduced,
               f->FixedIn);
        printf("           %s\n", f->Title);
    }
    printf("\n");
    free(fixes);
}
