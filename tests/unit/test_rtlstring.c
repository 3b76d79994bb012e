// SOURCES: lib/rtl/rtlstring.c
/* Host tests of the Rtl string helpers: case folding, case-insensitive comparison, bounded copying. */
#include "rtl.h"
#include "unit.h"

static void test_upcase(void)
{
    CHECK(RtlUpcaseChar('a') == 'A');
    CHECK(RtlUpcaseChar('z') == 'Z');
    CHECK(RtlUpcaseChar('A') == 'A');
    CHECK(RtlUpcaseChar('0') == '0');
    CHECK(RtlUpcaseChar('{') == '{');       /* just past 'z' */
    CHECK(RtlUpcaseChar('`') == '`');       /* just before 'a' */
}

static void test_compare(void)
{
    CHECK(RtlCompareStringInsensitive("Registry", "REGISTRY") == 0);
    CHECK(RtlCompareStringInsensitive("", "") == 0);
    CHECK(RtlCompareStringInsensitive("abc", "abd") < 0);
    CHECK(RtlCompareStringInsensitive("ABD", "abc") > 0);
    CHECK(RtlCompareStringInsensitive("ab", "abc") < 0);
    CHECK(RtlCompareStringInsensitive("abc", "AB") > 0);
    CHECK(RtlCompareStringInsensitive("\xe9", "a") > 0);    /* bytes compare unsigned */
}

static void test_copy(void)
{
    char buf[8];
    memset(buf, 'X', sizeof buf);
    CHECK_INT(RtlCopyString(buf, "hello", sizeof buf), 5);
    CHECK_STR(buf, "hello");
    CHECK_INT(RtlCopyString(buf, "truncated", 4), 9);
    CHECK_STR(buf, "tru");
    CHECK_INT(RtlCopyString(buf, "1234567", sizeof buf), 7);   /* exactly fits with its NUL */
    CHECK_STR(buf, "1234567");
    memset(buf, 'X', sizeof buf);
    CHECK_INT(RtlCopyString(buf, "abc", 0), 3);
    CHECK(buf[0] == 'X');                                      /* size 0 writes nothing */
    CHECK_INT(RtlCopyString(buf, "", sizeof buf), 0);
    CHECK_STR(buf, "");
}

int main(void)
{
    test_upcase();
    test_compare();
    test_copy();
    return unit_finish();
}
