// SOURCES: kernel/ex/handle.c lib/rtl/rtlstring.c
/* Host tests of the executive handle table: values, LIFO reuse, growth to 1,000,000 handles in O(1)
   steps, lookup, sweep, duplication, enumeration, and the lock always released. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "exhandle.h"

static int failures;
static long pool_blocks, pool_max_bytes;
static long pool_fail_after = -1;           /* >= 0: that many more allocations succeed, then NULL */

static void check(const char *what, int ok)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

/* The pool, backed by malloc; counts blocks so the tests see leaks and the largest request. */
PVOID ExAllocatePoolWithTag(POOL_TYPE type, size_t bytes, ULONG tag)
{
    if (tag != EX_HANDLE_TABLE_TAG || pool_fail_after == 0)
        return NULL;
    if (pool_fail_after > 0)
        pool_fail_after--;
    if ((long)bytes > pool_max_bytes)
        pool_max_bytes = (long)bytes;
    pool_blocks++;
    return malloc(bytes);
}

void ExFreePoolWithTag(PVOID block, ULONG tag)
{
    pool_blocks--;
    free(block);
}

static int lock_errors;

void ExpLockHandleTable(PHANDLE_TABLE table)
{
    lock_errors += table->Lock != 0;
    table->Lock = 1;
}

void ExpUnlockHandleTable(PHANDLE_TABLE table)
{
    lock_errors += table->Lock == 0;
    table->Lock = 0;
}

static HANDLE_TABLE_ENTRY entry_for(ULONG_PTR object, ULONG attributes, ACCESS_MASK access)
{
    HANDLE_TABLE_ENTRY e = { 0 };
    e.Object = object | attributes;
    e.GrantedAccess = access;
    return e;
}

static HANDLE create(PHANDLE_TABLE t, ULONG_PTR object)
{
    HANDLE_TABLE_ENTRY e = entry_for(object, 0, 0x1F0003);
    return ExCreateHandle(t, &e);
}

static BOOLEAN is_valid(PHANDLE_TABLE t, HANDLE h)
{
    PHANDLE_TABLE_ENTRY e = ExMapHandleToPointer(t, h);
    if (e)
        ExUnlockHandleTableEntry(t, e);
    return e != NULL;
}

static BOOLEAN close_handle(PHANDLE_TABLE t, HANDLE h)
{
    PHANDLE_TABLE_ENTRY e = ExMapHandleToPointer(t, h);
    if (e)
        ExDestroyHandle(t, h, e);
    return e != NULL;
}

static void test_values(void)
{
    PHANDLE_TABLE t = ExCreateHandleTable(NULL);
    HANDLE a = create(t, 0x1000), b = create(t, 0x2000);
    check("first handle is 4 (0 is never issued)", a == (HANDLE)4);
    check("second handle is 8", b == (HANDLE)8);
    check("0 is not a valid handle", !is_valid(t, NULL));
    check("-1 (current process) is not in the table", !is_valid(t, (HANDLE)-1));
    check("-2 (current thread) is not in the table", !is_valid(t, (HANDLE)-2));
    check("a kernel-handle value (top bit set) is not in a table", !is_valid(t, (HANDLE)(0x80000000u | 4)));
    check("an unissued value is invalid", !is_valid(t, (HANDLE)12));

    HANDLE_TABLE_ENTRY e = entry_for(0x3000, OBJ_INHERIT | OBJ_PROTECT_CLOSE, 0x20019);
    HANDLE c = ExCreateHandle(t, &e);
    PHANDLE_TABLE_ENTRY m = ExMapHandleToPointer(t, (HANDLE)((ULONG_PTR)c | 3));
    check("the low two bits of a handle are ignored", m != NULL);
    check("lookup returns the object", m && ExHandleEntryObject(m) == (PVOID)0x3000);
    check("lookup returns the attributes", m && ExHandleEntryAttributes(m) == (OBJ_INHERIT | OBJ_PROTECT_CLOSE));
    check("lookup returns the granted access", m && m->GrantedAccess == 0x20019);
    check("the lookup left the table locked", t->Lock);
    ExUnlockHandleTableEntry(t, m);
    check("handle count is 3", ExHandleCount(t) == 3);

    check("closing b succeeds", close_handle(t, b));
    check("closing b again fails", !close_handle(t, b));
    check("handle count is 2", ExHandleCount(t) == 2);
    check("a is still valid after closing b", is_valid(t, a));
    ExDestroyHandleTable(t, NULL, NULL);
}

