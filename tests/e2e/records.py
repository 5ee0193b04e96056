"""A small record for export tests: every date precision, markup in its strings, an id in two vocabularies."""

from __future__ import annotations

from pathlib import Path

GAZETTE = """\
The Gazette, harbour pages

On 6 May 1902 the masons rebuilt the harbour wall <b>in eleven days</b> & under budget.
In the winter of 1903 a storm broke the new wall at its northern end.
Letters page: a reader wrote that the vote of March 1910 was "rushed through in one evening".
Through the 1920s the masons patched the wall every spring.
From 1930 to 1932 the county rebuilt the pier in stone.
Early in 1940 the harbour was closed to fishing boats for repairs.
In 1945 the wall was painted white for the first time.
"""

MINUTES = """\
Minutes of the County Council

Item 3 (March 1910): The council voted by nine votes to two to buy the harbour wall.
"""

RECORD = """\
title: 'Harbour <works> & "walls"'
period: {start: 1900, end: 1950}
perspectives:
  - {id: press, label: Local press}
  - {id: council, label: County council}
speakers:
  - {id: gazette, name: The Gazette, perspective: press, basis: The harbour pages' own reporting.}
  - id: letters-page
    name: Letters page
    perspective: press
    basis:
      - source: gazette
        quote: 'Letters page: a reader wrote that'
      - outside: The reader is not named; the letter is filed with the press that printed it.
  - {id: council, name: County Council, perspective: council, basis: The council's own minutes., actor: council}
categories:
  - {id: works, label: Works & repairs}
  - {id: decisions, label: Decisions}
sources:
  - id: gazette
    file: docs/gazette.txt
    title: The Gazette, harbour pages
    publisher: The Gazette
    published: '1953'
    speaker: gazette
    url: https://example.org/gazette
  - id: minutes
    file: docs/minutes.txt
    title: Minutes of the County Council
    publisher: County Council
    speaker: council
actors:
  - {id: council, name: County Council, kind: government}
  - {id: masons, name: The <b>masons</b>, kind: organisation}
events:
  - id: rebuilt
    date: 1902-05-06
    title: Wall rebuilt <img src=x onerror="window.pwned=1">
    summary: The Gazette says the masons rebuilt the wall <script>window.pwned=2</script> in eleven days.
    actors: [masons, council]
    category: works
    place: North <i>quay</i>
    citations:
      - source: gazette
        quote: the masons rebuilt the harbour wall <b>in eleven days</b> & under budget
  - id: storm
    date: winter 1903
    title: A storm breaks the new wall
    summary: A winter storm broke the wall at its northern end.
    actors: [masons]
    category: works
    citations:
      - source: gazette
        quote: In the winter of 1903 a storm broke the new wall
  - id: vote
    date: 1910-03
    title: The council votes to buy the wall
    summary:
      - text: The council voted nine to two to buy the wall, its minutes record.
        cites: [1]
      - text: A letter the Gazette printed calls the vote <i>rushed</i>.
        cites: [2]
    actors: [council]
    category: decisions
    contested: The minutes record a vote of nine to two; a Gazette letter calls it rushed.
    citations:
      - source: minutes
        quote: The council voted by nine votes to two to buy the harbour wall
        claim: a vote of nine to two
      - source: gazette
        quote: the vote of March 1910 was "rushed through in one evening"
        speaker: letters-page
        claim: rushed through in one evening
  - id: patching
    date: 1920s
    title: The masons patch the wall every spring
    summary: Through the 1920s the masons patched the wall each spring.
    actors: [masons]
    category: works
    tags: [maintenance, spring]
    citations:
      - source: gazette
        quote: Through the 1920s the masons patched the wall every spring
  - id: pier
    date: 1930/1932
    title: The pier is rebuilt in stone
    summary: The county rebuilt the pier in stone.
    actors: [council, masons]
    category: works
    citations:
      - source: gazette
        quote: From 1930 to 1932 the county rebuilt the pier in stone
  - id: closed
    date: early 1940
    title: The harbour closes for repairs
    summary: The harbour was closed to fishing boats for repairs.
    actors: [council]
    category: decisions
    citations:
      - source: gazette
        quote: the harbour was closed to fishing boats for repairs
  - id: painted
    date: 1945
    title: The wall is painted white
    summary: The wall was painted white for the first time.
    actors: [masons]
    category: works
    citations:
      - source: gazette
        quote: In 1945 the wall was painted white for the first time
"""

TITLES = {
    "rebuilt": 'Wall rebuilt <img src=x onerror="window.pwned=1">',
    "storm": "A storm breaks the new wall",
    "vote": "The council votes to buy the wall",
    "patching": "The masons patch the wall every spring",
    "pier": "The pier is rebuilt in stone",
    "closed": "The harbour closes for repairs",
    "painted": "The wall is painted white",
}
"""Every event's title, in record order."""


def write_record(folder: Path) -> Path:
    """Write the record and its two sources under ``folder``; return the record's path."""
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "gazette.txt").write_text(GAZETTE, encoding="utf-8")
    (docs / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    path = folder / "events.yaml"
    path.write_text(RECORD, encoding="utf-8")
    return path
