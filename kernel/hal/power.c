/*
 * Power off, reboot and halt. Power off tries ACPI S5 (PM1a control block from the FADT, SLP_TYP from
 * the DSDT's \_S5 package) and gives it half a second, then QEMU's isa-debug-exit, then halts. Reboot uses the reset control
 * register (0xCF9), then the keyboard controller, then a triple fault.
 */
#include "hal.h"
#include "mm.h"
#include "rtl.h"

#define QEMU_DEBUG_EXIT_PORT 0xF4
#define ACPI_PM_TIMER_HZ     3579545

static USHORT Pm1aControl, Pm1bControl;
static USHORT SleepTypeS5a, SleepTypeS5b;
static BOOLEAN AcpiShutdownReady;
static USHORT SmiCommand, PmTimer;
static UCHAR AcpiEnableValue;

static const UCHAR *acpi_map(ULONG phys, ULONG length)
{
    if (phys + length <= KSEG0_SIZE && phys + length > phys)
        return PHYS_TO_VIRT(phys);
    return MmMapIoSpace(phys, length);
}

static BOOLEAN checksum_ok(const UCHAR *p, ULONG length)
{
    UCHAR sum = 0;
    for (ULONG i = 0; i < length; i++)
        sum = (UCHAR)(sum + p[i]);
    return sum == 0;
}

static ULONG rd32(const UCHAR *p) { ULONG v; memcpy(&v, p, 4); return v; }

static const UCHAR *map_table(ULONG phys, const char *signature)
{
    const UCHAR *h = acpi_map(phys, 36);
    if (!h || memcmp(h, signature, 4) != 0)
        return NULL;
    ULONG length = rd32(h + 4);
    if (length < 36 || length > 0x100000)
        return NULL;
    const UCHAR *t = acpi_map(phys, length);
    return (t && checksum_ok(t, length)) ? t : NULL;
}

/* Finds the FADT through the RSDT (32-bit entries; the XSDT's 64-bit ones are of no use without PAE). */
static const UCHAR *find_fadt(const UCHAR *rsdp)
{
    if (memcmp(rsdp, "RSD PTR ", 8) != 0 || !checksum_ok(rsdp, 20))
        return NULL;
    const UCHAR *rsdt = map_table(rd32(rsdp + 16), "RSDT");
    if (!rsdt)
        return NULL;
    ULONG count = (rd32(rsdt + 4) - 36) / 4;
    for (ULONG i = 0; i < count; i++) {
        const UCHAR *t = map_table(rd32(rsdt + 36 + 4 * i), "FACP");
        if (t)
            return t;
    }
    return NULL;
}

/* \_S5 is `Name(_S5, Package() { a, b, ... })` in AML: NameOp "_S5_" PackageOp len count bytes. */
static BOOLEAN parse_s5(const UCHAR *dsdt)
{
    ULONG length = rd32(dsdt + 4);
    for (ULONG i = 36; i + 12 < length; i++) {
        if (memcmp(dsdt + i, "_S5_", 4) != 0 || dsdt[i + 4] != 0x12)
            continue;
        const UCHAR *p = dsdt + i + 5;
        p += ((*p >> 6) & 3) + 1;            /* package length encoding */
        p++;                                  /* element count */
        USHORT values[2];
        for (int k = 0; k < 2; k++) {
            if (*p == 0x0A)                   /* BytePrefix */
                p++;
            values[k] = *p++;
        }
        SleepTypeS5a = values[0];
        SleepTypeS5b = values[1];
        return TRUE;
    }
    return FALSE;
}

void HalInitAcpi(const BOOT_INFO *boot)
{
    if (!boot->HasRsdp)
        return;
    const UCHAR *fadt = find_fadt(boot->Rsdp);
    if (!fadt)
        return;
    const UCHAR *dsdt = map_table(rd32(fadt + 40), "DSDT");
    Pm1aControl = (USHORT)rd32(fadt + 64);
    Pm1bControl = (USHORT)rd32(fadt + 68);
    AcpiShutdownReady = dsdt && Pm1aControl && parse_s5(dsdt);
    SmiCommand = (USHORT)rd32(fadt + 48);
    PmTimer = (USHORT)rd32(fadt + 76);
    AcpiEnableValue = fadt[52];
}

/* Firmware may leave the machine in legacy mode; S5 needs ACPI mode (SCI_EN set). */
static void enable_acpi_mode(void)
{
    if ((inw(Pm1aControl) & 1) || !SmiCommand || !AcpiEnableValue)
        return;
    outb(SmiCommand, AcpiEnableValue);
    for (int i = 0; i < 1000000 && !(inw(Pm1aControl) & 1); i++)
        ;
}

/* QEMU acts on an S5 request only when its main loop next runs, while this CPU goes on: without the wait
   the isa-debug-exit fallback always won the race. The PM timer's 24 bits wrap every 4.7 s. */
static void wait_for_power_off(void)
{
    if (!PmTimer)
        return;
    ULONG start = inl(PmTimer);
    while (((inl(PmTimer) - start) & 0xFFFFFF) < ACPI_PM_TIMER_HZ / 2)
        __asm__ volatile("pause");
}

void HalExitQemu(ULONG code)
{
    outl(QEMU_DEBUG_EXIT_PORT, code);
}

void HalHalt(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}

void HalPowerOff(void)
{
    HalDisplayString("servpack: power off\n");     /* the harness tells a clean stop from a reset by it */
    __asm__ volatile("cli");
    if (AcpiShutdownReady) {
        enable_acpi_mode();
        outw(Pm1aControl, (USHORT)(SleepTypeS5a << 10 | 1 << 13));
        if (Pm1bControl)
            outw(Pm1bControl, (USHORT)(SleepTypeS5b << 10 | 1 << 13));
        wait_for_power_off();
    }
    HalExitQemu(0);
    HalDisplayString("It is now safe to turn off your computer.\n");
    HalHalt();
}

void HalReboot(void)
{
    __asm__ volatile("cli");
    outb(0xCF9, 0x02);
    outb(0xCF9, 0x06);
    for (int i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
        ;
    outb(0x64, 0xFE);
    static const struct { USHORT limit; ULONG base; } __attribute__((packed)) empty = { 0, 0 };
    __asm__ volatile("lidt %0; int $3" : : "m"(empty));
    HalHalt();
}
