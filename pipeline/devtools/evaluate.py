"""`xxgk eval`: accuracy against hand-checked gold answers (`record.md`, "Gold answers").

Each gold meta field, each gold section title and each gold value key is one item; an item is
right when the extracted value equals the gold one exactly (section titles compared without
leading/trailing whitespace, numbers compared as numbers).

Beside the answers, a gold folder may hold `findings/<document>.json` (located findings,
`eval_findings`) and `figures/<document>.json` (a complete list of the prose figures,
`eval_figures`); without one, a document's figures are scored against the answer's own (partial)
`figures` list, for recall only. The documents are checked as one batch, so the cross-year rules
see every report of a series that is evaluated together.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from ..batch import iter_documents
from ..core import parse_path
from ..validate import validate_batch
from .eval_figures import FigureScore, GoldFigure, score_figures
from .eval_findings import FindingScore, GoldFinding, score_findings
from .locate import QuoteError, QuoteIndex


@dataclass
class Mismatch:
    item: str
    expected: Any
    got: Any


@dataclass
class Gold:
    """A document's gold: the answer, and the located findings and complete figures when written."""
    answer: dict
    findings: Optional[list[dict]] = None
    figures: Optional[list[dict]] = None  # a complete list; None: only the answer's partial list


@dataclass
class DocScore:
    doc: str
    total: int = 0
    right: int = 0
    by_part: dict[str, list[int]] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    error: Optional[str] = None
    figures: FigureScore = field(default_factory=FigureScore)
    findings: Optional[FindingScore] = None  # None: no located findings gold
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


MISSING = object()  # an item the record does not have


def same(expected: Any, got: Any) -> bool:
    """Equality for gold comparison: numbers by value, None only equals None."""
    if got is MISSING:
        return False
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)) and \
            not isinstance(expected, bool) and not isinstance(got, bool):
        return math.isclose(float(expected), float(got), rel_tol=1e-12, abs_tol=1e-9)
    return expected == got


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


def score_record(gold: Gold, record: dict) -> DocScore:
    """Compare one parsed (and checked) record with its gold; ValueError naming the document when
    a gold quote is not found in its text."""
    try:
        return _score_record(gold, record)
    except QuoteError as e:
        raise ValueError(f"gold for {record['source']['path']}: {e}") from e


def _score_record(gold: Gold, record: dict) -> DocScore:
    answer = gold.answer
    score = DocScore(doc=answer.get("doc", record["source"]["path"]))
    if record.get("error"):
        score.error = record["error"]["message"]
    meta = record.get("meta") or {}
    for key, expected in (answer.get("meta") or {}).items():
        score.add("meta", f"meta.{key}", expected, meta.get(key, MISSING))
    titles = [s["title"].strip() for s in record.get("sections") or []]
    for i, expected in enumerate(answer.get("sections") or []):
        score.add("sections", f"sections[{i}]", expected.strip(), titles[i] if i < len(titles) else MISSING)
    values = record.get("values") or {}
    for key, expected in (answer.get("values") or {}).items():
        score.add("values", key, expected, values[key]["value"] if key in values else MISSING)
    score.silent = silent_wrong(answer, record)
    index = QuoteIndex(record.get("text") or "")
    complete = gold.figures is not None
    listed = gold.figures if complete else answer.get("figures") or []
    score.figures = score_figures([GoldFigure.from_dict(f, index) for f in listed], record.get("figures") or [],
                                  complete)
    if gold.findings is not None:
        score.findings = score_findings([GoldFinding.from_dict(f, index) for f in gold.findings],
                                        record.get("findings") or [])
    return score


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not valid JSON ({e})") from e


def load_gold(gold_dir: str | Path) -> dict[str, Gold]:
    """Gold keyed by the document file name it describes (`<name>.json`, `findings/`, `figures/`)."""
    root = Path(gold_dir)
    out = {}
    for f in sorted(root.glob("*.json")):
        name = f.name[:-len(".json")]
        located, figures = root / "findings" / f.name, root / "figures" / f.name
        out[name] = Gold(_read(f), _read(located)["findings"] if located.is_file() else None,
                         _read(figures)["figures"] if figures.is_file() else None)
    return out


def evaluate(gold_dir: str | Path, paths: Iterable[str | Path]) -> list[DocScore]:
    """Parse the documents that have a gold file, check them as one batch and score each."""
    gold = load_gold(gold_dir)
    records = [parse_path(p) for p in iter_documents(paths) if p.name in gold]
    validate_batch(records)
    return [score_record(gold[Path(r.source.path).name], r.to_dict()) for r in records]
