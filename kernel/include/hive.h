/* The hive (Hv) layer: NT's "regf" registry file format, version 1.3 as NT 4.0 wrote it, kept as one
   in-memory image that is a valid hive file after every operation. Shared by the kernel's configuration
   manager and the host tool mkhive, so it uses only ntdef.h/rtl.h and the allocator the caller supplies.
   Offsets ("cell indexes") are relative to the first bin, as in the file. A pointer from HvGetCell stays
   valid only until the next call that allocates (the image may move when it grows). */
#ifndef HIVE_H
#define HIVE_H

#include "ntdef.h"

typedef ULONG HCELL_INDEX;
#define HCELL_NIL ((HCELL_INDEX)0xFFFFFFFF)

#define HBLOCK_SIZE        4096u        /* base block size and bin granularity */
#define HBIN_HEADER_SIZE   32u
#define HSECTOR_SIZE       512u         /* dirty-tracking granularity, as in the .LOG dirty vector */
#define HV_MAX_LENGTH      (64u << 20)  /* largest hive (bins) this layer accepts */
#define HV_MAX_DEPTH       512u         /* deepest key path accepted */
#define HV_MAX_NAME        255u         /* longest key or value name, in characters */
#define HV_MAX_LEAF        64u          /* subkeys per lf leaf before it is split under an ri */
#define HV_MAX_DATA        (1u << 20)   /* largest value data in a version 1.3 hive (one cell) */

#define HSYS_MAJOR 1
#define HSYS_MINOR 3

/* nk flags. */
#define KEY_VOLATILE       0x0001
#define KEY_HIVE_EXIT      0x0002
#define KEY_HIVE_ENTRY     0x0004
#define KEY_NO_DELETE      0x0008
#define KEY_SYM_LINK       0x0010
#define KEY_COMP_NAME      0x0020
#define VALUE_COMP_NAME    0x0001
#define VALUE_DATA_INLINE  0x80000000u  /* vk DataLength bit: the data (<= 4 bytes) sits in DataOffset */

#define HV_SIG(a, b) ((USHORT)((a) | (b) << 8))

typedef struct _HBASE_BLOCK {
    ULONG Signature;            /* "regf" */
    ULONG Sequence1, Sequence2; /* equal when the file was written completely */
    ULONG TimeStampLow, TimeStampHigh;
    ULONG Major, Minor;
    ULONG Type;                 /* 0 = primary file */
    ULONG Format;               /* 1 = direct memory load */
    HCELL_INDEX RootCell;
    ULONG Length;               /* bytes of bins following the base block */
    ULONG Cluster;
    WCHAR FileName[32];
    ULONG Reserved1[99];
    ULONG CheckSum;             /* XOR of the 127 dwords before it */
    ULONG Reserved2[894];
    ULONG BootType, BootRecover;
} HBASE_BLOCK;

typedef struct _HBIN {
    ULONG Signature;            /* "hbin" */
    ULONG FileOffset;           /* this bin's offset from the first bin */
    ULONG Size;
    ULONG Reserved[2];
    ULONG TimeStampLow, TimeStampHigh;
    ULONG Spare;
} HBIN;

typedef struct _CM_KEY_NODE {
    USHORT Signature;           /* "nk" */
    USHORT Flags;
    ULONG LastWriteLow, LastWriteHigh;
    ULONG Spare;
    HCELL_INDEX Parent;
    ULONG SubKeyCount, VolatileSubKeyCount;
    HCELL_INDEX SubKeyList, VolatileSubKeyList;
    ULONG ValueCount;
    HCELL_INDEX ValueList;
    HCELL_INDEX Security;
    HCELL_INDEX Class;
    ULONG MaxNameLen, MaxClassLen, MaxValueNameLen, MaxValueDataLen;
    ULONG WorkVar;
    USHORT NameLength, ClassLength;
    UCHAR Name[];               /* ASCII when KEY_COMP_NAME, else UTF-16LE */
} CM_KEY_NODE;

typedef struct _CM_KEY_VALUE {
    USHORT Signature;           /* "vk" */
    USHORT NameLength;          /* 0 = the default value */
    ULONG DataLength;           /* VALUE_DATA_INLINE set: data lives in DataOffset */
    HCELL_INDEX DataOffset;
    ULONG Type;
    USHORT Flags, Spare;
    UCHAR Name[];
} CM_KEY_VALUE;

typedef struct _CM_KEY_SECURITY {
    USHORT Signature;           /* "sk" */
    USHORT Reserved;
    HCELL_INDEX Flink, Blink;   /* circular list of every sk cell in the hive */
    ULONG ReferenceCount;
    ULONG DescriptorLength;
    UCHAR Descriptor[];         /* self-relative SECURITY_DESCRIPTOR */
} CM_KEY_SECURITY;

typedef struct _CM_KEY_INDEX {
    USHORT Signature;           /* "li" (cells), "lf"/"lh" (cell, hint pairs) or "ri" (leaves) */
    USHORT Count;
    ULONG List[];
} CM_KEY_INDEX;

#define CM_KEY_NODE_SIGNATURE  HV_SIG('n', 'k')
#define CM_KEY_VALUE_SIGNATURE HV_SIG('v', 'k')
#define CM_KEY_SECURITY_SIG    HV_SIG('s', 'k')
#define CM_INDEX_LEAF          HV_SIG('l', 'i')
#define CM_FAST_LEAF           HV_SIG('l', 'f')
#define CM_HASH_LEAF           HV_SIG('l', 'h')
#define CM_INDEX_ROOT          HV_SIG('r', 'i')
#define CM_BIG_DATA            HV_SIG('d', 'b')

