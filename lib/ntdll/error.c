/* RtlNtStatusToDosError: the NTSTATUS -> Win32 error table kernel32's GetLastError reports from. */
#include "ntdll.h"

#define ERROR_MR_MID_NOT_FOUND 317

static const struct { NTSTATUS Status; ULONG Error; } StatusToError[] = {
    { STATUS_SUCCESS,                   0 },     /* ERROR_SUCCESS */
    { STATUS_UNSUCCESSFUL,             31 },     /* ERROR_GEN_FAILURE */
    { STATUS_NOT_IMPLEMENTED,           1 },     /* ERROR_INVALID_FUNCTION */
    { STATUS_INVALID_SYSTEM_SERVICE,    1 },     /* ERROR_INVALID_FUNCTION */
    { STATUS_INVALID_INFO_CLASS,       87 },     /* ERROR_INVALID_PARAMETER */
    { STATUS_INFO_LENGTH_MISMATCH,     24 },     /* ERROR_BAD_LENGTH */
    { STATUS_ACCESS_VIOLATION,        998 },     /* ERROR_NOACCESS */
    { STATUS_INVALID_HANDLE,            6 },     /* ERROR_INVALID_HANDLE */
    { STATUS_INVALID_CID,              87 },     /* ERROR_INVALID_PARAMETER */
    { STATUS_INVALID_PARAMETER,        87 },     /* ERROR_INVALID_PARAMETER */
    { STATUS_NO_MEMORY,                 8 },     /* ERROR_NOT_ENOUGH_MEMORY */
    { STATUS_CONFLICTING_ADDRESSES,   487 },     /* ERROR_INVALID_ADDRESS */
    { STATUS_ACCESS_DENIED,             5 },     /* ERROR_ACCESS_DENIED */
    { STATUS_BUFFER_TOO_SMALL,        122 },     /* ERROR_INSUFFICIENT_BUFFER */
    { STATUS_BUFFER_OVERFLOW,         234 },     /* ERROR_MORE_DATA */
    { STATUS_OBJECT_TYPE_MISMATCH,      6 },     /* ERROR_INVALID_HANDLE */
    { STATUS_OBJECT_NAME_INVALID,     123 },     /* ERROR_INVALID_NAME */
    { STATUS_OBJECT_NAME_NOT_FOUND,     2 },     /* ERROR_FILE_NOT_FOUND */
    { STATUS_OBJECT_NAME_COLLISION,   183 },     /* ERROR_ALREADY_EXISTS */
    { STATUS_OBJECT_PATH_NOT_FOUND,     3 },     /* ERROR_PATH_NOT_FOUND */
    { STATUS_PORT_DISCONNECTED,         6 },     /* ERROR_INVALID_HANDLE */
    { STATUS_INVALID_PAGE_PROTECTION, 87 },      /* ERROR_INVALID_PARAMETER */
    { STATUS_THREAD_IS_TERMINATING,     5 },     /* ERROR_ACCESS_DENIED */
    { STATUS_INVALID_IMAGE_FORMAT,    193 },     /* ERROR_BAD_EXE_FORMAT */
    { STATUS_INSUFFICIENT_RESOURCES, 1450 },     /* ERROR_NO_SYSTEM_RESOURCES */
    { STATUS_MEMORY_NOT_ALLOCATED,    487 },     /* ERROR_INVALID_ADDRESS */
    { STATUS_PROCESS_IS_TERMINATING,    5 },     /* ERROR_ACCESS_DENIED */
    { STATUS_HANDLE_NOT_CLOSABLE,       6 },     /* ERROR_INVALID_HANDLE */
    { STATUS_INVALID_DEVICE_REQUEST,    1 },     /* ERROR_INVALID_FUNCTION */
    { STATUS_END_OF_FILE,              38 },     /* ERROR_HANDLE_EOF */
    { STATUS_DELETE_PENDING,          303 },     /* ERROR_DELETE_PENDING */
};

ULONG RtlNtStatusToDosError(NTSTATUS status)
{
    for (ULONG i = 0; i < sizeof StatusToError / sizeof StatusToError[0]; i++)
        if (StatusToError[i].Status == status)
            return StatusToError[i].Error;
    return ERROR_MR_MID_NOT_FOUND;
}
