"""The ``mek-timeline`` command: ``validate`` and ``schema`` from :mod:`loaders.cli`, plus ``export``.

``mek-timeline export --format png --out timeline.png --actor ID --from 1980 --to 1990``
writes what the app's Export tab offers, from the same filter and figure functions.
Several formats in one call share one headless browser:
``--format png svg csv --out-dir exports/`` or ``--format png --out a.png --format pdf --out a.pdf``.

Exit codes: 0 written, 1 the record has problems or an export failed (e.g. no Chromium),
2 usage errors (unknown ids, malformed dates, refused output paths).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import unicodedata
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.filters import COLORS, KINDS, LANES, View
from dashboard.options import (
    CHARTS,
    DEFAULT_HEIGHT,
    DEFAULT_SCALE,
    DEFAULT_WIDTH,
    FORMATS,
    LABEL_LIMIT,
    LABELS,
    RECORD_ENV,
)
from loaders import cli as loaders_cli
from loaders.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

if TYPE_CHECKING:
    from dashboard.export import ImageSize, Selection
    from dashboard.loading import Loaded


class UsageProblem(Exception):
    """A command-line value that cannot be used; the message is one line."""


def _height(value: str) -> int | None:
    if value.strip().lower() == "auto":
        return None
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of pixels or 'auto', found {value!r}") from None


def add_export_command(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``export`` to a parser's subcommands."""
    p = sub.add_parser(
        "export",
        help="write charts (PNG, SVG, PDF, HTML) and events (CSV, JSON, TimelineJS) of a filtered view",
        description="Export the filtered view of a record. Give --format with --out (pairs, in order) "
        "or --format (one or several) with --out-dir. Image formats need Chrome or Chromium.",
    )
    add = p.add_argument
    add("--format", dest="formats", action="extend", nargs="+", choices=FORMATS, required=True, metavar="FORMAT",
        help=f"one or more of: {', '.join(FORMATS)}")  # fmt: skip
    add("--out", dest="outs", action="append", default=[], metavar="FILE",
        help="output file for the --format at the same position (repeatable); - writes it to standard output "
             "(and the lines saying what was written to standard error)")  # fmt: skip
    add("--out-dir", metavar="DIR", help="write every format here under a default file name")
    add("--chart", dest="charts", action="extend", nargs="+", choices=CHARTS, metavar="CHART",
        help="timeline (default), per-year and/or map, for png, svg, pdf and html")  # fmt: skip
    for kind in KINDS:
        kind.add_flags(add)
    add("--group-by", choices=LANES, default=View.lanes,
        help=f"timeline lanes and TimelineJS groups (default: {View.lanes})")  # fmt: skip
    add("--color-by", choices=COLORS, default=View.color,
        help=f"timeline colours and per-year stacks (default: {View.color})")  # fmt: skip
    add("--csv-raw", action="store_true",
        help="write CSV cells as they are; by default a cell starting with = + - @ gets a leading ' "
             "so that spreadsheets show it rather than run it")  # fmt: skip
    add("--labels", choices=LABELS, default="auto",
        help=f"event titles on the timeline's marks in images (auto: every mark up to {LABEL_LIMIT} events, "
             "else where the view is not too dense)")  # fmt: skip
    add("--width", type=int, default=DEFAULT_WIDTH, help=f"image width in pixels (default {DEFAULT_WIDTH})")
    add("--height", type=_height, default=DEFAULT_HEIGHT,
        help=f"image height in pixels, or 'auto' to fit every lane (default {DEFAULT_HEIGHT})")  # fmt: skip
    add("--scale", type=float, default=DEFAULT_SCALE,
        help=f"pixels per layout pixel in PNG images (default {DEFAULT_SCALE:g})")  # fmt: skip
    add("--record", metavar="PATH", help=f"the record (default: ${RECORD_ENV}, else events.yaml)")
    p.set_defaults(func=cmd_export)
    return p


APP = Path(__file__).resolve().parent / "app.py"


