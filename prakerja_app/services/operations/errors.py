"""The refusals of the scheduled jobs' console."""

from enum import StrEnum


class OperationsError(StrEnum):
    """Why starting a job by hand was refused."""

    JOB_UNKNOWN = "job_unknown"  # not a job an operator may start
    JOB_RUNNING = "job_running"  # details: job, started_at
