"""The record's schema: one definition, used to validate and to publish JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"

MAX_ID = 100
MAX_TITLE = 300
MAX_TEXT = 20_000

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_ID)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE)]
DateText = Annotated[
    str,
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "integer"}],
            "description": "A date as precise as the sources allow: 1965-09-06, 1971-08, 1997, summer 1988, "
            "1988-07/1988-09, 1970s, early 1970s, circa 1988, 1988?, September 6, 1965 ...",
        }
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Period(_Strict):
    """The span the record covers; no event may fall outside it."""

    start: DateText
    end: DateText


class Term(_Strict):
    """An entry of a vocabulary (perspectives, categories)."""

    id: Slug
    label: Text
    description: Text | None = None


class Source(_Strict):
    """A document of the corpus."""

    id: Slug
    file: Text = Field(description="Path of the text file, relative to the record's folder.")
    title: Text
    publisher: Text
    published: Text | None = Field(default=None, description="Publication date as printed, where known.")
    speaker: Slug | None = Field(
        default=None, description="Who speaks in the document's own words (a speaker id); gives its perspective."
    )
    perspective: Slug | None = Field(
        default=None, description="The document's perspective, for a record without speakers (else its speaker's)."
    )
    description: Text | None = None
    url: Text | None = None


class Actor(_Strict):
    """A person, organisation, state or other party to events."""

    id: Slug
    name: Text
    kind: Text
    aliases: list[Text] = []


PLACE_KINDS = ("site", "city", "region", "country")
"""What a place may be, from the most precise to the least."""


def _decimal(value: object) -> object:
    """A number the record wrote, read as YAML text (``35.69``, ``-0.5``), as a float; anything else as it is."""
    if isinstance(value, str) and 0 < len(value) <= 30 and value.isascii():
        text = value.strip()
        body = text.removeprefix("-").removeprefix("+")
        whole, _, frac = body.partition(".")
        if whole.isdigit() and (not frac or frac.isdigit()):
            return float(text)
    return value


Degrees = Annotated[float, BeforeValidator(_decimal)]
"""Degrees of latitude or longitude (ranges are checked by the validator, with their place)."""


class Coordinates(_Strict):
    """Where a site, city or region is: a point in WGS 84 degrees, and where that point comes from."""

    lat: Degrees = Field(description="Latitude in degrees, -90 (south) to 90 (north).")
    lon: Degrees = Field(description="Longitude in degrees, -180 (west) to 180 (east).")
    source: Text = Field(
        description="Where the coordinates come from: a gazetteer entry (e.g. 'GeoNames 112931') or the work "
        "they were curated from."
    )


class CountryCode(_Strict):
    """Where a country is: its ISO 3166-1 code; the map draws the country's own shape."""

    code: Annotated[str, StringConstraints(min_length=1, max_length=10)] = Field(
        description="ISO 3166-1 alpha-2 (IR) or alpha-3 (IRN) code."
    )


def _tagged(kind: Any, error: str, **members: Any) -> Any:
    """A union whose member is chosen by ``kind(value)`` (a tag of ``members``); else one error, ``error``.

    Tags are written ``<name>``: they appear in the locations of pydantic's errors, which drop them.
    """
    options = tuple(Annotated[member, Tag(f"<{name}>")] for name, member in members.items())
    return Annotated[Union[options], Discriminator(kind, custom_error_type="union_kind", custom_error_message=error)]  # noqa: UP007


def _text_or_list(value: Any) -> str | None:
    return "<text>" if isinstance(value, str) else "<list>" if isinstance(value, list) else None


class BasisPassage(_Strict):
    """A passage of the corpus that shows who a speaker is, found in its source like a citation's quote."""

    source: Slug
    quote: Text = Field(description="Verbatim text of the source (typography may differ).")
    prefix: Text | None = Field(default=None, description="Text just before the quote, to tell repeats apart.")
    suffix: Text | None = Field(default=None, description="Text just after the quote, to tell repeats apart.")


