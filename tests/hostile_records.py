"""A corpus of broken and hostile records, each built in a fresh folder by a small function.

Every case is a record the loader must refuse with located one-line messages (exit 1), in
bounded time and memory, without a traceback. ``build(name, folder)`` writes one and returns
the path of its ``events.yaml``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from conftest import GOOD_EVENT, HEAD, SOURCE_TEXT, write_record

Builder = Callable[[Path], Path]
CASES: dict[str, Builder] = {}


_write = write_record


def _event(**fields: str) -> str:
    """GOOD_EVENT with some of its lines replaced (values written as YAML as given)."""
    text = GOOD_EVENT
    for key, value in fields.items():
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.strip().startswith(f"{key}:") or line.strip().startswith(f"- {key}:"):
                indent = line[: len(line) - len(line.lstrip())]
                dash = "- " if line.strip().startswith("- ") else ""
                lines[i] = f"{indent}{dash}{key}: {value}\n"
                break
        else:
            raise KeyError(key)
        text = "".join(lines)
    return text


def case(name: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        CASES[name] = fn
        return fn

    return register


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# --- dates -------------------------------------------------------------------------------

HOSTILE_DATES = {
    "date-negative-year": "-0500",
    "date-decade-zero": "0000s",
    "date-early-decade-zero": "early 0000s",
    "date-winter-9999": "winter 9999",
    "date-Y10000": "Y10000",
    "date-Y-huge-negative": "Y-170000002",
    "date-many-question-marks": "1988" + "?" * 2000,
    "date-circa-repeated": "circa " * 1000 + "1988",
    "date-to-repeated": "1988 to " * 1000 + "1989",
    "date-c-repeated-50000": "c. " * 50_000 + "1988",
    "date-day-without-month": "13 1988",
    "date-relative-tomorrow": "tomorrow 1988",
    "date-relative-yesterday": "yesterday",
    "date-relative-next-week": "next week",
    "date-fractional-year": "1988.5",
    "date-three-part-span": "1988-07/1988-09/1988-10",
    "date-year-zero": "0000-01-01",
    "date-month-13": "1988-13-01",
    "date-february-30": "1988-02-30",
    "date-day-32": "9999-12-32",
    "date-reversed-span": "1990/1980",
    "date-empty": "''",
    "date-5mb": "x" * 5_000_000,
    "date-nul": '"1988\\0"',
    "date-list": "[1988, 1989]",
    "date-mapping": "{year: 1988}",
}


def _date_case(value: str) -> Builder:
    def build(folder: Path) -> Path:
        written = value if value[:1] in "'\"[{" else _quoted(value)
        return _write(folder, HEAD + _event(date=written))

    return build


for _name, _value in HOSTILE_DATES.items():
    CASES[_name] = _date_case(_value)


# --- the document itself -------------------------------------------------------------------


@case("doc-empty")
def _(folder: Path) -> Path:
    return _write(folder, "")


@case("doc-comment-only")
def _(folder: Path) -> Path:
    return _write(folder, "# nothing here\n")


@case("doc-top-level-list")
def _(folder: Path) -> Path:
    return _write(folder, "- 1\n- 2\n")


@case("doc-top-level-scalar")
def _(folder: Path) -> Path:
    return _write(folder, "just words\n")


@case("doc-nul-byte")
def _(folder: Path) -> Path:
    return _write(folder, (HEAD + GOOD_EVENT).replace("The wall is rebuilt", "The wall\0 is rebuilt"))


@case("doc-invalid-utf8")
def _(folder: Path) -> Path:
    return _write(folder, (HEAD + GOOD_EVENT).encode() + b"\xff\xfe bad\n")


@case("doc-tab-indent")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + GOOD_EVENT.replace("    date:", "\tdate:"))


@case("doc-unclosed-quote")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + GOOD_EVENT.replace("title: The wall", "title: 'The wall"))


@case("doc-duplicate-key")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + GOOD_EVENT.replace("    date: 1902\n", "    date: 1902\n    date: 1903\n"))


@case("doc-two-documents")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + GOOD_EVENT + "---\ntitle: second\n")


@case("doc-python-tag")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + GOOD_EVENT.replace("title: The wall", "title: !!python/object/apply:os.system ['id']"))


@case("doc-billion-laughs")
def _(folder: Path) -> Path:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    return _write(folder, "\n".join(lines) + "\n" + HEAD + GOOD_EVENT)


@case("doc-nested-5000")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + GOOD_EVENT.replace("title: The wall is rebuilt", "title: " + "[" * 5000 + "]" * 5000))


@case("doc-over-size-limit")
def _(folder: Path) -> Path:
    path = _write(folder, HEAD + GOOD_EVENT)
    with path.open("r+b") as fh:  # a sparse file: large on paper, nothing written
        fh.truncate(300 * 1024 * 1024)
    return path


@case("doc-50mb-tiny-items")
def _(folder: Path) -> Path:
    items = "  - 1\n" * (50 * 1024 * 1024 // 6)
    return _write(folder, HEAD + GOOD_EVENT + "extra:\n" + items)


@case("doc-50mb-flow-integers")
def _(folder: Path) -> Path:
    items = ",".join(["1"] * (50 * 1024 * 1024 // 2))
    return _write(folder, HEAD + GOOD_EVENT + f"extra: [{items}]\n")


@case("doc-unknown-top-field-and-bad-date")
def _(folder: Path) -> Path:
    return _write(folder, "flavour: strawberry\n" + HEAD + _event(date="sometime"))


@case("doc-15000-unknown-keys")
def _(folder: Path) -> Path:
    extra = "".join(f"    unknown{i}: x\n" for i in range(15_000))
    return _write(folder, HEAD + GOOD_EVENT.replace("    date: 1902\n", "    date: 1902\n" + extra))


@case("doc-4000-unknown-actor-ids")
def _(folder: Path) -> Path:
    actors = "".join(f"  - {{id: actor{i}, name: Actor {i}, kind: person}}\n" for i in range(4000))
    head = HEAD.replace("actors:\n", "actors:\n" + actors)
    refs = ", ".join(f"actr{i}x" for i in range(4000))
    return _write(folder, head + _event(actors=f"[{refs}]"))


@case("doc-events-not-a-list")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + "  rebuilt: {date: 1902}\n")


@case("doc-period-reversed")
def _(folder: Path) -> Path:
    return _write(folder, HEAD.replace("{start: 1900, end: 1950}", "{start: 1950, end: 1900}") + GOOD_EVENT)


@case("doc-period-year-zero")
def _(folder: Path) -> Path:
    return _write(folder, HEAD.replace("{start: 1900, end: 1950}", "{start: 0, end: 99999}") + GOOD_EVENT)


# --- events and references --------------------------------------------------------------------


@case("event-duplicate-id")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + GOOD_EVENT + GOOD_EVENT)


@case("event-id-with-spaces")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _event(id="'a wall <b>'"))


@case("event-id-a-list")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _event(id="[1, 2]"))


@case("event-unknown-actor")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _event(actors="[councl]"))


@case("event-unknown-category")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _event(category="wroks"))


@case("event-unknown-source")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _event(source="dco"))


@case("event-no-citations")
def _(folder: Path) -> Path:
    text = HEAD + GOOD_EVENT
    return _write(folder, text[: text.index("    citations:")] + "    citations: []\n")


@case("event-title-1mb")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _event(title="W" * 1_000_000))


@case("event-summary-missing")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + GOOD_EVENT.replace("    summary: The wall was rebuilt.\n", ""))


@case("source-unknown-perspective")
def _(folder: Path) -> Path:
    return _write(folder, HEAD.replace("perspective: press", "perspective: presss") + GOOD_EVENT)


# --- quotes -----------------------------------------------------------------------------------


@case("quote-missing-short")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _event(quote="The harbour wall was painted green"))


@case("quote-missing-15kb")
def _(folder: Path) -> Path:
    words = " ".join(f"word{i % 997} harbour wall" for i in range(1300))[:15_000]
    return _write(folder, HEAD + _event(quote=_quoted(words)), source=SOURCE_TEXT * 200)


@case("quote-missing-1mb")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _event(quote=_quoted("harbour wall " * 80_000)), source=SOURCE_TEXT * 2000)


@case("quote-empty")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _event(quote="''"))


@case("quote-whitespace")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _event(quote="'   '"))


@case("citation-old-attribution-field")
def _(folder: Path) -> Path:
    # a record written before citations named their speaker
    return _write(folder, HEAD + GOOD_EVENT + "        attribution: The county masons\n")


# --- source files -------------------------------------------------------------------------


def _source_file(value: str) -> Builder:
    def build(folder: Path) -> Path:
        return _write(folder, HEAD.replace("file: doc.txt", f"file: {value}") + GOOD_EVENT)

    return build


CASES["source-path-nul"] = _source_file('"doc\\0.txt"')
CASES["source-path-parent"] = _source_file("../../../etc/passwd")
CASES["source-path-absolute"] = _source_file("/etc/passwd")
CASES["source-path-missing"] = _source_file("nowhere.txt")
CASES["source-name-over-255-bytes"] = _source_file("d" * 300 + ".txt")
CASES["source-path-empty"] = _source_file("''")
CASES["source-path-url"] = _source_file("'http://127.0.0.1:9/doc.txt'")


@case("source-symlink-loop")
def _(folder: Path) -> Path:
    (folder / "loop.txt").symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop.txt")
    return _source_file("loop.txt")(folder)


@case("source-symlink-outside")
def _(folder: Path) -> Path:
    (folder / "out.txt").symlink_to("/etc/hostname")
    return _source_file("out.txt")(folder)


@case("source-is-directory")
def _(folder: Path) -> Path:
    (folder / "adir").mkdir()
    return _source_file("adir")(folder)


@case("source-is-fifo")
def _(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.txt")
    return _source_file("pipe.txt")(folder)


@case("source-is-device")
def _(folder: Path) -> Path:
    (folder / "zero.txt").symlink_to("/dev/zero")
    return _source_file("zero.txt")(folder)


@case("source-invalid-utf8")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + GOOD_EVENT, source=b"The harbour wall was rebuilt in 1902 \xff\xfe\n")


@case("source-over-size-limit")
def _(folder: Path) -> Path:
    path = _write(folder, HEAD + GOOD_EVENT)
    with (folder / "doc.txt").open("r+b") as fh:
        fh.truncate(80 * 1024 * 1024)
    return path


@case("source-with-nul-bytes")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + GOOD_EVENT, source=SOURCE_TEXT.replace("rebuilt", "re\0built"))


def build(name: str, folder: Path) -> Path:
    """Write case ``name`` into ``folder``; the path of its events.yaml."""
    return CASES[name](folder)
