"""Generate a valid synthetic record: N events citing M generated source documents.

    python -m benchmarks.generate OUT_DIR --events 10000 --sources 200 --seed 1

writes ``OUT_DIR/events.yaml`` and ``OUT_DIR/sources/doc-NNNN.txt``. The output depends only
on the arguments (same seed, same bytes). It is shaped like a curated record:

- documents of 50–150 KB of prose-like text: real and made-up words, curly quotes, dashes,
  accented and non-Latin words, menu boilerplate, one line per paragraph or hard-wrapped
  lines, some with CRLF line ends;
- every sentence carries a made-up name that occurs nowhere else in its document, and every
  quote contains one, so each quote is unique in its source (as the loader requires);
- events with 1–3 citations, quotes of 40–300 characters (typography sometimes
  straightened, line breaks folded), 1–3 actors out of 5–50, every date form the loader
  accepts, places, tags, quoted outlets (speakers) and about 8 % contested events with each side's claim.
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

GENERATOR_VERSION = 3
"""Bumped whenever the output for a given seed changes (benchmarks/run.py keys its data on it)."""

SEARCH_TERM = "harbour"
"""A common word of the generated prose, used by the benchmark's text filter."""

PERIOD = (1950, 2025)

_WORD_LIST = """
the of and to in a that was for on by with as from at its their which had were said after before
during against under over about into between through while when where who whose whom this these those
not only also but or nor yet so than then there here all some many most few several each every
government council committee ministry court army police press report reports statement statements
letter letters camp camps members member families family leaders leader group groups organisation
people prisoners prisoner witness witnesses account accounts meeting meetings rally rallies city
capital border province region village harbour bridge station office offices embassy parliament
election elections vote votes law laws decision decisions trial trials sentence appeal appeals
officials official spokesman minister ministers president general commander commanders soldiers
students workers journalists lawyers observers delegation delegates agency agencies newspaper
according claimed denied confirmed announced reported described alleged stated wrote published
arrested released executed killed wounded fled moved returned travelled visited met signed agreed
refused rejected accepted demanded organised attacked defended protested supported opposed warned
later earlier months years weeks days night morning evening summer winter spring autumn decade
first second third last new old former young senior large small long short main central northern
southern eastern western foreign local national international public secret open hidden armed
political military legal human rights security freedom power control support history memory
"""
_WORDS = _WORD_LIST.split()

_ODD_WORDS = ["café", "régime", "naïve", "Zürich", "Tehrān", "façade", "coöperation", "déjà", "فارسی", "عربي"]
_MENU = ["Home", "Articles", "Media", "Videos", "Publications", "About Us", "Contact us", "Archive"]
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_SERIAL_SHAPE = re.compile(r"^(?:[bdfgklmnprstvz][aeiou]){4}$")
_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]  # 70: 70**4 serial names per document

_PERSPECTIVES = [
    ("supporters", "The organisation and its supporters"),
    ("critics", "Critics (former members and families)"),
    ("state-media", "State media"),
    ("independent", "Independent press and commentators"),
]
_CATEGORIES = [
    ("founding", "Founding and leadership"),
    ("armed-action", "Armed action"),
    ("repression", "Repression, arrests and executions"),
    ("designation", "Designation and delisting"),
    ("relocation", "Camps and relocation"),
    ("diplomacy", "Diplomacy"),
    ("human-rights", "Human-rights reporting"),
    ("lobbying-media", "Lobbying, rallies and media"),
    ("internal", "Internal life of the group"),
    ("politics", "Politics"),
    ("plots-incidents", "Plots and legal cases"),
]
_KINDS = ["organisation", "person", "state", "government", "press", "court", "party"]
_TAGS = [
    "casualties",
    "trial",
    "exile",
    "prison",
    "media",
    "letter",
    "rally",
    "report",
    "camp",
    "election",
    "treaty",
    "border",
    "embassy",
    "court-case",
    "funding",
    "testimony",
    "memoir",
    "interview",
    "petition",
    "sanctions",
]
_MONTHS = list(calendar.month_name)[1:]  # English month names, January first
_SEASONS = ["spring", "summer", "autumn", "winter", "fall"]

