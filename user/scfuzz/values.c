/* scfuzz's raw material: a seeded xorshift PRNG, the memory and handles it points the kernel at
   (own buffers, buffers that straddle into an unmapped or no-access page, a read-only page, a memory
   arena for the VM services), and the generator of one argument of a given kind (shapes.c's letters). */
#include <stdio.h>
#include <string.h>
#include "scfuzz.h"

#define PAGE 4096u
#define POOL_SIZE 64
#define SCRATCH_COUNT 4
#define ARENA_PAGES 64
#define OUT_SLOTS 4

static ULONG State;
static char *Scratch[SCRATCH_COUNT];   /* writable pages, each alone in its region */
static char *NoAccessEdge;             /* first byte of a PAGE_NOACCESS page after a writable one */
static char *UnmappedEdge;             /* first byte of an unmapped page after a writable one */
static char *ReadOnlyEdge;             /* end of a read-only page of text, a no-access page after it */
static char *Arena;                    /* the only memory the VM services are pointed at */
static HANDLE Pool[POOL_SIZE];
static ULONG PoolCount;
static HANDLE LastClosed;
static HANDLE OutSlots[OUT_SLOTS];     /* where services return handles, harvested into Pool */
static ULONG SlotsHandedOut;
static ULONG BaseSlot, SizeSlot;       /* *BaseAddress and *RegionSize of the VM services */
static HANDLE HandleArray[70];         /* NtWaitForMultipleObjects' array */
static THREAD_START_CONTEXT GoodContext;
static const LARGE_INTEGER ShortTimeouts[] = { 0, -1, -10000, -100000, 1 };   /* never longer than 10 ms */
static const char Text[] = "scfuzz: console text from a fuzzed NtWriteConsole.\n";
static ULONG TextLimit;                /* the text bytes behind the last 'W' pointer */
static BOOLEAN TextAtEdge;             /* ... and the no-access page comes right after them */

static const ULONG KernelAddresses[] = {
    0x80000000, 0x80100000, 0x80400000, 0xC0000000, 0xC0300000, 0xE1F00000, 0xF0000000,
    0xFFFFF000, 0xFFFFFFFC, 0xFFFFFFFF, 0x7FFFFFFE,    /* the last straddles user and kernel space */
};
static const ULONG UnmappedAddresses[] = { 0x1, 0x1000, 0xFFFC, 0x3FFFFFF0, 0x7FFE0000 };
static const char *const ObjectNames[] = {
    "\\BaseNamedObjects\\scfuzz", "scfuzz", "", "\\", "\\\\", "\\??", "\\??\\", "\\Device", "\\Device\\Null",
    "\\ObjectTypes", "\\ObjectTypes\\Event", "\\ObjectTypes\\Process", "\\BaseNamedObjects", "\\.\\..",
    "\\Registry", "\\Registry\\Machine", "\\Registry\\Machine\\Software\\scfuzz\\a", "a", "a\\b\\c", "..",
    "\\BaseNamedObjects\\scfuzz\\sub", "\\NoSuchDirectory\\x", "Select", "Default",
};
/* No \Device\CrashDrv or \Device\EvtLog: the first crashes on request; the second shows Q160650,
   and in RTM a program that closes the handle it leaves in its table makes the driver's own close stop
   the system -- the KB bug the course demonstrates, not a fault in the service layer. */
static const char *const FileNames[] = {
    "\\Device\\Null", "\\Device\\Null\\sub\\file", "\\Device\\NoSuchDevice", "\\Device", "\\", "", "\\??",
    "\\??\\NUL", "\\BaseNamedObjects", "\\ObjectTypes\\Event", "\\Registry", "Null",
};
/* Programs that cannot start, so NtCreateProcess never makes an unbounded number of processes. */
static const char *const ImageNames[] = { "nosuchprogram", "corrupt", "", "\\", "corrupt.exe", "..\\x" };
static char LongName[700];
static char Garbage[256];              /* random names; services never write here, so a name one returned
                                          (\??\CrashDrv's target) never comes back as a file name */

