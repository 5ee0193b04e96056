"""A corpus of broken and hostile records, each built in a fresh folder by a small function.

Every case is a record the loader must refuse with located one-line messages (exit 1), in
bounded time and memory, without a traceback. ``build(name, folder)`` writes one and returns
the path of its ``events.yaml``; it is checked with ``environment(name, folder)`` set (a cache
case has a cache folder of its own, holding a cache file that claims the record is valid).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conftest import GOOD_EVENT, HEAD, SOURCE_TEXT, write_record

from loaders import load_record

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


@case("event-weight-out-of-range")
def _(folder: Path) -> Path:
    """A curator's weight above the highest there is, and one that is text."""
    event = _event(category="works\n    weight: 10")
    other = _event(id="second", category="works\n    weight: high")
    return _write(folder, HEAD + event + other)


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


# --- sentences and speakers' bases ----------------------------------------------------------

_SENTENCES_START = GOOD_EVENT.index("    summary:")
_SENTENCES_END = GOOD_EVENT.index("    actors:")


def _sentences(items: str) -> str:
    """GOOD_EVENT with its summary replaced by a list of sentences (``items``: the list's lines)."""
    return GOOD_EVENT[:_SENTENCES_START] + "    summary:\n" + items + GOOD_EVENT[_SENTENCES_END:]


@case("summary-20k-sentences-citing-what-is-not-there")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _sentences("      - {text: A wall., cites: [99]}\n" * 20_000))


@case("sentence-cites-a-1mb-number")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _sentences(f"      - {{text: A wall., cites: ['{'1' * 1_000_000}']}}\n"))


@case("sentence-cites-a-mapping")
def _(folder: Path) -> Path:
    return _write(folder, HEAD + _sentences("      - {text: A wall., cites: [{n: 1}]}\n"))


@case("speaker-basis-quote-missing-14kb")
def _(folder: Path) -> Path:
    speakers = (
        "speakers:\n  - id: masons\n    name: The masons\n    perspective: press\n    basis:\n"
        f"      - source: doc\n        quote: {_quoted('harbour wall ' * 1_100)}\n"
    )
    return _write(folder, HEAD.replace("actors:\n", speakers + "actors:\n") + GOOD_EVENT)


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


# --- caches of validated records ------------------------------------------------------------
#
# Each case is a record with one problem (an unknown category) and, in a cache folder of its own
# (``XDG_CACHE_HOME`` from :func:`environment`), a cache file made for exactly its bytes that
# claims it is valid. Whatever the file says, the problem must be reported.

CACHE_HOME = "cache-home"
BROKEN_EVENT = _event(category="wroks")
FORGED_TITLE = "FORGED: event not in the record"


def environment(name: str, folder: Path) -> dict[str, str]:
    """The environment case ``name`` (built in ``folder``) is checked in: its own cache folder, for a cache case."""
    return {"XDG_CACHE_HOME": str(folder / CACHE_HOME)} if name.startswith("cache-") else {}


@contextmanager
def cache_home(home: Path) -> Iterator[Path]:
    """``XDG_CACHE_HOME`` set to ``home`` while building a case."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(home)
    try:
        yield home
    finally:
        if before is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = before


PLAIN_CHECKSUM = b"MEKTLSUM"
"""The trailer's magic of an earlier cache, sealed with nothing but a SHA-256 anyone can compute."""
MAC = b"MEKTLMAC"


def seal(body: bytes, how: str, home: Path, magic: bytes = MAC) -> bytes:
    """``body`` with a trailer: ``key``, as the loader seals it with the user's own key (what only the
    user could write), or as a loader whose caches ended in a plain checksum (``magic``) did;
    ``sha256``, that plain checksum; ``mac-without-key``, the loader's magic with a checksum anyone
    can compute; ``another-key``, sealed with a key that is not the user's."""
    if how == "sha256" or magic == PLAIN_CHECKSUM:
        return body + PLAIN_CHECKSUM + hashlib.sha256(body).digest()
    if how == "mac-without-key":
        return body + MAC + hashlib.sha256(body).digest()
    key = (home / "mek-timeline" / "key").read_bytes() if how == "key" else os.urandom(32)
    return body + MAC + hmac.new(key, body, hashlib.sha256).digest()


