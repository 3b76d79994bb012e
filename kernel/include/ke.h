/* Kernel core (Ke/Ki): start-up, IRQL, bugchecks, and what the rest of the kernel needs of them. */
#ifndef KE_H
#define KE_H

#include "ntdef.h"
#include "bugcodes.h"
#include "bootinfo.h"

typedef UCHAR KIRQL;
#define PASSIVE_LEVEL  0
#define APC_LEVEL      1
#define DISPATCH_LEVEL 2
#define PROFILE_LEVEL  27
#define CLOCK_LEVEL    28
#define IPI_LEVEL      29
#define POWER_LEVEL    30
#define HIGH_LEVEL     31

/* What a bugcheck does after drawing its screen (kernel option onstop=). */
typedef enum { ONSTOP_HALT, ONSTOP_EXIT, ONSTOP_REBOOT } KE_ONSTOP;
extern KE_ONSTOP KeOnStop;

/* QEMU exit statuses the kernel produces through isa-debug-exit ((code << 1) | 1), for the harness. */
#define QEMU_EXIT_BUGCHECK   0x2A       /* QEMU status 85: a bugcheck with onstop=exit */

/* The build number shown by `ver` and in SYSVER on the STOP screen (NT 4.0 was 1381). */
#define SERVPACK_BUILD 1381

__attribute__((noreturn)) void KeBugCheckEx(ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3, ULONG_PTR p4);
__attribute__((noreturn)) void KeBugCheck(ULONG code);

/* Loud invariant checks: a broken invariant is a bugcheck with a precise code, never a silent hang. */
#define ASSERTMSG(cond, code, p1, p2, p3, p4) \
    do { if (!(cond)) KeBugCheckEx((code), (ULONG_PTR)(p1), (ULONG_PTR)(p2), (ULONG_PTR)(p3), (ULONG_PTR)(p4)); } while (0)

extern char KiImageBase[], KiImageEnd[], KiTextEnd[];

#endif
