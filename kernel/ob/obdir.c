/* Directory objects: a hash table of the names of the objects they hold (case-insensitive). Each
   entry is the object's own name info, so inserting never allocates. Callers hold the namespace lock. */
#include "obp.h"
#include "rtl.h"

static OBJECT_HEADER_NAME_INFO **bucket_of(POBJECT_DIRECTORY dir, const char *component, ULONG length)
{
    return &dir->Buckets[ObpHashName(component, length) % OB_DIRECTORY_BUCKETS];
}

static POBJECT_HEADER name_info_header(OBJECT_HEADER_NAME_INFO *info)
{
    return (POBJECT_HEADER)(info + 1);
}

POBJECT_HEADER ObpLookupDirectoryEntry(POBJECT_DIRECTORY dir, const char *component, ULONG length)
{
    for (OBJECT_HEADER_NAME_INFO *info = *bucket_of(dir, component, length); info; info = info->NextInBucket)
        if (ObpNameEqual(info->Name, info->NameLength, component, length))
            return name_info_header(info);
    return NULL;
}

/* The directory's entry holds a reference to the object, and the object's name info one to the
   directory: neither can go while the name exists. */
void ObpInsertDirectoryEntry(POBJECT_DIRECTORY dir, POBJECT_HEADER header)
{
    OBJECT_HEADER_NAME_INFO *info = OBJECT_HEADER_TO_NAME_INFO(header);
    OBJECT_HEADER_NAME_INFO **bucket = bucket_of(dir, info->Name, info->NameLength);
    info->Directory = dir;
    info->NextInBucket = *bucket;
    *bucket = info;
    dir->Count++;
    __atomic_add_fetch(&header->PointerCount, 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&OBJECT_TO_OBJECT_HEADER(dir)->PointerCount, 1, __ATOMIC_SEQ_CST);
}

/* Unlinks the entry and returns the directory; the caller drops the two references once the lock
   is released. */
POBJECT_DIRECTORY ObpRemoveDirectoryEntry(POBJECT_HEADER header)
{
    OBJECT_HEADER_NAME_INFO *info = OBJECT_HEADER_TO_NAME_INFO(header);
    OBJECT_HEADER_NAME_INFO **link = bucket_of(info->Directory, info->Name, info->NameLength);
    while (*link != info)
        link = &(*link)->NextInBucket;
    *link = info->NextInBucket;
    POBJECT_DIRECTORY dir = info->Directory;
    dir->Count--;
    info->NextInBucket = NULL;
    info->Directory = NULL;
    return dir;
}

NTSTATUS ObQueryDirectoryEntry(PVOID directory, ULONG index, char *name, ULONG nameSize, char *typeName,
                               ULONG typeSize)
{
    POBJECT_DIRECTORY dir = directory;
    NTSTATUS status = STATUS_NO_MORE_ENTRIES;
    ObpLockNamespace();
    for (ULONG b = 0; b < OB_DIRECTORY_BUCKETS && status != STATUS_SUCCESS; b++) {
        for (OBJECT_HEADER_NAME_INFO *info = dir->Buckets[b]; info; info = info->NextInBucket) {
            if (index-- == 0) {
                RtlCopyString(name, info->Name, nameSize);
                RtlCopyString(typeName, name_info_header(info)->Type->Name, typeSize);
                status = STATUS_SUCCESS;
                break;
            }
        }
    }
    ObpUnlockNamespace();
    return status;
}