void FuzzSeed(ULONG seed)
{
    State = seed ? seed : 0x2545F491;
}

ULONG FuzzRandom(void)
{
    State ^= State << 13;
    State ^= State >> 17;
    State ^= State << 5;
    return State;
}

ULONG FuzzBelow(ULONG n)
{
    return n ? FuzzRandom() % n : 0;
}

#define PICK(array) ((array)[FuzzBelow(sizeof(array) / sizeof((array)[0]))])

static ULONG flip_bit(ULONG value)
{
    return value ^ (1u << FuzzBelow(32));
}

/* The threads the fuzzer's NtCreateThread starts run ScfuzzThreadStart: it ends its own thread
   without touching the stack, so any ESP will do (a thread that faulted would end the fuzzer). */
const ULONG ScfuzzExitThreadNumber = SVC_TerminateThread;
const ULONG ScfuzzExitThreadArguments[2] = { (ULONG)-2, 0 };
void ScfuzzThreadStart(void);
__asm__(".text\n"
        ".globl ScfuzzThreadStart\n"
        "ScfuzzThreadStart:\n"
        "    movl ScfuzzExitThreadNumber, %eax\n"
        "    movl $ScfuzzExitThreadArguments, %edx\n"
        "    int $0x2E\n"
        "    ud2\n");

static void fill_random(char *buffer, ULONG length)
{
    for (ULONG i = 0; i < length; i++)
        buffer[i] = FuzzBelow(8) ? (char)FuzzRandom() : 0;    /* NULs end the strings read from it */
}

/* A writable page and the page after it, which is returned: with `unmapped` nothing is there (a
   one-page region: regions are 64 KB apart and servpack commits eagerly, so there is no reserved but
   uncommitted page to use), otherwise it is committed and then made PAGE_NOACCESS. */
static char *edge_pair(BOOLEAN unmapped)
{
    DWORD old;
    char *first = VirtualAlloc(NULL, unmapped ? PAGE : 2 * PAGE, MEM_COMMIT, PAGE_READWRITE);
    if (!first || (!unmapped && !VirtualProtect(first + PAGE, PAGE, PAGE_NOACCESS, &old))) {
        printf("scfuzz: cannot make a page unreachable after %p (error %u)\n", first, (unsigned)GetLastError());
        ExitProcess(3);
    }
    return first + PAGE;
}

static void setup_memory(void)
{
    DWORD old;
    for (int i = 0; i < SCRATCH_COUNT; i++) {
        Scratch[i] = VirtualAlloc(NULL, PAGE, MEM_COMMIT, PAGE_READWRITE);
        fill_random(Scratch[i], PAGE);
    }
    NoAccessEdge = edge_pair(FALSE);
    UnmappedEdge = edge_pair(TRUE);
    ReadOnlyEdge = edge_pair(FALSE);
    for (ULONG i = 0; i < PAGE; i++)
        ReadOnlyEdge[(LONG)i - (LONG)PAGE] = (char)('a' + i % 26);    /* no NUL: strings run off the end */
    if (!VirtualProtect(ReadOnlyEdge - PAGE, PAGE, PAGE_READONLY, &old))
        printf("scfuzz: cannot make a page read-only (error %u)\n", (unsigned)GetLastError());
    Arena = VirtualAlloc(NULL, ARENA_PAGES * PAGE, MEM_RESERVE, PAGE_READWRITE);
    VirtualAlloc(Arena, ARENA_PAGES * PAGE / 4, MEM_COMMIT, PAGE_READWRITE);
    memset(LongName, 'x', sizeof LongName - 1);
    fill_random(Garbage, sizeof Garbage - 1);
}

static void keep(HANDLE handle)
{
    if (!handle || handle == INVALID_HANDLE_VALUE)
        return;
    if (PoolCount < POOL_SIZE)
        Pool[PoolCount++] = handle;
    else
        Pool[FuzzBelow(POOL_SIZE)] = handle;
}

