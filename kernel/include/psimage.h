/*
 * Program images: the PROGRAMS boot-module archive and static i386 ELF executables. The checks here are
 * pure code (no kernel state), shared by the process loader and the host unit tests.
 *
 * Archive layout (little-endian, written by tools/mkarchive):
 *   header  "SPAR" magic, ULONG version (1), ULONG count
 *   count x { char Name[32] (NUL-terminated), ULONG Offset, ULONG Size }   offsets from the archive start
 *   member data
 */
#ifndef PSIMAGE_H
#define PSIMAGE_H

#include "ntdef.h"

#define ARCHIVE_MAGIC        0x52415053u        /* "SPAR" */
#define ARCHIVE_VERSION      1
#define ARCHIVE_NAME_SIZE    32
#define ARCHIVE_MAX_MEMBERS  256

typedef struct _ARCHIVE_HEADER {
    ULONG Magic;
    ULONG Version;
    ULONG Count;
} ARCHIVE_HEADER;

typedef struct _ARCHIVE_ENTRY {
    char Name[ARCHIVE_NAME_SIZE];
    ULONG Offset;
    ULONG Size;
} ARCHIVE_ENTRY;

/* Checks the header and every entry (names terminated, data inside the archive). */
NTSTATUS PsValidateArchive(const void *archive, ULONG size);
/* Finds a member of a validated archive by name, case-insensitively; "hello" also finds "hello.exe".
   Returns STATUS_OBJECT_NAME_NOT_FOUND when absent. */
NTSTATUS PsFindArchiveMember(const void *archive, const char *name, const ARCHIVE_ENTRY **entry);

#define ELF_MAX_SEGMENTS   8
#define ELF_LOWEST_ADDRESS 0x00010000u          /* the first 64 KB stay unmapped, as in NT */
#define ELF_MAX_IMAGE      0x01000000u          /* 16 MB of memory per image is plenty here */

#define ELF_SEGMENT_EXECUTE 1
#define ELF_SEGMENT_WRITE   2
#define ELF_SEGMENT_READ    4

typedef struct _ELF_SEGMENT {
    ULONG VirtualAddress;
    ULONG MemorySize;
    ULONG FileOffset;
    ULONG FileSize;
    ULONG Flags;                 /* ELF_SEGMENT_* (the ELF p_flags bits) */
} ELF_SEGMENT;

typedef struct _ELF_IMAGE_INFO {
    ULONG Entry;
    ULONG SegmentCount;
    ELF_SEGMENT Segments[ELF_MAX_SEGMENTS];
    ULONG ImageEnd;              /* first byte after the highest segment */
} ELF_IMAGE_INFO;

/* Validates a static i386 executable: magic, class, data order, type, machine, program headers inside
   the file, loadable segments inside the file and inside [ELF_LOWEST_ADDRESS, userLimit), not
   overlapping each other, the entry point in an executable segment, no interpreter or dynamic section.
   Returns STATUS_INVALID_IMAGE_FORMAT for anything else. */
NTSTATUS PsValidateElfImage(const void *image, ULONG size, ULONG userLimit, ELF_IMAGE_INFO *info);

#endif
