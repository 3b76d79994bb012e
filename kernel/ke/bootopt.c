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

/* Copies one value (quoted or bare) starting at p; returns the position after it. */
static const char *copy_value(const char *p, char *value, size_t size)
{
    size_t n = 0;
    char quote = (*p == '"' || *p == '\'') ? *p++ : 0;
    for (; *p && (quote ? *p != quote : (*p != ' ' && *p != '\t')); p++)
        if (value && n + 1 < size)
            value[n++] = *p;
    if (value && size)
        value[n] = 0;
    return (quote && *p == quote) ? p + 1 : p;
}

BOOLEAN KiGetBootOption(const char *cmdline, const char *name, char *value, size_t size)
{
    size_t nameLen = strlen(name);
    const char *p = skip_spaces(cmdline);
    while (*p) {
        const char *word = p;
        while (*p && *p != '=' && *p != ' ' && *p != '\t')
            p++;
        BOOLEAN match = (size_t)(p - word) == nameLen && strncmp(word, name, nameLen) == 0;
        if (*p == '=') {
            p = copy_value(p + 1, match ? value : NULL, size);
        } else if (match && value && size) {
            value[0] = 0;
        }
        if (match)
            return TRUE;
        p = skip_spaces(p);
    }
    return FALSE;
}