/* A thread of this process for the thread services to aim at; it lives until the process ends. */
static DWORD WINAPI sleeper(LPVOID parameter)
{
    Sleep(INFINITE);
    return (DWORD)(ULONG_PTR)parameter;
}

/* Handles of every type there is: events, processes (this one, one that has exited), threads,
   registry keys, a device file, directories and a symbolic link. */
static void open_handles(void)
{
    HANDLE h;
    ULONG disposition;
    IO_STATUS_BLOCK io;
    if (NT_SUCCESS(NtCreateEvent(&h, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE))) keep(h);
    if (NT_SUCCESS(NtCreateEvent(&h, EVENT_ALL_ACCESS, "\\BaseNamedObjects\\scfuzz", SynchronizationEvent, TRUE)))
        keep(h);
    if (NT_SUCCESS(NtDuplicateObject(NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(), &h, 0, 0,
                                     DUPLICATE_SAME_ACCESS))) keep(h);
    if (NT_SUCCESS(NtDuplicateObject(NtCurrentProcess(), NtCurrentThread(), NtCurrentProcess(), &h,
                                     SVC_SYNCHRONIZE, 0, 0))) keep(h);
    if (NT_SUCCESS(NtOpenKey(&h, KEY_READ, NULL, "\\Registry\\Machine"))) keep(h);
    if (NT_SUCCESS(NtCreateKey(&h, KEY_ALL_ACCESS, NULL, "\\Registry\\Machine\\Software\\scfuzz",
                               REG_OPTION_VOLATILE, &disposition))) keep(h);
    if (NT_SUCCESS(NtOpenFile(&h, FILE_ALL_ACCESS, "\\Device\\Null", 0, &io, 0, FILE_SYNCHRONOUS_IO_NONALERT)))
        keep(h);
    if (NT_SUCCESS(NtOpenDirectoryObject(&h, DIRECTORY_QUERY | DIRECTORY_TRAVERSE, "\\"))) keep(h);
    if (NT_SUCCESS(NtOpenDirectoryObject(&h, DIRECTORY_QUERY, "\\BaseNamedObjects"))) keep(h);
    if (NT_SUCCESS(NtOpenSymbolicLinkObject(&h, SYMBOLIC_LINK_QUERY, "\\??\\EvtLog"))) keep(h);
}

/* The fuzzing closes handles and overwrites the pool with stale values: fresh ones keep the calls
   reaching past the handle checks. */
void FuzzRefreshHandles(void)
{
    open_handles();
}

static void setup_handles(void)
{
    PROCESS_INFORMATION child;
    open_handles();
    if (CreateProcessA(NULL, "hello", NULL, NULL, FALSE, 0, NULL, NULL, NULL, &child)) {
        WaitForSingleObject(child.hProcess, INFINITE);
        keep(child.hProcess);
        keep(child.hThread);
    }
    keep(CreateThread(NULL, 0, sleeper, NULL, 0, NULL));
}

void FuzzSetup(void)
{
    setup_memory();
    setup_handles();
    printf("scfuzz: %u handles to start with\n", (unsigned)PoolCount);
}

/* A pointer the kernel must not be able to read: the service fails before it does anything. */
ULONG FuzzUnreadablePointer(void)
{
    switch (FuzzBelow(5)) {
    case 0: return 0;
    case 1: return PICK(UnmappedAddresses);
    case 2: return (ULONG)NoAccessEdge + FuzzBelow(16);
    case 3: return (ULONG)UnmappedEdge;
    default: return PICK(KernelAddresses);
    }
}

static ULONG scratch_pointer(void)
{
    char *page = PICK(Scratch);
    if (FuzzBelow(16) == 0)
        fill_random(page, PAGE);
    switch (FuzzBelow(4)) {
    case 0: return (ULONG)page + FuzzBelow(PAGE);          /* a length past the rest must fail */
    case 1: return (ULONG)page + 1 + FuzzBelow(3);         /* misaligned */
    default: return (ULONG)page;
    }
}

