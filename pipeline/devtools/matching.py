"""One-to-one pairing of gold items with found items, as many pairs as possible."""
from __future__ import annotations

from typing import Sequence


def max_matching(candidates: Sequence[Sequence[int]]) -> dict[int, int]:
    """{gold index: found index}, a maximum bipartite matching (augmenting paths, Kuhn).

    `candidates[i]` lists the found items gold item i may pair with, best first: each gold item
    tries them in that order, so among matchings of the maximum size the preferred pairs win when
    nothing else decides."""
    owner: dict[int, int] = {}  # found index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(candidates)):
        augment(i, set())
    return {i: j for j, i in owner.items()}
