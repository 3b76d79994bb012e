/* The KB fix table compiled into the kernel, so `ver` (through a system service) can show each fix. */
#include "kb.h"

#define KB_FIX(id, comp, intro, fixed, title, symptom) \
    { #id, comp, intro, fixed, title, symptom, KB_FIXED_##id },
const KB_FIX_ENTRY KbFixTable[] = {
#include "kbfixes.h"
};
#undef KB_FIX

const unsigned KbFixCount = sizeof(KbFixTable) / sizeof(KbFixTable[0]);
const char KbVariant[] = KB_VARIANT;
