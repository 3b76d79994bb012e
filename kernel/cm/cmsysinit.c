/* Configuration manager start-up: the SYSTEM and SOFTWARE hives come from the boot modules of those
   names (GRUB loads them; the physical allocator keeps their memory reserved), are copied into pool
   and fully validated by the hive layer, and become \Registry\Machine\SYSTEM and ...\SOFTWARE. Without
   a valid SYSTEM hive NT cannot configure itself and stops; a bad SOFTWARE hive is refused and the
   system carries on without it. Then the kernel reads its own configuration (cmconfig.c). */
#include "cmp.h"
#include "bootinfo.h"
#include "hal.h"
#include "ke.h"
#include "rtl.h"

CMHIVE *CmpSystemHive, *CmpSoftwareHive;

static const BOOT_MODULE *find_module(const char *name)
{
    for (ULONG i = 0; i < KeBootInfo.ModuleCount; i++)
        if (!strcmp(KeBootInfo.Modules[i].Name, name) && KeBootInfo.Modules[i].End <= KSEG0_SIZE)
            return &KeBootInfo.Modules[i];
    return NULL;
}

/* Loads module `name` into a new CMHIVE; on failure says why on the console. */
static NTSTATUS load_hive(const char *name, CMHIVE **out, ULONG *modulePhysical)
{
    const BOOT_MODULE *m = find_module(name);
    *modulePhysical = m ? m->Start : 0;
    if (!m) {
        DbgPrint("cm: no %s hive among the boot modules\n", name);
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    CMHIVE *hive = CmpAllocate(sizeof *hive);
    if (!hive)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(hive, 0, sizeof *hive);
    NTSTATUS status = HvInitializeHive(&hive->Hive, PHYS_TO_VIRT(m->Start), m->End - m->Start, CmpAllocate, CmpFree);
    if (!NT_SUCCESS(status)) {
        DbgPrint("cm: the %s hive is corrupt: %s\n", name, status == STATUS_REGISTRY_CORRUPT ? hive->Hive.Reason
                                                                                         : "out of memory");
        CmpFree(hive, sizeof *hive);
        return status;
    }
    status = CmpCreateRootKeyObject(hive, name);
    if (!NT_SUCCESS(status)) {
        CmpFreeHive(hive);
        return status;
    }
    DbgPrint("cm: %s hive loaded (%u bytes) as \\Registry\\Machine\\%s\n", name, HvImageSize(&hive->Hive), name);
    *out = hive;
    return STATUS_SUCCESS;
}

void CmpReadKernelConfiguration(void);

void CmInitSystem1(void)
{
    ULONG where;
    CmpInitializeKeyObjects();
    NTSTATUS status = load_hive("SYSTEM", &CmpSystemHive, &where);
    if (!NT_SUCCESS(status))
        KeBugCheckEx(CONFIG_INITIALIZATION_FAILED, CM_INIT_SYSTEM_HIVE, (ULONG)status, where, 0);
    if (!NT_SUCCESS(load_hive("SOFTWARE", &CmpSoftwareHive, &where)))
        DbgPrint("cm: continuing without \\Registry\\Machine\\SOFTWARE\n");
    CmpReadKernelConfiguration();
}
