/*
 * The NT 4.0 STOP screen, grey on blue over all 80x50 cells, in the five parts of the Resource Kit's
 * "STOP Screen Sections": the STOP line with the symbolic name (glued to "*** Address ... - module"
 * when a parameter or the failing instruction lies in a module), the CPUID line, the two-column
 * module list, the stack dump of slots pointing into modules, and the three closing lines.
 * HalDisplayString mirrors every line to COM1; below it, on COM1 only, comes a symbolized EBP-chain
 * backtrace. Every stack read is bounds-checked and probed first: the screen must never fault.
 */
#include "bugcheck.h"
#include "ke.h"
#include "hal.h"
#include "rtl.h"

#define MODULE_COLUMN2    39      /* the second "Dll Base" column */
#define DUMP_NAME_COLUMN  63      /* where "- Name" starts in the stack dump */
#define DUMP_WORDS        5
#define CLOSING_ROWS      5       /* a blank line, three lines of advice, the row the cursor ends on */
#define BACKTRACE_FRAMES  16
#define SYSVER_FREE_BUILD 0xF0000000u

static ULONG Row;                 /* screen rows used so far */

static void put_line(const char *text)
{
    HalDisplayString(text);
    HalDisplayString("\n");
    ULONG length = (ULONG)strlen(text);
    Row += length ? (length + HAL_COLUMNS - 1) / HAL_COLUMNS : 1;
}

static void serial_line(const char *text)
{
    for (; *text; text++)
        HalSerialPutChar(*text);
    HalSerialPutChar('\n');
}

static BOOLEAN read_stack(const KI_STOP_CONTEXT *c, ULONG_PTR address, ULONG bytes, ULONG *out)
{
    if (address < c->StackLimit || address > c->StackBase || c->StackBase - address < bytes ||
        !KiIsAddressReadable(address, bytes))
        return FALSE;
    memcpy(out, (const void *)address, bytes);
    return TRUE;
}

/* The address the Address line explains: the instruction NT names in the parameters for the codes
   that have one, else the trapped instruction, else any parameter that lies in a module. A direct
   KeBugCheckEx call (a pool check, a manual crash) names no caller, as on NT. */
static ULONG_PTR culprit_address(const KI_STOP_CONTEXT *c)
{
    ULONG_PTR candidates[6] = { 0, c->FromTrap ? c->Eip : 0, KiBugCheckData[1], KiBugCheckData[2],
                                KiBugCheckData[3], KiBugCheckData[4] };
    switch (KiBugCheckData[0]) {
    case IRQL_NOT_LESS_OR_EQUAL:
    case DRIVER_IRQL_NOT_LESS_OR_EQUAL:
        candidates[0] = KiBugCheckData[4];
        break;
    case KMODE_EXCEPTION_NOT_HANDLED:
        candidates[0] = KiBugCheckData[2];
        break;
    case PAGE_FAULT_IN_NONPAGED_AREA:
        candidates[0] = KiBugCheckData[3];
        break;
    }
    for (ULONG i = 0; i < 6; i++)
        if (candidates[i] && KiModuleFromAddress(candidates[i]))
            return candidates[i];
    return 0;
}

static void stop_lines(const KI_STOP_CONTEXT *c)
{
    char line[160];
    RtlFormat(line, sizeof line, "*** STOP: 0x%08X (0x%08X,0x%08X,0x%08X,0x%08X)", KiBugCheckData[0],
              KiBugCheckData[1], KiBugCheckData[2], KiBugCheckData[3], KiBugCheckData[4]);
    put_line(line);
    const char *name = KeBugCheckName(KiBugCheckData[0]);
    ULONG_PTR address = culprit_address(c);
    const KI_MODULE *m = address ? KiModuleFromAddress(address) : NULL;
    if (m)
        RtlFormat(line, sizeof line, "%s*** Address %08x has base at %08x - %s", name ? name : "",
                  address, m->Base, m->Name);
    else
        RtlFormat(line, sizeof line, "%s", name ? name : "");
    put_line(line);
}

static void cpuid(ULONG leaf, ULONG r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf));
}

/* Every CPU servpack runs on has CPUID: the boot code needs 4 MiB pages, which came with the Pentium. */
static void cpu_line(void)
{
    ULONG r[4], sig[4];
    char vendor[13], line[96];
    cpuid(0, r);
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    vendor[12] = 0;
    cpuid(1, sig);
    ULONG family = (sig[0] >> 8) & 0xF, model = (sig[0] >> 4) & 0xF, stepping = sig[0] & 0xF;
    if (family == 0xF)
        family += (sig[0] >> 20) & 0xFF;
    if (family >= 6)
        model |= ((sig[0] >> 16) & 0xF) << 4;
    RtlFormat(line, sizeof line, "CPUID:%s %u.%u.%u irql:%x   SYSVER 0x%08x", vendor, family, model,
              stepping, HIGH_LEVEL, SYSVER_FREE_BUILD | SERVPACK_BUILD);
    put_line(line);
}

