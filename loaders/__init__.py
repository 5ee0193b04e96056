"""Read, validate and normalise a source-linked timeline record (no UI code here)."""

from .dates import DateError, DateValue, parse_date
from .errors import Problem, RecordError
from .record import BasisView, CitationView, Record, load_record

__all__ = [
    "BasisView",
    "CitationView",
    "DateError",
    "DateValue",
    "Problem",
    "Record",
    "RecordError",
    "load_record",
    "parse_date",
]