def add_serve_command(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``serve`` to a parser's subcommands."""
    p = sub.add_parser(
        "serve",
        help="run the dashboard on this machine only (127.0.0.1), usage statistics off",
        description="Start the dashboard bound to 127.0.0.1 with usage statistics off, from any folder.",
    )
    p.add_argument("--record", metavar="PATH", help=f"the record (default: ${RECORD_ENV}, else the shipped one)")
    p.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    p.set_defaults(func=cmd_serve)
    return p


def serve_command(record: str | None, port: int) -> list[str]:
    """The ``streamlit run`` command line ``serve`` starts."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--browser.gatherUsageStats", "false", "--server.enableStaticServing", "true",
    ]  # fmt: skip
    return [*command, "--", str(Path(record).resolve())] if record else command


def cmd_serve(args: argparse.Namespace) -> int:
    """Replace this process with the dashboard's server."""
    if not 0 < args.port < 65536:
        print(f"error: --port must be 1 to 65535, got {args.port}", file=sys.stderr)
        return EXIT_USAGE
    command = serve_command(args.record, args.port)
    os.execv(command[0], command)
    return EXIT_OK  # not reached


def _extra_commands(sub: argparse._SubParsersAction) -> None:
    add_export_command(sub)
    add_serve_command(sub)


def build_parser() -> argparse.ArgumentParser:
    """The loader's commands (validate, schema, ...), ``export`` and ``serve``."""
    return loaders_cli.build_parser(extra=_extra_commands)


STDOUT = "-"
"""The ``--out`` that writes to standard output."""


def _check_path_text(flag: str, value: str) -> None:
    """Refuse a path with a control character (a line break would split the one line per file written)."""
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            raise UsageProblem(f"{flag} {value!r}: a path with a control character (U+{ord(ch):04X}) is refused")


def _plan(args: argparse.Namespace, sel: Selection) -> list[tuple[str, str, Path | None]]:
    """(format, chart, path) of every file to write (with --out-dir, named after the view); the path is None
    for standard output (``--out -``)."""
    from .export import CHART_FORMATS, view_file_name

    charts = list(dict.fromkeys(args.charts or ["timeline"]))
    for out in args.outs:
        _check_path_text("--out", out)
    if args.out_dir is not None:
        _check_path_text("--out-dir", args.out_dir)
    if args.outs.count(STDOUT) > 1:
        raise UsageProblem("only one --out may be - (standard output)")
    if args.outs and args.out_dir:
        raise UsageProblem("give --out (one per --format) or --out-dir, not both")
    if args.outs:
        if len(args.outs) != len(args.formats):
            raise UsageProblem(
                f"{len(args.formats)} formats but {len(args.outs)} --out files; give one --out per --format, "
                "in the same order, or use --out-dir"
            )
        if len(charts) > 1 and any(f in CHART_FORMATS for f in args.formats):
            raise UsageProblem("several --chart values need --out-dir (each chart gets its own file)")
        plan: list[tuple[str, str, Path | None]] = [
            (fmt, charts[0], None if out == STDOUT else Path(out))
            for fmt, out in zip(args.formats, args.outs, strict=True)
        ]
    elif args.out_dir:
        out_dir = Path(args.out_dir)
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageProblem(f"--out-dir {out_dir}: not a folder")
        plan = []
        for fmt in dict.fromkeys(args.formats):
            for chart in charts if fmt in CHART_FORMATS else ["timeline"]:
                plan.append((fmt, chart, out_dir / view_file_name(sel, fmt, chart)))
    else:
        raise UsageProblem("say where to write: --out FILE (one per --format) or --out-dir DIR")
    paths = [str(p.resolve()) for _, _, p in plan if p is not None]
    if len(set(paths)) != len(paths):
        raise UsageProblem("two exports would write the same file; give each --out its own name")
    return plan


def _selection(args: argparse.Namespace, loaded: Loaded) -> tuple[Selection, dict[str, list[str]]]:
    """The filtered view the arguments ask for, and its query parameters (as the app's URL has them)."""
    from dashboard.export import Selection
    from dashboard.filters import FlagError, apply_filters, from_query, to_query

    params: dict[str, list[str]] = {}
    try:
        for kind in KINDS:
            params |= kind.flag_query(args, loaded.vocab)
    except FlagError as exc:
        raise UsageProblem(str(exc)) from None
    params |= {"lanes": [args.group_by], "color": [args.color_by]}
    filters, view, notices = from_query(params, loaded.vocab)
    if notices:
        raise UsageProblem(notices[0].removeprefix("ignored "))
    frame = apply_filters(loaded.frame, filters, loaded.index)
    sel = Selection(loaded.record, frame, loaded.labels, filters, view, stack=args.color_by, total=len(loaded.frame))
    return sel, to_query(filters, view)


def _write(
    args: argparse.Namespace,
    sel: Selection,
    query: dict[str, list[str]],
    plan: list[tuple[str, str, Path | None]],
    size: ImageSize,
    protected: Collection[Path],
) -> int:
    """Write each planned file, one line per file; stop at the first failure."""
    from dashboard.export import CHART_FORMATS, IMAGE_FORMATS, ExportError, ImageRenderer, export_bytes, write_atomic

    needs_browser = any(fmt in IMAGE_FORMATS for fmt, _, _ in plan)
    # with one export on standard output, the lines saying what was written go to standard error
    said = sys.stderr if any(out is None for _, _, out in plan) else sys.stdout
    current = ""
    try:
        with ImageRenderer() if needs_browser else contextlib.nullcontext() as renderer:
            for fmt, chart, out in plan:
                shown = "(standard output)" if out is None else str(out)
                current = f"{shown}: "
                data = export_bytes(
                    sel,
                    fmt,
                    chart=chart,
                    size=size,
                    renderer=renderer,
                    query=query,
                    group_by=args.group_by,
                    labels=args.labels,
                    csv_raw=args.csv_raw,
                )
                if out is None:
                    sys.stdout.buffer.write(data)
                    sys.stdout.buffer.flush()
                else:
                    write_atomic(out, data, protected=protected)
                what = f"{chart} " if fmt in CHART_FORMATS else ""
                print(f"{shown}: {what}{fmt}, {len(data):,} bytes, {sel.count} of {sel.of} events", file=said)
    except ExportError as exc:
        print(f"error: {current}{exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as exc:  # a browser or file-system failure: one line, not a traceback
        print(f"error: {current}{type(exc).__name__}: {exc}".strip(), file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Export the filtered view in each requested format; one line per file written."""
    from dashboard.export import ExportError, ImageSize, check_target, protected_paths
    from dashboard.loading import prepare
    from dashboard.opening import stages
    from loaders import RecordError, load_record
    from loaders.progress import TerminalLine, throttled

    path = Path(args.record or os.environ.get(RECORD_ENV) or "events.yaml")
    if not path.is_file():
        print(f"error: {path}: no such file", file=sys.stderr)
        return EXIT_USAGE
    try:
        size = ImageSize(width=args.width, height=args.height, scale=args.scale)
        with TerminalLine(sys.stderr) as line:  # how far it has got, while it opens a large record
            loading, preparing = stages(throttled(line))
            loaded = prepare(load_record(path, progress=loading), preparing)
        sel, query = _selection(args, loaded)
        plan = _plan(args, sel)
        protected = protected_paths(loaded.record)
        for _, _, out in plan:
            if out is not None:
                check_target(out, protected)
    except RecordError as exc:
        for problem in exc.problems:
            print(problem)
        return EXIT_PROBLEMS
    except (UsageProblem, ExportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not sel.count:
        print("note: no events match these filters; the files show none", file=sys.stderr)
    return _write(args, sel, query, plan, size, protected)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mek-timeline`` console script."""
    return loaders_cli.main(argv, build_parser())


if __name__ == "__main__":
    sys.exit(main())
