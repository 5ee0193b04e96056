"""The actor picker's options: compact labels holding every name an actor goes by, in an order that makes the
browser's own filtering offer the best match first (pure, no Streamlit).

Streamlit's multiselect filters its options in the browser while the reader types: with ``filter_mode=
"contains"`` it shows the options whose label holds the typed text (case aside) in the order they were given,
and Enter adds the first one shown. The server cannot reorder them while the reader types, so the order is
chosen once, for what a reader types most (names and aliases, whole or their first letters): as far as
one order allows, the first option holding the text is the one :func:`rank` puts first for it (an exact name
or alias, then a name starting with it, the busiest first), and otherwise the busiest come first.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

WHOLE = 1_000_000
"""The weight of a whole name or alias typed: more than all the starts of names an actor could hold."""

MIN_START = 3
"""Shortest start of a name ordered for."""

MAX_COMPARISONS = 2_000_000
"""Most (name, label) pairs compared to order the options; a record with more names and actors than that is
offered busiest first only."""


def plain(text: str) -> str:
    """``text`` with curly apostrophes made straight, as a reader types them."""
    return text.replace("’", "'").replace("‘", "'")


def _key(text: str) -> str:
    """``text`` as the browser compares it: lower case (and straight apostrophes)."""
    return plain(text).lower()


def compact_aliases(name: str, aliases: Sequence[str]) -> list[str]:
    """The aliases a label must list so that any text held by the name or an alias is held by the label.

    An alias held (case aside) by the name or by a longer alias that is listed adds nothing and is left out:
    "Mojahedin" inside "Mojahedin-e Khalq", "MeK" beside "MEK".
    """
    kept: list[str] = []
    held = [_key(name)]
    for alias in sorted(dict.fromkeys(map(plain, aliases)), key=len, reverse=True):
        if not any(_key(alias) in other for other in held):
            kept.append(alias)
            held.append(_key(alias))
    listed = set(kept)
    return [a for a in dict.fromkeys(map(plain, aliases)) if a in listed]


def actor_labels(names: Mapping[str, str], aliases: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Each actor's option label: its name, then the aliases it needs (``Name — also A, B``)."""
    out = {}
    for key, name in names.items():
        also = compact_aliases(name, aliases.get(key, ()))
        out[key] = f"{plain(name)} — also {', '.join(also)}" if also else plain(name)
    return out


@dataclass(frozen=True)
class ActorOptions:
    """The picker's options in the order offered, and the label of each."""

    order: list[str]
    labels: dict[str, str]


def rank(
    typed: str,
    labels: Mapping[str, str],
    names: Mapping[str, str],
    aliases: Mapping[str, Sequence[str]],
    counts: Mapping[str, int],
) -> list[str]:
    """The actors whose label holds ``typed``, best match first: an exact name or alias, then a name or alias
    starting with it, then any other; the busiest first within each, then by name."""
    q = _key(typed.strip())
    if not q:
        return []

    def tier(actor: str) -> int:
        keys = [_key(names[actor]), *map(_key, aliases.get(actor, ()))]
        return 2 if q in keys else 1 if any(k.startswith(q) for k in keys) else 0

    held = [a for a in labels if q in _key(labels[a])]
    return sorted(held, key=lambda a: (-tier(a), -counts.get(a, 0), names[a].lower(), a))


def first_offered(options: ActorOptions, typed: str) -> str | None:
    """The option Enter adds after ``typed``, as the browser filters: the first whose label holds the text."""
    q = typed.strip().lower()
    return next((a for a in options.order if q and q in options.labels[a].lower()), None)


def actor_options(
    names: Mapping[str, str], aliases: Mapping[str, Sequence[str]], counts: Mapping[str, int]
) -> ActorOptions:
    """The picker's options, labelled by :func:`actor_labels` and ordered for the browser's filtering.

    What is ordered for is every name and alias (typed whole) and every start of one of three letters or more.
    Each asks the actor :func:`rank` puts first for it to come before every other actor whose label holds it:
    whole names first, then longer starts before shorter; a wish that contradicts those taken before is
    dropped. The actors are then offered busiest first among those no remaining actor must precede.
    """
    labels = actor_labels(names, aliases)
    busiest = sorted(names, key=lambda a: (-counts.get(a, 0), names[a].lower(), a))
    keys = [{_key(names[a]), *map(_key, aliases.get(a, ()))} - {""} for a in busiest]
    typed = {k: WHOLE for ks in keys for k in ks}
    for k in list(typed):
        for n in range(MIN_START, len(k)):
            if not k[n].isalnum():
                typed.setdefault(k[:n], n)
    if len(typed) * len(names) > MAX_COMPARISONS:
        return ActorOptions(busiest, labels)
    low = [labels[a].lower() for a in busiest]
    wishes = []
    for q, weight in typed.items():
        held = [i for i, label in enumerate(low) if q in label]
        if len(held) > 1:
            best = min(held, key=lambda i: (q not in keys[i], not any(k.startswith(q) for k in keys[i]), i))
            wishes.append((-weight, best, q, held))
    order = _Order(len(busiest))
    for weight, best, q, held in sorted(wishes):
        word = re.compile(rf"(?<![^\W_]){re.escape(q)}")
        for i in held:
            if -weight == WHOLE or word.search(low[i]):
                order.before(best, i)
    return ActorOptions([busiest[i] for i in order.ordered()], labels)


class _Order:
    """A partial order of ``n`` items (positions: lower is busier) that refuses a pair contradicting it."""

    def __init__(self, n: int, budget: int = MAX_COMPARISONS) -> None:
        self.n = n
        self.after = [0] * n  # bit j of after[i]: j comes after i
        self.before_ = [0] * n  # bit j of before_[i]: j comes before i
        self.budget = budget

    def before(self, i: int, j: int) -> None:
        """Put ``i`` before ``j`` (and all that follows from it), unless that contradicts what is set or the
        work allowed is spent."""
        if i == j or self.after[i] >> j & 1 or self.after[j] >> i & 1 or self.budget <= 0:
            return
        down, up = self.after[j] | 1 << j, self.before_[i] | 1 << i
        for x in _bits(up):
            self.after[x] |= down
        for y in _bits(down):
            self.before_[y] |= up
        self.budget -= up.bit_count() + down.bit_count()

    def ordered(self) -> list[int]:
        """Every item once, each after all that must precede it, the lowest position first otherwise."""
        waiting = [b.bit_count() for b in self.before_]
        ready = [i for i in range(self.n) if not waiting[i]]
        heapq.heapify(ready)
        out = []
        while ready:
            i = heapq.heappop(ready)
            out.append(i)
            for j in _bits(self.after[i]):
                waiting[j] -= 1
                if not waiting[j]:
                    heapq.heappush(ready, j)
        return out


def _bits(mask: int) -> list[int]:
    """The positions of the set bits of ``mask``."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out
