"""HTML for record text: every string escaped, so it shows literally (pure, no Streamlit)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .citations import SEPARATOR, location

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


def passage_html(paragraph: str, spans: Sequence[tuple[int, int]], *, title: str | None = None) -> str:
    """The paragraph with each ``paragraph[start:end]`` of ``spans`` (its quotes) highlighted, overlaps merged."""
    mark_title = f' title="{esc(title)}"' if title else ""
    parts, pos = [], 0
    for start, end in merged_spans(spans):
        parts.append(
            f'{esc(paragraph[pos:start])}<mark style="{MARK_STYLE}"{mark_title}>{esc(paragraph[start:end])}</mark>'
        )
        pos = end
    return f'<div style="{PASSAGE_STYLE}">{"".join(parts)}{esc(paragraph[pos:])}</div>'


def paragraph_heading_html(facts: Sequence[CitationFacts], numbers: Sequence[int] = ()) -> str:
    """A cited paragraph's heading: its document once, in bold, then who speaks in its quotes and where, one line
    per voice (the lines of the quotes in one voice together).

    With the quotes' footnote ``numbers`` (one per fact), each voice's line starts with its marks (``[3]``) and
    the heading is the target ``cite-3`` of the summary's marks, through one anchor per number at its top.
    """
    voices: dict[tuple[str, ...], tuple[list[int], list[int]]] = {}
    for i, f in enumerate(facts):
        lines, marks = voices.setdefault((*f.who, f.file), ([], []))
        if f.line is not None and f.line not in lines:
            lines.append(f.line)
        if i < len(numbers):
            marks.append(int(numbers[i]))
    said = []
    for (*who, file), (lines, marks) in voices.items():
        mark = "".join(f"[{n}] " for n in marks)
        line = SEPARATOR.join([*who, location(file, lines)])
        said.append(f"<span style='font-size:0.85rem;color:#555'>{mark}{esc(line)}</span>")
    anchors = "".join(f"<span id='cite-{int(n)}' class='citation'></span>" for n in numbers)
    origin = esc(facts[0].origin_line) if facts else ""
    return (
        f"<div class='paragraph-heading' style='margin-top:8px'>{anchors}<b>{origin}</b><br>{'<br>'.join(said)}</div>"
    )


def source_heading_html(
    facts: CitationFacts, passages: int, events: int, share: float, quotes: int | None = None
) -> str:
    """A document's heading in the source reader: publisher in bold, its other facts, what is cited of it.

    ``passages`` counts the highlighted passages (quotes that overlap or touch are one), as the reader steps
    through them; ``quotes``, when more, the quotes they hold."""
    rest = "".join(f"{SEPARATOR}{esc(text)}" for text in facts.origin[2:] + facts.voice)
    held = f" ({quotes} quotes, those overlapping merged)" if quotes and quotes > passages else ""
    return (
        f"<p><b>{esc(facts.publisher)}</b>{rest}<br>"
        f"{passages} cited passages{held} from {events} events cover {share:.1%} of the document's characters.</p>"
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


FOCUS_STYLE = "outline:3px solid #d9480f;outline-offset:1px;"
MARKER_STYLE = "color:#d9480f;font-weight:700;"


def source_html(
    text: str,
    passages: Sequence[tuple[int, int, str, str]],
    *,
    focus: int | None = None,
    marker: int | None = None,
    box_id: str = "document",
) -> str:
    """A whole document with every cited passage highlighted, for reading in the app.

    ``passages`` are ``(start, end, event_id, event_title)``; overlapping passages are merged
    into one highlight that names every event. Highlight number ``k`` (in text order) has the
    id ``hl-k``; the ``focus`` one is outlined. ``marker`` puts a visible ``▸`` (id ``found``) at
    that offset, for a match of find-in-document. The scrolling box has the id ``box_id``.
    """
    spans = merged_spans((s, e) for s, e, _, _ in passages)
    names = {
        span: "; ".join(dict.fromkeys(t for s, e, _, t in passages if s < span[1] and e > span[0])) for span in spans
    }
    cuts = sorted({0, len(text), *(x for span in spans for x in span), *([marker] if marker is not None else [])})
    starts = {span[0]: (k, span) for k, span in enumerate(spans)}
    ends = {span[1] for span in spans}
    parts = []
    for i, at in enumerate(cuts[:-1]):
        if at in ends:
            parts.append("</mark>")
        if marker == at:
            parts.append(f'<span id="found" style="{MARKER_STYLE}">▸</span>')
        if at in starts:
            k, span = starts[at]
            style = MARK_STYLE + (FOCUS_STYLE if k == focus else "")
            parts.append(f'<mark id="hl-{k}" style="{style}" title="{esc(names[span])}">')
        parts.append(esc(text[at : cuts[i + 1]]))
    if len(text) in ends:
        parts.append("</mark>")
    return (
        f'<div id="{esc(box_id)}" style="position:relative;white-space:pre-wrap;line-height:1.55;font-size:0.95rem;'
        f'max-height:70vh;overflow-y:auto;border:1px solid #ddd;border-radius:6px;padding:12px;">{"".join(parts)}</div>'
    )


def _plain_ids(*names: str) -> None:
    """Refuse anything but a plain element id (letters, digits, hyphens), before it goes into a script."""
    for name in names:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", name):
            raise ValueError(f"not an element id: {name!r}")


def scroll_script(box_id: str, element_id: str) -> str:
    """A script that scrolls the box ``box_id`` (only it, never the page) to centre its element ``element_id``.

    The element is looked for inside the box (another reader on the page has elements of the same ids);
    the box is positioned, so the element's offset is measured from it. Both ids must be plain
    (letters, digits, hyphens).
    """
    _plain_ids(box_id, element_id)
    return (
        f"<script>(function(){{var b=document.getElementById('{box_id}'),e=b&&b.querySelector('#{element_id}');"
        "if(e){b.scrollTop=e.offsetTop-b.clientHeight/2;}})();</script>"
    )


def scroll_script_to_top(element_id: str) -> str:
    """A script that brings ``element_id`` to the top of whatever scrolls around it (for a drawer's header)."""
    _plain_ids(element_id)
    return (
        f"<script>(function(){{var e=document.getElementById('{element_id}');"
        "if(e){e.scrollIntoView({block:'start',behavior:'instant'});}})();</script>"
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
