/* Helpers shared by the in-kernel scheduler and wait tests (schedtest.c, waittest.c). */
#ifndef PSTEST_H
#define PSTEST_H

#include "ps.h"

/* A system thread at `priority`; bugchecks SERVPACK_KERNEL_TEST_FAILED if it cannot be created. */
PETHREAD PspTestStartThread(PKSTART_ROUTINE routine, PVOID context, KPRIORITY priority);
/* Waits for the thread to end and drops the reference PspTestStartThread returned. */
void PspTestJoinThread(PETHREAD thread);
void PspTestDelay(ULONG ms);

#endif
