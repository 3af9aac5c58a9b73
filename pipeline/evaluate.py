"""`xxgk eval`: accuracy against hand-checked gold answers (`record.md`, "Gold answers").

Each gold meta field, each gold section title and each gold value key is one item;
an item is right when the extracted value equals the gold one exactly (section
titles compared without leading/trailing whitespace, numbers compared as numbers).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from .batch import iter_documents
from .core import parse_path


@dataclass
class Mismatch:
    item: str
    expected: Any
    got: Any


@dataclass
class DocScore:
    doc: str
    total: int = 0
    right: int = 0
    by_part: dict[str, list[int]] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    error: Optional[str] = None

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, part: str, item: str, expected: Any, got: Any) -> None:
        ok = same(expected, got)
        counts = self.by_part.setdefault(part, [0, 0])
        counts[0] += ok
        counts[1] += 1
        self.total += 1
        self.right += ok
        if not ok:
            self.mismatches.append(Mismatch(item, expected, got))


_MISSING = object()


def same(expected: Any, got: Any) -> bool:
    """Equality for gold comparison: numbers by value, None only equals None."""
    if got is _MISSING:
        return False
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)) and \
            not isinstance(expected, bool) and not isinstance(got, bool):
        return math.isclose(float(expected), float(got), rel_tol=1e-12, abs_tol=1e-9)
    return expected == got


def score_record(gold: dict, record: dict) -> DocScore:
    """Compare one parsed record with its gold answer."""
    score = DocScore(doc=gold.get("doc", record["source"]["path"]))
    if record.get("error"):
        score.error = record["error"]["message"]
    meta = record.get("meta") or {}
    for key, expected in (gold.get("meta") or {}).items():
        score.add("meta", f"meta.{key}", expected, meta.get(key, _MISSING))
    titles = [s["title"].strip() for s in record.get("sections") or []]
    for i, expected in enumerate(gold.get("sections") or []):
        score.add("sections", f"sections[{i}]", expected.strip(), titles[i] if i < len(titles) else _MISSING)
    values = record.get("values") or {}
    for key, expected in (gold.get("values") or {}).items():
        got = values[key]["value"] if key in values else _MISSING
        score.add("values", key, expected, got)
    return score


def load_gold(gold_dir: str | Path) -> dict[str, dict]:
    """Gold answers keyed by the document file name they describe."""
    out = {}
    for f in sorted(Path(gold_dir).glob("*.json")):
        out[f.name[:-len(".json")]] = json.loads(f.read_text(encoding="utf-8"))
    return out


def evaluate(gold_dir: str | Path, paths: Iterable[str | Path]) -> list[DocScore]:
    """Parse the documents that have a gold file and score each."""
    gold = load_gold(gold_dir)
    scores = []
    for path in iter_documents(paths):
        if path.name not in gold:
            continue
        record = parse_path(path).to_dict()
        scores.append(score_record(gold[path.name], record))
    return scores


def report(scores: list[DocScore], show: int = 20) -> str:
    """A readable per-document and overall summary, listing mismatches."""
    lines = []
    width = max((len(s.doc) for s in scores), default=10)
    for s in scores:
        parts = "  ".join(f"{k} {v[0]}/{v[1]}" for k, v in s.by_part.items())
        lines.append(f"{s.doc:<{width}}  {100 * s.share:6.2f}%  {parts}" + (f"  ERROR {s.error}" if s.error else ""))
        for m in s.mismatches[:show]:
            got = "(missing)" if m.got is _MISSING else repr(m.got)
            lines.append(f"    {m.item}: expected {m.expected!r}, got {got}")
        if len(s.mismatches) > show:
            lines.append(f"    … {len(s.mismatches) - show} more")
    total = sum(s.total for s in scores)
    right = sum(s.right for s in scores)
    parts: dict[str, list[int]] = {}
    for s in scores:
        for k, (a, b) in s.by_part.items():
            parts.setdefault(k, [0, 0])
            parts[k][0] += a
            parts[k][1] += b
    detail = "  ".join(f"{k} {a}/{b}" for k, (a, b) in parts.items())
    share = 100 * right / total if total else 100.0
    lines.append(f"OVERALL {len(scores)} documents  {right}/{total} = {share:.2f}%  {detail}")
    return "\n".join(lines)
