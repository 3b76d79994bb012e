/* Kernel command line options: `autorun="PROGRAM ARGS"`, `onstop=halt|exit|reboot`, `ktest=NAME`...
   Pure code, also built into the host unit tests. */
#include "bootinfo.h"
#include "rtl.h"

static const char *skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Copies one value starting at p: up to a space, or, inside quotes, up to the closing quote (there a
   backslash escapes the next character). `quote` is a quote already open around the whole word.
   Returns the position after the value. */
static const char *copy_value(const char *p, char quote, char *value, size_t size)
{
    size_t n = 0;
    if (!quote && (*p == '"' || *p == '\''))
        quote = *p++;
    for (; *p && (quote ? *p != quote : (*p != ' ' && *p != '\t')); p++) {
        if (quote && *p == '\\' && p[1])
            p++;
        if (value && n + 1 < size)
            value[n++] = *p;
    }
    if (value && size)
        value[n] = 0;
    return (quote && *p == quote) ? p + 1 : p;
}

/* GRUB rebuilds the command line from its own words: `autorun="crash -A"` in grub.cfg reaches the kernel
   as `"autorun=crash -A"` (a word with a space is wrapped in quotes, inner quotes get a backslash).
   Both that form and name="value" are accepted. */
BOOLEAN KiGetBootOption(const char *cmdline, const char *name, char *value, size_t size)
{
    size_t nameLen = strlen(name);
    const char *p = skip_spaces(cmdline);
    while (*p) {
        char quote = (*p == '"') ? *p++ : 0;
        const char *word = p;
        while (*p && *p != '=' && *p != ' ' && *p != '\t' && *p != quote)
            p++;
        BOOLEAN match = (size_t)(p - word) == nameLen && strncmp(word, name, nameLen) == 0;
        if (*p == '=') {
            p = copy_value(p + 1, quote, match ? value : NULL, size);
        } else {
            if (quote && *p == quote)
                p++;
            if (match && value && size)
                value[0] = 0;
        }
        if (match)
            return TRUE;
        p = skip_spaces(p);
    }
    return FALSE;
}
