"""The lock files pin every dependency the project declares, within its declared ranges, with hashes."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)")


def pins(name: str) -> dict[str, str]:
    """``package -> version`` of a lock file; each pinned line must carry at least one hash."""
    text = (ROOT / name).read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for block in re.split(r"\n(?=\S)", text):
        m = PIN.match(block)
        if m:
            assert "--hash=sha256:" in block, f"{name}: {m.group(1)} has no hash"
            found[canonicalize_name(m.group(1))] = m.group(2)
    return found


def declared(*extras: str) -> list[Requirement]:
    reqs = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    for extra in extras:
        reqs += [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"][extra]]
    reqs += [Requirement(r) for r in PYPROJECT["dependency-groups"]["build"]]
    return reqs


@pytest.mark.parametrize(("lock", "extras"), [("requirements.lock", ()), ("requirements-test.lock", ("test",))])
def test_each_declared_dependency_is_pinned_within_its_range(lock, extras):
    locked = pins(lock)
    for req in declared(*extras):
        name = canonicalize_name(req.name)
        assert name in locked, f"{lock} does not pin {req.name}"
        assert req.specifier.contains(locked[name], prereleases=True), f"{lock}: {name}=={locked[name]} not in {req}"


def test_the_two_locks_agree_on_shared_packages():
    app, test = pins("requirements.lock"), pins("requirements-test.lock")
    differ = {n: (v, test.get(n)) for n, v in app.items() if test.get(n) != v}
    assert differ == {}


def test_ci_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if line.startswith("python3 -m venv") and "pytest" in line)
    assert "--require-hashes -r requirements-test.lock" in command
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci_lines
