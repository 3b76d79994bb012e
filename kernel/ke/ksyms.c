/* Address to function+offset, from the symbol table tools/mksyms.sh embeds in .ksyms at the second link. */
#include "bugcheck.h"

typedef struct _KI_SYMBOL {
    ULONG_PTR Address;
    const char *Name;
} KI_SYMBOL;

/* Sorted by address, ends with { 0, NULL }. */
extern const KI_SYMBOL KiSymbolTable[];
extern char KiImageBase[], KiTextEnd[];

const char *KiSymbolFromAddress(ULONG_PTR address, ULONG *offset)
{
    if (address < (ULONG_PTR)KiImageBase || address >= (ULONG_PTR)KiTextEnd)
        return NULL;
    const KI_SYMBOL *best = NULL;
    for (const KI_SYMBOL *s = KiSymbolTable; s->Name && s->Address <= address; s++)
        best = s;
    if (!best)
        return NULL;
    *offset = (ULONG)(address - best->Address);
    return best->Name;
}
