"""`xxgk eval`: accuracy against hand-checked gold answers (`record.md`, "Gold answers").

Each gold meta field, each gold section title and each gold value key is one item;
an item is right when the extracted value equals the gold one exactly (section
titles compared without leading/trailing whitespace, numbers compared as numbers).

Prose figures are scored apart (`DocScore.figures`), so that documents whose gold
lists no figures are unaffected: a gold figure is found when an extracted figure
not yet used has the same value, unit and qualifier and a label that overlaps the
gold label (`labels_overlap`).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from ..batch import iter_documents
from ..core import parse_path


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
    figures: list[int] = field(default_factory=lambda: [0, 0])
    missed_figures: list[dict] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)  # values present but wrong without a finding

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
    score.silent = silent_wrong(gold, record)
    score.figures, score.missed_figures = score_figures(gold.get("figures") or [], record.get("figures") or [])
    return score


def silent_wrong(gold: dict, record: dict) -> list[str]:
    """Gold value keys whose extracted value is present but wrong while no finding names the cell
    (its key, or its row or table: 't3.granted', 't4')."""
    named = {k for f in record.get("findings") or [] for k in f.get("keys") or []}
    values = record.get("values") or {}
    out = []
    for key, expected in (gold.get("values") or {}).items():
        parts = key.split(".")
        if key in values and not same(expected, values[key]["value"]) and \
                not any(".".join(parts[:i]) in named for i in range(1, len(parts) + 1)):
            out.append(key)
    return out


# Labels overlap when they share this many consecutive characters (after dropping punctuation):
# "参加新闻发布会的省级新闻媒体" vs "省级新闻媒体参加的新闻发布会" in the seed report.
LABEL_OVERLAP = 2
_PUNCT = set("，,、。；;：:（）()《》“”\"' \u3000\u00a0")


def labels_overlap(a: str, b: str) -> bool:
    """True when one label contains the other or they share LABEL_OVERLAP characters in a row."""
    a = "".join(c for c in a if c not in _PUNCT)
    b = "".join(c for c in b if c not in _PUNCT)
    if not a or not b:
        return a == b
    if a in b or b in a:
        return True
    return any(a[i:i + LABEL_OVERLAP] in b for i in range(len(a) - LABEL_OVERLAP + 1))


def score_figures(gold: list[dict], got: list[dict]) -> tuple[list[int], list[dict]]:
    """[found, total] of the gold figures and the gold figures not found."""
    used: set[int] = set()
    missed = []
    for g in gold:
        match = next((i for i, f in enumerate(got) if i not in used and same(g["value"], f["value"])
                      and g.get("unit") == f.get("unit") and g.get("qualifier") == f.get("qualifier")
                      and labels_overlap(g.get("label", ""), f.get("label", ""))), None)
        if match is None:
            missed.append(g)
        else:
            used.add(match)
    return [len(gold) - len(missed), len(gold)], missed


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
        if s.figures[1]:
            lines.append(f"    figures {s.figures[0]}/{s.figures[1]}")
            for g in s.missed_figures[:show]:
                lines.append(f"    figure not found: {g['label']} {g['value']} {g.get('unit')} {g.get('qualifier')}")
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
    silent = [f"{s.doc}:{k}" for s in scores for k in s.silent]
    lines.append(f"SILENT_WRONG {len(silent)} values present but wrong without a finding"
                 + (f": {', '.join(silent[:show])}" if silent else ""))
    found, listed = (sum(s.figures[i] for s in scores) for i in (0, 1))
    if listed:
        lines.append(f"FIGURES {found}/{listed} = {100 * found / listed:.2f}% of gold prose figures found")
    return "\n".join(lines)
