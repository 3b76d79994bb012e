/* Private to the I/O manager: the open packet a parse carries, the synchronous request helpers. */
#ifndef IOP_H
#define IOP_H

#include "iomgr.h"
#include "ex.h"
#include "ke.h"
#include "bugcodes.h"

#define IOP_IRP_TAG         POOL_TAG('I', 'r', 'p', ' ')
#define IOP_BUFFER_TAG      POOL_TAG('I', 'o', 'B', 'f')

/* FILE_OBJECT.Flags, servpack's own: the driver accepted the create, so it must see the close. */
#define IOP_FO_CREATED      0x80000000u

/* NT's IO1_INITIALIZATION_FAILED: the I/O manager could not create its types. */
#define IOP_BUGCHECK_IO1_INITIALIZATION_FAILED 0x00000069

/* What NtCreateFile hands the device's Parse procedure through ObOpenObjectByName. */
typedef struct _IOP_OPEN_PACKET {
    ULONG Signature;                    /* IOP_OPEN_PACKET_SIGNATURE: the context really is a packet */
    ACCESS_MASK DesiredAccess;
    ULONG ShareAccess;
    ULONG Disposition;
    ULONG Options;
    IO_STATUS_BLOCK Result;             /* what the driver's IRP_MJ_CREATE said */
} IOP_OPEN_PACKET;
#define IOP_OPEN_PACKET_SIGNATURE POOL_TAG('O', 'p', 'e', 'n')

void IopCreateFileType(void);
/* The driver object for a built-in driver, \Driver\<name>, ready for its DriverEntry. */
NTSTATUS IopCreateDriver(const char *name, PDRIVER_OBJECT *driver);
void IopCreateDeviceTypes(void);
NTSTATUS IopParseDevice(PVOID parseObject, POBJECT_TYPE type, KPROCESSOR_MODE mode, ULONG attributes,
                        const char *remaining, PVOID parseContext, PVOID *object);

/* An IRP for `file`'s device with its first stack location filled for `major`. */
PIRP IopBuildIrp(PFILE_OBJECT file, UCHAR major, KPROCESSOR_MODE mode);
/* Sends the IRP, waits for its completion, frees it; returns the final status and Information. */
NTSTATUS IopCallDriverAndWait(PDEVICE_OBJECT device, PIRP irp, ULONG_PTR *information);
/* Sends a body-less request (cleanup, close) for `file`. */
void IopSendFileRequest(PFILE_OBJECT file, UCHAR major);

#endif