ULONG FuzzAnyPointer(void)
{
    switch (FuzzBelow(12)) {
    case 0: case 1: return FuzzUnreadablePointer();
    case 2: return (ULONG)NoAccessEdge - 1 - FuzzBelow(16);   /* straddles into the no-access page */
    case 3: return (ULONG)UnmappedEdge - 1 - FuzzBelow(16);      /* straddles into the unmapped page */
    case 4: return (ULONG)ReadOnlyEdge - 1 - FuzzBelow(PAGE); /* read-only: writes must fail */
    default: return scratch_pointer();
    }
}

static ULONG handle_value(void)
{
    switch (FuzzBelow(16)) {
    case 9: return (ULONG)-1;
    case 10: return (ULONG)-2;
    case 11: return 0;
    case 12: return PoolCount ? flip_bit((ULONG)Pool[FuzzBelow(PoolCount)]) & 0xFFF : 4;
    case 13: return FuzzBelow(2) ? (ULONG)LastClosed : 0x80000004;   /* 0x80000000: a kernel handle */
    case 14: return FuzzBelow(2) ? (ULONG)CONSOLE_OUTPUT : (ULONG)CONSOLE_INPUT;
    case 15: return FuzzRandom();
    default: return PoolCount ? (ULONG)Pool[FuzzBelow(PoolCount)] : 4;
    }
}

/* Half of the lengths are the exact sizes of the records the services fill, so calls get past the
   length checks to where data is copied out. */
static ULONG length_value(void)
{
    static const ULONG lengths[] = { 0, 1, 3, 4, 8, 16, 24, 32, 64, 128, 256, 4095, 4096, 4097, 8192,
                                     65536, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFC };
    static const ULONG records[] = {
        sizeof(ULONG), sizeof(PROCESS_BASIC_INFORMATION), sizeof(THREAD_BASIC_INFORMATION),
        sizeof(OBJECT_BASIC_INFORMATION), sizeof(OBJECT_DIRECTORY_INFORMATION), sizeof(SERVPACK_VERSION),
        sizeof(SERVPACK_KB_FIX), sizeof(SYSTEM_PROCESS_INFORMATION), sizeof(SYSTEM_HANDLE_ENTRY),
        sizeof(SYSTEM_POOL_TAG), sizeof(KEY_VALUE_BASIC_INFORMATION), sizeof(IO_STATUS_BLOCK),
        sizeof(LARGE_INTEGER), 2048,
    };
    switch (FuzzBelow(4)) {
    case 0: return FuzzBelow(600);
    case 1: return PICK(lengths);
    default: return PICK(records);
    }
}

/* Information classes, indexes, types: the classes the services know, or anything small or odd. */
static ULONG small_value(void)
{
    static const ULONG classes[] = { 0, 1, 2, 5, 16, 20, 22, 200 };
    static const ULONG values[] = { 3, 4, 255, 256, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE };
    switch (FuzzBelow(6)) {
    case 0: return FuzzBelow(32);
    case 1: return flip_bit(FuzzBelow(8));
    case 2: return PICK(values);
    default: return PICK(classes);
    }
}

static ULONG access_value(void)
{
    static const ULONG masks[] = { 0, 1, 2, 3, 0x10000, 0x100000, 0x1F0FFF, 0x1F03FF, 0x1F0003, 0x1F01FF,
                                   0xF003F, 0x20019, 0x20006, 0x80000000, 0x40000000, 0x10000000,
                                   0x02000000, 0xFFFFFFFF };
    return FuzzBelow(4) ? PICK(masks) : flip_bit(PICK(masks));
}

