// SOURCES: kernel/ke/bootopt.c
/* Host tests of the kernel command line parser KiGetBootOption: bare, valued and quoted options,
   truncation, and names that only look alike. */
#include "bootinfo.h"
#include "unit.h"

static const char *get(const char *cmdline, const char *name)
{
    static char value[32];
    strcpy(value, "(untouched)");
    return KiGetBootOption(cmdline, name, value, sizeof value) ? value : NULL;
}

static void test_values(void)
{
    const char *cmd = "onstop=exit ktest=pool_double_free,dpc_order  verbose";
    CHECK_STR(get(cmd, "onstop"), "exit");
    CHECK_STR(get(cmd, "ktest"), "pool_double_free,dpc_order");
    CHECK_STR(get(cmd, "verbose"), "");                       /* bare option: present, empty value */
    CHECK(get(cmd, "autorun") == NULL);
    CHECK(get("", "onstop") == NULL);
    CHECK_STR(get("  \tonstop=halt\t", "onstop"), "halt");
    CHECK_STR(get("onstop=", "onstop"), "");
}

static void test_quotes(void)
{
    CHECK_STR(get("autorun=\"crash -A\" onstop=exit", "autorun"), "crash -A");
    CHECK_STR(get("autorun=\"crash -A\" onstop=exit", "onstop"), "exit");
    CHECK_STR(get("autorun='ping a=b'", "autorun"), "ping a=b");
    CHECK(get("autorun=\"ktest=all\"", "ktest") == NULL);    /* text inside quotes is not an option */
    CHECK_STR(get("autorun=\"unterminated value", "autorun"), "unterminated value");
    CHECK_STR(get("a=\"\" b=2", "b"), "2");
}

/* What GRUB hands over: each word with a space wrapped in quotes, inner quotes escaped. */
static void test_grub_quoting(void)
{
    CHECK_STR(get("\"autorun=crash -A\" onstop=exit", "autorun"), "crash -A");
    CHECK_STR(get("\"autorun=crash -A\" onstop=exit", "onstop"), "exit");
    CHECK_STR(get("\"autorun=echo \\\"hi there\\\"\"", "autorun"), "echo \"hi there\"");
    CHECK(get("\"autorun=x ktest=all\"", "ktest") == NULL);
    CHECK_STR(get("\"verbose\" onstop=halt", "verbose"), "");
    CHECK_STR(get("\"verbose\" onstop=halt", "onstop"), "halt");
}

static void test_names(void)
{
    CHECK(get("ktestx=1", "ktest") == NULL);
    CHECK(get("xktest=1", "ktest") == NULL);
    CHECK(get("ktest", "ktestx") == NULL);
    CHECK_STR(get("onstop=halt onstop=exit", "onstop"), "halt");   /* the first one counts */
}

static void test_truncation(void)
{
    char small[5];
    CHECK(KiGetBootOption("autorun=abcdefgh", "autorun", small, sizeof small));
    CHECK_STR(small, "abcd");
    CHECK(KiGetBootOption("autorun=abcdefgh x", "x", small, sizeof small));
    CHECK_STR(small, "");
    CHECK(KiGetBootOption("autorun=abc", "autorun", NULL, 0));     /* presence only */
}

int main(void)
{
    test_values();
    test_quotes();
    test_grub_quoting();
    test_names();
    test_truncation();
    return unit_finish();
}
