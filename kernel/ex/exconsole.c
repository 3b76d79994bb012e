/*
 * The console services (servpack's own; NT 4.0's console lived in CSRSS): NtWriteConsole shows text
 * on the screen and COM1, NtReadConsole reads a line from the merged keyboard/COM1 input queue with
 * echo and backspace editing (like a console in line-input mode) and hands it out, newline included,
 * over one or more reads.
 */
#include "sysservice.h"
#include "hal.h"
#include "mm.h"
#include "rtl.h"

#define CONSOLE_CHUNK 128
#define CONSOLE_LINE  256
#define INPUT_POLL_INTERVAL (-10 * 10000LL)     /* 10 ms, relative */

static char PendingLine[CONSOLE_LINE];
static ULONG PendingLength, PendingOffset;

NTSTATUS NtWriteConsole(const char *buffer, ULONG length)
{
    char chunk[CONSOLE_CHUNK + 1];
    while (length) {
        ULONG n = length < CONSOLE_CHUNK ? length : CONSOLE_CHUNK;
        NTSTATUS status = KeCopyFromCaller(chunk, buffer, n);
        if (!NT_SUCCESS(status))
            return status;
        chunk[n] = 0;
        for (ULONG i = 0; i < n; i++)
            HalDisplayCharacter(chunk[i]);
        buffer += n;
        length -= n;
    }
    return STATUS_SUCCESS;
}

static int next_input_character(void)
{
    int c;
    while ((c = HalPollInput()) < 0)
        KeDelayExecutionThread(KernelMode, FALSE, &(LONGLONG){ INPUT_POLL_INTERVAL });
    return c == '\r' ? '\n' : c;
}

ULONG ExReadConsoleLine(char *line, ULONG size)
{
    ULONG n = 0;
    for (;;) {
        int c = next_input_character();
        if (c == '\n') {
            HalDisplayCharacter('\n');
            break;
        }
        if ((c == '\b' || c == 0x7F) && n) {
            n--;
            HalDisplayString("\b \b");
        } else if (c >= ' ' && c < 0x7F && n + 1 < size) {
            line[n++] = (char)c;
            HalDisplayCharacter((char)c);
        }
    }
    line[n] = 0;
    return n;
}

static void read_line(void)
{
    PendingLength = ExReadConsoleLine(PendingLine, CONSOLE_LINE - 1);
    PendingLine[PendingLength++] = '\n';
    PendingOffset = 0;
}

NTSTATUS NtReadConsole(char *buffer, ULONG length, PULONG bytesRead)
{
    if (length == 0)
        return KeStoreUlongToCaller(bytesRead, 0);
    /* Checked before waiting too, so a bad buffer does not swallow a line typed for someone else. */
    if (KeGetPreviousMode() == UserMode && !MmIsUserRangeAccessible(buffer, length, TRUE))
        return STATUS_ACCESS_VIOLATION;
    if (PendingOffset == PendingLength)
        read_line();
    ULONG n = PendingLength - PendingOffset;
    if (n > length)
        n = length;
    NTSTATUS status = KeCopyToCaller(buffer, PendingLine + PendingOffset, n);
    if (!NT_SUCCESS(status))
        return status;
    PendingOffset += n;
    return KeStoreUlongToCaller(bytesRead, n);
}
