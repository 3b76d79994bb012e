/* Private interfaces between the hive layer's files (hv*.c). */
#ifndef HVP_H
#define HVP_H

#include "hive.h"

#define HV_ALIGN(x, a) (((x) + (a) - 1) & ~((a) - 1))

static inline HBIN *HvpBin(HHIVE *hive, ULONG offset)
{
    return (HBIN *)(hive->Image + HBLOCK_SIZE + offset);
}

/* The signed size field at the start of a cell (negative = allocated). */
static inline LONG *HvpCellHeader(HHIVE *hive, HCELL_INDEX cell)
{
    return (LONG *)(hive->Image + HBLOCK_SIZE + cell);
}

void     HvpRecomputeBinFree(HHIVE *hive, ULONG bin);
BOOLEAN  HvpCheckBaseBlock(const HBASE_BLOCK *base, ULONG size, char *reason, ULONG reasonSize);
NTSTATUS HvpCreateRootKey(HHIVE *hive, const char *name, HCELL_INDEX *root);

/* Names: compare an ASCII name with a stored (ASCII or UTF-16LE) one, ignoring case. */
int   HvpCompareName(const char *name, ULONG nameLength, const UCHAR *stored, ULONG storedBytes, BOOLEAN ascii);
int   HvpCompareStoredNames(const UCHAR *a, ULONG aBytes, BOOLEAN aAscii, const UCHAR *b, ULONG bBytes, BOOLEAN bAscii);
ULONG HvpCopyName(char *buf, ULONG size, const UCHAR *stored, ULONG storedBytes, BOOLEAN ascii);
BOOLEAN HvpNameIsValid(const char *name, BOOLEAN valueName);

/* Subkey indexes (hvindex.c). */
NTSTATUS HvpIndexInsert(HHIVE *hive, HCELL_INDEX key, HCELL_INDEX child);
void     HvpIndexRemove(HHIVE *hive, HCELL_INDEX key, HCELL_INDEX child);
ULONG    HvpLeafElementCount(HHIVE *hive, HCELL_INDEX leaf);
HCELL_INDEX HvpLeafElement(HHIVE *hive, HCELL_INDEX leaf, ULONG i);

/* Security cells (hvsec.c). */
HCELL_INDEX HvpCreateDefaultSecurity(HHIVE *hive);
void HvpReferenceSecurity(HHIVE *hive, HCELL_INDEX cell);
void HvpDereferenceSecurity(HHIVE *hive, HCELL_INDEX cell);

void HvpDeleteValueAt(HHIVE *hive, HCELL_INDEX key, ULONG index);
void HvpTouchKey(HHIVE *hive, HCELL_INDEX key);   /* stamp LastWrite and mark the nk dirty */

#endif
