/* Security cells (sk): the hive's one default descriptor, shared by reference count among keys and
   kept on the circular Flink/Blink list of every sk cell in the hive. */
#include "hvp.h"
#include "rtl.h"

/* Self-relative SECURITY_DESCRIPTOR: owner Administrators, group SYSTEM, and a DACL that gives
   Everyone KEY_READ and SYSTEM and Administrators KEY_ALL_ACCESS, inherited by subkeys. */
static const UCHAR HvpDefaultDescriptor[] = {
    1, 0, 0x04, 0x80,                     /* revision 1; SE_SELF_RELATIVE | SE_DACL_PRESENT */
    92, 0, 0, 0, 108, 0, 0, 0,            /* owner at 92, group at 108 */
    0, 0, 0, 0, 20, 0, 0, 0,              /* no SACL, DACL at 20 */
    2, 0, 72, 0, 3, 0, 0, 0,              /* ACL revision 2, 72 bytes, 3 ACEs */
    0, 2, 20, 0, 0x19, 0x00, 0x02, 0x00,  /* allow, container-inherit: KEY_READ to */
    1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,   /*   S-1-1-0 (Everyone) */
    0, 2, 20, 0, 0x3F, 0x00, 0x0F, 0x00,  /* KEY_ALL_ACCESS to */
    1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0,  /*   S-1-5-18 (SYSTEM) */
    0, 2, 24, 0, 0x3F, 0x00, 0x0F, 0x00,  /* KEY_ALL_ACCESS to */
    1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0,   /*   S-1-5-32-544 (Administrators) */
    1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0,   /* owner */
    1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0,  /* group */
};
_Static_assert(sizeof(HvpDefaultDescriptor) == 120, "descriptor offsets above assume 120 bytes");

/* A new sk cell holding the default descriptor, alone on its list, with no references yet. */
HCELL_INDEX HvpCreateDefaultSecurity(HHIVE *hive)
{
    HCELL_INDEX cell = HvAllocateCell(hive, sizeof(CM_KEY_SECURITY) + sizeof(HvpDefaultDescriptor));
    if (cell == HCELL_NIL)
        return HCELL_NIL;
    CM_KEY_SECURITY *sk = HvGetCell(hive, cell);
    sk->Signature = CM_KEY_SECURITY_SIG;
    sk->Flink = sk->Blink = cell;
    sk->DescriptorLength = sizeof(HvpDefaultDescriptor);
    memcpy(sk->Descriptor, HvpDefaultDescriptor, sizeof(HvpDefaultDescriptor));
    return cell;
}

void HvpReferenceSecurity(HHIVE *hive, HCELL_INDEX cell)
{
    ((CM_KEY_SECURITY *)HvGetCell(hive, cell))->ReferenceCount++;
    HvMarkCellDirty(hive, cell);
}

/* Drops a key's reference; the last one unlinks the cell from the sk list and frees it. */
void HvpDereferenceSecurity(HHIVE *hive, HCELL_INDEX cell)
{
    CM_KEY_SECURITY *sk = HvGetCell(hive, cell);
    HvMarkCellDirty(hive, cell);
    if (--sk->ReferenceCount)
        return;
    CM_KEY_SECURITY *next = HvGetCell(hive, sk->Flink), *prev = HvGetCell(hive, sk->Blink);
    next->Blink = sk->Blink;
    prev->Flink = sk->Flink;
    HvMarkCellDirty(hive, sk->Flink);
    HvMarkCellDirty(hive, sk->Blink);
    HvFreeCell(hive, cell);
}
