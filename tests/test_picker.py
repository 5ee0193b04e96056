"""The actor picker's options: labels that hold every name, in an order that makes the browser's own
filtering (the first option whose label holds the typed text) offer the best match first."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import GENERIC, ROOT

from dashboard.picker import ActorOptions, actor_labels, actor_options, compact_aliases, first_offered, rank
from loaders import load_record

NAMES = {
    "mek": "Mojahedin-e Khalq (MEK)",
    "families": "Families of MEK members",
    "former": "Former MEK members",
    "iran": "Islamic Republic of Iran (government)",
    "interlink": "Iran Interlink",
}
ALIASES = {
    "mek": ["MEK", "MeK", "MKO", "Mojahedin", "People’s Mojahedin Organization of Iran"],
    "families": ["families"],
    "iran": ["Iran’s government", "Tehran"],
}
COUNTS = {"mek": 158, "families": 13, "former": 9, "iran": 64, "interlink": 14}


def test_an_alias_held_by_the_name_or_a_longer_alias_is_not_listed_again():
    assert compact_aliases(NAMES["mek"], ALIASES["mek"]) == ["MKO", "People's Mojahedin Organization of Iran"]
    assert actor_labels(NAMES, ALIASES)["iran"] == (
        "Islamic Republic of Iran (government) — also Iran's government, Tehran"
    )


def test_every_name_and_alias_is_held_by_its_actors_label():
    labels = actor_labels(NAMES, ALIASES)
    for actor, name in NAMES.items():
        for typed in [name, *ALIASES.get(actor, [])]:
            assert typed.replace("’", "'").lower() in labels[actor].lower()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("MEK", "mek"),  # exact alias first, though "Families of MEK members" comes first alphabetically
        ("mek members", "families"),  # no exact name: the busiest holding it
        ("Iran", "iran"),  # a name starting with it ("Iran's government") before one that merely holds it
        ("iran's government", "iran"),
        ("Tehran", "iran"),
    ],
)
def test_the_first_option_offered_for_a_name_is_the_best_match(typed, expected):
    options = actor_options(NAMES, ALIASES, COUNTS)
    assert rank(typed, options.labels, NAMES, ALIASES, COUNTS)[0] == expected
    assert first_offered(options, typed) == expected


def test_rank_puts_exact_names_then_starts_then_the_busiest():
    labels = actor_labels(NAMES, ALIASES)
    assert rank("mek", labels, NAMES, ALIASES, COUNTS) == ["mek", "families", "former"]
    assert rank("iran", labels, NAMES, ALIASES, COUNTS) == ["iran", "interlink", "mek"]
    assert rank("  ", labels, NAMES, ALIASES, COUNTS) == []


def test_without_typing_the_options_come_busiest_first_as_far_as_the_names_allow():
    options = actor_options(NAMES, ALIASES, COUNTS)
    assert options.order == ["iran", "mek", "interlink", "families", "former"]  # Iran before the MEK: "Iran"
    assert sorted(options.order) == sorted(NAMES)


def mutual(options: ActorOptions, names, aliases, counts, typed: str) -> bool:
    """True when the actor offered first for ``typed`` has a name of its own that the best match's label holds
    and is best for: two actors each holding the other's name, which no single order can serve both ways."""
    offered, best = first_offered(options, typed), rank(typed, options.labels, names, aliases, counts)[0]
    return any(
        own.replace("’", "'").lower() in options.labels[best].lower()
        and rank(own, options.labels, names, aliases, counts)[0] == offered
        for own in [names[offered], *aliases.get(offered, [])]
    )


@pytest.mark.parametrize("path", [ROOT / "events.yaml", GENERIC], ids=["shipped", "generic"])
def test_each_name_or_alias_typed_offers_its_best_match_first(path):
    record = load_record(path)
    names = {k: a.name for k, a in record.actors.items()}
    aliases = {k: list(a.aliases) for k, a in record.actors.items()}
    counts = Counter(a for e in record.events for a in e.actors)
    options = actor_options(names, aliases, counts)
    assert sorted(options.order) == sorted(names)
    typed = {t.replace("’", "'") for k in names for t in [names[k], *aliases[k]]}  # as typed: straight apostrophes
    missed = [t for t in typed if first_offered(options, t) != rank(t, options.labels, names, aliases, counts)[0]]
    assert all(mutual(options, names, aliases, counts, t) for t in missed), missed
    assert len(missed) <= len(typed) // 50