static void test_lifo(void)
{
    PHANDLE_TABLE t = ExCreateHandleTable(NULL);
    HANDLE h[10];
    for (int i = 0; i < 10; i++)
        h[i] = create(t, 0x1000 + 8 * i);
    close_handle(t, h[3]);
    close_handle(t, h[7]);
    check("the last value closed is the next issued", create(t, 0x9000) == h[7]);
    check("then the one closed before it", create(t, 0x9008) == h[3]);
    check("then a never-used value", create(t, 0x9010) == (HANDLE)(11 * 4));
    ExDestroyHandleTable(t, NULL, NULL);
}

static ULONG swept, swept_bad;

static void sweep_routine(HANDLE h, const HANDLE_TABLE_ENTRY *e, PVOID context)
{
    PHANDLE_TABLE t = context;
    swept++;
    swept_bad += t->Lock || (ULONG_PTR)ExHandleEntryObject(e) != (ULONG_PTR)h * 16;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 1,000,000 handles: every value a distinct multiple of 4, no create allocating more than two pages and
   no allocation larger than a page (growth never copies the table), then a sweep releases them all. */
static void test_million(void)
{
    enum { N = 1000000 };
    PHANDLE_TABLE t = ExCreateHandleTable(NULL);
    double start = now();
    long most_pages = 0;
    int values_ok = 1;
    for (ULONG i = 1; i <= N; i++) {
        long blocks = pool_blocks;
        HANDLE h = create(t, (ULONG_PTR)i * 4 * 16);
        if (pool_blocks - blocks > most_pages)
            most_pages = pool_blocks - blocks;
        values_ok &= h == (HANDLE)(ULONG_PTR)(i * 4);
    }
    printf("     1,000,000 creates: %.3f s\n", now() - start);
    check("1,000,000 handles created, values 4, 8, 12, ...", values_ok);
    check("no create allocated more than two pages (a middle and a lowest one)", most_pages <= 2);
    check("handle count is 1,000,000", ExHandleCount(t) == N);
    check("no allocation larger than one page (4 KB on x86)",
          pool_max_bytes <= (long)(EX_HANDLE_MID_ENTRIES * sizeof(PVOID)));
    check("the last handle maps to its object", is_valid(t, (HANDLE)(ULONG_PTR)(N * 4)));
    check("the handle after the last is invalid", !is_valid(t, (HANDLE)(ULONG_PTR)(N * 4 + 4)));

    check("close of a middle handle", close_handle(t, (HANDLE)(ULONG_PTR)(500000 * 4)));
    check("its value is reused at once", create(t, 500000 * 64) == (HANDLE)(ULONG_PTR)(500000 * 4));

    swept = swept_bad = 0;
    ExSweepHandleTable(t, sweep_routine, t);
    check("sweep visits every handle once, unlocked, with its entry", swept == N && swept_bad == 0);
    check("handle count is 0 after the sweep", ExHandleCount(t) == 0);
    ExDestroyHandleTable(t, NULL, NULL);
    check("every page is freed", pool_blocks == 0);
}

static void test_destroy_sweeps(void)
{
    PHANDLE_TABLE t = ExCreateHandleTable(NULL);
    for (ULONG i = 1; i <= 1500; i++)
        create(t, (ULONG_PTR)i * 64);
    close_handle(t, (HANDLE)(ULONG_PTR)40);
    swept = swept_bad = 0;
    ExDestroyHandleTable(t, sweep_routine, t);
    check("destroy sweeps the 1499 remaining handles", swept == 1499 && swept_bad == 0);
    check("destroy frees every page", pool_blocks == 0);
}

static BOOLEAN inherit_only(PHANDLE_TABLE_ENTRY copy, PVOID context)
{
    (*(ULONG *)context)++;
    return (copy->Object & OBJ_INHERIT) != 0;
}

static void test_duplicate(void)
{
    PHANDLE_TABLE parent = ExCreateHandleTable(NULL);
    HANDLE h[1200];
    for (ULONG i = 0; i < 1200; i++) {
        HANDLE_TABLE_ENTRY e = entry_for((i + 1) * 64, i % 3 == 0 ? OBJ_INHERIT : 0, i);
        h[i] = ExCreateHandle(parent, &e);
    }
    ULONG calls = 0;
    PHANDLE_TABLE child = ExDupHandleTable(parent, (PVOID)0x1234, inherit_only, &calls);
    check("duplicate routine called once per handle", calls == 1200);
    check("child owner set", child->Owner == (PVOID)0x1234);
    check("child holds the 400 inheritable handles", ExHandleCount(child) == 400);
    int same = 1;
    for (ULONG i = 0; i < 1200; i++) {
        PHANDLE_TABLE_ENTRY e = ExMapHandleToPointer(child, h[i]);
        if (i % 3 == 0)
            same &= e && ExHandleEntryObject(e) == (PVOID)(ULONG_PTR)((i + 1) * 64) && e->GrantedAccess == i;
        else
            same &= e == NULL;
        if (e)
            ExUnlockHandleTableEntry(child, e);
    }
    check("inherited handles keep their values, objects and access", same);
    check("child's first new handle takes the lowest free value", create(child, 0x40) == h[1]);
    check("parent unchanged", ExHandleCount(parent) == 1200);
    ExDestroyHandleTable(child, NULL, NULL);
    ExDestroyHandleTable(parent, NULL, NULL);

    PHANDLE_TABLE empty = ExCreateHandleTable(NULL);
    PHANDLE_TABLE copy = ExDupHandleTable(empty, NULL, inherit_only, &calls);
    check("duplicate of an empty table is empty and usable", ExHandleCount(copy) == 0 && create(copy, 64) == (HANDLE)4);
    ExDestroyHandleTable(copy, NULL, NULL);
    ExDestroyHandleTable(empty, NULL, NULL);
}

static BOOLEAN stop_at_third(HANDLE h, PHANDLE_TABLE_ENTRY e, PVOID context)
{
    return ++*(ULONG *)context == 3;
}

static void test_enumerate(void)
{
    PHANDLE_TABLE t = ExCreateHandleTable(NULL);
    for (ULONG i = 1; i <= 6; i++)
        create(t, i * 64);
    close_handle(t, (HANDLE)8);
    ULONG seen = 0;
    HANDLE at = ExEnumHandleTable(t, NULL, stop_at_third, &seen);
    check("enumeration skips free entries and stops where asked", at == (HANDLE)16);
    seen = 0;
    at = ExEnumHandleTable(t, at, stop_at_third, &seen);
    check("enumeration resumes after a handle and ends with NULL", at == NULL && seen == 2);
    ExDestroyHandleTable(t, NULL, NULL);
}

/* The pool runs dry while the table grows: creation fails cleanly, nothing leaks, and the table works
   again once memory is back. */
static void test_pool_exhausted(void)
{
    PHANDLE_TABLE t = ExCreateHandleTable(NULL);
    ULONG created = 0;
    pool_fail_after = 1;                    /* the middle page, but not the first lowest page */
    check("no handle when the pool is empty", create(t, 64) == NULL && ExHandleCount(t) == 0);
    check("the failed growth freed what it got", pool_blocks == 1);
    pool_fail_after = 3;                    /* the middle page and two lowest: 511 + 512 entries */
    while (create(t, 64 * (created + 1)))
        created++;
    check("the table fills what it could allocate, then fails", created == 511 + 512);
    pool_fail_after = -1;
    check("and grows again once the pool has memory", create(t, 64) == (HANDLE)(ULONG_PTR)(4 * 1024));
    ExDestroyHandleTable(t, NULL, NULL);
    check("nothing leaked", pool_blocks == 0);
}

int main(void)
{
    test_values();
    test_lifo();
    test_million();
    test_destroy_sweeps();
    test_duplicate();
    test_enumerate();
    test_pool_exhausted();
    check("lock always released and never taken twice", lock_errors == 0 && pool_blocks == 0);
    return failures != 0;
}
