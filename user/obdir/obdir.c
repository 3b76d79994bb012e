/* obdir [PATH]: one directory of the object namespace (\ by default) with each entry's type and, for
   symbolic links, the target, like WinObj. Entries are sorted by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "windows.h"

#define OBDIR_PATH_SIZE 512

static void link_target(const char *directory, const char *name, char *target, ULONG size)
{
    char path[OBDIR_PATH_SIZE];
    HANDLE link;
    snprintf(path, sizeof path, "%s%s%s", directory, directory[strlen(directory) - 1] == '\\' ? "" : "\\", name);
    target[0] = 0;
    if (NT_SUCCESS(NtOpenSymbolicLinkObject(&link, SYMBOLIC_LINK_QUERY, path))) {
        if (!NT_SUCCESS(NtQuerySymbolicLinkObject(link, target, size, NULL)))
            RtlCopyString(target, "(target too long)", size);
        NtClose(link);
    }
}

/* Every entry of the directory, in a malloc'ed array. */
static OBJECT_DIRECTORY_INFORMATION *read_directory(HANDLE directory, ULONG *count)
{
    ULONG capacity = 16, context = 0;
    OBJECT_DIRECTORY_INFORMATION *entries = malloc(capacity * sizeof *entries);
    *count = 0;
    while (entries && NtQueryDirectoryObject(directory, &entries[*count], sizeof *entries, &context) ==
                          STATUS_SUCCESS) {
        if (++*count == capacity) {
            OBJECT_DIRECTORY_INFORMATION *bigger = realloc(entries, 2 * capacity * sizeof *entries);
            if (!bigger)
                free(entries);
            entries = bigger;
            capacity *= 2;
        }
    }
    return entries;
}

static void sort_by_name(OBJECT_DIRECTORY_INFORMATION *entries, ULONG count)
{
    for (ULONG i = 1; i < count; i++) {
        OBJECT_DIRECTORY_INFORMATION e = entries[i];
        ULONG j = i;
        for (; j > 0 && RtlCompareStringInsensitive(entries[j - 1].Name, e.Name) > 0; j--)
            entries[j] = entries[j - 1];
        entries[j] = e;
    }
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "\\";
    HANDLE directory;
    ULONG count;
    NTSTATUS status = NtOpenDirectoryObject(&directory, DIRECTORY_QUERY, path);
    if (!NT_SUCCESS(status)) {
        printf("obdir: cannot open directory %s: status 0x%08X\n", path, (unsigned)status);
        return 1;
    }
    OBJECT_DIRECTORY_INFORMATION *entries = read_directory(directory, &count);
    NtClose(directory);
    if (!entries) {
        printf("obdir: out of memory\n");
        return 1;
    }
    sort_by_name(entries, count);
    printf("Directory of %s\n\n", path);
    for (ULONG i = 0; i < count; i++) {
        char target[OBDIR_PATH_SIZE];
        if (strcmp(entries[i].TypeName, "SymbolicLink") == 0) {
            link_target(path, entries[i].Name, target, sizeof target);
            printf("  %-24s %-16s -> %s\n", entries[i].Name, entries[i].TypeName, target);
        } else {
            printf("  %-24s %s\n", entries[i].Name, entries[i].TypeName);
        }
    }
    printf("\n%u objects\n", (unsigned)count);
    free(entries);
    return 0;
}
