/*
 * Kernel start-up: KiSystemStartup is the first C code. It copies the boot information out of low
 * memory, brings up the consoles, reads the kernel options, initializes each component in NT's order
 * and finally hands the console to the shell (or to the program named by autorun=).
 */
#include "ke.h"
#include "hal.h"
#include "kb.h"
#include "rtl.h"
#include "ktest.h"
#include "ob.h"
#include "ps.h"
#include "mm.h"
#include "ex.h"
#include "iomgr.h"
#include "cm.h"

BOOT_INFO KeBootInfo;
KE_ONSTOP KeOnStop = ONSTOP_HALT;

static void halt_with_message(const char *what, const char *why)
{
    HalDisplayString("servpack: ");
    HalDisplayString(what);
    HalDisplayString(": ");
    HalDisplayString(why);
    HalDisplayString("\n");
    HalHalt();
}

static void parse_boot_info(ULONG magic, ULONG infoPhysical)
{
    const char *why = "information block beyond the boot mapping";
    if (infoPhysical < KSEG0_SIZE - 8) {
        const ULONG *info = PHYS_TO_VIRT(infoPhysical);
        ULONG limit = KSEG0_SIZE - infoPhysical;
        if (NT_SUCCESS(KiParseMultiboot2(info, limit, magic, infoPhysical, &KeBootInfo, &why)))
            return;
    }
    halt_with_message("cannot start", why);
}

static void parse_options(void)
{
    char value[64];
    if (KiGetBootOption(KeBootInfo.CommandLine, "onstop", value, sizeof value)) {
        if (strcmp(value, "halt") == 0)
            KeOnStop = ONSTOP_HALT;
        else if (strcmp(value, "exit") == 0)
            KeOnStop = ONSTOP_EXIT;
        else if (strcmp(value, "reboot") == 0)
            KeOnStop = ONSTOP_REBOOT;
        else
            DbgPrint("servpack: ignoring onstop=%s (expected halt, exit or reboot)\n", value);
    }
}

static ULONG memory_megabytes(void)
{
    ULONGLONG bytes = 0;
    for (ULONG i = 0; i < KeBootInfo.MemoryRangeCount; i++)
        if (KeBootInfo.MemoryRanges[i].Type == BOOT_RANGE_AVAILABLE)
            bytes += KeBootInfo.MemoryRanges[i].Length;
    return (ULONG)(bytes >> 20);
}

static void print_banner(void)
{
    HalClearDisplay(ATTR_BOOT);
    DbgPrint("\nservpack (R) Windows NT (TM) teaching kernel Version 4.0 (Build %u: %s)\n",
             SERVPACK_BUILD, KbVariant);
    DbgPrint("1 System Processor [%u MB Memory]  Uniprocessor Kernel\n", memory_megabytes());
    DbgPrint("Firmware: %s, display: %s, loader: %s\n", KeBootInfo.IsEfi ? "UEFI" : "BIOS",
             HalDisplayIsFramebuffer() ? "framebuffer" : "VGA text", KeBootInfo.BootLoaderName);
    DbgPrint("Command line: %s\n\n", KeBootInfo.CommandLine);
}

void KiBootConsole(void);

/* Start-up continues here in a system thread once the scheduler runs; the boot thread idles. */
static void KiPhase1Initialization(PVOID context)
{
    CmInitSystem1();                    /* needs a thread: the registry lock is a mutex */
    IoInitSystem();                     /* the built-in drivers' DriverEntry routines may wait */
    HalDisplayString("servpack: system is up\n");
    char tests[128];
    if (KiGetBootOption(KeBootInfo.CommandLine, "ktest", tests, sizeof tests))
        KtRunTests(tests);
    else
        KiBootConsole();
    HalPowerOff();
}

__attribute__((noreturn)) void KiSystemStartup(ULONG magic, ULONG infoPhysical)
{
    HalInitSerial();
    parse_boot_info(magic, infoPhysical);
    HalInitDisplay(&KeBootInfo);
    print_banner();
    parse_options();
    KiInitializeTraps();
    MmInitSystem(&KeBootInfo);          /* after the traps: it moves the GDT/IDT high */
    ExInitializePool();
    ObInitSystem();
    HalInitAcpi(&KeBootInfo);
    HalInitKeyboard();
    HalpConnectInputInterrupts();
    PsInitSystem(KiPhase1Initialization, NULL);
}