typedef PVOID (*HV_ALLOCATE)(ULONG bytes);
typedef void  (*HV_FREE)(PVOID block, ULONG bytes);

typedef struct _HHIVE {
    UCHAR *Image;               /* base block followed by Length bytes of bins */
    ULONG Length;               /* = base block Length */
    ULONG Capacity;             /* bytes of bins the Image buffer has room for */
    UCHAR *Dirty;               /* one bit per HSECTOR_SIZE bytes of bins: changed since the last flush */
    ULONG DirtyCapacity;        /* bytes in Dirty */
    ULONG DirtyCount;           /* sectors marked dirty */
    ULONG *BinFree;             /* per 4 KiB block of bins: largest free cell of the bin starting there */
    ULONG TimeLow, TimeHigh;    /* FILETIME stamped on keys and the base block when they change */
    HV_ALLOCATE Allocate;
    HV_FREE Free;
    char Reason[120];           /* why the last HvInitializeHive failed */
} HHIVE;

/* Hive lifetime (hvbase.c). */
NTSTATUS HvCreateHive(HHIVE *hive, const char *rootName, HV_ALLOCATE allocate, HV_FREE free);
/* Copies and fully validates an image; on failure returns STATUS_REGISTRY_CORRUPT (or NO_MEMORY) and
   leaves a one-line explanation in hive->Reason. */
NTSTATUS HvInitializeHive(HHIVE *hive, const void *image, ULONG size, HV_ALLOCATE allocate, HV_FREE free);
void     HvFreeHive(HHIVE *hive);
HBASE_BLOCK *HvBaseBlock(HHIVE *hive);
HCELL_INDEX  HvRootCell(HHIVE *hive);
ULONG    HvImageSize(HHIVE *hive);             /* bytes of the file: base block + bins */
void     HvMarkDirty(HHIVE *hive, ULONG offset, ULONG length);
BOOLEAN  HvIsSectorDirty(HHIVE *hive, ULONG sector);
void     HvClearDirty(HHIVE *hive);
void     HvUpdateBaseBlock(HHIVE *hive);       /* length, timestamp, checksum */
ULONG    HvComputeChecksum(const HBASE_BLOCK *base);

/* Cells (hvcell.c). */
HCELL_INDEX HvAllocateCell(HHIVE *hive, ULONG dataSize);   /* HCELL_NIL when out of memory */
void        HvFreeCell(HHIVE *hive, HCELL_INDEX cell);
PVOID       HvGetCell(HHIVE *hive, HCELL_INDEX cell);
ULONG       HvGetCellSize(HHIVE *hive, HCELL_INDEX cell);  /* usable data bytes */
HCELL_INDEX HvReallocateCell(HHIVE *hive, HCELL_INDEX cell, ULONG dataSize);
void        HvMarkCellDirty(HHIVE *hive, HCELL_INDEX cell);

/* Validation of a whole image (hvcheck.c); fills reason on failure. */
NTSTATUS HvCheckHive(HHIVE *hive);

/* Keys (hvkey.c, hvindex.c). Names are ASCII; comparisons ignore case. */
CM_KEY_NODE *HvGetKeyNode(HHIVE *hive, HCELL_INDEX key);
ULONG    HvGetKeyName(HHIVE *hive, HCELL_INDEX key, char *buf, ULONG size);  /* returns the name length */
NTSTATUS HvFindSubkey(HHIVE *hive, HCELL_INDEX key, const char *name, HCELL_INDEX *child);
NTSTATUS HvEnumerateSubkey(HHIVE *hive, HCELL_INDEX key, ULONG index, HCELL_INDEX *child);
NTSTATUS HvCreateSubkey(HHIVE *hive, HCELL_INDEX key, const char *name, HCELL_INDEX *child);
NTSTATUS HvDeleteKey(HHIVE *hive, HCELL_INDEX key);
NTSTATUS HvOpenKeyPath(HHIVE *hive, const char *path, HCELL_INDEX *key);   /* "A\B\C" below the root */

/* Values (hvvalue.c). HvSetValue/HvReadValue move raw stored bytes; the A forms convert REG_SZ,
   REG_EXPAND_SZ and REG_MULTI_SZ between ASCII (caller) and UTF-16LE (hive). */
NTSTATUS HvFindValue(HHIVE *hive, HCELL_INDEX key, const char *name, HCELL_INDEX *value);
NTSTATUS HvEnumerateValue(HHIVE *hive, HCELL_INDEX key, ULONG index, HCELL_INDEX *value);
ULONG    HvGetValueName(HHIVE *hive, HCELL_INDEX value, char *buf, ULONG size);
const void *HvGetValueData(HHIVE *hive, HCELL_INDEX value, ULONG *type, ULONG *length);
NTSTATUS HvSetValue(HHIVE *hive, HCELL_INDEX key, const char *name, ULONG type, const void *data, ULONG length);
NTSTATUS HvSetValueA(HHIVE *hive, HCELL_INDEX key, const char *name, ULONG type, const void *data, ULONG length);
/* Copies up to size bytes; *length gets the full size (STATUS_BUFFER_OVERFLOW when it did not fit). */
NTSTATUS HvReadValueA(HHIVE *hive, HCELL_INDEX value, ULONG *type, void *buf, ULONG size, ULONG *length);
NTSTATUS HvDeleteValue(HHIVE *hive, HCELL_INDEX key, const char *name);

#endif
