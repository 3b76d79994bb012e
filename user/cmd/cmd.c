/*
 * cmd: servpack's shell, in the spirit of cmd.exe. It reads a line from the console (the kernel's
 * console echoes it and handles backspace, on the screen and COM1 alike), runs a built-in or starts
 * the program of that name from the PROGRAMS archive with the whole line as its command line, waits
 * for it, and reports how it ended unless it exited with 0. The prompt is `servpack> `.
 */
#include <stdio.h>
#include <string.h>
#include "windows.h"
#include "cmd.h"

#define CMD_LINE_SIZE   PROCESS_COMMAND_LINE_SIZE
#define CMD_NAME_SIZE   32

/* Copies the line's first word into name; returns the rest of the line, blanks skipped. */
static const char *split_command(const char *line, char *name, size_t size)
{
    size_t n = 0;
    while (*line && *line != ' ' && *line != '\t') {
        if (n + 1 < size)
            name[n++] = *line;
        line++;
    }
    name[n] = 0;
    while (*line == ' ' || *line == '\t')
        line++;
    return line;
}

/* Exception and error statuses (severity bits set) are NT status codes; anything else is a plain
   exit code, as the program returned it from main. */
static void report_exit(const char *name, DWORD code)
{
    const char *extension = strlen(name) > 4 && RtlCompareStringInsensitive(name + strlen(name) - 4, ".exe") == 0
                                ? "" : ".exe";
    if (code >= 0x80000000u)
        printf("%s%s: terminated with status 0x%08X\n", name, extension, (unsigned)code);
    else if (code)
        printf("%s%s: exited with status %u\n", name, extension, (unsigned)code);
}

static void run_program(const char *name, char *line)
{
    PROCESS_INFORMATION pi;
    DWORD code;
    if (!CreateProcessA(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi)) {
        if (GetLastError() == ERROR_FILE_NOT_FOUND)
            printf("'%s' is not recognized as an internal or external command,\n"
                   "operable program or batch file.\n", name);
        else
            printf("%s: cannot start: error %u\n", name, (unsigned)GetLastError());
        return;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    if (GetExitCodeProcess(pi.hProcess, &code))
        report_exit(name, code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

static void execute(char *line)
{
    char name[CMD_NAME_SIZE];
    while (*line == ' ' || *line == '\t')
        line++;
    const char *arguments = split_command(line, name, sizeof name);
    if (!name[0])
        return;
    const CMD_BUILTIN *builtin = CmdFindBuiltin(name);
    if (builtin)
        builtin->Run(arguments);
    else
        run_program(name, line);
}

int main(void)
{
    char line[CMD_LINE_SIZE];
    printf("\nservpack command shell. Type `help` for the commands.\n\n");
    for (;;) {
        printf("servpack> ");
        if (!gets_s(line, sizeof line))
            break;
        execute(line);
    }
    return 0;
}
