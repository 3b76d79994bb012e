/* scfuzz's shared declarations: the service table as seen from user mode (from the same services.h
   the kernel and ntdll are generated from), the PRNG and the argument generators. */
#ifndef SCFUZZ_H
#define SCFUZZ_H

#include "windows.h"
#include "ntreg.h"

enum {
#define SERVICE(name, bytes) SVC_##name,
#include "services.h"
#undef SERVICE
    SVC_COUNT
};

typedef struct _FUZZ_SERVICE {
    const char *Name;
    ULONG ArgumentBytes;
    const char *Shape;          /* one kind letter per argument (values.c), NULL = excluded */
} FUZZ_SERVICE;

extern FUZZ_SERVICE FuzzServices[SVC_COUNT];
void FuzzShapeServices(void);                   /* shapes.c */
int  FuzzPickService(void);

/* values.c: the PRNG, the things arguments are made of, and the argument generator */
void  FuzzSeed(ULONG seed);
ULONG FuzzRandom(void);
ULONG FuzzBelow(ULONG n);
void  FuzzSetup(void);
void  FuzzRefreshHandles(void);
ULONG FuzzArgument(char kind, int index);
void  FuzzHarvest(void);                        /* keeps the handles a successful call returned */
void  FuzzForgetSlots(void);
void  FuzzClosed(HANDLE handle);
ULONG FuzzRawServiceNumber(BOOLEAN *inRange);
ULONG FuzzUnreadablePointer(void);
ULONG FuzzAnyPointer(void);

#endif