class BasisOutside(_Strict):
    """A fact about a speaker that rests on knowledge from outside the documents, stated as such."""

    outside: Text = Field(description="The fact, and that the documents do not state it.")


def _basis_kind(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    return "<outside>" if "outside" in value else "<passage>" if "source" in value or "quote" in value else None


BasisEntry = _tagged(
    _basis_kind,
    "expected a passage ({source, quote}) or a fact from outside the documents ({outside})",
    passage=BasisPassage,
    outside=BasisOutside,
)

Basis = _tagged(
    _text_or_list,
    "expected text or a list of passages ({source, quote}) and outside facts ({outside})",
    text=Text,
    list=Annotated[list[BasisEntry], Field(min_length=1)],
)


def _location_kind(value: Any) -> str | None:
    if isinstance(value, CountryCode | Coordinates):  # a model, when dumped
        return "<code>" if isinstance(value, CountryCode) else "<coordinates>"
    if not isinstance(value, dict):
        return None
    return "<code>" if "code" in value else "<coordinates>"


Location = _tagged(
    _location_kind,
    "expected coordinates ({lat, lon, source}) or a country's code ({code})",
    coordinates=Coordinates,
    code=CountryCode,
)


class Place(_Strict):
    """Where events happen: a site, city, region or country."""

    id: Slug
    name: Title
    kind: Literal["site", "city", "region", "country"] = Field(description="site, city, region or country.")
    aliases: list[Title] = Field(default=[], description="Other names of the place, as sources spell them.")
    parent: Slug | None = Field(default=None, description="The place it lies in (a place id).")
    location: Location | None = Field(
        default=None,
        description="Coordinates ({lat, lon, source}) for a site, city or region; {code} (ISO 3166-1) for a "
        "country. A place without one is drawn where its nearest parent with one is.",
    )
    note: Text | None = None


class Speaker(_Strict):
    """Whoever asserts quoted words: an outlet, official, commentator or organisation."""

    id: Slug
    name: Title
    perspective: Slug = Field(description="The perspective this speaker's words belong to.")
    basis: Basis = Field(
        description="Why this perspective: passages of the corpus that show who the speaker is ({source, quote}), "
        "and facts from outside the documents, stated as such ({outside}); a line of text in older records."
    )
    actor: Slug | None = Field(default=None, description="The actor this speaker is, when it is one.")


class Citation(_Strict):
    """A verbatim passage of a source that supports an event."""

    source: Slug
    quote: Text = Field(description="Verbatim text of the source (typography may differ).")
    prefix: Text | None = Field(default=None, description="Text just before the quote, to tell repeats apart.")
    suffix: Text | None = Field(default=None, description="Text just after the quote, to tell repeats apart.")
    claim: Text | None = Field(default=None, description="What the speaker asserts, where sources differ.")
    speaker: Slug | None = Field(
        default=None, description="Who asserts the quoted words (a speaker id); the source's speaker when omitted."
    )
    speaker_note: Text | None = Field(
        default=None,
        description="Why this passage's speaker differs from that of an overlapping passage of the same source.",
    )


CiteNumber = Annotated[
    str,
    WithJsonSchema({"type": "integer", "minimum": 1, "description": "A citation of the event, numbered from 1."}),
]
"""A citation's number (1 for the event's first citation), as YAML text: checked by the validator."""


class Sentence(_Strict):
    """A sentence of an event's summary and the citations it rests on."""

    text: Text
    cites: list[CiteNumber] = Field(
        json_schema_extra={"minItems": 1},
        description="The numbers of the event's citations this sentence rests on (the first citation is 1).",
    )


Summary = _tagged(
    _text_or_list,
    "expected text or a list of sentences ({text, cites})",
    text=Text,
    list=Annotated[list[Sentence], Field(min_length=1)],
)


MAX_WEIGHT = 9
"""Highest curator's weight of an event (see ``Event.weight``)."""


def _whole_number(value: object) -> object:
    """A number the record wrote, read as YAML text, as that number (anything else is left as it is)."""
    if isinstance(value, str) and 0 < len(value) <= 3 and value.isascii() and value.isdigit():
        return int(value)
    return value


Weight = Annotated[int, BeforeValidator(_whole_number), Field(ge=0, le=MAX_WEIGHT)]


class Event(_Strict):
    """A dated happening, with the passages that support it."""

    id: Slug
    date: DateText
    date_basis: Text | None = Field(
        default=None, description="How the date was inferred, when no quote states it as given."
    )
    title: Title
    summary: Summary = Field(
        description="Neutral sentences, each naming the citations it rests on ({text, cites}); "
        "plain text in older records."
    )
    actors: Annotated[list[Slug], Field(min_length=1)]
    category: Slug
    place: Text | None = Field(default=None, description="Where, in words (searched by the place filter).")
    places: list[Slug] = Field(default=[], description="Where, as place ids of the record's places.")
    tags: list[Text] = []
    citations: Annotated[list[Citation], Field(min_length=1)]
    contested: Text | None = Field(default=None, description="What the sources disagree about.")
    weight: Weight = Field(
        default=0,
        description="How much the curator wants the event titled first where not all titles fit (0 to 9); "
        "a choice of display that claims nothing.",
    )


class RecordModel(_Strict):
    """The whole record (events.yaml)."""

    title: Text
    description: Text | None = None
    period: Period
    sources: Annotated[list[Source], Field(min_length=1)]
    perspectives: list[Term]
    speakers: list[Speaker] = []
    actors: list[Actor]
    places: list[Place] = []
    categories: list[Term]
    events: list[Event]


SECTIONS: dict[str, type[_Strict]] = {
    "sources": Source,
    "perspectives": Term,
    "speakers": Speaker,
    "actors": Actor,
    "places": Place,
    "categories": Term,
    "events": Event,
}


def json_schema() -> dict[str, Any]:
    """JSON Schema of the record, for editors (published as ``events.schema.json``)."""
    schema = RecordModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Source-linked timeline record"
    return schema


def json_schema_text() -> str:
    """The JSON Schema as the text of ``events.schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def _head_model() -> type[_Strict]:
    """The record's top level with each section left as a plain list (items are checked one by one)."""
    from pydantic import create_model

    fields: dict[str, Any] = {
        name: ((list[Any], ... if info.is_required() else []) if name in SECTIONS else (info.annotation, info))
        for name, info in RecordModel.model_fields.items()
    }
    return create_model("RecordHead", __base__=_Strict, **fields)


RecordHead = _head_model()

REPLACED_FIELDS: dict[str, str] = {
    "attribution": "replaced by 'speaker' (the id of who says the quoted words, from the record's speakers)",
}
"""Fields of earlier versions of the record, and what took their place."""

FIELD_NAMES: frozenset[str] = frozenset(
    name
    for model in (
        *(RecordModel, Period, *SECTIONS.values(), Citation, Sentence, BasisPassage, BasisOutside),
        *(Coordinates, CountryCode),
    )
    for name in model.model_fields
)


def summary_text(summary: str | Sequence[Sentence]) -> str:
    """An event's summary as one text: plain text as written, or its sentences joined by spaces."""
    return summary if isinstance(summary, str) else " ".join(s.text for s in summary)


def summary_sentences(summary: str | Sequence[Sentence]) -> list[dict[str, Any]]:
    """An event's sentences as ``{"text", "cites"}`` (citation numbers as ints); none for a plain-text summary."""
    if isinstance(summary, str):
        return []
    return [{"text": s.text, "cites": [int(n) for n in s.cites]} for s in summary]


def summary_from_sentences(text: str, sentences: Sequence[dict[str, Any]]) -> str | list[Sentence]:
    """The summary :func:`summary_text` and :func:`summary_sentences` were made from (models not validated again)."""
    if not sentences:
        return text
    return [Sentence.model_construct(text=s["text"], cites=[str(n) for n in s["cites"]]) for s in sentences]
