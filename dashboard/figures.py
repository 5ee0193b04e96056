"""Figure parts shared by every chart, and the events-per-year chart (pure Plotly, no Streamlit).

Labels of the vocabularies, one stable colour per colour group, escaped titles; the timeline
itself is in :mod:`dashboard.timeline`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.colors import qualitative

SEVERAL = "__several__"
SEVERAL_LABEL = "Several perspectives"
SPAN_OPACITY = 0.45
_PALETTE = list(qualitative.Safe) + list(qualitative.Vivid) + list(qualitative.Pastel)
GREY = "#7f7f7f"


@dataclass(frozen=True)
class Labels:
    """Display names for ids, and the vocabulary order used for colours and legends."""

    actors: Mapping[str, str] = field(default_factory=dict)
    categories: Mapping[str, str] = field(default_factory=dict)
    perspectives: Mapping[str, str] = field(default_factory=dict)
    descriptions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    aliases: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Actor id -> the other names the actor goes by (so a picker can find it by any of them)."""
    """Per vocabulary (``"perspectives"``, ``"categories"``): id -> what the term holds, where the record says."""

    def for_kind(self, kind: str) -> Mapping[str, str]:
        """The id -> label mapping of ``actor``, ``category`` or ``perspective``."""
        return {"actor": self.actors, "category": self.categories, "perspective": self.perspectives}[kind]


def escape(text: object) -> str:
    """Text for Plotly labels and hovers: shown literally, never as markup."""
    return html.escape(str(text), quote=False)


def color_map(kind: str, labels: Labels) -> dict[str, str]:
    """A stable colour per id of the colour vocabulary (plus grey for several perspectives)."""
    ids = list(labels.for_kind(kind))
    colors = {key: _PALETTE[i % len(_PALETTE)] for i, key in enumerate(ids)}
    colors[SEVERAL] = GREY
    return colors


def group_order(kind: str, labels: Labels, present: Iterable[str]) -> list[str]:
    """The colour groups in ``present``: in vocabulary order, then "several", then any others sorted."""
    present = set(present)
    known = [g for g in [*labels.for_kind(kind), SEVERAL] if g in present]
    return known + sorted(present - set(known))


def group_names(kind: str, labels: Labels) -> dict[str, str]:
    """Legend names of a colour vocabulary, with the name of the "several perspectives" group."""
    return {**labels.for_kind(kind), SEVERAL: SEVERAL_LABEL}


def title_layout(title: str | None, subtitle: str | None) -> dict[str, object]:
    """Layout of a bold, escaped title with an optional smaller subtitle, at the top left (empty without a title)."""
    if not title:
        return {}
    text = f"<b>{escape(title)}</b>"
    if subtitle:
        text += f"<br><sup>{escape(subtitle)}</sup>"
    return {"title": {"text": text, "x": 0.01, "xanchor": "left"}}


def note_under_plot(text: str, *, yshift: float, **style: object) -> dict[str, object]:
    """An annotation under the plot area, hanging from its bottom-left corner (``yshift`` pixels lower)."""
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "top",
        "yshift": yshift,
        "showarrow": False,
        **style,
    }


def set_title(fig: go.Figure, title: str | None, subtitle: str | None) -> None:
    """A bold, escaped title with an optional smaller subtitle, at the top left."""
    if title:
        fig.update_layout(title_layout(title, subtitle))


def color_key(frame: pd.DataFrame, kind: str) -> pd.Series:
    """The colour group of each event: its category, or its one perspective (else "several")."""
    if kind == "category":
        return frame["category"].astype(str)
    return frame["perspectives"].map(lambda ps: ps[0] if len(ps) == 1 else SEVERAL)


def color_groups(frame: pd.DataFrame, kind: str, labels: Labels) -> pd.Series:
    """Every colour group of each event, as a tuple: its category, or each perspective its citations speak for
    in the vocabulary's order (a timeline mark shows them all, one band each)."""
    if kind == "category":
        return pd.Series([(c,) for c in frame["category"].astype(str)], index=frame.index, dtype=object)
    order = {p: i for i, p in enumerate(labels.perspectives)}
    cache: dict[tuple, tuple] = {}

    def ordered(ps: object) -> tuple:
        key = tuple(ps)
        if key not in cache:
            cache[key] = tuple(sorted(dict.fromkeys(key), key=lambda p: (order.get(p, len(order)), p))) or (SEVERAL,)
        return cache[key]

    return pd.Series([ordered(ps) for ps in frame["perspectives"]], index=frame.index, dtype=object)


def per_year_counts(frame: pd.DataFrame, by: str = "category") -> pd.DataFrame:
    """Events per year and colour group (:func:`color_key`), tidy: ``year``, ``group``, ``count``; each event
    counts once, in its first year, and a year without events of a group has no row for it."""
    return (
        pd.DataFrame({"year": frame["start"].dt.year.to_numpy(), "group": color_key(frame, by).to_numpy()})
        .groupby(["group", "year"])
        .size()
        .reset_index(name="count")
    )


def per_year_figure(
    frame: pd.DataFrame,
    labels: Labels,
    *,
    by: str = "category",
    title: str | None = None,
    subtitle: str | None = None,
) -> go.Figure:
    """Events per year, stacked by category or perspective; each event counts once, in its first year."""
    counts = per_year_counts(frame, by)
    order = group_order(by, labels, counts["group"])
    colors = color_map(by, labels)
    names = group_names(by, labels)
    fig = px.bar(
        counts,
        x="year",
        y="count",
        color="group",
        category_orders={"group": order},
        color_discrete_map={group: colors.get(group, GREY) for group in order},
        labels={"year": "Year (events counted in the year they start)", "count": "Events"},
        barmode="stack",
        height=420,
    )

    def named(trace: go.Bar) -> None:
        # no legend group per trace: the legend then lists the groups as they are stacked, top one first
        name = escape(names.get(trace.name, trace.name))
        trace.update(name=name, hovertemplate="%{x}: %{y} events<extra>" + name + "</extra>", legendgroup=None)

    fig.for_each_trace(named)
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 70 if title else 30, "b": 40},
        legend={"title": {"text": "Category" if by == "category" else "Perspective"}},
    )
    set_title(fig, title, subtitle)
    fig.update_xaxes(dtick=5 if len(counts) > 15 else None)
    return fig


def labels_from_record(record: object) -> Labels:
    """Labels from a loaded record (``loaders.Record``), in the record's vocabulary order."""
    return Labels(
        actors={k: a.name for k, a in record.actors.items()},
        categories={k: c.label for k, c in record.categories.items()},
        perspectives={k: p.label for k, p in record.perspectives.items()},
        aliases={k: list(a.aliases) for k, a in record.actors.items() if a.aliases},
        descriptions={
            name: {k: t.description for k, t in getattr(record, name).items() if t.description}
            for name in ("perspectives", "categories")
        },
    )
