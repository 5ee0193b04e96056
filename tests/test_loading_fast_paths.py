"""What the loader does for speed changes nothing it returns: frame, collector state, aliases."""

from __future__ import annotations

import gc

import pandas as pd
import pytest
from conftest import GENERIC, ROOT

from loaders import RecordError, load_record


def rowwise_frame(record) -> pd.DataFrame:
    """The events frame built the plain way: one dict per event."""
    rows = []
    for e in record.events:
        d = record.dates[e.id]
        rows.append(
            {
                "id": e.id,
                "title": e.title,
                "summary": e.summary,
                "start": d.start,
                "end": d.end,
                "precision": d.precision,
                "date_label": d.label,
                "date_text": d.text,
                "category": e.category,
                "category_label": record.categories[e.category].label,
                "actors": list(e.actors),
                "actor_names": [record.actors[a].name for a in e.actors],
                "perspectives": list(dict.fromkeys(record.citation_perspective(c) for c in e.citations)),
                "sources": list(dict.fromkeys(c.source for c in e.citations)),
                "contested": e.contested is not None,
                "contested_note": e.contested or "",
                "n_citations": len(e.citations),
                "place": e.place or "",
                "tags": list(e.tags),
                "quotes": "\n".join(c.quote for c in e.citations),
            }
        )
    frame = pd.DataFrame(rows, columns=list(rows[0]))
    for col in ("start", "end"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
    return frame


@pytest.mark.parametrize("path", [GENERIC, ROOT / "events.yaml"], ids=["generic", "shipped"])
def test_events_frame_equals_the_rowwise_construction(path):
    record = load_record(path)
    pd.testing.assert_frame_equal(record.events_frame(), rowwise_frame(record), check_exact=True)


def test_a_record_without_events_has_an_empty_frame_with_every_column(make_record):
    record = load_record(make_record("  []\n"))
    frame = record.events_frame()
    assert len(frame) == 0
    assert {"id", "start", "end", "quotes"} <= set(frame.columns)
    assert frame["start"].dtype == "datetime64[s]"


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