def cached_parts(target: Path) -> tuple[Any, dict[str, Any]]:
    """The table and metadata of the cache file ``target`` (its trailer not checked)."""
    import pyarrow as pa

    reader = pa.ipc.open_file(pa.py_buffer(target.read_bytes()[:-40]))
    table = reader.read_all()
    return table, json.loads(table.schema.metadata[b"mek-timeline"])


def ipc_bytes(table: Any, meta: dict[str, Any]) -> bytes:
    import pyarrow as pa

    sink = io.BytesIO()
    schema = table.schema.with_metadata({b"mek-timeline": json.dumps(meta).encode()})
    with pa.ipc.new_file(sink, schema) as writer:
        writer.write_table(table.replace_schema_metadata(schema.metadata))
    return sink.getvalue()


def replace_column(table: Any, name: str, values: Any) -> Any:
    if name in table.column_names:
        return table.set_column(table.column_names.index(name), name, values)
    return table.append_column(name, values)


Edit = Callable[[Any, dict[str, Any]], tuple[Any, dict[str, Any]]]


def forge(
    record: Path, home: Path, edit: Edit | None = None, *, how: str = "key", patch: Callable[[bytes], bytes] = bytes
) -> Path:
    """Rewrite the cache of ``record`` (already written) with ``edit`` applied to its table and metadata,
    keyed to the record's bytes as they are now, ``patch`` applied to its bytes, sealed ``how``."""
    from loaders import cache as record_cache

    with cache_home(home):
        target = record_cache.cache_file(record)
    magic = target.read_bytes()[-40:-32]
    table, meta = cached_parts(target)
    meta["record_sha256"] = hashlib.sha256(record.read_bytes()).hexdigest()
    if edit is not None:
        table, meta = edit(table, meta)
    target.write_bytes(seal(patch(ipc_bytes(table, meta)), how, home, magic))
    return target


