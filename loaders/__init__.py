"""Read, validate and normalise a source-linked timeline record (no UI code here)."""

from .dates import DateError, DateValue, parse_date
from .errors import Problem, RecordError
from .load import load_record
from .record import Record
from .views import BasisView, CitationView
from .voice import Voice

__all__ = [
    "BasisView",
    "CitationView",
    "DateError",
    "DateValue",
    "Problem",
    "Record",
    "RecordError",
    "Voice",
    "load_record",
    "parse_date",
]
