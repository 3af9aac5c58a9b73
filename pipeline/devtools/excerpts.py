"""`xxgk eval --excerpts DIR`: page-level reading scored on labelled report beginnings.

DIR holds real report pages cut at ~2000 bytes and `labels.json` (see its README): per file the
agency, year, era, publication date, the top-level headings shown and a few prose figures, read by
eye; a null field is not judged. The comparison is the one of `../shared/tools/score_excerpts.py`:
agency exact after NFKC and whitespace removal; year, era, published equal; the headings shown a
prefix of the sections found (an excerpt may stop early); each figure found with its value, unit
(NFKC, no whitespace) and qualifier.
"""
from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import regex

from ..core import parse_path

FIELDS = ("agency", "year", "era", "published", "sections", "figure")
LABELS = "labels.json"


@dataclass
class FieldScore:
    """How many labelled items of one field were read right, and what the misses were."""

    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)


def norm(s: Any) -> str:
    """NFKC with all whitespace removed: how printed names and units are compared."""
    return regex.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s)))


def score_excerpts(folder: str | Path) -> dict[str, FieldScore]:
    """Parse every labelled file of `folder` and score it field by field."""
    folder = Path(folder)
    path = folder / LABELS
    if not path.is_file():
        raise FileNotFoundError(f"{folder}: no {LABELS} here (the labelled excerpts folder holds one)")
    scores = {f: FieldScore() for f in FIELDS}
    for label in json.loads(path.read_text(encoding="utf-8")):
        record = parse_path(folder / label["file"]).to_dict()
        score_record(label, record, scores)
    return scores


def score_record(label: dict, record: dict, scores: dict[str, FieldScore]) -> None:
    """Add one file's items to `scores`."""
    name, meta = label["file"], record.get("meta") or {}
    if label.get("agency"):
        got = meta.get("agency")
        scores["agency"].add(norm(got or "") == norm(label["agency"]), f"{name}: want {label['agency']!r} got {got!r}")
    for key in ("year", "era", "published"):
        if label.get(key):
            scores[key].add(meta.get(key) == label[key], f"{name}: want {label[key]!r} got {meta.get(key)!r}")
    if label.get("sections"):
        want = [norm(s) for s in label["sections"]]
        got = [norm(s.get("title", "")) for s in record.get("sections") or []]
        scores["sections"].add(got[:len(want)] == want, f"{name}: want {want} got {got[:len(want) + 1]}")
    for fig in label.get("figures") or []:
        ok = any(_same_figure(fig, f) for f in record.get("figures") or [])
        scores["figure"].add(ok, f"{name}: {fig.get('label')} {fig['value']}{fig.get('unit') or ''} not found")


def _same_figure(want: dict, got: dict) -> bool:
    return got.get("value") is not None and math.isclose(float(got["value"]), float(want["value"]), abs_tol=1e-9) \
        and norm(got.get("unit") or "") == norm(want.get("unit") or "") \
        and (got.get("qualifier") or None) == (want.get("qualifier") or None)


def excerpt_report(scores: dict[str, FieldScore], show: Optional[int] = None) -> str:
    """Each miss, then the share right per field and overall."""
    lines = []
    for key in FIELDS:
        for miss in scores[key].misses[:show]:
            lines.append(f"  {key}: {miss}")
    right = sum(s.right for s in scores.values())
    total = sum(s.total for s in scores.values())
    fields = "  ".join(f"{k} {s.right}/{s.total} ({100 * s.share:.1f}%)" for k, s in scores.items() if s.total)
    lines.append(f"EXCERPTS {right}/{total} = {100 * right / total if total else 100:.2f}%  {fields}")
    return "\n".join(lines)
