"""What the shipped record must keep: size, spread, the required events (dates, sources, sides), attribution."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from collections.abc import Callable
from typing import NamedTuple

import pytest
from conftest import ROOT

from loaders import CitationView, load_record
from loaders.anchoring import normalize
from loaders.coverage import uncovered_mentions
from loaders.schema import summary_text

MEK = "mek-iran-com"
NEJAT = "nejat-2018"
COMPILATION = "compilation-2018"
DIGEST = "interlink-digest-2020"
AUTHOR = "interlink-author-2020"


class Expected(NamedTuple):
    """What the record must say of one event: its date as written and as read, the sources it cites."""

    date: str
    start: str  # first day the date covers
    end: str  # last day the date covers
    precision: str
    sources: tuple[str, ...]  # cited at least once each (more may be added)
    contested: bool  # the sources disagree: each side's claim is recorded with its own citation


def expect(date: str, start: str, end: str, precision: str, *sources: str, contested: bool = False) -> Expected:
    return Expected(date, start, end, precision, sources, contested)


# Dates as the sources give them; bounds as the loader reads each written form (a day, a month,
# a year, a decade, summer = June to August, "a/b" from the first day of a to the last of b).
REQUIRED: dict[str, Expected] = {
    "founding-1965": expect(
        "1965-09-06", "1965-09-06", "1965-09-06", "day", MEK, NEJAT, COMPILATION, DIGEST, AUTHOR, contested=True
    ),
    "mass-arrests-1971": expect("1971-08", "1971-08-01", "1971-08-31", "month", MEK),
    "founders-executed-1972": expect("1972-05-25", "1972-05-25", "1972-05-25", "day", MEK, contested=True),
    "us-personnel-attacks-1970s": expect(
        "1970s", "1970-01-01", "1979-12-31", "decade", MEK, NEJAT, COMPILATION, contested=True
    ),
    # "During this period", after "In September 1975": the year, approximate, not the month.
    "split-1975": expect("circa 1975", "1975-01-01", "1975-12-31", "year", MEK),
    "revolution-1979": expect("1979", "1979-01-01", "1979-12-31", "year", MEK, NEJAT),
    "june-20-demonstration-1981": expect(
        "1981-06-20", "1981-06-20", "1981-06-20", "day", MEK, COMPILATION, contested=True
    ),
    "bombings-1981": expect("1981", "1981-01-01", "1981-12-31", "year", NEJAT, COMPILATION, contested=True),
    "ncri-founded-1981": expect("1981-07-21", "1981-07-21", "1981-07-21", "day", MEK, COMPILATION, contested=True),
    "flight-to-france-1981": expect("1981-07-29", "1981-07-29", "1981-07-29", "day", MEK, COMPILATION, contested=True),
    "tariq-aziz-meeting": expect("1982-09-10", "1982-09-10", "1982-09-10", "day", MEK),
    "maryam-rajavi-co-leader-1985": expect("1985-03-10", "1985-03-10", "1985-03-10", "day", MEK),
    "move-to-iraq-1986": expect(
        "1986-06-07", "1986-06-07", "1986-06-07", "day", MEK, NEJAT, COMPILATION, contested=True
    ),
    "nla-founded-1987": expect("1987-06-20", "1987-06-20", "1987-06-20", "day", MEK, COMPILATION, contested=True),
    "eternal-light-1988": expect(
        "1988-07",
        "1988-07-01",
        "1988-07-31",
        "month",
        *(MEK, NEJAT, COMPILATION, DIGEST, AUTHOR),
        contested=True,
    ),
    "prison-executions-1988": expect(
        "1988-07/1988-09",
        "1988-07-01",
        "1988-09-30",
        "span",
        *(MEK, NEJAT, COMPILATION, DIGEST, AUTHOR),
        contested=True,
    ),
    "montazeri-objection-1988": expect("1988", "1988-01-01", "1988-12-31", "year", MEK, DIGEST, contested=True),
    "pow-handover-1989": expect("1989", "1989-01-01", "1989-12-31", "year", NEJAT, DIGEST),
    "iraq-uprisings-1991": expect("1991", "1991-01-01", "1991-12-31", "year", NEJAT, COMPILATION),
    "embassy-attacks-1992": expect("1992-04", "1992-04-01", "1992-04-30", "month", COMPILATION),
    "security-clearance-purge-1994": expect("1994/1995", "1994-01-01", "1995-12-31", "span", NEJAT),
    "us-terrorist-designation-1997": expect(
        "1997", "1997-01-01", "1997-12-31", "year", MEK, NEJAT, COMPILATION, contested=True
    ),
    "iraq-invasion-2003": expect("2003", "2003-01-01", "2003-12-31", "year", MEK, NEJAT, COMPILATION, contested=True),
    "french-raid-2003": expect("2003-07-17", "2003-07-17", "2003-07-17", "day", MEK),
    # MEK-Iran.com's rejection of "fake stories" answers a 2018 newspaper article, not this report.
    "hrw-report-2005": expect("2005", "2005-01-01", "2005-12-31", "year", NEJAT, COMPILATION, DIGEST),
    "eu-delisting-2009": expect("2009", "2009-01-01", "2009-12-31", "year", MEK, NEJAT, contested=True),
    "rand-study-2009": expect("2009", "2009-01-01", "2009-12-31", "year", NEJAT, DIGEST),
    "us-delisting-2012": expect(
        "2012-09", "2012-09-01", "2012-09-30", "month", MEK, NEJAT, COMPILATION, contested=True
    ),
    "camp-liberty-move-2012": expect("2012-09", "2012-09-01", "2012-09-30", "month", MEK, NEJAT),
    "vox-funding-2014": expect("2014", "2014-01-01", "2014-12-31", "year", NEJAT),
    "albania-relocation-2016": expect(
        "2016", "2016-01-01", "2016-12-31", "year", MEK, NEJAT, COMPILATION, AUTHOR, contested=True
    ),
    "montazeri-tape-2016": expect("summer 2016", "2016-06-01", "2016-08-31", "season", MEK, DIGEST),
    "bolton-speech-2017": expect("2017-07-01", "2017-07-01", "2017-07-01", "day", NEJAT, COMPILATION),
    "mek-members-estimates-2018": expect(
        "2018", "2018-01-01", "2018-12-31", "year", MEK, NEJAT, COMPILATION, contested=True
    ),
    "villepinte-plot-2018": expect(
        "2018-06", "2018-06-01", "2018-06-30", "month", MEK, NEJAT, COMPILATION, contested=True
    ),
    "mohammadi-assault-2018": expect(
        "2018-07", "2018-07-01", "2018-07-31", "month", NEJAT, COMPILATION, contested=True
    ),
    "channel4-assault-2018": expect(
        "2018-08-10", "2018-08-10", "2018-08-10", "day", NEJAT, COMPILATION, contested=True
    ),
    "amnesty-report-2018": expect(
        "2018-12-04", "2018-12-04", "2018-12-04", "day", MEK, NEJAT, COMPILATION, DIGEST, contested=True
    ),
    "albania-expels-diplomats-2018": expect(
        "2018-12-19/2018-12-20", "2018-12-19", "2018-12-20", "span", NEJAT, contested=True
    ),
    "february-rallies-2019": expect("2019-02-08/2019-02-13", "2019-02-08", "2019-02-13", "span", MEK),
    "entry-refusal-2020": expect("2020-08", "2020-08-01", "2020-08-31", "month", AUTHOR),
    "families-petition-2020": expect("2020-09-11", "2020-09-11", "2020-09-11", "day", AUTHOR),
    "amnesty-statement-2020": expect("2020-09-20", "2020-09-20", "2020-09-20", "day", DIGEST),
    "letter-60-signatories-2020": expect("2020-09-20/2020-09-25", "2020-09-20", "2020-09-25", "span", DIGEST),
    "covid-deaths-ashraf3-2020": expect("2020-09", "2020-09-01", "2020-09-30", "month", DIGEST),
    "mek-presses-albania-on-iran-embassy-2013-2018": expect("2013/2018-12", "2013-01-01", "2018-12-31", "span", NEJAT),
    "mek-conduct-albania-2016-2018": expect("2016-11/2018-12", "2016-11-01", "2018-12-31", "span", NEJAT),
    "mek-albanian-media-mohammadi-2018": expect("2018-07", "2018-07-01", "2018-07-31", "month", NEJAT),
}


def spoken_by(*speakers: str) -> Callable[[CitationView], bool]:
    return lambda c: c.speaker in speakers


SIDES = {
    "the organisation": spoken_by("mek-iran-com", "ncri", "maryam-rajavi", "pandeli-majko"),
    "its critics": spoken_by("nejat-society", "iran-interlink", "families-letter-amnesty", "ivan-kesic"),
    "the Islamic Republic": spoken_by("press-tv", "fars-news", "ali-khamenei", "hassan-rouhani"),
    "Iranian reformists": spoken_by("mir-hossein-mousavi", "signatories-60-letter"),
    "officials of other governments": spoken_by("john-bolton-nsa", "albania-foreign-ministry", "belgian-authorities"),
    "news reporting": spoken_by("tirana-times", "kamali-dehghan", "shqiptarja"),
}
"""Citations whose speakers plainly belong to one side, by speaker id."""

COMMENTATORS = (
    "olsi-jazexhi",
    "real-news-network",
    "medea-benjamin",
    "ben-norton",
    "eldar-mamedov",
    "paul-pillar",
    "muhammad-sahimi",
    "caleb-maupin",
    "daniel-larison",
    "gazeta-impakt",
)
"""Commentators whose cited words argue against the group (the audit's list)."""

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


@pytest.mark.parametrize("event_id", REQUIRED)
def test_required_event_has_its_date(frame, event_id):
    want = REQUIRED[event_id]
    row = frame.set_index("id").loc[event_id]
    got = (row["date_text"], row["start"].date().isoformat(), row["end"].date().isoformat(), row["precision"])
    assert got == (want.date, want.start, want.end, want.precision)


@pytest.mark.parametrize("event_id", REQUIRED)
def test_required_event_cites_its_sources(record, event_id):
    cited = {c.source_id for c in record.citations(event_id)}
    assert set(REQUIRED[event_id].sources) <= cited


@pytest.mark.parametrize("event_id", REQUIRED)
def test_required_event_is_contested_with_two_sides_claims_or_not_at_all(record, frame, event_id):
    row = frame.set_index("id").loc[event_id]
    assert bool(row["contested"]) is REQUIRED[event_id].contested
    if REQUIRED[event_id].contested:
        assert row["contested_note"].strip()
        claimed_by = {c.speaker for c in record.citations(event_id) if c.claim}
        assert len(claimed_by) >= 2, claimed_by


def test_at_least_ten_events_are_contested(frame):
    assert frame["contested"].sum() >= 10


def test_every_contested_event_records_claims_of_two_speakers(record, frame):
    """A dispute may be between two sides or inside one (two critics on a date): two speakers either way."""
    one_sided = {}
    for event_id in frame.loc[frame["contested"], "id"]:
        claimed_by = {c.speaker for c in record.citations(event_id) if c.claim}
        if len(claimed_by) < 2:
            one_sided[event_id] = claimed_by
    assert one_sided == {}


def test_every_source_is_cited(record, frame):
    cited = {s for sources in frame["sources"] for s in sources}
    assert cited == set(record.sources)


def test_perspectives_tell_apart_the_sides(record):
    citations = [c for e in record.events for c in record.citations(e.id)]
    heard = {side: {c.perspective for c in citations if speaks(c)} for side, speaks in SIDES.items()}
    assert all(heard.values()), heard
    shared = {(a, b): pa & pb for (a, pa), (b, pb) in itertools.combinations(heard.items(), 2) if pa & pb}
    assert shared == {}


def test_one_passage_has_one_speaker_and_one_perspective_across_the_record(record):
    voices: dict[tuple[str, int, int], set[tuple[str | None, str]]] = {}
    for e in record.events:
        for c in record.citations(e.id):
            voices.setdefault((c.source_id, c.start, c.end), set()).add((c.speaker, c.perspective))
    assert {k: v for k, v in voices.items() if len(v) > 1} == {}


def test_every_citation_has_a_speaker(record):
    unvoiced = [(e.id, c.quote[:40]) for e in record.events for c in e.citations if record.citation_speaker(c) is None]
    assert unvoiced == []


def test_every_speakers_basis_is_read_from_the_documents_and_outside_facts_say_so(record):
    """Each basis has a passage of the corpus; anything else is marked as knowledge from outside the documents."""
    unread, unmarked = [], []
    for sid in record.speakers:
        kinds = [(b.kind, b.text) for b in record.basis(sid)]
        if not any(kind == "document" for kind, _ in kinds):
            unread.append(sid)
        unmarked += [(sid, text[:50]) for kind, text in kinds if kind not in ("document", "outside")]
        unmarked += [
            (sid, text[:50]) for kind, text in kinds if kind == "outside" and "outside the documents" not in text
        ]
    assert (unread, unmarked) == ([], [])


def test_the_organisation_and_its_own_statement_share_a_perspective_and_tehran_and_its_media_another(record):
    p = {sid: s.perspective for sid, s in record.speakers.items()}
    assert p["ncri"] == p["mek-iran-com"] == "mek-supporters"
    assert p["ali-khamenei"] == p["press-tv"] == p["hassan-rouhani"] == "iran-state"
    assert p["john-bolton-nsa"] != p["press-tv"]


def test_no_commentator_who_argues_a_side_is_in_news_reporting(record):
    used = {record.citation_speaker(c).id for e in record.events for c in e.citations}
    assert set(COMMENTATORS) <= used
    assert {s: record.speakers[s].perspective for s in COMMENTATORS} == dict.fromkeys(COMMENTATORS, "mek-critics")
    assert "independent" not in record.perspectives


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
        summary = summary_text(ev.summary)
        text = summary.lower()
        for word in LOADED_WORDS:
            at = text.find(word)
            if at == -1:
                continue
            before = summary[:at]
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


def test_coverage_reports_mentions_and_marks_cited_ones(record):
    mentions = uncovered_mentions(record, today=__import__("datetime").date(2026, 1, 1))
    assert mentions, "the corpus has dated mentions"
    founding = [m for m in mentions if m.source_id == "mek-iran-com" and m.line == 479 and "1965" in m.text]
    assert founding and founding[0].covered
    assert all(m.line >= 1 for m in mentions)


# Speakers are filed by what the documents show of them; where the record relies on knowledge from outside
# the documents, the speaker's basis says so.
SPEAKER_PERSPECTIVES = {
    "ivan-kesic": "mek-critics",  # the corpus gives only "BY Ivan Kesić, ahtribune.com"; his words argue against it
    "mir-hossein-mousavi": "iran-reformists",  # cited for his 2010 speech and later denial, as a Green Movement leader
    "signatories-60-letter": "iran-reformists",  # "reformists within the Iranian government and their supporters"
    "pandeli-majko": "mek-supporters",  # at the group's meeting "Not as a minister ... but primarily as your friend"
    "patrick-goodenough": "mek-supporters",  # "an opinion piece" for the UN inquiry the NCRI campaigns for
    "jason-rezaian": "mek-critics",  # never met anyone who saw the MEK as "a viable alternative"
    "kamali-dehghan": "reporting",
}

OUTSIDE_KNOWLEDGE = (
    "ifilm",
    "press-tv",
    "fars-news",
    "andre-chassaigne",
    "mr-ban",
    "iran-emrooz",
    "john-bolton-paris-2017",
)
"""Speakers whose perspective or office the corpus does not state: what the record relies on is marked as outside."""


@pytest.mark.parametrize("speaker", SPEAKER_PERSPECTIVES)
def test_a_speaker_is_filed_under_the_perspective_the_documents_support(record, speaker):
    assert record.speakers[speaker].perspective == SPEAKER_PERSPECTIVES[speaker]


@pytest.mark.parametrize("speaker", OUTSIDE_KNOWLEDGE)
def test_a_speakers_standing_known_only_from_outside_the_documents_is_marked_so(record, speaker):
    assert "outside" in {b.kind for b in record.basis(speaker)}


def test_no_speaker_is_an_international_body_on_the_strength_of_being_called_a_pro_israel_group(record):
    """The ADL's poll reaches the corpus only in Ben Norton's words ("a pro-Israel group"): his, not a rights body's."""
    adl = [c for c in record.citations("adl-poll-2014") if "anti-Semitic views" in c.quote]
    assert [(c.speaker, c.perspective) for c in adl] == [("ben-norton", "mek-critics")]
    assert "anti-defamation-league" not in record.speakers


def test_the_article_signed_by_kamali_dehghan_is_not_given_an_outlet_the_corpus_does_not_name(record):
    speaker = record.speakers["kamali-dehghan"]
    assert "guardian" not in speaker.name.lower() and speaker.actor is None
    assert not any("guardian" in b.text.lower() for b in record.basis("kamali-dehghan"))
    titles = {e.id: e.title for e in record.events if any(c.speaker == "kamali-dehghan" for c in e.citations)}
    assert {i: t for i, t in titles.items() if "guardian" in t.lower()} == {}


# The disputes the sources carry: each side's claim with its own citation, by speaker.
DISPUTES = {
    "move-to-iraq-1986": {"mek-iran-com", "fars-news", "ivan-kesic"},
    "mousavi-role-1988": {"amnesty-international", "mir-hossein-mousavi", "signatories-60-letter", "muhammad-sahimi"},
    "villepinte-rally-2018": {"mek-iran-com", "kamali-dehghan"},
    "mohammadi-complaints-2018": {"mostafa-mohammadi", "somayeh-mohammadi"},
    "amnesty-report-2018": {"mek-iran-com", "nejat-society", "amnesty-international", "signatories-60-letter"},
    "manez-meeting-majko-2018": {"gazeta-impakt", "olsi-jazexhi", "iran-interlink"},
    "iraq-invasion-2003": {"mek-iran-com", "ivan-kesic"},
    "un-compound-bombing-2003": {"mek-iran-com", "ivan-kesic"},
    "iran-protests-2018": {"mek-iran-com", "paul-pillar"},
}


@pytest.mark.parametrize("event_id", DISPUTES)
def test_a_disputed_event_is_contested_with_each_sides_claim_under_its_own_speaker(record, event_id):
    event = record.event(event_id)
    claimed_by = {c.speaker for c in record.citations(event_id) if c.claim}
    assert event.contested and DISPUTES[event_id] <= claimed_by


@pytest.mark.parametrize("event_id", ["rama-welcomes-rajavi-2015", "hrw-report-2005"])
def test_an_event_whose_sources_do_not_conflict_is_not_contested(record, event_id):
    assert record.event(event_id).contested is None


def test_the_signatories_leave_mousavis_role_open_and_amnestys_citations_carry_amnestys_claims(record):
    mine = [c for e in ("mousavi-role-1988", "amnesty-report-2018") for c in record.citations(e) if c.claim]
    signatories = " ".join(c.claim.lower() for c in mine if c.speaker == "signatories-60-letter")
    assert "no evidence" in signatories and "no part" not in signatories and "no role" not in signatories
    amnesty = [c.claim for c in mine if c.speaker == "amnesty-international"]
    assert amnesty and not [claim for claim in amnesty if any(w in claim.lower() for w in ("wrong", "refute", "flaw"))]


def test_every_citation_of_the_hrw_report_event_speaks_of_that_report(record):
    off_topic = [
        (c.index + 1, c.quote[:40])
        for c in record.citations("hrw-report-2005")
        if not any(k in c.paragraph for k in ("Human Rights Watch", "HRW", "NO EXIT", "No Exit"))
    ]
    assert off_topic == []


def test_both_of_mek_iran_coms_figures_for_the_2018_protests_are_recorded(record):
    claims = " ".join(c.claim or "" for c in record.citations("iran-protests-2018") if c.speaker == "mek-iran-com")
    assert "142" in claims and "two hundred" in claims


def test_a_decade_is_not_cited_for_a_day(record):
    """Sahimi's "the 1981s" names no year or month: not evidence for 20 June 1981."""
    assert [c.quote for c in record.citations("june-20-demonstration-1981") if "1981s" in c.quote] == []


@pytest.mark.parametrize(
    "event_id",
    [
        "split-1975",
        "mohammadi-complaints-2018",
        "villepinte-rally-2018",
        "realnews-benjamin-interview-2018",
        "albania-protests-2018",
        "nejat-torture-series-2018",
        "families-petition-2020",
        "jazexhi-iranian-com-article-2018",
    ],
)
def test_an_event_dated_by_inference_says_how(record, event_id):
    assert record.event(event_id).date_basis


@pytest.mark.parametrize(
    ("event_id", "attribution"),
    [
        ("channel4-assault-2018", "local media reported on Sunday"),
        ("bolton-speech-2017", "Media reports said in June 2018 that"),
        ("prison-executions-1988", "historic events in a 140-page report"),
        ("azimi-imprisonment-1994", "Azimi asked the bleeding man"),
    ],
)
def test_a_quote_keeps_the_words_that_say_whose_claim_it_is(record, event_id, attribution):
    assert any(attribution in normalize(c.quote) for c in record.citations(event_id))


def test_words_of_an_unnamed_prisoner_are_not_filed_as_azimis(record):
    beaten = [c for c in record.citations("azimi-imprisonment-1994") if "wooden sticks" in c.quote]
    assert beaten and {c.speaker for c in beaten} == {"mazda-parsi"}


# Events whose sentences this record states sentence by sentence: each names the citations it rests on.
SENTENCED = (
    "move-to-iraq-1986",
    "mousavi-role-1988",
    "hrw-report-2005",
    "villepinte-rally-2018",
    "iran-news-wire-torture-report-2019",
    "rama-welcomes-rajavi-2015",
    "june-20-demonstration-1981",
    "split-1975",
    "mohammadi-complaints-2018",
    "amnesty-report-2018",
    "azimi-imprisonment-1994",
    "manez-meeting-majko-2018",
    "iraq-invasion-2003",
    "un-compound-bombing-2003",
    "iran-protests-2018",
    "channel4-assault-2018",
    "bolton-speech-2017",
    "prison-executions-1988",
    "mek-presses-albania-on-iran-embassy-2013-2018",
    "mek-conduct-albania-2016-2018",
    "mek-albanian-media-mohammadi-2018",
    "mohammadi-assault-2018",
    "lorry-drivers-strikes-2018",
    "jazexhi-debate-challenge-2020",
)


def _sentences(record, event_id):
    summary = record.event(event_id).summary
    assert not isinstance(summary, str), f"{event_id}: summary is not in sentences"
    views = record.citations(event_id)
    return [(s.text, [views[int(n) - 1] for n in s.cites]) for s in summary]


@pytest.mark.parametrize("event_id", SENTENCED)
def test_a_phrase_a_sentence_quotes_is_in_a_passage_it_cites(record, event_id):
    missing = []
    for text, cited in _sentences(record, event_id):
        quotes = [normalize(c.quote).lower() for c in cited]
        for phrase in re.findall(r'"([^"]+)"', text):
            if not any(normalize(phrase).lower() in q for q in quotes):
                missing.append(phrase)
    assert missing == []


@pytest.mark.parametrize(
    ("event_id", "name", "speaker"),
    [
        ("villepinte-rally-2018", "Belgian authorities", "belgian-authorities"),
        ("move-to-iraq-1986", "Fars News", "fars-news"),
        ("move-to-iraq-1986", "Kesić", "ivan-kesic"),
        ("mousavi-role-1988", "Sahimi", "muhammad-sahimi"),
        ("iraq-invasion-2003", "Kesić", "ivan-kesic"),
        ("manez-meeting-majko-2018", "Majko", "pandeli-majko"),
        ("amnesty-report-2018", "Lynn Maalouf", "lynn-maalouf"),
    ],
)
def test_a_sentence_that_says_what_someone_said_cites_their_words(record, event_id, name, speaker):
    naming = [cited for text, cited in _sentences(record, event_id) if name in text]
    assert naming and all(any(c.speaker == speaker for c in cited) for cited in naming)


def test_mek_iran_coms_own_narration_is_not_put_in_another_reports_mouth(record):
    """The paragraph on Esmail Bakshi is MEK-Iran.com's, not a finding of the Iran News Wire report it mentions."""
    about_bakshi = [
        (t, cited) for t, cited in _sentences(record, "iran-news-wire-torture-report-2019") if "Bakshi" in t
    ]
    assert about_bakshi
    assert all(
        "Iran News Wire" not in t and {c.speaker for c in cited} == {"mek-iran-com"} for t, cited in about_bakshi
    )


# Dated statements a researcher would look for: each passage is cited somewhere in the record.
EXPECTED_PASSAGES = [
    (NEJAT, "to have its assets under the US jurisdiction unfrozen"),  # the 2012 delisting, per the State Department
    (NEJAT, "expel the ‘Mullah’s diplomats’"),  # the MEK's demand on Albania since 2013 (Jazexhi)
    (NEJAT, "full coordination with the international allies"),  # Albania's foreign ministry on the expulsion
    (NEJAT, "coordinated with foreign security services"),  # Qassemi on the expulsion
    (NEJAT, "become very aggressive in the country"),  # Jazexhi: since Trump's election
    (NEJAT, "buy their silence"),  # July 2018: payments to Albanian media
    (NEJAT, "according to an Albanian police report"),
    (NEJAT, "the Americans have told us to protect them"),  # an Albanian MP to Jazexhi
    (MEK, "to carry out God’s will"),  # Pour-Mohammadi
    (MEK, "an abject failure"),  # Philip Luther
    (MEK, "these crimes against humanity are ongoing"),  # Philip Luther, quoted by Goodenough
    (MEK, "said Amnesty International’s David Griffiths"),
    (MEK, "Lynn Maalouf who said on Twitter"),
    (MEK, "raped before being dragged to the gallows"),
    (MEK, "systematically raped before their execution"),
    (MEK, "He quoted Safavi of the National Council of Resistance of Iran"),  # on a UN inquiry
    (MEK, "The four will go on trial in Belgium"),
    (MEK, "between the tyrants (the Shah regime) and the oppressed"),  # the founders, in the founding dispute
]


@pytest.mark.parametrize(("source", "passage"), EXPECTED_PASSAGES)
def test_a_dated_statement_a_researcher_would_look_for_is_cited(record, source, passage):
    wanted = normalize(passage)
    cited = [
        (e.id, c.speaker)
        for e in record.events
        for c in record.citations(e.id)
        if c.source_id == source and wanted in normalize(c.quote)
    ]
    assert cited, passage


def test_the_shipped_record_passes_strict_validation():
    """Every summary sentence names its citations, every citation supports a sentence or a claim, no quote is cut
    from its attribution and every speaker's basis is anchored or marked as outside knowledge."""
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "validate", "--strict", str(ROOT / "events.yaml")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MEK_TIMELINE_NO_CACHE": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid (strict)" in done.stdout


# Words a claim rests on: every citation whose claim uses them quotes them.
CLAIM_WORDS = [
    ("liberation-movement-roots-1960s", "intellectual roots"),
    ("founding-1965", "intellectual roots"),
    ("founding-1965", "leadership after the revolution"),
    ("eu-delisting-2009", "legal battle"),
    ("eu-delisting-2009", "vidal-quadras"),
    ("revolution-1979", "low profile"),
    ("us-terrorist-designation-1997", "newly appointed president"),
    ("us-terrorist-designation-1997", "victory of justice"),
]


@pytest.mark.parametrize(("event_id", "words"), CLAIM_WORDS)
def test_a_claim_says_only_what_its_own_quote_carries(record, event_id, words):
    claiming = [c for c in record.citations(event_id) if c.claim and words in c.claim.lower()]
    assert claiming and all(words in normalize(c.quote).lower() for c in claiming)


# Words an event's date or sentences rest on: a passage the event cites carries them.
CITED_WORDS = [
    ("uk-designation", "until 2008–2012 period"),
    ("islamabad-gharb-attack-1988", "July 26th, 1988"),
    ("mousavi-austrian-tv-interview-2006", "It is unknown at this time what he will do after leaving his post"),
    ("mohammadi-assault-2018", "MEK terrorists are outside police station No4 intimidating victims and lawyer"),
    ("albania-expels-diplomats-2018", "What a contradiction would that be — Shpend Kursani (@ShpendKursani) Dec"),
    ("albania-expels-diplomats-2018", "commenting on Tim Judah’s Twitter account on 20 December 2018"),
    ("realnews-benjamin-interview-2018", "as of right now, in December 2018"),
    ("realnews-benjamin-interview-2018", "December 19, 2018 0 comments"),
    ("albania-protests-2018", "On December 15, 2018, at a time when all Albania is protesting"),
    ("nejat-torture-series-2018", "December 24, 2018 0 comments"),
    ("families-petition-2020", "Yaran Iran Association, Paris, September 11 2020"),
]


@pytest.mark.parametrize(("event_id", "words"), CITED_WORDS)
def test_an_event_cites_the_words_its_date_or_sentences_rest_on(record, event_id, words):
    assert any(normalize(words) in normalize(c.quote) for c in record.citations(event_id))


# Events whose date is inferred partly from knowledge outside the documents (a calendar, a weekday, history).
DATED_FROM_OUTSIDE = [
    "mousavi-austrian-tv-interview-2006",
    "goodenough-cns-2018",
    "vidal-quadras-upi-2018",
    "shafiee-ipd-article-2018",
    "february-rallies-2019",
]


@pytest.mark.parametrize("event_id", DATED_FROM_OUTSIDE)
def test_a_date_inferred_from_outside_knowledge_says_so(record, event_id):
    assert "outside the documents" in (record.event(event_id).date_basis or "")


# Passages whose voice the record once got wrong: each citation quoting these words has this speaker.
VOICES = [
    ("lorry-drivers-strikes-2018", "at least 268 lorry drivers were arrested", "andre-chassaigne"),
    ("lorry-drivers-strikes-2018", "referring to the string of lorry drivers", "mek-iran-com"),
    ("jazexhi-iranian-com-article-2018", "From inside Albania, criticism of the Rama government", "iran-interlink"),
    ("nejat-protests-comparison-2018", "Nejat Bloggers uses the recent public protests", "iran-interlink"),
    ("jazexhi-debate-challenge-2020", "Albanian journo challenges MKO ringleader", "jim-w-dean"),
]


@pytest.mark.parametrize(("event_id", "words", "speaker"), VOICES)
def test_a_passage_speaks_for_whose_words_it_is(record, event_id, words, speaker):
    quoting = [c.speaker for c in record.citations(event_id) if normalize(words) in normalize(c.quote)]
    assert quoting and set(quoting) == {speaker}


# A citation that only signs or introduces a passage (a tweet's signature line, a "… wrote:" line) carries no claim.
CONTENTLESS = [
    ("mohammadi-assault-2018", "— Massoud khodabandeh (@ma_khodabandeh) July 27, 2018"),
    ("albania-expels-diplomats-2018", "— Shpend Kursani (@ShpendKursani) December 19, 2018"),
    ("albania-expels-diplomats-2018", "Fatjon Mejdini an investigative journalist who were commenting"),
]


@pytest.mark.parametrize(("event_id", "line"), CONTENTLESS)
def test_no_citation_is_only_a_signature_or_an_introduction(record, event_id, line):
    assert [c.quote for c in record.citations(event_id) if normalize(c.quote).startswith(normalize(line))] == []


WEEKDAY = re.compile(r"\b(?:was|fell on) an? (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


def test_every_date_basis_resting_on_a_weekday_says_it_comes_from_outside_the_documents(record):
    bases = {e.id: e.date_basis or "" for e in record.events}
    unmarked = [i for i, basis in bases.items() if WEEKDAY.search(basis) and "outside the documents" not in basis]
    assert unmarked == []
