/* In-kernel tests of the system service dispatcher: the Zw* entry points run services with
   PreviousMode = KernelMode (kernel buffers are accepted as they are) and restore the caller's mode. */
#include "sysservice.h"
#include "ktest.h"
#include "kb.h"
#include "zwapi.h"

KTEST(zw_services)
{
    SERVPACK_VERSION version;
    ULONG length = 0;
    KPROCESSOR_MODE before = KeGetPreviousMode();
    KT_EQ(ZwQueryVersion(VersionBasicInformation, &version, sizeof version, &length), STATUS_SUCCESS);
    KT_EQ(length, sizeof version);
    KT_EQ(version.BuildNumber, SERVPACK_BUILD);
    KT_EQ(version.KbFixCount, KbFixCount);
    KT_EQ(ZwQueryVersion(VersionBasicInformation, &version, sizeof version - 1, NULL), STATUS_INFO_LENGTH_MISMATCH);
    KT_EQ(ZwQueryVersion(99, &version, sizeof version, NULL), STATUS_INVALID_INFO_CLASS);
    NTSTATUS yield = ZwYieldExecution();
    KT_CHECK(yield != STATUS_INVALID_SYSTEM_SERVICE && yield != STATUS_NOT_IMPLEMENTED);
    KT_EQ(KeGetPreviousMode(), before);
}

KTEST(zw_bad_service_number)
{
    ULONG arguments[4] = { 0 };
    KT_EQ(KiCallKernelService(0x1000, arguments), STATUS_INVALID_SYSTEM_SERVICE);
    KT_EQ(KiCallKernelService(0xFFFFFFFF, arguments), STATUS_INVALID_SYSTEM_SERVICE);
}
