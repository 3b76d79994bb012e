/* NtQueryVersion (servpack's own service, for `ver`): the build, the variant and the KB fix table
   with each fix's state, from kernel/kb/kbtable.c. NtShutdownSystem powers off or reboots. */
#include "sysservice.h"
#include "hal.h"
#include "kb.h"
#include "rtl.h"

static NTSTATUS query_basic(PVOID buffer, ULONG length, PULONG returnLength)
{
    SERVPACK_VERSION v;
    memset(&v, 0, sizeof v);
    v.BuildNumber = SERVPACK_BUILD;
    v.KbFixCount = KbFixCount;
    RtlCopyString(v.Variant, KbVariant, sizeof v.Variant);
    if (returnLength && !NT_SUCCESS(KeStoreUlongToCaller(returnLength, sizeof v)))
        return STATUS_ACCESS_VIOLATION;
    if (length < sizeof v)
        return STATUS_INFO_LENGTH_MISMATCH;
    return KeCopyToCaller(buffer, &v, sizeof v);
}

static void describe_fix(const KB_FIX_ENTRY *e, SERVPACK_KB_FIX *out)
{
    memset(out, 0, sizeof *out);
    RtlCopyString(out->Id, e->Id, sizeof out->Id);
    RtlCopyString(out->Component, e->Component, sizeof out->Component);
    RtlCopyString(out->Introduced, e->Introduced, sizeof out->Introduced);
    RtlCopyString(out->FixedIn, e->FixedIn, sizeof out->FixedIn);
    RtlCopyString(out->Title, e->Title, sizeof out->Title);
    out->Applied = e->Applied;
}

static NTSTATUS query_fixes(PVOID buffer, ULONG length, PULONG returnLength)
{
    ULONG needed = KbFixCount * sizeof(SERVPACK_KB_FIX);
    if (returnLength && !NT_SUCCESS(KeStoreUlongToCaller(returnLength, needed)))
        return STATUS_ACCESS_VIOLATION;
    if (length < needed)
        return STATUS_INFO_LENGTH_MISMATCH;
    for (ULONG i = 0; i < KbFixCount; i++) {
        SERVPACK_KB_FIX fix;
        describe_fix(&KbFixTable[i], &fix);
        NTSTATUS status = KeCopyToCaller((SERVPACK_KB_FIX *)buffer + i, &fix, sizeof fix);
        if (!NT_SUCCESS(status))
            return status;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NtQueryVersion(ULONG informationClass, PVOID buffer, ULONG length, PULONG returnLength)
{
    switch (informationClass) {
    case VersionBasicInformation:
        return query_basic(buffer, length, returnLength);
    case VersionKbFixInformation:
        return query_fixes(buffer, length, returnLength);
    }
    return STATUS_INVALID_INFO_CLASS;
}

NTSTATUS NtShutdownSystem(ULONG action)
{
    if (action == ShutdownPowerOff)
        HalPowerOff();
    if (action == ShutdownReboot)
        HalReboot();
    return STATUS_INVALID_PARAMETER;
}
