/* Safe access to user memory for system services: instead of relying on a fault-fixup table, each
   page is checked in the current page directory (present, user, and writable for a write) and then
   copied with interrupts disabled, so on one processor nothing can unmap it between check and copy.
   A bad pointer therefore yields STATUS_ACCESS_VIOLATION and never a kernel page fault. */
#include "mm.h"
#include "mi.h"
#include "rtl.h"

static BOOLEAN range_in_user_space(ULONG_PTR va, size_t length)
{
    return va <= MM_USER_PROBE_ADDRESS && length <= MM_USER_PROBE_ADDRESS - va;
}

static BOOLEAN page_accessible(ULONG va, BOOLEAN write)
{
    ULONG need = MI_PTE_PRESENT | MI_PTE_USER | (write ? MI_PTE_WRITE : 0);
    ULONG directory = MmCurrentAddressSpace();
    if ((MiDirectory(directory)[MI_PDE_INDEX(va)] & need) != need)
        return FALSE;
    ULONG *pte = MiPteAddress(directory, va);
    return pte && (*pte & need) == need;
}

BOOLEAN MmIsUserRangeAccessible(const void *va, size_t length, BOOLEAN write)
{
    ULONG start = (ULONG)(ULONG_PTR)va;
    if (!range_in_user_space(start, length))
        return FALSE;
    ULONG flags = MiLock();
    BOOLEAN ok = TRUE;
    for (ULONG page = start & ~(PAGE_SIZE - 1); ok && length && page < start + length; page += PAGE_SIZE)
        ok = page_accessible(page, write);
    MiUnlock(flags);
    return ok;
}

/* Copies page by page; `user` is the user-side pointer, `write` says whether the user side is written. */
static NTSTATUS copy_checked(char *dst, const char *src, size_t length, ULONG user, BOOLEAN write)
{
    if (!range_in_user_space(user, length))
        return STATUS_ACCESS_VIOLATION;
    while (length) {
        size_t chunk = PAGE_SIZE - (user & (PAGE_SIZE - 1));
        if (chunk > length)
            chunk = length;
        ULONG flags = MiLock();
        BOOLEAN ok = page_accessible(user & ~(PAGE_SIZE - 1), write);
        if (ok)
            memcpy(dst, src, chunk);
        MiUnlock(flags);
        if (!ok)
            return STATUS_ACCESS_VIOLATION;
        dst += chunk;
        src += chunk;
        user += chunk;
        length -= chunk;
    }
    return STATUS_SUCCESS;
}

NTSTATUS MmCopyFromUser(void *dst, const void *userSrc, size_t length)
{
    return copy_checked(dst, userSrc, length, (ULONG)(ULONG_PTR)userSrc, FALSE);
}

NTSTATUS MmCopyToUser(void *userDst, const void *src, size_t length)
{
    return copy_checked(userDst, src, length, (ULONG)(ULONG_PTR)userDst, TRUE);
}
