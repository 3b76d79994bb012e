// SOURCES: lib/rtl/format.c
/* Host tests of RtlFormat (checked against the host's snprintf for every supported conversion) and of
   RtlParseUlong. */
#include <limits.h>
#include <stdint.h>
#include "rtl.h"
#include "unit.h"

/* Formats with both RtlFormat and snprintf and checks that text and returned length agree. */
#define SAME(fmt, ...) do {                                                               \
        char ours[128], host[128];                                                        \
        int n1 = RtlFormat(ours, sizeof ours, fmt, __VA_ARGS__);                          \
        int n2 = snprintf(host, sizeof host, fmt, __VA_ARGS__);                           \
        char what[600];                                                                   \
        snprintf(what, sizeof what, "RtlFormat(\"%s\") gives \"%s\" (%d), snprintf \"%s\" (%d)", \
                 fmt, ours, n1, host, n2);                                                \
        unit_check(n1 == n2 && strcmp(ours, host) == 0, __FILE__, __LINE__, what);        \
    } while (0)

static void test_integers(void)
{
    SAME("%d", 0);
    SAME("%d|%i", -1, 42);
    SAME("%d", INT_MIN);
    SAME("%u", 4294967295u);
    SAME("%x %X", 0xdeadbeefu, 0xdeadbeefu);
    SAME("%08X", 0x1234u);
    SAME("%-6d|", 17);
    SAME("%6d|", -17);
    SAME("%06d", -17);
    SAME("%*d|", 5, 3);
    SAME("%lu %ld", 123456789UL, -123456789L);
    SAME("%llu", 18446744073709551615ULL);
    SAME("%lld", -9223372036854775807LL - 1);
    SAME("%llx", 0x123456789abcdefULL);
    SAME("%zu", (size_t)1 << 40);
}

static void test_text(void)
{
    SAME("%s", "servpack");
    SAME("[%10s]", "right");
    SAME("[%-10s]", "left");
    SAME("[%.3s]", "truncate");
    SAME("[%.*s]", 2, "star");
    SAME("%c%c%c", 'N', 'T', '4');
    SAME("100%% %s", "done");
    SAME("*** STOP: 0x%08X (0x%08X,0x%08X,0x%08X,0x%08X)", 0xC2u, 7u, 0x1234u, 0u, 0xFFFFFFFFu);
}

static void test_pointer_and_limits(void)
{
    char buf[32];
    RtlFormat(buf, sizeof buf, "%p", (void *)(uintptr_t)0xABCDu);
    CHECK_INT(strlen(buf), 2 * sizeof(void *));               /* zero-padded to the pointer width */
    CHECK_STR(buf + 2 * sizeof(void *) - 4, "abcd");
    CHECK_INT(RtlFormat(buf, 6, "%s", "truncated"), 9);      /* returns the full length */
    CHECK_STR(buf, "trunc");
    memset(buf, 'X', sizeof buf);
    CHECK_INT(RtlFormat(buf, 0, "%d", 12345), 5);            /* size 0 writes nothing */
    CHECK(buf[0] == 'X');
    CHECK_INT(RtlFormat(buf, 1, "abc"), 3);
    CHECK_STR(buf, "");
    const char *lone_percent = "%";                            /* not a literal: GCC would reject it */
    CHECK_INT(RtlFormat(buf, sizeof buf, lone_percent), 0);   /* a lone % at the end is dropped */
    CHECK_STR(buf, "");
}

static void test_parse(void)
{
    ULONG v = 0;
    CHECK(RtlParseUlong("0", &v) && v == 0);
    CHECK(RtlParseUlong("4294967295", &v) && v == 4294967295u);
    CHECK(RtlParseUlong("0x1F", &v) && v == 0x1F);
    CHECK(RtlParseUlong("0XffffFFFF", &v) && v == 0xFFFFFFFFu);
    CHECK(!RtlParseUlong("4294967296", &v));                  /* overflow */
    CHECK(!RtlParseUlong("0x100000000", &v));
    CHECK(!RtlParseUlong("", &v));
    CHECK(!RtlParseUlong(NULL, &v));
    CHECK(!RtlParseUlong("0x", &v));
    CHECK(!RtlParseUlong("12a", &v));
    CHECK(!RtlParseUlong("-1", &v));
    CHECK(!RtlParseUlong("0xfg", &v));
}

int main(void)
{
    test_integers();
    test_text();
    test_pointer_and_limits();
    test_parse();
    return unit_finish();
}
