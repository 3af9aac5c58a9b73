"""Helpers for the validate tests: real records, with table values taken from the gold files.

The gold values are the real cells of real reports (hand-checked); they stand in for the
table reader's output so that the identity and narrative rules run on real numbers.
"""
from __future__ import annotations

from pipeline.core import parse_path
from pipeline.record import Record, Value
from pipeline.validate import validate

from conftest import corpus_file, gold_of

_CACHE: dict[str, Record] = {}


def record(name: str) -> Record:
    """A fresh parse of a corpus document (cached parse, copied so tests may change it)."""
    import copy

    if name not in _CACHE:
        _CACHE[name] = parse_path(corpus_file(name))
    return copy.deepcopy(_CACHE[name])


def with_gold_values(name: str, **changes) -> Record:
    """The parsed record with `values` from its gold file (`changes` override cells; None = blank);
    findings recomputed."""
    rec = record(name)
    vals = dict(gold_of(name)["values"])
    vals.update({k.replace("__", "."): v for k, v in changes.items()})
    rec.values = {k: Value(value=v, unit=None, qualifier=None, raw="" if v is None else str(v), where={})
                  for k, v in vals.items()}
    rec.findings = validate(rec)
    return rec


def rules_of(rec: Record, prefix: str = "") -> list[str]:
    return [f.rule for f in rec.findings if f.rule.startswith(prefix)]


def findings_of(rec: Record, rule_id: str):
    return [f for f in rec.findings if f.rule == rule_id]
