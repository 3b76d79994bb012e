/* The entry point of every program (ELF e_entry): splits the command line from the PEB into argv
   the way the Microsoft C runtime does (blanks separate, double quotes group) and exits with main's
   return value. */
#include <stdlib.h>
#include "windows.h"

#define MAX_ARGS 32

int main(int argc, char **argv);

static char line[PROCESS_COMMAND_LINE_SIZE];
static char *arguments[MAX_ARGS + 1];

static int split_command_line(char *s)
{
    int argc = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || argc == MAX_ARGS)
            break;
        char *out = s;
        arguments[argc++] = out;
        BOOLEAN quoted = FALSE;
        for (; *s && (quoted || (*s != ' ' && *s != '\t')); s++) {
            if (*s == '"')
                quoted = !quoted;
            else
                *out++ = *s;
        }
        if (*s)
            s++;
        *out = 0;
    }
    arguments[argc] = NULL;
    return argc;
}

__attribute__((noreturn)) void mainCRTStartup(void)
{
    RtlCopyString(line, GetCommandLineA(), sizeof line);
    int argc = split_command_line(line);
    exit(main(argc, arguments));
}