# (weight, form) of event dates; every form the loader accepts, mostly the common ones
_DATE_FORMS = [
    (26, "day"),
    (14, "month"),
    (14, "year"),
    (5, "season-words"),
    (2, "season-edtf"),
    (5, "month-span"),
    (3, "year-span"),
    (3, "decade"),
    (4, "decade-part"),
    (3, "circa"),
    (2, "uncertain"),
    (2, "approximate"),
    (7, "natural-day"),
    (3, "natural-month"),
    (1, "edtf-x"),
    (2, "year-part"),
    (4, "day-of-month-first"),
]
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.'()/?~-]*")
_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}


def _vocabulary(rng: Random) -> tuple[list[str], list[str]]:
    """Words of the prose (real ones weigh more, like function words) and the made-up ones alone."""
    made_up: set[str] = set()
    while len(made_up) < 3000:
        n = rng.choice((1, 2, 2, 3))
        word = "".join(rng.choice(_SYLLABLES) for _ in range(n)) + rng.choice("nrstlkmdg")
        made_up.add(word)
    words = [w for w in _WORDS if not _SERIAL_SHAPE.match(w)]
    names = sorted(made_up) + _ODD_WORDS
    return words * 8 + names, names


def _serial_name(n: int) -> str:
    """A made-up name, distinct for each ``n`` (CVCVCVCV, which no vocabulary word is)."""
    parts = []
    for _ in range(4):
        n, r = divmod(n, len(_SYLLABLES))
        parts.append(_SYLLABLES[r])
    return "".join(parts).capitalize()


@dataclass
class _Citation:
    doc: int
    quote: str = ""
    claim: str | None = None
    speaker: str | None = None  # an outlet quoted by the document; None when the document speaks


@dataclass
class _Event:
    id: str
    date: str
    title: str
    summary: str
    actors: list[str]
    category: str
    place: str | None
    tags: list[str]
    contested: str | None
    citations: list[_Citation] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


class _Prose:
    """Sentences of made-up prose, each carrying a serial name unique in its document."""

    def __init__(self, vocab: list[str], rng: Random) -> None:
        self.vocab = vocab
        self.rng = rng

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, k=n)

    def sentence(self, serial: str | None) -> tuple[str, int]:
        """A sentence and the offset of its serial name in it (-1 without one)."""
        rng = self.rng
        words = self.words(rng.randint(8, 28))
        if rng.random() < 0.15:
            i = rng.randrange(1, len(words))
            words[i] = f"“{words[i]} {words[(i + 1) % len(words)]}”"
        if rng.random() < 0.12:
            i = rng.randrange(1, len(words) - 1)
            words[i] = f"{words[i]}—{words[i + 1]}"
        if rng.random() < 0.2:
            i = rng.randrange(1, len(words))
            words[i] = words[i] + "’s"
        if rng.random() < 0.25:
            i = rng.randrange(1, len(words) - 1)
            words[i] = words[i] + ","
        if rng.random() < 0.2:
            words.insert(rng.randrange(1, len(words)), f"in {rng.randint(1950, 2020)}")
        at = -1
        if serial is not None:
            k = rng.randint(1, 3)
            words.insert(k, serial)
        words[0] = words[0][:1].upper() + words[0][1:]
        text = " ".join(words) + rng.choice("....?!")
        if serial is not None:
            at = text.index(" " + serial + " ") + 1 if (" " + serial + " ") in text else text.index(serial)
        return text, at


