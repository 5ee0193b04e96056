"""An event's summary as sentences, each followed by the footnote marks of the citations it rests on (pure).

A citation's footnote number is its place among the event's citations, counted from 1, as the
record numbers them in ``cites``; the drawer and every export show the same numbers. A
plain-text summary (an older record) is one sentence with no marks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from loaders import CitationView, Record
from loaders.ellipsis import ellipsize
from loaders.schema import summary_sentences, summary_text

from .citations import citation_facts
from .render import esc

Sentence = tuple[str, tuple[int, ...]]
"""A sentence's text and the numbers of the citations it rests on."""


def numbered(summary: str, sentences: Sequence[Mapping[str, Any]]) -> list[Sentence]:
    """The sentences of an events-frame row (its ``summary`` and ``sentences`` columns)."""
    if not len(sentences):
        return [(summary, ())]
    return [(s["text"], tuple(int(n) for n in s["cites"])) for s in sentences]


def event_sentences(summary: Any) -> list[Sentence]:
    """The sentences of an event's ``summary`` as the record holds it (plain text or sentences)."""
    return numbered(summary_text(summary), summary_sentences(summary))


def marks(cites: Sequence[int]) -> str:
    """Footnote marks as text: ``[1][3]``."""
    return "".join(f"[{n}]" for n in cites)


def footnoted_text(sentences: Sequence[Sentence]) -> str:
    """The sentences on one line, each followed by its marks: ``The wall fell. [1] It was rebuilt. [2][3]``."""
    return " ".join(f"{text} {marks(cites)}" if cites else text for text, cites in sentences)


def sentence_records(sentences: Sequence[Sentence]) -> list[dict[str, Any]]:
    """The sentences as data (``{"text", "cites"}``), for JSON; none for a plain-text summary."""
    return [{"text": text, "cites": list(cites)} for text, cites in sentences if cites]


TITLE_QUOTE_CHARS = 200
"""Longest quote shown in a footnote mark's tooltip."""


def mark_titles(record: Record, citations: Sequence[CitationView]) -> dict[int, str]:
    """Each citation's footnote tooltip, by number: the document, the line and the quote."""
    out = {}
    for c in citations:
        quote = ellipsize(" ".join(c.quote.split()), TITLE_QUOTE_CHARS)
        out[c.index + 1] = f"{citation_facts(record, c).location}: “{quote}”"
    return out


MARK_STYLE = "font-size:0.75em;line-height:0;margin-left:1px;"


def footnoted_html(
    sentences: Sequence[Sentence],
    *,
    href: Callable[[int], str] | None = None,
    titles: Mapping[int, str] | None = None,
    tag: str = "p",
    style: str = "",
) -> str:
    """The sentences in one ``tag``, each followed by its marks as superscript links (every text escaped).

    ``href(n)`` is where mark ``n`` links to (no link without it); ``titles[n]`` its tooltip, e.g.
    the passage it cites.
    """
    titles = titles or {}
    parts = []
    for text, cites in sentences:
        sups = []
        for n in cites:
            title = f' title="{esc(titles[n])}"' if n in titles else ""
            mark = f"[{n}]"
            inner = f'<a href="{esc(href(n))}"{title}>{mark}</a>' if href else f"<span{title}>{mark}</span>"
            sups.append(f'<sup class="footnote" style="{MARK_STYLE}">{inner}</sup>')
        parts.append(esc(text) + "".join(sups))
    attr = f' style="{esc(style)}"' if style else ""
    return f"<{tag} class='summary'{attr}>{' '.join(parts)}</{tag}>"
