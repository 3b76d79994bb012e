// SOURCES: kernel/ob/obname.c lib/rtl/rtlstring.c
/* Host tests of object-name syntax: splitting paths into components, case-insensitive comparison and
   hashing, and which names are rejected before any lookup. */
#include <stdio.h>
#include <string.h>
#include "../../kernel/ob/obp.h"

static int failures;

static void check(const char *what, int ok)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

/* Joins the components of a path with '|' ("\A\BB" -> "A|BB"). */
static void split(const char *path, char *out)
{
    const char *cursor = path, *component;
    out[0] = 0;
    while (*cursor) {
        ULONG length = ObpNextComponent(&cursor, &component);
        if (out[0])
            strcat(out, "|");
        strncat(out, component, length);
    }
}

static int splits_to(const char *path, const char *expected)
{
    char out[128];
    split(path, out);
    return strcmp(out, expected) == 0;
}

int main(void)
{
    check("absolute path splits into components", splits_to("\\BaseNamedObjects\\Foo", "BaseNamedObjects|Foo"));
    check("relative path splits the same way", splits_to("Dir\\Sub\\Leaf", "Dir|Sub|Leaf"));
    check("a single component", splits_to("\\??", "??"));
    check("a doubled backslash yields an empty component", splits_to("\\A\\\\B", "A||B"));

    const char *cursor = "\\Device\\Serial0\\rest", *component;
    ULONG length = ObpNextComponent(&cursor, &component);
    check("component length", length == 6 && strncmp(component, "Device", 6) == 0);
    check("cursor stops at the next separator", strcmp(cursor, "\\Serial0\\rest") == 0);

    check("names compare case-insensitively", ObpNameEqual("BaseNamedObjects", 16, "basenamedOBJECTS", 16));
    check("different lengths differ", !ObpNameEqual("Device", 6, "Devices", 7));
    check("different names differ", !ObpNameEqual("Device", 6, "Devise", 6));
    check("hash ignores case", ObpHashName("ObjectTypes", 11) == ObpHashName("OBJECTTYPES", 11));
    check("hash depends on the name", ObpHashName("Device", 6) != ObpHashName("Driver", 6));

    check("root is valid", ObpCheckNameSyntax("\\", FALSE) == STATUS_SUCCESS);
    check("absolute path is valid", ObpCheckNameSyntax("\\??\\C:", FALSE) == STATUS_SUCCESS);
    check("relative path is valid with a root directory", ObpCheckNameSyntax("Sub\\Leaf", TRUE) == STATUS_SUCCESS);
    check("relative path without a root: syntax bad", ObpCheckNameSyntax("Leaf", FALSE) == STATUS_OBJECT_PATH_SYNTAX_BAD);
    check("absolute path with a root: syntax bad", ObpCheckNameSyntax("\\Leaf", TRUE) == STATUS_OBJECT_PATH_SYNTAX_BAD);
    check("empty name invalid", ObpCheckNameSyntax("", FALSE) == STATUS_OBJECT_NAME_INVALID);
    check("trailing backslash invalid", ObpCheckNameSyntax("\\Device\\", FALSE) == STATUS_OBJECT_NAME_INVALID);
    check("empty component invalid", ObpCheckNameSyntax("\\A\\\\B", FALSE) == STATUS_OBJECT_NAME_INVALID);
    char longName[OB_MAX_PATH + 2];
    memset(longName, 'x', sizeof longName);
    longName[0] = '\\';
    longName[OB_MAX_PATH + 1] = 0;
    check("over-long name invalid", ObpCheckNameSyntax(longName, FALSE) == STATUS_OBJECT_NAME_INVALID);
    longName[OB_MAX_PATH - 1] = 0;
    check("longest allowed name valid", ObpCheckNameSyntax(longName, FALSE) == STATUS_SUCCESS);
    return failures != 0;
}