def retitled(table: Any, meta: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    import pyarrow as pa

    return replace_column(table, "title", pa.array([FORGED_TITLE] * table.num_rows)), meta


def _cache_case(edit: Edit | None, *, how: str = "key", patch: Callable[[bytes], bytes] = bytes) -> Builder:
    def build(folder: Path) -> Path:
        with cache_home(folder / CACHE_HOME) as home:
            path = _write(folder, HEAD + GOOD_EVENT)
            load_record(path)  # valid: its cache is written
            path.write_text(HEAD + BROKEN_EVENT, encoding="utf-8")
            forge(path, home, edit, how=how, patch=patch)
        return path

    return build


def _lists_of(values: list[list[str]]) -> Any:
    import pyarrow as pa

    return pa.array(values, pa.list_(pa.string()))


NEGATIVE_OFFSETS = (struct.pack("<3i", 0, 13, 26), struct.pack("<3i", 0, -1_000_000, 26))


def thirteen_actors_each(table: Any, meta: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """Two events of 13 actors each: list offsets 0, 13, 26 that :data:`NEGATIVE_OFFSETS` can find."""
    import pyarrow as pa

    table = pa.concat_tables([table, table]).combine_chunks()
    ids = pa.array(["rebuilt", "rebuilt-again"])
    table = replace_column(replace_column(table, "id", ids), "actors", _lists_of([["council"] * 13] * 2))
    return table.combine_chunks(), meta


def negative_offset(body: bytes) -> bytes:
    old, new = NEGATIVE_OFFSETS
    assert body.count(old) == 1, "the actors' offsets are found once"
    return body.replace(old, new)


def unknown_actor(table: Any, meta: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    return replace_column(table, "actors", _lists_of([["no-such-actor"]] * table.num_rows)), meta


def duplicate_ids(table: Any, meta: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    import pyarrow as pa

    return pa.concat_tables([table] * 3), meta


def title_1mb(table: Any, meta: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    import pyarrow as pa

    return replace_column(table, "title", pa.array(["W" * 1_000_000] * table.num_rows)), meta


def n_citations_as_text(table: Any, meta: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    import pyarrow as pa

    return replace_column(table, "n_citations", pa.array(["many"] * table.num_rows)), meta


def quote_past_its_source(table: Any, meta: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    import pyarrow as pa
    import pyarrow.compute as pc

    cits = table.column("citations").combine_chunks()
    values = cits.values
    fields = {name: values.field(name) for name in values.type.names}
    fields["start"] = pc.add(fields["start"], 1_000_000)
    fields["end"] = pc.add(fields["end"], 1_000_000)
    structs = pa.StructArray.from_arrays(list(fields.values()), fields=list(values.type))
    return replace_column(table, "citations", pa.ListArray.from_arrays(cits.offsets, structs)), meta


def speaker_of_unknown_perspective(table: Any, meta: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    meta["speakers"] = [{"id": "ghost", "name": "Ghost", "perspective": "nowhere", "basis": "None at all."}]
    meta["sources"] = [{**s, "perspective": None, "speaker": "ghost"} for s in meta["sources"]]
    return table, meta


def sentence_citing_no_citation(table: Any, meta: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    import pyarrow as pa

    kind = table.schema.field("sentences").type
    cites = [[{"text": "A sentence resting on a passage the event does not cite.", "cites": [99]}]] * table.num_rows
    return replace_column(table, "sentences", pa.array(cites, kind)), meta


def weight_out_of_range(table: Any, meta: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    import pyarrow as pa

    return replace_column(table, "weight", pa.array([1_000] * table.num_rows, pa.int64())), meta


def warning_of_any_length(table: Any, meta: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    meta["warnings"] = [[["events", 0], "W" * 1_000_000]]
    return table, meta


CASES["cache-forged-plain-sha256-trailer"] = _cache_case(retitled, how="sha256")
CASES["cache-forged-mac-without-the-key"] = _cache_case(retitled, how="mac-without-key")
CASES["cache-forged-with-another-key"] = _cache_case(retitled, how="another-key")
CASES["cache-negative-list-offset"] = _cache_case(thirteen_actors_each, patch=negative_offset)
CASES["cache-unknown-actor"] = _cache_case(unknown_actor)
CASES["cache-duplicate-ids"] = _cache_case(duplicate_ids)
CASES["cache-title-1mb"] = _cache_case(title_1mb)
CASES["cache-n-citations-as-text"] = _cache_case(n_citations_as_text)
CASES["cache-quote-past-its-source"] = _cache_case(quote_past_its_source)
CASES["cache-speaker-of-unknown-perspective"] = _cache_case(speaker_of_unknown_perspective)
CASES["cache-sentence-citing-no-citation"] = _cache_case(sentence_citing_no_citation)
CASES["cache-warning-of-any-length"] = _cache_case(warning_of_any_length)
CASES["cache-weight-out-of-range"] = _cache_case(weight_out_of_range)


@case("cache-in-a-folder-of-another-user")
def _(folder: Path) -> Path:
    """Sealed with the user's own key, but in a folder that another user owns (as root) or anyone may write."""
    path = _cache_case(retitled)(folder)
    app = folder / CACHE_HOME / "mek-timeline"
    for where in (app, app / "records", *(app / "records").iterdir()):
        if os.geteuid() == 0:
            os.chown(where, NOBODY, NOBODY)
        os.chmod(where, 0o777 if where.is_dir() else 0o666)
    return path


NOBODY = 65534


@case("cache-sparse-3.9-gib")
def _(folder: Path) -> Path:
    """A cache file of 3.9 GiB (sparse: nothing written) ending in a trailer."""
    with cache_home(folder / CACHE_HOME) as home:
        path = _write(folder, HEAD + GOOD_EVENT)
        load_record(path)
        path.write_text(HEAD + BROKEN_EVENT, encoding="utf-8")
        target = forge(path, home, retitled, how="key")
        trailer = target.read_bytes()[-40:]
        with target.open("r+b") as fh:
            fh.truncate(int(3.9 * 1024**3) - 40)
            fh.seek(0, os.SEEK_END)
            fh.write(trailer)
    return path


@case("cache-a-link-to-a-sealed-copy")
def _(folder: Path) -> Path:
    """The cache path is a symbolic link to a sealed cache: a link is never followed."""
    path = _cache_case(retitled)(folder)
    from loaders import cache as record_cache

    with cache_home(folder / CACHE_HOME):
        target = record_cache.cache_file(path)
    copy = folder / "sealed-copy.arrow"
    target.rename(copy)
    target.symlink_to(copy)
    return path


def build(name: str, folder: Path) -> Path:
    """Write case ``name`` into ``folder``; the path of its events.yaml."""
    return CASES[name](folder)