def _document(prose: _Prose, size: int, title: str, style: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Text of one document and, per sentence, (sentence start, serial start, serial end, paragraph end)."""
    rng = prose.rng
    parts: list[str] = [title, "\n"]
    for item in _MENU:
        parts.append(f"  • {item}\n")
    parts.append("\n")
    length = sum(len(p) for p in parts)
    sentences: list[tuple[int, int, int, int]] = []
    serial = rng.randrange(len(_SYLLABLES) ** 4)
    while length < size:
        para: list[str] = []
        spans: list[tuple[int, int, int]] = []
        offset = length
        for _ in range(rng.randint(2, 7)):
            serial = (serial + 1_000_003) % len(_SYLLABLES) ** 4  # a permutation: names never repeat
            name = _serial_name(serial)
            text, at = prose.sentence(name)
            spans.append((offset, offset + at, offset + at + len(name)))
            para.append(text)
            offset += len(text) + 1
        paragraph = " ".join(para)
        if style == "wrapped":
            paragraph = _hard_wrap(paragraph, rng.randint(70, 100))
        end = length + len(paragraph)
        sentences.extend((*span, end) for span in spans)
        parts.append(paragraph)
        parts.append("\n\n" if rng.random() < 0.7 else "\n")
        length = end + len(parts[-1])
        if rng.random() < 0.03:  # boilerplate that repeats, as in pages saved from the web
            footer = "December 25, 2018 0 comments\nFacebookTwitterPinterestWhatsappTelegramEmail\n"
            parts.append(footer)
            length += len(footer)
    return "".join(parts), sentences


def _hard_wrap(text: str, width: int) -> str:
    """Replace spaces by newlines so no line is much longer than ``width`` (offsets unchanged)."""
    chars = list(text)
    line_start = 0
    last_space = -1
    for i, ch in enumerate(chars):
        if ch == " ":
            last_space = i
        if i - line_start >= width and last_space > line_start:
            chars[last_space] = "\n"
            line_start = last_space + 1
    return "".join(chars)


def _pick_quote(text: str, sentence: tuple[int, int, int, int], rng: Random) -> tuple[int, int]:
    """Start and end of a passage of 40–300 characters on word boundaries holding the sentence's serial name.

    It stays inside its paragraph when the paragraph is long enough, as a curator's quotes do.
    """
    start, s_start, s_end, para_end = sentence
    starts = [start] + [start + m.end() for m in re.finditer(r"\s", text[start:s_start])]
    begin = rng.choice(starts[:-1] or starts)
    target = int(rng.triangular(40, 300, 110))
    end = max(begin + target, s_end + 1)
    m = re.compile(r"\s").search(text, end)
    stop = m.start() if m else len(text)
    if stop > para_end and para_end - begin >= 40:
        stop = para_end
    while stop - begin > 300:  # a long word at the end: step back a word, keeping the serial name
        prev = max(text.rfind(" ", begin, stop), text.rfind("\n", begin, stop))
        if prev <= s_end:
            break
        stop = prev
    return begin, stop


def _yaml_quote(text: str, rng: Random) -> str:
    """How a curator might copy the passage: line breaks folded, sometimes typography straightened."""
    q = " ".join(text.split("\n"))
    if rng.random() < 0.3:
        q = q.replace("“", '"').replace("”", '"').replace("’", "'").replace("—", "-")
    return q


def _date_text(rng: Random) -> str:
    form = rng.choices([f for _, f in _DATE_FORMS], weights=[w for w, _ in _DATE_FORMS])[0]
    y = rng.randint(1955, 2020)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    if form == "day":
        return f"{y}-{m:02d}-{d:02d}"
    if form == "month":
        return f"{y}-{m:02d}"
    if form == "year":
        return str(y)
    if form == "season-words":
        return rng.choice([f"{rng.choice(_SEASONS)} {y}", f"the {rng.choice(_SEASONS)} of {min(y, 2019)}"])
    if form == "season-edtf":
        return f"{min(y, 2019)}-{rng.randint(21, 24)}"
    if form == "month-span":
        m2 = rng.randint(m, 12)
        return f"{y}-{m:02d}/{y}-{m2:02d}"
    if form == "year-span":
        return f"{y}/{min(2020, y + rng.randint(1, 5))}"
    if form == "decade":
        return f"{min(y, 2019) // 10}0s"
    if form == "decade-part":
        part = rng.choice(["early ", "mid-", "late "])
        return f"{part}{min(y, 2019) // 10}0s"
    if form == "circa":
        return rng.choice([f"circa {y}", f"c. {y}", f"circa {y}-{m:02d}"])
    if form == "uncertain":
        return rng.choice([f"{y}?", f"{y}-{m:02d}?"])
    if form == "approximate":
        return f"{y}~"
    if form == "natural-day":
        return rng.choice([f"{_MONTHS[m - 1]} {d}, {y}", f"{d} {_MONTHS[m - 1]} {y}", f"{_MONTHS[m - 1][:3]} {d}, {y}"])
    if form == "natural-month":
        return f"{_MONTHS[m - 1]} {y}"
    if form == "edtf-x":
        return rng.choice([f"{min(y, 2019) // 10}X", f"{y}-{m:02d}-XX"])
    if form == "year-part":
        return f"{rng.choice(['early', 'mid', 'late'])} {y}"
    return f"{y}-{m:02d}-01"  # day-of-month-first: many events share a day


def _scalar(text: str, *, flow: bool = False) -> str:
    """A YAML scalar: plain when safe, else double-quoted (JSON strings are valid YAML).

    ``flow``: the scalar sits inside ``[...]`` or ``{...}``, where a comma ends it.
    """
    plain = _PLAIN_SAFE.fullmatch(text) and text.lower() not in _RESERVED and not text.endswith((" ", "-"))
    if plain and not (flow and "," in text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _block(lines: list[str], key: str, text: str, indent: str, width: int = 100) -> None:
    """``key: value`` — folded (``>-``) when long, a scalar otherwise."""
    if len(text) <= 72 or "  " in text or text != text.strip():
        lines.append(f"{indent}{key}: {_scalar(text)}")
        return
    lines.append(f"{indent}{key}: >-")
    words = text.split(" ")
    line = ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(f"{indent}  {line}")
            line = w
        else:
            line = f"{line} {w}" if line else w
    lines.append(f"{indent}  {line}")


_COUNTRIES = ("IRN", "IRQ", "ALB", "FRA", "DEU", "USA", "GBR", "ESP", "ITA", "POL")
_COUNTRIES += ("SWE", "DNK", "NOR", "NLD", "BEL", "AUT", "CHE", "CAN", "TUR", "SYR")
N_PLACES = 500


def _places(rng: Random, n: int) -> list[dict]:
    """``n`` places: 20 countries (real ISO codes) and sites in them at made-up coordinates."""
    out: list[dict] = [{"id": f"country-{c.lower()}", "name": f"Land {c}", "kind": "country", "code": c}
                       for c in _COUNTRIES]  # fmt: skip
    for k in range(n - len(_COUNTRIES)):
        out.append(
            {
                "id": f"site-{k:04d}",
                "name": f"Site {k:04d}",
                "kind": rng.choice(("site", "city")),
                "parent": out[rng.randrange(len(_COUNTRIES))]["id"],
                "lat": round(rng.uniform(-50, 65), 5),
                "lon": round(rng.uniform(-120, 120), 5),
            }
        )
    return out


def generate(
    out_dir: str | Path,
    n_events: int,
    n_sources: int,
    *,
    seed: int = 1,
    n_actors: int | None = None,
    n_places: int = N_PLACES,
) -> Path:
    """Write a record of ``n_events`` events over ``n_sources`` documents into ``out_dir``; return its path."""
    out = Path(out_dir)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    rng = Random(f"record-{seed}")
    vocab, names = _vocabulary(Random(f"vocab-{seed}"))
    prose = _Prose(vocab, rng)
    n_actors = n_actors or max(5, min(50, 5 + n_events // 200))

    def name(n: int) -> str:
        return " ".join(w.capitalize() for w in rng.choices(names, k=n))

    sources = []
    for d in range(n_sources):
        publisher = name(rng.randint(1, 2)) + rng.choice([" Society", " News", " Agency", " Review", ""])
        sources.append(
            {
                "id": f"doc-{d:04d}",
                "file": f"sources/doc-{d:04d}.txt",
                "title": f"{name(rng.randint(2, 5))}, {rng.choice(['posts', 'digest', 'report', 'pages'])} {d}",
                "publisher": publisher.strip(),
                "published": rng.choice([None, f"{rng.choice(_MONTHS)} {rng.randint(1990, 2020)}"]),
                "speaker": f"publisher-{d:04d}",
                "perspective": _PERSPECTIVES[d % len(_PERSPECTIVES)][0],
            }
        )
    actors = [
        {
            "id": f"actor-{a:02d}",
            "name": name(rng.randint(1, 3)),
            "kind": rng.choice(_KINDS),
            "aliases": [name(1).upper() for _ in range(rng.randint(0, 3))],
        }
        for a in range(n_actors)
    ]
    actor_weights = [1 / (a + 1) for a in range(n_actors)]  # a few actors in most events
    places = [name(1) for _ in range(40)]
    outlets = [name(1) + " " + rng.choice(["Times", "Post", "Herald", "Radio", "TV"]) for _ in range(20)]
    speakers = [
        {"id": f"publisher-{d:04d}", "name": src["publisher"], "perspective": src["perspective"]}
        for d, src in enumerate(sources)
    ] + [
        {"id": f"outlet-{k:02d}", "name": outlet, "perspective": _PERSPECTIVES[k % len(_PERSPECTIVES)][0]}
        for k, outlet in enumerate(outlets)
    ]

    # the places vocabulary: 20 countries (real codes) and 480 sites in them at made-up coordinates
    prng = Random(f"places-{seed}")
    vocab_places = _places(prng, n_places)
    city_ids = [p["id"] for p in vocab_places if p["kind"] != "country"]

    events: list[_Event] = []
    slots: dict[int, list[_Citation]] = {d: [] for d in range(n_sources)}
    for i in range(n_events):
        contested = rng.random() < 0.08 and n_sources > 1
        title_words = prose.words(rng.randint(3, 8))
        title = " ".join(title_words)
        title = title[:1].upper() + title[1:]
        summary_words = prose.words(rng.randint(12, 45))
        summary = f"According to {sources[rng.randrange(n_sources)]['publisher']}, " + " ".join(summary_words) + "."
        chosen = set()
        while len(chosen) < min(n_actors, rng.choice((1, 1, 2, 2, 3))):
            chosen.add(rng.choices(range(n_actors), weights=actor_weights)[0])
        ev = _Event(
            id=f"ev-{i:06d}",
            date=_date_text(rng),
            title=title,
            summary=summary,
            actors=[actors[a]["id"] for a in sorted(chosen)],
            category=rng.choices(_CATEGORIES, weights=range(len(_CATEGORIES), 0, -1))[0][0],
            place=rng.choice(places) if rng.random() < 0.5 else None,
            tags=sorted(set(rng.choices(_TAGS, k=rng.randint(0, 3)))),
            contested=None,
            places=sorted(set(prng.choices(city_ids, k=prng.choice((1, 1, 1, 2))))) if prng.random() < 0.7 else [],
        )
        n_cit = rng.choice((2, 3)) if contested else rng.choice((1, 1, 1, 2, 2, 3))
        docs = rng.sample(range(n_sources), k=min(n_cit, n_sources))
        for d in docs:
            c = _Citation(d)
            if contested:
                who = rng.choice(["people", "members", "prisoners"])
                c.claim = f"{rng.randint(2, 900)} {who} {rng.choice(['killed', 'held', 'released'])}"
            if rng.random() < 0.1:
                c.speaker = f"outlet-{rng.randrange(len(outlets)):02d}"
            ev.citations.append(c)
            slots[d].append(c)
        if contested:
            ev.contested = "The sources disagree about " + " ".join(prose.words(rng.randint(3, 8))) + "."
        events.append(ev)

    for d, src in enumerate(sources):
        doc_rng = Random(f"doc-{seed}-{d}")
        doc_prose = _Prose(vocab, doc_rng)
        size = doc_rng.randint(50_000, 150_000)
        style = doc_rng.choice(["lines", "lines", "wrapped", "crlf"])
        text, sentences = _document(doc_prose, size, src["title"], style)
        picks = doc_rng.sample(range(len(sentences)), k=min(len(slots[d]), len(sentences)))
        spans = []
        for c, s in zip(slots[d], picks * (len(slots[d]) // max(1, len(picks)) + 1), strict=False):
            begin, stop = _pick_quote(text, sentences[s], doc_rng)
            c.quote = _yaml_quote(text[begin:stop], doc_rng)
            spans.append((begin, stop, c))
        reach, voice = -1, None  # overlapping passages share the first one's speaker, as the loader requires
        for begin, stop, c in sorted(spans, key=lambda t: t[:2]):
            if begin >= reach:
                voice = c.speaker
            c.speaker, reach = voice, max(reach, stop)
        raw = text.replace("\n", "\r\n") if style == "crlf" else text
        (out / src["file"]).write_bytes(raw.encode("utf-8"))

    path = out / "events.yaml"
    path.write_text(_record_yaml(seed, sources, speakers, actors, events, vocab_places), encoding="utf-8")
    return path


def _record_yaml(
    seed: int,
    sources: list[dict],
    speakers: list[dict],
    actors: list[dict],
    events: list[_Event],
    vocab_places: list[dict],
) -> str:
    lines = [
        f"# Generated by benchmarks/generate.py (seed {seed}, version {GENERATOR_VERSION}); not a real record.",
        f"title: Generated record, {len(events)} events over {len(sources)} documents",
        "description: >-",
        "  Synthetic events citing synthetic documents, for measuring the loader and the dashboard at scale.",
        f"period: {{start: {PERIOD[0]}, end: {PERIOD[1]}}}",
        "",
        "perspectives:",
        *(f"  - {{id: {i}, label: {_scalar(label, flow=True)}}}" for i, label in _PERSPECTIVES),
        "categories:",
        *(f"  - {{id: {i}, label: {_scalar(label, flow=True)}}}" for i, label in _CATEGORIES),
        "",
        "speakers:",
        *(
            f"  - {{id: {sp['id']}, name: {_scalar(sp['name'], flow=True)}, perspective: {sp['perspective']}, "
            "basis: Generated.}"
            for sp in speakers
        ),
        "",
        "sources:",
    ]
    for s in sources:
        lines.append(f"  - id: {s['id']}")
        for key in ("file", "title", "publisher", "published", "speaker"):
            if s[key] is not None:
                lines.append(f"    {key}: {_scalar(s[key])}")
    lines += ["", "actors:"]
    for a in actors:
        lines.append(f"  - id: {a['id']}")
        lines.append(f"    name: {_scalar(a['name'])}")
        lines.append(f"    kind: {a['kind']}")
        if a["aliases"]:
            lines.append(f"    aliases: [{', '.join(_scalar(x, flow=True) for x in a['aliases'])}]")
    lines += ["", "places:"]
    for pl in vocab_places:
        where = (
            f"{{code: {pl['code']}}}"
            if pl["kind"] == "country"
            else f"{{lat: {pl['lat']}, lon: {pl['lon']}, source: Generated}}"
        )
        parent = f", parent: {pl['parent']}" if pl.get("parent") else ""
        lines.append(f"  - {{id: {pl['id']}, name: {_scalar(pl['name'], flow=True)}, kind: {pl['kind']}{parent}, "
                     f"location: {where}}}")  # fmt: skip
    lines += ["", "events:"]
    for ev in events:
        lines.append(f"  - id: {ev.id}")
        lines.append(f"    date: {_scalar(ev.date)}")
        lines.append(f"    title: {_scalar(ev.title)}")
        _block(lines, "summary", ev.summary, "    ")
        lines.append(f"    actors: [{', '.join(ev.actors)}]")
        lines.append(f"    category: {ev.category}")
        if ev.place:
            lines.append(f"    place: {_scalar(ev.place)}")
        if ev.places:
            lines.append(f"    places: [{', '.join(ev.places)}]")
        if ev.tags:
            lines.append(f"    tags: [{', '.join(ev.tags)}]")
        lines.append("    citations:")
        for c in ev.citations:
            lines.append(f"      - source: doc-{c.doc:04d}")
            _block(lines, "quote", c.quote, "        ")
            for key in ("claim", "speaker"):
                value = getattr(c, key)
                if value is not None:
                    lines.append(f"        {key}: {_scalar(value)}")
        if ev.contested:
            _block(lines, "contested", ev.contested, "    ")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", help="folder to write events.yaml and sources/ into (outside the project)")
    parser.add_argument("--events", type=int, default=1000, help="number of events (default 1000)")
    parser.add_argument("--sources", type=int, default=None, help="number of documents (default: 20 per 1000 events)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    n_sources = args.sources or max(2, args.events * 20 // 1000)
    path = generate(args.out_dir, args.events, n_sources, seed=args.seed)
    print(f"{path}: {args.events} events over {n_sources} documents ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
