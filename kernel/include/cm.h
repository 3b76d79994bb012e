/* The configuration manager (Cm): the registry on top of the hive layer (hive.h). It loads the
   SYSTEM and SOFTWARE hives from the boot modules, caches a key control block (KCB) per open key,
   gives out key objects (type "Key") under \Registry\Machine, implements the Nt*Key services
   (ntreg.h), and answers the kernel's own configuration questions. docs/registry.md. */
#ifndef CM_H
#define CM_H

#include "ntdef.h"
#include "ob.h"

/* NT's Services\<name>\Start values. */
#define SERVICE_BOOT_START      0
#define SERVICE_SYSTEM_START    1
#define SERVICE_AUTO_START      2
#define SERVICE_DEMAND_START    3
#define SERVICE_DISABLED        4

/* CONFIG_INITIALIZATION_FAILED (0x67) first parameters used by CmInitSystem1. */
#define CM_INIT_SYSTEM_HIVE     1       /* (1, status, module physical start or 0, 0) */
#define CM_INIT_NAMESPACE       2       /* (2, status, step, 0) */

extern POBJECT_TYPE CmKeyObjectType;

/* Loads the hives and creates \Registry; needs the pool and the object manager. A SYSTEM hive that
   is missing or fails validation stops the system (0x67); a bad SOFTWARE hive is refused. Then
   applies the crash behaviour from CrashControl\AutoReboot unless onstop= was given. */
void CmInitSystem1(void);

/* Services\<name>\Start in the SYSTEM hive, or SERVICE_DISABLED when the key or value is absent. */
ULONG CmQueryDriverStart(const char *name);

#endif
