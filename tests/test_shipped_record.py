"""What the shipped record must keep: size, spread, the named events, attribution, every source cited."""

from __future__ import annotations

import pytest
from conftest import ROOT

from loaders import load_record
from loaders.anchoring import normalize
from loaders.coverage import uncovered_mentions

NAMED_EVENTS = [
    "founding-1965",
    "mass-arrests-1971",
    "founders-executed-1972",
    "us-personnel-attacks-1970s",
    "split-1975",
    "revolution-1979",
    "june-20-demonstration-1981",
    "bombings-1981",
    "ncri-founded-1981",
    "flight-to-france-1981",
    "tariq-aziz-meeting",
    "maryam-rajavi-co-leader-1985",
    "move-to-iraq-1986",
    "nla-founded-1987",
    "eternal-light-1988",
    "prison-executions-1988",
    "montazeri-objection-1988",
    "pow-handover-1989",
    "iraq-uprisings-1991",
    "embassy-attacks-1992",
    "security-clearance-purge-1994",
    "us-terrorist-designation-1997",
    "iraq-invasion-2003",
    "french-raid-2003",
    "hrw-report-2005",
    "eu-delisting-2009",
    "rand-study-2009",
    "us-delisting-2012",
    "camp-liberty-move-2012",
    "albania-relocation-2016",
    "vox-funding-2014",
    "montazeri-tape-2016",
    "bolton-speech-2017",
    "villepinte-plot-2018",
    "mohammadi-assault-2018",
    "channel4-assault-2018",
    "amnesty-report-2018",
    "albania-expels-diplomats-2018",
    "february-rallies-2019",
    "amnesty-statement-2020",
    "letter-60-signatories-2020",
    "families-petition-2020",
    "entry-refusal-2020",
    "covid-deaths-ashraf3-2020",
]

CONTESTED_EVENTS = [
    "eternal-light-1988",
    "prison-executions-1988",
    "june-20-demonstration-1981",
    "us-personnel-attacks-1970s",
    "albania-relocation-2016",
    "us-terrorist-designation-1997",
    "amnesty-report-2018",
    "mek-members-estimates-2018",
]

LOADED_WORDS = ("terrorist group", "cult", "heroes", "martyr")


@pytest.fixture(scope="module")
def record():
    return load_record(ROOT / "events.yaml")


@pytest.fixture(scope="module")
def frame(record):
    return record.events_frame()


def test_record_has_at_least_80_events(frame):
    assert len(frame) >= 80


@pytest.mark.parametrize(
    ("first", "last"),
    [(1965, 1969), (1970, 1979), (1980, 1989), (1990, 1999), (2000, 2009), (2010, 2019), (2020, 2020)],
)
def test_every_decade_has_at_least_three_events(frame, first, last):
    years = frame["start"].dt.year
    assert ((years >= first) & (years <= last)).sum() >= 3


@pytest.mark.parametrize("event_id", NAMED_EVENTS)
def test_named_event_exists(frame, event_id):
    assert event_id in set(frame["id"])


@pytest.mark.parametrize("event_id", CONTESTED_EVENTS)
def test_known_disagreement_is_marked_contested(frame, event_id):
    row = frame.set_index("id").loc[event_id]
    assert row["contested"] and len(set(row["perspectives"])) >= 2


def test_at_least_ten_events_are_contested(frame):
    assert frame["contested"].sum() >= 10


def test_every_contested_event_cites_two_perspectives_with_claims(record, frame):
    for row in frame[frame["contested"]].itertuples():
        assert len(set(row.perspectives)) >= 2, row.id
        assert any(c.claim for c in record.event(row.id).citations), row.id


def test_every_source_is_cited(record, frame):
    cited = {s for sources in frame["sources"] for s in sources}
    assert cited == set(record.sources)


def test_perspectives_tell_apart_the_four_sides(record):
    assert len(record.perspectives) >= 4


def test_at_least_25_actors_with_the_organisations_names(record):
    assert len(record.actors) >= 25
    aliases = set(record.actors["mek"].aliases)
    assert {"MEK", "MKO", "PMOI", "Mojahedin-e Khalq", "Mujahedin-e Khalq", "Mojahedin Khalq"} <= aliases
    assert {"ncri", "nla"} <= set(record.actors)


def test_actor_aliases_occur_in_the_corpus(record):
    corpus = normalize("\n".join(record.source_text(s) for s in record.sources)).lower()
    missing = [
        (a.id, alias) for a in record.actors.values() for alias in a.aliases if normalize(alias).lower() not in corpus
    ]
    assert missing == []


def test_summaries_use_loaded_words_only_attributed_or_quoted(record):
    offenders = []
    for ev in record.events:
        text = ev.summary.lower()
        for word in LOADED_WORDS:
            at = text.find(word)
            if at == -1:
                continue
            before = ev.summary[:at]
            quoted = before.count('"') % 2 == 1 or before.count("'") % 2 == 1 or before.count("“") > before.count("”")
            attributed = any(
                k in before.lower()
                for k in (
                    "according to",
                    " says",
                    " said",
                    " calls",
                    " called",
                    " describe",
                    " reported",
                    " writes",
                    " wrote",
                    " claim",
                )
            )
            if not (quoted or attributed):
                offenders.append((ev.id, word))
    assert offenders == []


def test_dates_follow_the_text_precision(frame):
    row = frame.set_index("id")
    assert row.loc["founding-1965", "precision"] == "day"
    assert row.loc["security-clearance-purge-1994", "precision"] == "span"


def test_coverage_reports_mentions_and_marks_cited_ones(record):
    mentions = uncovered_mentions(record, today=__import__("datetime").date(2026, 1, 1))
    assert mentions, "the corpus has dated mentions"
    founding = [m for m in mentions if m.source_id == "mek-iran-com" and m.line == 479 and "1965" in m.text]
    assert founding and founding[0].covered
    assert all(m.line >= 1 for m in mentions)
