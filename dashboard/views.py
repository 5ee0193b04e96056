"""The main area's views: timeline, events per year, table, event details, source reader."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from .citations import citation_facts
from .figures import per_year_figure
from .filters import Filters, View
from .loading import Loaded
from .render import (
    citation_heading_html,
    cited_share,
    esc,
    legend_html,
    passage_html,
    source_heading_html,
    source_html,
    text_html,
)
from .state import (
    COLOR_CHOICES,
    LANE_CHOICES,
    STACK_CHOICES,
    Keys,
    choose_event,
    chosen_event,
    selection,
)
from .timeline import (
    APP_WIDTH,
    MAX_LANES,
    app_width,
    legend_items,
    record_period,
    selected_event,
    shown_period,
    timeline_figure,
    timeline_meta,
    timeline_note,
)


def view_controls() -> View:
    """Lane and colour toggles; the selected event."""
    c1, c2 = st.columns(2)
    lanes = c1.radio("Lanes", LANE_CHOICES, key=Keys.LANES, horizontal=True)
    color = c2.radio("Colour by", COLOR_CHOICES, key=Keys.COLOR, horizontal=True)
    return View(lanes=lanes.lower(), color=color.lower(), event=chosen_event())


def timeline(loaded: Loaded, frame: pd.DataFrame, view: View, filters: Filters) -> None:
    """The timeline over the filtered period; clicking a mark selects its event."""
    if frame.empty:
        st.info("No events match these filters.")
        return
    width = app_width(st.context.headers.get("User-Agent"))
    whole = record_period(loaded.record)
    period = shown_period(loaded.record, filters.start, filters.end)
    fig = timeline_figure(
        frame,
        loaded.labels,
        lanes=view.lanes,
        color=view.color,
        max_lanes=MAX_LANES,
        period=period,
        selected=view.event,
        overview=whole,
        legend=False,
        width=width,
        toolbar=width >= APP_WIDTH,
    )

    def on_select() -> None:
        choose_event(selected_event(fig, selection(Keys.TIMELINE, "points")))

    st.plotly_chart(
        fig,
        key=Keys.TIMELINE,
        on_select=on_select,
        selection_mode="points",
        theme=None,
        config={
            "displaylogo": False,
            "scrollZoom": True,
            "modeBarButtonsToRemove": ["select2d", "lasso2d"],
            "displayModeBar": "hover" if width >= APP_WIDTH else False,  # on a phone: double-tap resets
        },
    )
    st.html(legend_html(legend_items(frame, loaded.labels, view.color)))
    st.caption(timeline_note(timeline_meta(fig)))


def per_year(loaded: Loaded, frame: pd.DataFrame) -> None:
    """Events per year, stacked by category or perspective."""
    if frame.empty:
        st.info("No events match these filters.")
        return
    by = st.radio("Stack by", STACK_CHOICES, key=Keys.STACK, horizontal=True).lower()
    st.plotly_chart(per_year_figure(frame, loaded.labels, by=by), key=Keys.PER_YEAR, config={"displaylogo": False})


def table(loaded: Loaded, frame: pd.DataFrame) -> None:
    """The filtered events as a sortable table; selecting a row opens the event."""
    names = loaded.labels.perspectives
    shown = pd.DataFrame(
        {
            "start": frame["start"],
            "date": frame["date_label"],
            "title": frame["title"],
            "category": frame["category_label"],
            "actors": frame["actor_names"].map(", ".join),
            "perspectives": frame["perspectives"].map(lambda ps: ", ".join(names.get(p, p) for p in ps)),
            "speakers": frame["speaker_names"].map(", ".join),
            "contested": frame["contested"],
            "citations": frame["n_citations"],
            "id": frame["id"],
        }
    )

    def on_select() -> None:
        rows = selection(Keys.TABLE, "rows")
        if rows:
            choose_event(str(shown.iloc[rows[0]]["id"]))

    st.dataframe(
        shown,
        key=Keys.TABLE,
        hide_index=True,
        on_select=on_select,
        selection_mode="single-row",
        column_config={
            "start": st.column_config.DateColumn("From", format="YYYY-MM-DD", help="First day the date covers"),
            "date": st.column_config.TextColumn("Date", help="As precise as the sources allow"),
            "title": st.column_config.TextColumn("Title", width="large"),
            "category": st.column_config.TextColumn("Category"),
            "actors": st.column_config.TextColumn("Actors"),
            "perspectives": st.column_config.TextColumn("Perspectives cited"),
            "contested": st.column_config.CheckboxColumn("Contested"),
            "citations": st.column_config.NumberColumn("Citations"),
            "id": st.column_config.TextColumn("Id"),
        },
    )
    st.caption("Click a column header to sort; select a row to open the event below.")


def event_picker(loaded: Loaded, frame: pd.DataFrame) -> str | None:
    """A select box of the filtered events; returns the selected event id."""
    ids = list(frame["id"])
    current = chosen_event()
    if current and current not in ids and current in loaded.vocab.events:
        ids = [current, *ids]
    if not ids:
        return None
    if st.session_state.get(Keys.PICKER) != current:
        st.session_state[Keys.PICKER] = current if current in ids else None  # follow clicks elsewhere
    st.selectbox(
        "Event",
        ids,
        format_func=lambda i: loaded.picker_labels.get(i, i),
        placeholder="Choose an event, or click one in the timeline or table",
        key=Keys.PICKER,
        on_change=lambda: choose_event(st.session_state.get(Keys.PICKER)),
    )
    return chosen_event()


def details(loaded: Loaded, event_id: str) -> None:
    """Everything about one event: its facts, disagreements and every cited passage in context."""
    record = loaded.record
    ev = record.event(event_id)
    d = record.dates[event_id]
    st.html(text_html(ev.title, "h3", "margin:0.2rem 0;"))
    facts = [
        ("Date", f"{d.label} ({d.precision} precision; {d.start.isoformat()} to {d.end.isoformat()})"),
        *([("How dated", ev.date_basis)] if ev.date_basis else []),
        ("Category", record.categories[ev.category].label),
        ("Actors", ", ".join(record.actors[a].name for a in ev.actors)),
    ]
    if ev.place:
        facts.append(("Place", ev.place))
    if ev.tags:
        facts.append(("Tags", ", ".join(ev.tags)))
    rows = "".join(
        f"<tr><th style='text-align:left;padding-right:12px'>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts
    )
    st.html(f"<table style='font-size:0.95rem'>{rows}</table>")
    st.html(text_html(ev.summary, "p", "font-size:1.02rem;"))
    citations = record.citations(event_id)
    if ev.contested:
        st.html(
            "<div style='background:#fff4e5;border-left:4px solid #e8a33d;padding:8px 12px;margin:6px 0;'>"
            f"<b>Contested.</b> {esc(ev.contested)}</div>"
        )
        claimed = [c for c in citations if c.claim]
        if claimed:
            cols = st.columns(min(len(claimed), 4))
            for i, c in enumerate(claimed):
                with cols[i % len(cols)]:
                    cited = citation_facts(record, c)
                    st.html(
                        "<div style='border:1px solid #ddd;border-radius:6px;padding:8px 10px;height:100%'>"
                        f"<div style='font-size:0.8rem;color:#555'>{esc(cited.perspective_label)}</div>"
                        f"<div style='font-weight:600'>{esc(cited.speaker or cited.publisher)}</div>"
                        f"<div>{esc(c.claim)}</div></div>"
                    )
    st.html(text_html(f"Passages ({len(citations)})", "h4", "margin:0.6rem 0 0.2rem 0;"))
    for c in citations:
        st.html(citation_heading_html(citation_facts(record, c)))
        if c.claim and not ev.contested:
            st.html(text_html(f"Claim: {c.claim}", "p", "margin:2px 0;font-size:0.9rem;"))
        offset = c.start - c.paragraph_start
        st.html(passage_html(c.paragraph, offset, offset + (c.end - c.start), title=ev.title))


def sources(loaded: Loaded, link: Callable[[str], str]) -> None:
    """Read one document with every cited passage highlighted and linked to its event."""
    record = loaded.record
    ids = list(record.sources)
    sid = st.selectbox("Document", ids, key=Keys.SOURCE, format_func=lambda s: record.sources[s].title)
    text = record.source_text(sid)
    anchors = record.source_anchors(sid)
    passages = [(a.start, a.end, eid, record.event(eid).title) for eid, _, a in anchors]
    share = cited_share(len(text), ((s, e) for s, e, _, _ in passages))
    events = len({eid for eid, _, _ in anchors})
    st.html(source_heading_html(citation_facts(record, sid), len(passages), events, share))
    st.html(source_html(text, passages, link))


def event_link(params: dict[str, list[str]]) -> Callable[[str], str]:
    """A function giving the URL (query string) that opens an event with the current filters."""

    def link(event_id: str) -> str:
        query = {k: v for k, v in params.items() if k != "event"}
        query["event"] = [event_id]
        return "?" + urlencode(query, doseq=True)

    return link