static ULONG flags_value(void)
{
    static const ULONG flags[] = { 0, 1, 2, 3, 4, 7, 8, 0x10, 0x20, 0x40, 0x100, 0x1000, 0x2000, 0x3000,
                                   0x4000, 0x8000, 0x80000000, 0xFFFFFFFF };
    return FuzzBelow(4) ? PICK(flags) : flip_bit(PICK(flags));
}

static ULONG string_pointer(const char *const *names, ULONG count)
{
    switch (FuzzBelow(8)) {
    case 0: return FuzzUnreadablePointer();
    case 1: return (ULONG)ReadOnlyEdge - 1 - FuzzBelow(32);   /* no NUL before the no-access page */
    case 2: return (ULONG)LongName;
    case 3: return (ULONG)Garbage + FuzzBelow(sizeof Garbage);
    default: return (ULONG)names[FuzzBelow(count)];
    }
}

#define NAME_POINTER(array) string_pointer((array), sizeof(array) / sizeof((array)[0]))

static ULONG out_handle_pointer(int index)
{
    if (index >= OUT_SLOTS || FuzzBelow(10) >= 7)
        return FuzzAnyPointer();
    SlotsHandedOut |= 1u << index;
    OutSlots[index] = 0;
    return (ULONG)&OutSlots[index];
}

static ULONG timeout_pointer(void)
{
    switch (FuzzBelow(6)) {
    case 0: return FuzzUnreadablePointer() | 1;    /* never NULL: NULL waits forever */
    case 1: return (ULONG)NoAccessEdge - 4;         /* half of the LARGE_INTEGER is readable */
    default: return (ULONG)&PICK(ShortTimeouts);
    }
}

static ULONG handle_array_pointer(void)
{
    if (FuzzBelow(3) == 0)
        return FuzzAnyPointer();
    for (ULONG i = 0; i < sizeof HandleArray / sizeof HandleArray[0]; i++)
        HandleArray[i] = (HANDLE)handle_value();
    return (ULONG)HandleArray;
}

/* *BaseAddress: the arena (whole or misaligned pages), NULL (the kernel chooses), or kernel space;
   never this program's own image, stack or buffers, which the fuzzer needs to go on. */
static ULONG base_address_pointer(void)
{
    if (FuzzBelow(5) == 0)
        return FuzzUnreadablePointer();
    switch (FuzzBelow(6)) {
    case 0: BaseSlot = 0; break;
    case 1: BaseSlot = PICK(KernelAddresses); break;
    case 2: BaseSlot = (ULONG)Arena + FuzzBelow(ARENA_PAGES * PAGE); break;
    default: BaseSlot = (ULONG)Arena + FuzzBelow(ARENA_PAGES) * PAGE; break;
    }
    return (ULONG)&BaseSlot;
}

static ULONG region_size_pointer(void)
{
    static const ULONG sizes[] = { 0, 1, PAGE, 2 * PAGE, 0x10000, ARENA_PAGES * PAGE, 0x7FFFFFFF, 0xFFFFFFFF };
    if (FuzzBelow(5) == 0)
        return FuzzUnreadablePointer();
    SizeSlot = FuzzBelow(2) ? PICK(sizes) : FuzzBelow(ARENA_PAGES * PAGE);
    return (ULONG)&SizeSlot;
}

/* NtCreateThread's start context: always ScfuzzThreadStart (any other EIP would fault and end the
   fuzzer), with any ESP; or a pointer the kernel cannot read. */
static ULONG context_pointer(void)
{
    if (FuzzBelow(3) == 0)
        return FuzzUnreadablePointer();
    GoodContext.Eip = (ULONG)ScfuzzThreadStart;
    GoodContext.Esp = FuzzBelow(2) ? PICK(KernelAddresses) : FuzzRandom();
    GoodContext.Eax = FuzzRandom();
    GoodContext.Ebx = FuzzRandom();
    return (ULONG)&GoodContext;
}

