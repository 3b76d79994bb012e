/* The CMOS real-time clock, read once at start-up to give the system time its origin. */
#include "hal.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71
#define SECONDS_1601_TO_1970 11644473600ull

static UCHAR read_register(UCHAR reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static ULONG from_bcd(UCHAR v, BOOLEAN binary)
{
    return binary ? v : (ULONG)(v >> 4) * 10 + (v & 0x0F);
}

static ULONG days_from_civil(ULONG year, ULONG month, ULONG day)     /* days since 1970-01-01 */
{
    static const USHORT before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
    ULONG days = (year - 1970) * 365 + (year - 1969) / 4 - (year - 1901) / 100 + (year - 1601) / 400;
    BOOLEAN leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days + before[month - 1] + (leap && month > 2) + day - 1;
}

/* 100 ns units since 1601-01-01, NT's system time. */
LONGLONG HalpReadCmosTime(void)
{
    for (int spins = 0; spins < 100000 && (read_register(0x0A) & 0x80); spins++)
        ;                                           /* wait out an update in progress */
    UCHAR status = read_register(0x0B);
    BOOLEAN binary = status & 0x04, hours24 = status & 0x02;
    ULONG second = from_bcd(read_register(0x00), binary), minute = from_bcd(read_register(0x02), binary);
    UCHAR rawHour = read_register(0x04);
    ULONG hour = from_bcd(rawHour & 0x7F, binary);
    if (!hours24 && (rawHour & 0x80))
        hour = (hour % 12) + 12;
    else if (!hours24 && hour == 12)
        hour = 0;
    ULONG day = from_bcd(read_register(0x07), binary), month = from_bcd(read_register(0x08), binary);
    ULONG year = 2000 + from_bcd(read_register(0x09), binary);
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return (LONGLONG)SECONDS_1601_TO_1970 * 10000000;
    ULONGLONG seconds = (ULONGLONG)days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return (LONGLONG)((seconds + SECONDS_1601_TO_1970) * 10000000);
}
