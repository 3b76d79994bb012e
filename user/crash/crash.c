/* Faults in user mode on purpose: `crash null|kernel|illegal|divide|int3|privileged`. Each must end
   only this process, with the matching NT status as its exit code. */
#include <stdio.h>
#include <string.h>

static volatile int zero;

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "null";
    printf("crash: %s\n", what);
    if (strcmp(what, "null") == 0)
        return *(volatile int *)0;
    if (strcmp(what, "kernel") == 0)
        return *(volatile int *)0x80100000;
    if (strcmp(what, "write-code") == 0)
        *(volatile int *)main = 0;
    if (strcmp(what, "illegal") == 0)
        __asm__ volatile("ud2");
    if (strcmp(what, "divide") == 0) {
        unsigned quotient;      /* in assembly: the compiler may turn 1 / zero into a compare */
        __asm__ volatile("xorl %%edx, %%edx; divl %1" : "=a"(quotient) : "r"(zero), "0"(1u) : "edx");
        return (int)quotient;
    }
    if (strcmp(what, "int3") == 0)
        __asm__ volatile("int3");
    if (strcmp(what, "privileged") == 0)
        __asm__ volatile("cli");
    printf("crash: usage: crash null|kernel|write-code|illegal|divide|int3|privileged\n");
    return 1;
}
