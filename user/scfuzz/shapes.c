/* What scfuzz passes to each service: a shape string with one kind letter per argument word
   (values.c: h handle, O handle out-pointer, b buffer, l length, c class or small value, a access mask,
   f flags, n object name, F file name, i image name, t timeout, H handle array, k count, v/s
   *BaseAddress and *RegionSize, x thread context, W/K console text and length, p process id, e IOCTL code;
   anything else or a missing letter: any value). The list of services and their argument sizes comes
   from services.h; a service missing here is fuzzed with any values. The few it leaves out are below. */
#include <string.h>
#include "scfuzz.h"

FUZZ_SERVICE FuzzServices[SVC_COUNT] = {
#define SERVICE(name, bytes) { #name, bytes, "" },
#include "services.h"
#undef SERVICE
};

static const struct { const char *Name; const char *Shape; } Shapes[] = {
    { "Close", "h" },
    { "DuplicateObject", "hhhOaff" },
    { "QueryObject", "hcblb" },
    { "CreateProcess", "OOinf" },
    { "OpenProcess", "Oap" },
    { "QueryInformationProcess", "hcblb" },
    { "CreateThread", "Oahbxf" },
    { "ResumeThread", "hb" },
    { "QueryInformationThread", "hcblb" },
    { "RegisterThreadWithSubsystem", "h" },
    { "WaitForSingleObject", "hct" },
    { "WaitForMultipleObjects", "kHcct" },
    { "CreateEvent", "Oancc" },
    { "OpenEvent", "Oan" },
    { "SetEvent", "hb" },
    { "ResetEvent", "hb" },
    { "AllocateVirtualMemory", "hvcsff" },
    { "FreeVirtualMemory", "hvsf" },
    { "ProtectVirtualMemory", "hvsfb" },
    { "QuerySystemInformation", "cblb" },
    { "WriteConsole", "WK" },
    { "DelayExecution", "ct" },
    { "QueryVersion", "cblb" },
    { "OpenDirectoryObject", "Oan" },
    { "QueryDirectoryObject", "hblb" },
    { "OpenSymbolicLinkObject", "Oan" },
    { "QuerySymbolicLinkObject", "hblb" },
    { "CreateKey", "Oahnfb" },
    { "OpenKey", "Oahn" },
    { "QueryKey", "hcblb" },
    { "EnumerateKey", "hccblb" },
    { "EnumerateValueKey", "hccblb" },
    { "QueryValueKey", "hncblb" },
    { "SetValueKey", "hnccbl" },
    { "DeleteKey", "h" },
    { "DeleteValueKey", "hn" },
    { "FlushKey", "h" },
    { "CreateFile", "OaFfbfcf" },
    { "OpenFile", "OaFfbff" },
    { "ReadFile", "hbblb" },
    { "WriteFile", "hbblb" },
    { "DeviceIoControlFile", "hbeblbl" },
    { "QueryPerformanceCounter", "bb" },
};

/* Left out, each because the service doing its job would end or stall the fuzzer, not the kernel:
   - TerminateProcess, TerminateThread: any handle value may name this process or this thread
     (NtDuplicateObject makes such handles), and ending itself is what they are for;
   - ReadConsole: waits for a line typed at the console;
   - ShutdownSystem: powers the machine off;
   - SaveKey: prints the whole hive in hex on COM1 (seconds a call under TCG; it drowns the log).
   The raw int 0x2E path still reaches them, with argument pointers the kernel cannot read.
   Tamed rather than left out (values.c): waits and delays get only short timeouts (NULL would wait
   forever), NtCreateProcess only programs that cannot start, NtCreateThread a start address that
   ends the thread at once, the VM services only the fuzzer's arena. */
static const char *const Excluded[] = { "TerminateProcess", "TerminateThread", "ReadConsole", "ShutdownSystem",
                                        "SaveKey" };

static int Callable[SVC_COUNT];
static int CallableCount;

void FuzzShapeServices(void)
{
    for (int i = 0; i < SVC_COUNT; i++) {
        FUZZ_SERVICE *service = &FuzzServices[i];
        for (size_t s = 0; s < sizeof Shapes / sizeof Shapes[0]; s++)
            if (strcmp(Shapes[s].Name, service->Name) == 0)
                service->Shape = Shapes[s].Shape;
        for (size_t e = 0; e < sizeof Excluded / sizeof Excluded[0]; e++)
            if (strcmp(Excluded[e], service->Name) == 0)
                service->Shape = NULL;
        if (service->Shape)
            Callable[CallableCount++] = i;
    }
}

int FuzzPickService(void)
{
    return Callable[FuzzBelow(CallableCount)];
}