/* NtWriteConsole's text: printable, so the serial log stays readable. */
static ULONG text_pointer(void)
{
    TextAtEdge = FALSE;
    switch (FuzzBelow(4)) {
    case 0:
        TextLimit = 0;
        return FuzzUnreadablePointer();
    case 1:
        TextLimit = 1 + FuzzBelow(16);
        TextAtEdge = TRUE;
        return (ULONG)ReadOnlyEdge - TextLimit;
    default:
        TextLimit = sizeof Text - 1;
        return (ULONG)Text;
    }
}

static ULONG text_length(void)
{
    if (TextAtEdge && FuzzBelow(4) == 0)
        return TextLimit + 1 + FuzzBelow(64);       /* past the end: into the no-access page */
    if (!TextLimit)
        return length_value();
    return FuzzBelow(TextLimit + 1);
}

static ULONG ioctl_value(void)
{
    ULONG type = FuzzBelow(2) ? FuzzBelow(0x40) : FuzzRandom() >> 16;
    ULONG function = FuzzBelow(2) ? 0x800 + FuzzBelow(0x110) : FuzzBelow(0x1000);
    return FuzzBelow(4) ? CTL_CODE(type, function, FuzzBelow(4), FuzzBelow(4)) : FuzzRandom();
}

static ULONG any_value(int index)
{
    switch (FuzzBelow(8)) {
    case 0: return (ULONG)-(LONG)FuzzBelow(3);
    case 1: return small_value();
    case 2: return handle_value();
    case 3: return FuzzAnyPointer();
    case 4: return FuzzRandom();
    case 5: return flags_value();
    case 6: return length_value();
    default: return out_handle_pointer(index);
    }
}

ULONG FuzzArgument(char kind, int index)
{
    switch (kind) {
    case 'h': return handle_value();
    case 'O': return out_handle_pointer(index);
    case 'b': return FuzzAnyPointer();
    case 'l': return length_value();
    case 'c': return small_value();
    case 'a': return access_value();
    case 'f': return flags_value();
    case 'n': return NAME_POINTER(ObjectNames);
    case 'F': return NAME_POINTER(FileNames);
    case 'i': return FuzzBelow(4) ? NAME_POINTER(ImageNames) : FuzzUnreadablePointer();
    case 't': return timeout_pointer();
    case 'H': return handle_array_pointer();
    case 'k': return FuzzBelow(2) ? FuzzBelow(5) : length_value();
    case 'v': return base_address_pointer();
    case 's': return region_size_pointer();
    case 'x': return context_pointer();
    case 'W': return text_pointer();
    case 'K': return text_length();
    case 'p': return FuzzBelow(4) ? FuzzBelow(64) : small_value();
    case 'e': return ioctl_value();
    default: return any_value(index);
    }
}

/* After a successful call: every handle slot it was given that now holds a value joins the pool. */
void FuzzHarvest(void)
{
    for (int i = 0; i < OUT_SLOTS; i++)
        if (SlotsHandedOut & (1u << i))
            keep(OutSlots[i]);
    SlotsHandedOut = 0;
}

void FuzzForgetSlots(void)
{
    SlotsHandedOut = 0;
}

void FuzzClosed(HANDLE handle)
{
    LastClosed = handle;
}

/* int 0x2E's EAX: beyond the table, with high bits set, or (inRange) a real service that then only
   ever gets an argument pointer it cannot read. */
ULONG FuzzRawServiceNumber(BOOLEAN *inRange)
{
    *inRange = FALSE;
    switch (FuzzBelow(6)) {
    case 0: return FuzzRandom();
    case 1: return SVC_COUNT + FuzzBelow(4);
    case 2: return 0x1000 + FuzzBelow(SVC_COUNT);           /* NT's second (win32k) table */
    case 3: return 0x80000000u | FuzzBelow(SVC_COUNT);
    case 4: return 0xFFFFFFFF - FuzzBelow(2);
    default:
        *inRange = TRUE;
        return FuzzBelow(SVC_COUNT);
    }
}