static void module_cell(char *line, ULONG size, ULONG index)
{
    const KI_MODULE *m = KiModule(index);
    if (m)
        RtlFormat(line, size, "%08x %08x - %s", m->Base, m->DateStamp, m->Name);
    else
        line[0] = 0;
}

static void module_list(void)
{
    char line[128], right[64];
    put_line("");
    RtlFormat(line, sizeof line, "%-*s%s", MODULE_COLUMN2, "Dll Base DateStmp - Name", "Dll Base DateStmp - Name");
    put_line(line);
    for (ULONG i = 0; i < KiModuleCount(); i += 2) {
        module_cell(line, MODULE_COLUMN2 + 1, i);
        module_cell(right, sizeof right, i + 1);
        if (right[0])
            RtlFormat(line + strlen(line), sizeof line - strlen(line), "%*s%s",
                      (int)(MODULE_COLUMN2 - strlen(line)), "", right);
        put_line(line);
    }
}

/* Rows of `slot value dword*5 - module` for each stack slot whose value lies in a module. */
static void stack_dump(const KI_STOP_CONTEXT *c)
{
    char line[128];
    put_line("");
    RtlFormat(line, sizeof line, "Address  dword dump   Build [%u]", SERVPACK_BUILD);
    RtlFormat(line + strlen(line), sizeof line - strlen(line), "%*s- Name",
              (int)(DUMP_NAME_COLUMN - strlen(line)), "");
    put_line(line);
    for (ULONG_PTR slot = c->Esp & ~3u; Row + CLOSING_ROWS < HAL_ROWS; slot += 4) {
        ULONG words[DUMP_WORDS];
        if (slot >= c->StackBase)
            break;
        if (!read_stack(c, slot, sizeof words, words) || !KiModuleFromAddress(words[0]))
            continue;
        RtlFormat(line, sizeof line, "%08x %08x %08x %08x %08x %08x %08x - %s", slot, words[0], words[0],
                  words[1], words[2], words[3], words[4], KiModuleFromAddress(words[0])->Name);
        put_line(line);
    }
}

static void closing_lines(void)
{
    put_line("");
    put_line("Restart and set the recovery options in the system control panel");
    put_line("or the /CRASHDEBUG system start option. If this message reappears,");
    put_line("contact your system administrator or technical support group.");
}

static void describe(char *out, ULONG size, const char *prefix, ULONG_PTR address)
{
    ULONG offset = 0;
    const char *fn = KiSymbolFromAddress(address, &offset);
    const KI_MODULE *m = KiModuleFromAddress(address);
    if (fn)
        RtlFormat(out, size, "%s%08x %s+0x%x (%s)", prefix, address, fn, offset, m ? m->Name : "?");
    else
        RtlFormat(out, size, "%s%08x (%s)", prefix, address, m ? "not code" : "not in any module");
}

/* COM1 only: the EBP chain from the failing frame, each return address as function+offset. */
static void serial_backtrace(const KI_STOP_CONTEXT *c)
{
    char line[160], prefix[16];
    serial_line("");
    serial_line("Stack backtrace (EBP chain):");
    describe(line, sizeof line, "  eip ", c->Eip);
    serial_line(line);
    ULONG_PTR ebp = c->Ebp;
    for (ULONG i = 0; i < BACKTRACE_FRAMES; i++) {
        ULONG frame[2];
        if ((ebp & 3) || !read_stack(c, ebp, sizeof frame, frame) || frame[1] == 0)
            break;
        RtlFormat(prefix, sizeof prefix, "  #%-2u ", i);
        describe(line, sizeof line, prefix, frame[1]);
        serial_line(line);
        if (frame[0] <= ebp)
            break;
        ebp = frame[0];
    }
    serial_line("End of backtrace.");
}

void KiDisplayBlueScreen(const KI_STOP_CONTEXT *context)
{
    HalClearDisplay(ATTR_BUGCHECK);
    HalShowCursor(FALSE);
    HalSerialPutChar('\n');
    Row = 0;
    stop_lines(context);
    cpu_line();
    module_list();
    stack_dump(context);
    closing_lines();
    serial_backtrace(context);
}
