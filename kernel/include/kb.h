/*
 * The one mechanism through which the flavours differ. kbconfig.h (generated per build) defines
 * KB_FIXED_<id> as 0 or 1; code tests `if (KB_BUG(Q160650)) { old code } else { fixed code }`.
 * Both branches are always compiled; the optimizer drops the dead one. `grep -rn KB_BUG` maps
 * every line a service pack changed.
 */
#ifndef KB_H
#define KB_H

#include "kbconfig.h"

#define KB_BUG(id) (KB_FIXED_##id == 0)

typedef struct _KB_FIX_ENTRY {
    const char *Id;
    const char *Component;
    const char *Introduced;
    const char *FixedIn;
    const char *Title;
    const char *Symptom;
    int Applied;
} KB_FIX_ENTRY;

extern const KB_FIX_ENTRY KbFixTable[];
extern const unsigned KbFixCount;
extern const char KbVariant[];

#endif
