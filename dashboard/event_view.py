"""The chosen event in a drawer beside the chart, and the document reader inside it or in its tab.

Moving between events (previous / next in the view, back) reruns the app once; moving between
an event and its passages, finding text and stepping through highlights rerun only the drawer
(a Streamlit dialog), so the page is never reloaded and the tab underneath stays as it was.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from loaders import CitationView

from .citations import citation_facts
from .footnotes import event_sentences, footnoted_html, mark_titles
from .loading import Loaded
from .precision import date_text
from .reading import Position, find_all, highlights, paragraph_groups, position, sides, span_at, view_order
from .render import (
    cited_share,
    esc,
    md_escape,
    merged_spans,
    paragraph_heading_html,
    passage_html,
    scroll_script,
    scroll_script_to_top,
    source_heading_html,
    source_html,
    text_html,
)
from .sidebar import write_reading
from .speakers import speaker_bases, speakers_html
from .state import Keys, choose_event, chosen_event, reload_on_change

DRAWER_WIDTH = 780
CONTESTED_STYLE = "background:#fff4e5;border-left:4px solid #e8a33d;padding:8px 12px;margin:6px 0;"
SIDE_STYLE = "border:1px solid #ddd;border-radius:6px;padding:8px 10px;margin-bottom:6px;"


def go_to_event(event_id: str | None) -> None:
    """Open ``event_id`` (remembering the current one for Back) and rerun the whole app."""
    current = chosen_event()
    if not event_id or event_id == current:
        return
    if current:
        st.session_state.setdefault(Keys.HISTORY, []).append(current)
    choose_event(event_id)
    st.session_state[Keys.READING] = None
    st.rerun()


def _go_back() -> None:
    history = st.session_state.get(Keys.HISTORY) or []
    if history:
        previous = history.pop()
        choose_event(previous)
        st.session_state[Keys.READING] = None
        st.rerun()


def _close() -> None:
    st.session_state[Keys.EVENT] = None
    st.session_state[Keys.READING] = None
    st.session_state[Keys.HISTORY] = []


def drawer(loaded: Loaded, frame: pd.DataFrame, event_id: str) -> None:
    """Open the event's drawer at the right of the page (Esc, the cross or a click outside closes it)."""
    title = loaded.record.event(event_id).title

    @st.dialog(md_escape(title), width=DRAWER_WIDTH, position="right", on_dismiss=_close)
    def show() -> None:
        with reload_on_change():  # the drawer also runs on its own, when a widget in it is used
            reading = st.session_state.get(Keys.READING)
            if reading and reading.get("event") == event_id:
                _reader_in_drawer(loaded, frame, reading)
            else:
                _navigation(position(view_order(frame), event_id))
                details(loaded, event_id)

    show()


def _navigation(pos: Position) -> None:
    c1, c2, c3, c4 = st.columns([1.2, 1.6, 1.2, 1])
    if c1.button("◀ Previous", key="nav_prev", disabled=pos.previous is None, shortcut="Alt+Left",
                 help="The previous event of this view in date order (Alt+←)"):  # fmt: skip
        go_to_event(pos.previous)
    place = f"{pos.place} of {pos.count} in this view" if pos.place else f"not in this view ({pos.count} are)"
    c2.html(f"<p id='event-place' style='text-align:center;margin:0.4rem 0'>{esc(place)}</p>")
    if c3.button("Next ▶", key="nav_next", disabled=pos.next is None, shortcut="Alt+Right",
                 help="The next event of this view in date order (Alt+→)"):  # fmt: skip
        go_to_event(pos.next)
    history = st.session_state.get(Keys.HISTORY) or []
    if c4.button("↩ Back", key="nav_back", disabled=not history, help="The event you had open before this one"):
        _go_back()


