"""Nesting depth: the loader's own limit, located, whatever the installed PyYAML does with deep documents."""

from __future__ import annotations

import pytest
import yaml
from conftest import GENERIC

from loaders.cli import main
from loaders.yamlsource import MAX_DEPTH, parse_yaml

MESSAGE = f"nested more than {MAX_DEPTH} levels deep; refusing to read it"


def flow(levels: int) -> str:
    """``title: [[...]]``: the innermost sequence is at depth ``levels`` (the top mapping is depth 0)."""
    return "title: " + "[" * levels + "]" * levels + "\n"


def block(levels: int) -> str:
    """Block mappings: the deepest key ``leaf`` sits at depth ``levels``."""
    lines = [" " * (2 * i) + f"k{i}:" for i in range(levels - 1)]
    lines.append(" " * (2 * (levels - 1)) + "leaf: 1")
    return "\n".join(lines) + "\n"


def test_the_limit_is_one_hundred_levels():
    assert MAX_DEPTH == 100


@pytest.mark.parametrize("shape", [flow, block], ids=["flow", "block"])
def test_a_document_at_the_limit_is_read(shape):
    doc, problems = parse_yaml(shape(MAX_DEPTH), "r.yaml")
    assert problems == []
    assert doc is not None and doc.data is not None


@pytest.mark.parametrize("shape", [flow, block], ids=["flow", "block"])
def test_a_document_one_below_the_limit_is_read(shape):
    doc, problems = parse_yaml(shape(MAX_DEPTH - 1), "r.yaml")
    assert problems == [] and doc is not None


# The first node past the limit: the 101st "[" (column 8 + 100) in flow style; in block style the key
# on line 101, indented 200 spaces.
WHERE = {flow: (1, 108), block: (101, 201)}


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 150, 5000])
@pytest.mark.parametrize("shape", [flow, block], ids=["flow", "block"])
def test_a_deeper_document_is_refused_at_the_first_node_past_the_limit(shape, levels):
    doc, problems = parse_yaml(shape(levels), "r.yaml")
    assert doc is None
    assert [str(p) for p in problems] == ["r.yaml:{}:{}: {}".format(*WHERE[shape], MESSAGE)]


def test_a_parser_that_refuses_deep_documents_itself_gives_the_same_message(monkeypatch):
    """Some PyYAML versions stop at their own depth with their own words; the loader's message stands."""
    import loaders.yamlsource as ys

    def refuse(self, events):
        mark = yaml.Mark("<unicode string>", 1006, 0, 1006, None, None)
        raise yaml.scanner.ScannerError("while increasing flow level", mark, "exceeded maximum nesting depth", mark)

    monkeypatch.setattr(ys._Builder, "build", refuse)
    doc, problems = parse_yaml(flow(5000), "r.yaml")
    assert doc is None
    assert [str(p) for p in problems] == [f"r.yaml:1:108: {MESSAGE}"]


def test_depth_is_bounded_by_the_loader_below_the_parsers_own_limit():
    """libyaml accepts 900 levels; the loader stops at the first node past its own limit."""
    assert list(yaml.parse(flow(900), Loader=yaml.CSafeLoader))  # the parser alone reads it
    doc, problems = parse_yaml(flow(900), "r.yaml")
    assert doc is None
    assert [str(p) for p in problems] == [f"r.yaml:1:108: {MESSAGE}"]


def test_other_syntax_errors_are_not_reported_as_depth():
    doc, problems = parse_yaml("title: [a, b\n", "r.yaml")
    assert doc is None
    assert len(problems) == 1 and "YAML syntax error" in problems[0].message
    assert "nested" not in problems[0].message


@pytest.mark.parametrize("levels", [150, 5000])
def test_validate_exits_1_with_a_located_line(capsys, tmp_path, levels):
    path = tmp_path / "events.yaml"
    path.write_text(flow(levels), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{path}:1:108: {MESSAGE}"]


def test_a_real_record_is_far_from_the_limit():
    doc, problems = parse_yaml(GENERIC.read_text(encoding="utf-8"), str(GENERIC))
    assert problems == [] and doc is not None
