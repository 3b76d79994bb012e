/*
 * The hand-off from the boot console to user mode: when the PROGRAMS module is present, the program
 * named by autorun= runs first (its exit status is printed), then the shell, `cmd`, if the archive
 * has it. The kernel waits for each like a parent process would.
 */
#include "psp.h"
#include "hal.h"
#include "rtl.h"

static void first_word(const char *line, char *word, ULONG size)
{
    ULONG n = 0;
    while (*line == ' ')
        line++;
    while (line[n] && line[n] != ' ' && n + 1 < size) {
        word[n] = line[n];
        n++;
    }
    word[n] = 0;
}

NTSTATUS PsRunProgramAndWait(const char *commandLine, NTSTATUS *exitStatus)
{
    char name[ARCHIVE_NAME_SIZE];
    PSP_PROCESS *process;
    first_word(commandLine, name, sizeof name);
    NTSTATUS status = PsCreateUserProcess(name, commandLine, 0, &process, NULL);
    if (!NT_SUCCESS(status))
        return status;
    KeWaitForSingleObject(&process->Process.Pcb, Executive, KernelMode, FALSE, NULL);
    *exitStatus = process->ExitStatus;
    ObDereferenceObject(process);
    return STATUS_SUCCESS;
}

BOOLEAN PsRunAutorunAndShell(const char *autorun)
{
    NTSTATUS exitStatus;
    if (!PsProgramArchivePresent()) {
        if (autorun)
            DbgPrint("autorun: \"%s\" not started: no PROGRAMS module\n", autorun);
        return FALSE;
    }
    if (autorun) {
        NTSTATUS status = PsRunProgramAndWait(autorun, &exitStatus);
        if (NT_SUCCESS(status))
            DbgPrint("autorun: \"%s\" exited with status 0x%08X\n", autorun, (ULONG)exitStatus);
        else
            DbgPrint("autorun: cannot start \"%s\": status 0x%08X\n", autorun, (ULONG)status);
    }
    NTSTATUS status = PsRunProgramAndWait("cmd", &exitStatus);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND)
        return FALSE;
    if (!NT_SUCCESS(status))
        DbgPrint("servpack: cannot start the shell: status 0x%08X\n", (ULONG)status);
    return NT_SUCCESS(status);
}