def details(loaded: Loaded, event_id: str) -> None:
    """Everything about one event: its facts, each side's claims, and every cited paragraph once."""
    record = loaded.record
    ev = record.event(event_id)
    d = record.dates[event_id]
    facts = [
        ("Date", date_text(d)),
        *([("How dated", ev.date_basis)] if ev.date_basis else []),
        ("Category", record.categories[ev.category].label),
        ("Actors", ", ".join(record.actors[a].name for a in ev.actors)),
        *([("Place", ev.place)] if ev.place else []),
        *([("Tags", ", ".join(ev.tags))] if ev.tags else []),
    ]
    rows = "".join(
        f"<tr><th style='text-align:left;padding-right:12px;vertical-align:top'>{esc(k)}</th><td>{esc(v)}</td></tr>"
        for k, v in facts
    )
    st.html(f"<table id='event-facts' style='font-size:0.95rem'>{rows}</table>")
    citations = record.citations(event_id)
    titles = mark_titles(record, citations)
    st.html(footnoted_html(event_sentences(ev.summary), href=lambda n: f"#cite-{n}", titles=titles,
                           style="font-size:1.02rem;"))  # fmt: skip
    if ev.contested:
        st.html(f"<div style='{CONTESTED_STYLE}'><b>Contested.</b> {esc(ev.contested)}</div>")
        _sides(loaded, event_id, citations)
    groups = paragraph_groups(citations)
    heading = f"Passages ({len(citations)} quotes in {len(groups)} paragraphs)"
    st.html(text_html(heading, "h4", "margin:0.6rem 0 0.2rem;"))
    for g, group in enumerate(groups):
        numbers = [c.index + 1 for c in group.citations]
        st.html(paragraph_heading_html([citation_facts(record, c) for c in group.citations], numbers))
        for c in group.citations:
            if c.claim and not ev.contested:
                st.html(text_html(f"Claim: {c.claim}", "p", "margin:2px 0;font-size:0.9rem;"))
        st.html(passage_html(group.paragraph, group.spans, title=ev.title))
        first = group.citations[0]
        if st.button("Read in the document", key=f"read_{g}", icon=":material/menu_book:",
                     help=f"{first.source_file}, line {first.line}: the whole document, at this passage"):  # fmt: skip
            _open_reader(event_id, first.source_id, first.start)
    if who := speakers_html(speaker_bases(record, [c.speaker for c in citations if c.speaker])):
        st.html(who)


def _sides(loaded: Loaded, event_id: str, citations: list[CitationView]) -> None:
    """One column per perspective that makes a claim, its label as header."""
    found = sides(loaded.record, citations)
    if not found:
        return
    for row_start in range(0, len(found), 3):
        row = found[row_start : row_start + 3]
        for col, side in zip(st.columns(len(row)), row, strict=True):
            with col:
                st.html(text_html(side.label, "h5", "margin:0.3rem 0;"))
                for claim in side.claims:
                    st.html(
                        f"<div style='{SIDE_STYLE}'><div style='font-weight:600'>{esc(claim.speaker)}</div>"
                        f"<div>{esc(claim.claim)}</div></div>"
                    )
                    cited = citations[claim.index]
                    label, hint = f"Passage, line {claim.line}", f"Open {claim.location} at this passage"
                    if st.button(label, key=f"claim_{claim.index}", type="tertiary", icon=":material/menu_book:",
                                 help=hint):  # fmt: skip
                        _open_reader(event_id, cited.source_id, cited.start)


def _open_reader(event_id: str, source_id: str, offset: int) -> None:
    st.session_state[Keys.READING] = {"event": event_id, "source": source_id, "offset": offset}
    write_reading(source_id, offset)
    st.rerun(scope="fragment")


def _reader_in_drawer(loaded: Loaded, frame: pd.DataFrame, reading: dict[str, Any]) -> None:
    st.html("<div id='reader-top'></div>")
    st.html(scroll_script_to_top("reader-top"), unsafe_allow_javascript=True)
    if st.button("← Back to the event", key="reader_back"):
        st.session_state[Keys.READING] = None
        write_reading(None, None)
        st.rerun(scope="fragment")
    reader(loaded, frame, reading["source"], reading["offset"], key="drawer", open_event=go_to_event)


