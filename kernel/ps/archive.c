/* The PROGRAMS archive (format in psimage.h): validation and lookup of programs by name. */
#include "psimage.h"
#include "rtl.h"

static const ARCHIVE_ENTRY *entries(const void *archive)
{
    return (const ARCHIVE_ENTRY *)((const UCHAR *)archive + sizeof(ARCHIVE_HEADER));
}

NTSTATUS PsValidateArchive(const void *archive, ULONG size)
{
    const ARCHIVE_HEADER *h = archive;
    if (((ULONG_PTR)archive & 3) || size < sizeof *h || h->Magic != ARCHIVE_MAGIC ||
        h->Version != ARCHIVE_VERSION || h->Count > ARCHIVE_MAX_MEMBERS ||
        h->Count * sizeof(ARCHIVE_ENTRY) > size - sizeof *h)
        return STATUS_INVALID_IMAGE_FORMAT;
    for (ULONG i = 0; i < h->Count; i++) {
        const ARCHIVE_ENTRY *e = &entries(archive)[i];
        ULONG nameLength = strnlen(e->Name, ARCHIVE_NAME_SIZE);
        if (nameLength == 0 || nameLength == ARCHIVE_NAME_SIZE || e->Offset > size ||
            e->Size > size - e->Offset)
            return STATUS_INVALID_IMAGE_FORMAT;
    }
    return STATUS_SUCCESS;
}

/* "hello" names "hello.exe" too, as cmd.exe finds programs without their extension. */
static BOOLEAN name_matches(const char *member, const char *name)
{
    char withExtension[ARCHIVE_NAME_SIZE + 4];
    if (RtlCompareStringInsensitive(member, name) == 0)
        return TRUE;
    if (RtlFormat(withExtension, sizeof withExtension, "%s.exe", name) >= (int)sizeof withExtension)
        return FALSE;
    return RtlCompareStringInsensitive(member, withExtension) == 0;
}

NTSTATUS PsFindArchiveMember(const void *archive, const char *name, const ARCHIVE_ENTRY **entry)
{
    const ARCHIVE_HEADER *h = archive;
    for (ULONG i = 0; i < h->Count; i++) {
        if (name_matches(entries(archive)[i].Name, name)) {
            *entry = &entries(archive)[i];
            return STATUS_SUCCESS;
        }
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}
