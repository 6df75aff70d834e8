"""The refusals of the list uploads."""

from enum import StrEnum


class ListError(StrEnum):
    """Why an upload, its dry run or its application was refused."""

    KIND_UNKNOWN = "list_kind_unknown"
    NOT_CSV = "list_not_csv"  # not a .csv file, or not UTF-8 text
    TOO_LARGE = "list_too_large"  # details: megabytes
    HEADER = "list_header"  # details: expected (the header line it must start with)
    EMPTY = "list_empty"  # no data line
    BUSY = "list_busy"  # another upload is not finished yet
    UPLOAD_UNKNOWN = "list_upload_unknown"
    NOT_CHECKED = "list_not_checked"  # its dry run is not done (or it is finished)
    CHANGED = "list_changed"  # the list changed since the dry run
