/* What the STOP screen is drawn from: the recorded bugcheck, the module table (which image an address
   belongs to) and the kernel's own symbols. Shared by kernel/ke/bugcheck.c, bugscreen.c, modules.c, ksyms.c. */
#ifndef BUGCHECK_H
#define BUGCHECK_H

#include "ntdef.h"

/* Code and the four parameters of the bugcheck in progress (NT's KiBugCheckData). */
extern ULONG_PTR KiBugCheckData[5];

/* Where the failing code was: from the trap frame when a trap caused the bugcheck (FromTrap),
   otherwise the caller of KeBugCheckEx. StackLimit..StackBase bound every stack read. */
typedef struct _KI_STOP_CONTEXT {
    ULONG Eip, Esp, Ebp;
    ULONG_PTR StackLimit, StackBase;
    BOOLEAN FromTrap;
} KI_STOP_CONTEXT;

/* One image of the module list. servpack links everything into one ELF file, so each module is a range
   of it (see linker.ld); ntoskrnl.exe spans the whole image and the others lie inside it. */
typedef struct _KI_MODULE {
    const char *Name;
    ULONG_PTR Base, End;        /* End is exclusive */
    ULONG DateStamp;            /* the PE TimeDateStamp NT showed: seconds since 1970 */
} KI_MODULE;

ULONG KiModuleCount(void);
const KI_MODULE *KiModule(ULONG index);                  /* in load order: ntoskrnl.exe, hal.dll, drivers */
const KI_MODULE *KiModuleFromAddress(ULONG_PTR address); /* the smallest module containing it, or NULL */

/* The function containing `address` and the offset into it, or NULL when it is not kernel code. */
const char *KiSymbolFromAddress(ULONG_PTR address, ULONG *offset);

/* TRUE when `bytes` bytes at `address` are mapped right now, so a bugcheck may read them without faulting. */
BOOLEAN KiIsAddressReadable(ULONG_PTR address, ULONG bytes);

/* Paints the whole STOP screen (and its serial mirror) for the bugcheck in KiBugCheckData. */
void KiDisplayBlueScreen(const KI_STOP_CONTEXT *context);

#endif
