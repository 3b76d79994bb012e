/* The first user program: prints its arguments and exits with the status given by `hello -exit N`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int status = 0;
    printf("hello from user mode: %d argument(s)\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("  argv[%d] = \"%s\"\n", i, argv[i]);
        if (strcmp(argv[i], "-exit") == 0 && i + 1 < argc)
            status = atoi(argv[i + 1]);
    }
    return status;
}