def reader(
    loaded: Loaded,
    frame: pd.DataFrame,
    source_id: str,
    offset: int | None,
    *,
    key: str,
    open_event: Any,
) -> None:
    """A document with its cited passages highlighted: step through them, find text, open their events.

    ``offset`` is where to start (the passage holding it gets the focus); ``key`` keeps this
    reader's widgets apart from another's; ``open_event(event_id)`` opens an event.
    """
    record = loaded.record
    text = record.source_text(source_id)
    in_view = st.toggle("Only passages of events in view", key=f"{key}_in_view", value=True,
                        help="Highlight only the passages cited by the events the filters show.")  # fmt: skip
    shown = highlights(record, source_id, set(frame["id"]) if in_view else None)
    passages = [(h.start, h.end, h.event_id, h.title) for h in shown]
    spans = merged_spans((s, e) for s, e, _, _ in passages)
    events = len({h.event_id for h in shown})
    st.html(source_heading_html(citation_facts(record, source_id), len(spans), events,
                                cited_share(len(text), spans), quotes=len(passages)))  # fmt: skip
    focus_key, found_key = f"{key}_focus", f"{key}_found"
    wanted = (source_id, offset, in_view)
    if st.session_state.get(f"{key}_for") != wanted:  # a new document or passage: focus on it
        st.session_state[f"{key}_for"] = wanted
        st.session_state[focus_key] = span_at(spans, offset)
        st.session_state[found_key] = 0
    focus = min(st.session_state.get(focus_key, 0), max(len(spans) - 1, 0))
    c1, c2, c3 = st.columns([1, 2.2, 1])
    c1.button("◀ Passage", key=f"{key}_prev", disabled=focus <= 0, help="The previous highlighted passage",
              on_click=_step, args=(focus_key, focus - 1, found_key))  # fmt: skip
    c3.button("Passage ▶", key=f"{key}_next", disabled=focus >= len(spans) - 1, help="The next highlighted passage",
              on_click=_step, args=(focus_key, focus + 1, found_key))  # fmt: skip
    here = [h for h in shown if spans and h.start < spans[focus][1] and h.end > spans[focus][0]]
    c2.html(
        f"<p style='text-align:center;margin:0.4rem 0'>passage {focus + 1 if spans else 0} of {len(spans)}, line "
        f"{record.source_line(source_id, spans[focus][0]) if spans else '–'}</p>"
    )
    for i, h in enumerate(dict.fromkeys((h.event_id, h.title) for h in here)):
        if st.button(f"Open: {h[1]}", key=f"{key}_open_{i}", type="tertiary", help="Open this event"):
            open_event(h[0])
    marker = _find(loaded, source_id, text, key)
    box = f"document-{key}"
    document = source_html(text, passages, focus=focus if spans else None, marker=marker, box_id=box)
    target = "found" if marker is not None else (f"hl-{focus}" if spans else None)
    # the script goes with the box it scrolls: whenever the box is drawn anew (another match, another
    # passage), it starts at the top and its script runs again, bringing the match or passage into view
    st.html(document + (scroll_script(box, target) if target else ""), unsafe_allow_javascript=bool(target))


def _find(loaded: Loaded, source_id: str, text: str, key: str) -> int | None:
    """The reader's "Find in the document" box and its steps from match to match; where the match shown starts."""
    found_key = f"{key}_found"
    query = st.text_input("Find in the document", key=f"{key}_find", max_chars=200, placeholder="Text to find")
    if not query.strip():
        return None
    found = find_all(text, query)
    at = st.session_state.get(found_key)
    f1, f2, f3 = st.columns([1, 2.2, 1])
    if not found:
        f2.html("<p style='text-align:center;margin:0.4rem 0'>not in this document</p>")
        return None
    at = 0 if at is None else min(at, len(found) - 1)
    f1.button("◀ Match", key=f"{key}_fprev", disabled=at <= 0, on_click=_step, args=(found_key, at - 1))
    f3.button("Match ▶", key=f"{key}_fnext", disabled=at >= len(found) - 1, on_click=_step,
              args=(found_key, at + 1))  # fmt: skip
    st.session_state[found_key] = at
    marker = found[at][0]
    line = loaded.record.source_line(source_id, marker)
    f2.html(f"<p style='text-align:center;margin:0.4rem 0'>match {at + 1} of {len(found)}, line {line}</p>")
    return marker


def _step(key: str, to: int, cleared: str | None = None) -> None:
    """Move the reader's passage or match (``key``) to ``to`` before the reader is drawn again, so its buttons
    are drawn for where it now is; ``cleared`` forgets the match found."""
    st.session_state[key] = to
    if cleared:
        st.session_state[cleared] = None


def sources_tab(loaded: Loaded, frame: pd.DataFrame) -> None:
    """The reader on its own tab: choose a document, read it, open the events it is cited by."""
    record = loaded.record
    ids = list(record.sources)
    sid = st.selectbox("Document", ids, key=Keys.SOURCE, format_func=lambda s: record.sources[s].title)
    reader(loaded, frame, sid, None, key="tab", open_event=go_to_event)
