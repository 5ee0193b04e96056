"""What the loader returns, written out by hand, and what it does for speed changes nothing: frame (the
record's and the dashboard's), collector state, aliases."""

from __future__ import annotations

import gc

import pandas as pd
import pytest
from conftest import GENERIC, GOOD_EVENT, HEAD, ROOT

from dashboard.frame import events_frame
from loaders import RecordError, load_record
from loaders.places import ancestors

DISPLAY_COLUMNS = [
    *("category_label", "actor_names", "actor_aliases", "quotes", "speaker_names"),
    *("place_within", "place_names"),
]


def rowwise_frame(record) -> pd.DataFrame:
    """The dashboard's events frame built the plain way: one dict per event."""
    rows = []
    for e in record.events:
        d = record.dates[e.id]
        rows.append(
            {
                "id": e.id,
                "title": e.title,
                "summary": e.summary if isinstance(e.summary, str) else " ".join(s.text for s in e.summary),
                "sentences": []
                if isinstance(e.summary, str)
                else [{"text": s.text, "cites": [int(n) for n in s.cites]} for s in e.summary],
                "start": d.start,
                "end": d.end,
                "precision": d.precision,
                "date_label": d.label,
                "date_text": d.text,
                "date_basis": e.date_basis or "",
                "category": e.category,
                "category_label": record.categories[e.category].label,
                "actors": list(e.actors),
                "actor_names": [record.actors[a].name for a in e.actors],
                "perspectives": list(dict.fromkeys(record.citation_perspective(c) for c in e.citations)),
                "speakers": list(dict.fromkeys(s.id for c in e.citations if (s := record.citation_speaker(c)))),
                "speaker_names": list(dict.fromkeys(s.name for c in e.citations if (s := record.citation_speaker(c)))),
                "sources": list(dict.fromkeys(c.source for c in e.citations)),
                "contested": e.contested is not None,
                "contested_note": e.contested or "",
                "n_citations": len(e.citations),
                "weight": e.weight,
                "place": e.place or "",
                "places": list(e.places),
                "tags": list(e.tags),
                "actor_aliases": [x for a in e.actors for x in record.actors[a].aliases],
                "place_within": list(dict.fromkeys(w for p in e.places for w in [p, *ancestors(p, record.places)])),
                "place_names": [
                    n
                    for p in dict.fromkeys(w for p in e.places for w in [p, *ancestors(p, record.places)])
                    for n in [record.places[p].name, *record.places[p].aliases]
                ],
                "quotes": "\n".join(c.quote for c in e.citations),
            }
        )
    frame = pd.DataFrame(rows, columns=list(rows[0]))
    for col in ("start", "end"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
    return frame


@pytest.fixture(scope="module")
def generic_frame() -> pd.DataFrame:
    return events_frame(load_record(GENERIC))


@pytest.mark.parametrize("path", [GENERIC, ROOT / "events.yaml"], ids=["generic", "shipped"])
def test_events_frame_equals_the_rowwise_construction(path):
    record = load_record(path)
    rowwise = rowwise_frame(record)
    pd.testing.assert_frame_equal(events_frame(record), rowwise, check_exact=True)
    pd.testing.assert_frame_equal(record.events_frame(), rowwise.drop(columns=DISPLAY_COLUMNS), check_exact=True)


def test_generic_frame_holds_what_the_record_says(generic_frame):
    # written out by hand from tests/fixtures/generic/events.yaml
    ts = pd.Timestamp
    expected = [
        ("first-lit", ts("1891-03-14"), ts("1891-03-14"), "day", "14 March 1891", "1891-03-14"),
        ("storm", ts("1953-12-01"), ts("1954-02-28"), "season", "winter 1953", "winter 1953"),
        ("automation-vote", ts("1987-01-01"), ts("1987-12-31"), "year", "1987", "1987"),
        ("last-keeper-leaves", ts("1988-05-01"), ts("1988-05-31"), "month", "May 1988", "1988-05"),
        ("volunteer-watch", ts("1988-06-01"), ts("1988-08-31"), "season", "summer 1988", "summer 1988"),
    ]
    columns = ["id", "start", "end", "precision", "date_label", "date_text"]
    assert list(generic_frame[columns].itertuples(index=False, name=None)) == expected
    row = generic_frame.set_index("id")
    assert row.loc["last-keeper-leaves", "actor_names"] == ["Lighthouse keepers", "County Council"]
    assert row.loc["automation-vote", "category_label"] == "Council decisions"
    assert row.loc["automation-vote", "perspectives"] == ["council", "press"]
    assert row.loc["automation-vote", "sources"] == ["minutes", "gazette"]
    assert row.loc["automation-vote", "quotes"] == (
        "The council resolved to automate the Kerrow Point light\n"
        "The county council voted in 1987 to automate the light"
    )
    assert list(row["n_citations"]) == [1, 1, 2, 1, 2]
    assert list(row["contested"]) == [False, False, False, False, True]
    assert row.loc["volunteer-watch", "contested_note"] == (
        "The number of volunteers (at least 40 vs no more than a dozen)."
    )
    assert row.loc["first-lit", "contested_note"] == "" and row.loc["first-lit", "place"] == ""


def test_a_citations_own_perspective_counts_once_and_sources_once(make_record):
    head = HEAD.replace(
        "  - {id: press, label: Press}\n", "  - {id: press, label: Press}\n  - {id: council, label: Council}\n"
    ).replace(
        "actors:\n",
        "speakers:\n  - {id: clerk, name: The clerk, perspective: council, basis: Quoted.}\nactors:\n",
    )
    event = GOOD_EVENT + (
        "      - source: doc\n"
        "        quote: A second storm in 1903 broke the new wall\n"
        "        speaker: clerk\n"
        "      - source: doc\n"
        "        quote: broke the new wall at its northern end\n"
        "        speaker: clerk\n"
    )
    frame = events_frame(load_record(make_record(whole=head + event)))
    assert frame.loc[0, "perspectives"] == ["press", "council"]
    assert frame.loc[0, "speakers"] == ["clerk"] and frame.loc[0, "speaker_names"] == ["The clerk"]
    assert frame.loc[0, "sources"] == ["doc"]
    assert frame.loc[0, "n_citations"] == 3
    assert frame.loc[0, "quotes"] == (
        "The harbour wall was rebuilt in 1902\nA second storm in 1903 broke the new wall\n"
        "broke the new wall at its northern end"
    )


def test_a_record_without_events_has_an_empty_frame_with_every_column(make_record):
    record = load_record(make_record("  []\n"))
    frame = events_frame(record)
    assert len(frame) == 0
    assert {"id", "start", "end", "category_label", "actor_names", "quotes"} <= set(frame.columns)
    assert frame["start"].dtype == "datetime64[s]"
    assert list(record.events_frame().columns) == [c for c in frame.columns if c not in DISPLAY_COLUMNS]


def test_loading_leaves_the_garbage_collector_as_it_found_it(make_record):
    path = make_record()
    assert gc.isenabled()
    load_record(path)
    assert gc.isenabled()
    gc.disable()
    try:
        load_record(path)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(RecordError):
        load_record(make_record(whole="title: [unclosed\n"))
    assert gc.isenabled()


def test_aliases_are_still_bounded_when_the_text_has_anchors(make_record):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(6)
    )
    with pytest.raises(RecordError) as info:
        load_record(make_record(whole=bomb))
    assert "aliases expand the document beyond" in str(info.value)
