/*
 * The module list of the STOP screen. servpack links the kernel, the HAL and the drivers into one
 * image, so linker.ld gives the HAL's and each driver's code its own page-aligned range inside it;
 * ntoskrnl.exe spans the whole image. DateStmp cannot be the link time (both flavours must stay
 * byte-for-byte comparable and builds reproducible), so each module carries a fixed stamp:
 * 26 July 1996 12:00 UTC, one minute apart in load order.
 */
#include "bugcheck.h"

extern char KiImageBase[], KiImageEnd[];
extern char KiHalTextStart[], KiHalTextEnd[];
extern char KiCrashDrvTextStart[], KiCrashDrvTextEnd[];
extern char KiNullTextStart[], KiNullTextEnd[];
extern char KiEvtLogTextStart[], KiEvtLogTextEnd[];

static const KI_MODULE Modules[] = {
    { "ntoskrnl.exe", (ULONG_PTR)KiImageBase, (ULONG_PTR)KiImageEnd, 0x31f8b340 },
    { "hal.dll", (ULONG_PTR)KiHalTextStart, (ULONG_PTR)KiHalTextEnd, 0x31f8b37c },
    { "crashdrv.sys", (ULONG_PTR)KiCrashDrvTextStart, (ULONG_PTR)KiCrashDrvTextEnd, 0x31f8b3b8 },
    { "null.sys", (ULONG_PTR)KiNullTextStart, (ULONG_PTR)KiNullTextEnd, 0x31f8b3f4 },
    { "evtlog.sys", (ULONG_PTR)KiEvtLogTextStart, (ULONG_PTR)KiEvtLogTextEnd, 0x31f8b430 },
};

ULONG KiModuleCount(void)
{
    return sizeof Modules / sizeof Modules[0];
}

const KI_MODULE *KiModule(ULONG index)
{
    return index < KiModuleCount() ? &Modules[index] : NULL;
}

const KI_MODULE *KiModuleFromAddress(ULONG_PTR address)
{
    const KI_MODULE *best = NULL;
    for (ULONG i = 0; i < KiModuleCount(); i++) {
        const KI_MODULE *m = &Modules[i];
        if (address >= m->Base && address < m->End && (!best || m->End - m->Base < best->End - best->Base))
            best = m;
    }
    return best;
}
