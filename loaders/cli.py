"""Command line: ``mek-timeline validate [PATH]`` (also ``python -m loaders validate``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .cache import NO_CACHE_ENV
from .errors import RecordError
from .load import load_record
from .progress import TerminalLine, throttled

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a record; print one line per problem, or a one-line summary and any warnings."""
    path = Path(args.path)
    if not path.is_file():
        print(f"error: {path}: no such file", file=sys.stderr)
        return EXIT_USAGE
    try:
        with TerminalLine(sys.stderr) as line:  # how far it has got, while it reads and checks a large record
            record = load_record(
                path, cache=False if args.no_cache else None, strict=args.strict, progress=throttled(line)
            )
    except RecordError as exc:
        for problem in exc.problems:
            print(problem)
        strict = " (strict)" if args.strict else ""
        print(f"{path}: {_plural(len(exc.problems), 'problem')}{strict}", file=sys.stderr)
        return EXIT_PROBLEMS
    if record.cache_note:
        print(f"note: not cached: {record.cache_note}", file=sys.stderr)
    print(
        f"{path}: valid{' (strict)' if args.strict else ''}: {record.summary()}"
        + (" (unchanged since last checked: from the cache)" if record.from_cache else "")
    )
    for warning in record.warnings:
        print(warning)
    if record.warnings:
        print(f"{path}: {_plural(len(record.warnings), 'warning')} (refused by --strict)", file=sys.stderr)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the record's JSON Schema (the text of events.schema.json)."""
    from .schema import json_schema_text

    sys.stdout.write(json_schema_text())
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace) -> int:
    """List dated mentions in the sources that no citation covers."""
    from .coverage import uncovered_mentions

    path = Path(args.path)
    if not path.is_file():
        print(f"error: {path}: no such file", file=sys.stderr)
        return EXIT_USAGE
    record = load_record(path)
    if args.source and args.source not in record.sources:
        print(f"error: unknown source {args.source!r}; known: {', '.join(record.sources)}", file=sys.stderr)
        return EXIT_USAGE
    mentions = [m for m in uncovered_mentions(record) if not args.source or m.source_id == args.source]
    for sid, src in record.sources.items():
        mine = [m for m in mentions if m.source_id == sid]
        if not mine:
            continue
        open_ = [m for m in mine if not m.covered]
        print(f"{src.file}: {len(mine)} dated mentions, {len(mine) - len(open_)} covered, {len(open_)} uncovered")
        for m in open_:
            print(f"  {src.file}:{m.line}: {m.text!r} ({m.precision})")
    total = len(mentions)
    n_open = sum(1 for m in mentions if not m.covered)
    print(f"{total} dated mentions, {total - n_open} covered by citations, {n_open} uncovered")
    return EXIT_OK


def build_parser(
    extra: Callable[[argparse._SubParsersAction], object] | None = None,
) -> argparse.ArgumentParser:
    """The argument parser for the loader's commands; ``extra(subparsers)`` may add more commands."""
    parser = argparse.ArgumentParser(prog="mek-timeline", description="Check and use a source-linked timeline record.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check a record and every quote in its sources")
    p.add_argument("path", nargs="?", default="events.yaml", help="the record (default: events.yaml)")
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="read and check everything afresh, neither reading nor writing the cache of validated records "
        f"(also: {NO_CACHE_ENV}=1)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="also refuse what is otherwise a warning, summaries that are not sentences naming their citations, "
        "and speaker bases that are neither passages of the corpus nor marked as outside it (implies --no-cache)",
    )
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("coverage", help="list dated mentions in the sources that no citation covers")
    p.add_argument("path", nargs="?", default="events.yaml", help="the record (default: events.yaml)")
    p.add_argument("--source", help="only this source id")
    p.set_defaults(func=cmd_coverage)
    p = sub.add_parser("schema", help="print the record's JSON Schema")
    p.set_defaults(func=cmd_schema)
    if extra is not None:
        extra(sub)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run a parsed command, turning any failure into one line and an exit code."""
    try:
        return args.func(args)
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RecordError as exc:
        for problem in exc.problems:
            print(problem)
        return EXIT_PROBLEMS


def main(argv: Sequence[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    """Entry point of ``python -m loaders`` (and, given its parser, of the ``mek-timeline`` script)."""
    parser = parser or build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    return run(args)
