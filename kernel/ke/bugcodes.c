/* The name of every STOP code the kernel can raise, as NT printed it under the STOP line. */
#include "bugcodes.h"
#include "ntdef.h"

static const struct { ULONG Code; const char *Name; } Names[] = {
#define X(code, name) { code, #name },
    BUGCODE_LIST(X)
#undef X
};

const char *KeBugCheckName(unsigned long code)
{
    for (ULONG i = 0; i < sizeof Names / sizeof Names[0]; i++)
        if (Names[i].Code == code)
            return Names[i].Name;
    return NULL;
}
