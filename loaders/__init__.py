"""Read, validate and normalise a source-linked timeline record (no UI code here)."""

from .dates import DateError, DateValue, parse_date
from .errors import Problem, RecordError, UsageError
from .record import CitationView, Record, load_record

__all__ = [
    "CitationView",
    "DateError",
    "DateValue",
    "Problem",
    "Record",
    "RecordError",
    "UsageError",
    "load_record",
    "parse_date",
]
