/* NtQuerySystemInformation: per-tag pool statistics (poolmon). The process and handle lists are
   added by the process and object-manager services as they land. */
#include "sysservice.h"
#include "ex.h"

#define MAX_POOL_TAGS 64

static NTSTATUS query_pool_tags(PVOID buffer, ULONG length, PULONG returnLength)
{
    POOL_TAG_INFO tags[MAX_POOL_TAGS];
    ULONG count = ExQueryPoolTags(tags, MAX_POOL_TAGS);
    if (count > MAX_POOL_TAGS)
        count = MAX_POOL_TAGS;
    ULONG needed = count * sizeof(SYSTEM_POOL_TAG);
    if (returnLength && !NT_SUCCESS(KeStoreUlongToCaller(returnLength, needed)))
        return STATUS_ACCESS_VIOLATION;
    if (length < needed)
        return STATUS_INFO_LENGTH_MISMATCH;
    for (ULONG i = 0; i < count; i++) {
        SYSTEM_POOL_TAG out = { tags[i].Tag, tags[i].Allocations, tags[i].Frees, tags[i].BytesInUse };
        NTSTATUS status = KeCopyToCaller((SYSTEM_POOL_TAG *)buffer + i, &out, sizeof out);
        if (!NT_SUCCESS(status))
            return status;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NtQuerySystemInformation(ULONG informationClass, PVOID buffer, ULONG length, PULONG returnLength)
{
    switch (informationClass) {
    case SystemPoolTagInformation:
        return query_pool_tags(buffer, length, returnLength);
    }
    return STATUS_INVALID_INFO_CLASS;
}
