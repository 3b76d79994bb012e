/* The shell's pieces: the command table (builtins.c) and the line loop with program launching (cmd.c). */
#ifndef CMD_H
#define CMD_H

typedef struct _CMD_BUILTIN {
    const char *Name;
    const char *Help;
    void (*Run)(const char *arguments);
} CMD_BUILTIN;

extern const CMD_BUILTIN CmdBuiltins[];

/* The built-in called `name` (case-insensitive), or NULL. */
const CMD_BUILTIN *CmdFindBuiltin(const char *name);

#endif
