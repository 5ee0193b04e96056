"""HTML for record text: every string escaped, so it shows literally (pure, no Streamlit)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .citations import CitationFacts

MARK_STYLE = "background:#ffe08a;padding:0 2px;border-radius:2px;"
PASSAGE_STYLE = (
    "border-left:3px solid #c9a227;padding:4px 10px;margin:4px 0 8px 0;line-height:1.5;"
    "white-space:pre-wrap;font-size:0.95rem;"
)


def esc(text: object) -> str:
    """Escape text for HTML (quotes included)."""
    return html.escape("" if text is None else str(text), quote=True)


def text_html(text: object, tag: str = "p", style: str = "") -> str:
    """One element holding ``text`` literally."""
    attr = f' style="{esc(style)}"' if style else ""
    return f"<{tag}{attr}>{esc(text)}</{tag}>"


def passage_html(paragraph: str, start: int, end: int, *, title: str | None = None) -> str:
    """The paragraph with ``paragraph[start:end]`` (the quote) highlighted."""
    before, quote, after = paragraph[:start], paragraph[start:end], paragraph[end:]
    mark_title = f' title="{esc(title)}"' if title else ""
    return (
        f'<div style="{PASSAGE_STYLE}">{esc(before)}'
        f'<mark style="{MARK_STYLE}"{mark_title}>{esc(quote)}</mark>{esc(after)}</div>'
    )


def citation_heading_html(facts: CitationFacts) -> str:
    """A cited passage's heading: the document in bold, then who speaks and where the quote is."""
    return (
        f"<div style='margin-top:8px'><b>{esc(' · '.join(facts.origin))}</b><br>"
        f"<span style='font-size:0.85rem;color:#555'>{esc(' · '.join(facts.voice))}</span></div>"
    )


def source_heading_html(facts: CitationFacts, passages: int, events: int, share: float) -> str:
    """A document's heading in the source reader: publisher in bold, its other facts, what is cited of it."""
    rest = "".join(f" · {esc(text)}" for text in facts.origin[2:] + facts.voice)
    return (
        f"<p><b>{esc(facts.publisher)}</b>{rest}<br>"
        f"{passages} cited passages from {events} events cover {share:.1%} of the document's characters.</p>"
    )


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching character spans merged, in order."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def cited_share(text_length: int, spans: Iterable[tuple[int, int]]) -> float:
    """Share of a text's characters inside at least one span (0..1)."""
    if text_length <= 0:
        return 0.0
    return sum(end - start for start, end in merged_spans(spans)) / text_length


def source_html(
    text: str,
    passages: Sequence[tuple[int, int, str, str]],
    link: Callable[[str], str] | None = None,
) -> str:
    """A whole document with every cited passage highlighted.

    ``passages`` are ``(start, end, event_id, event_title)``; overlapping passages are merged
    into one highlight that names every event. ``link(event_id)`` gives the href of the
    little link after each highlight that opens the event.
    """
    by_span: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for span in merged_spans((s, e) for s, e, _, _ in passages):
        by_span[span] = [(eid, title) for s, e, eid, title in passages if s < span[1] and e > span[0]]
    parts = []
    pos = 0
    for (start, end), events in sorted(by_span.items()):
        parts.append(esc(text[pos:start]))
        names = "; ".join(title for _, title in events)
        parts.append(f'<mark style="{MARK_STYLE}" title="{esc(names)}">{esc(text[start:end])}</mark>')
        if link is not None:
            links = " ".join(
                f'<a href="{esc(link(eid))}" target="_self" title="{esc(title)}">[{esc(eid)}]</a>'
                for eid, title in dict.fromkeys(events)
            )
            parts.append(f'<sup style="font-size:0.7rem">{links}</sup>')
        pos = end
    parts.append(esc(text[pos:]))
    body = "".join(parts)
    return (
        '<div style="white-space:pre-wrap;line-height:1.55;font-size:0.95rem;max-height:70vh;'
        f'overflow-y:auto;border:1px solid #ddd;border-radius:6px;padding:12px;">{body}</div>'
    )


NOTE_STYLE = "font-size:0.8rem;color:#8a6d00;margin:0;"


def legend_html(items: list[tuple[str, str]]) -> str:
    """A wrapping legend of colour swatches and escaped labels (for under a chart, any screen width)."""
    chips = "".join(
        "<span style='display:inline-flex;align-items:center;margin:2px 14px 2px 0;white-space:nowrap'>"
        f"<span style='display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;"
        f"background:{esc(colour)}'></span>{esc(label)}</span>"
        for label, colour in items
    )
    return f"<div class='timeline-legend' style='display:flex;flex-wrap:wrap;font-size:0.85rem'>{chips}</div>"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$<>&\"'=^])")


def md_escape(text: object) -> str:
    """Text for a Streamlit element that renders markdown, shown literally.

    Every ASCII punctuation mark that markdown, LaTeX (``$``), Streamlit's colour and icon
    directives (``:red[…]``) or HTML could read is escaped with a backslash; line breaks fold.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
