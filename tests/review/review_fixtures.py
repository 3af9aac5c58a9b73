"""The bundled corpus parsed and checked once per test session, for the review page, memo and region tests."""
from __future__ import annotations

import copy
from functools import lru_cache

from pipeline.batch import iter_documents, parse_many
from pipeline.record import Record
from pipeline.review.check import run_checks
from pipeline.validate import validate

from conftest import CORPUS, SHARED_CORPUS


@lru_cache(maxsize=None)
def _checked(with_excerpts: bool) -> tuple[Record, ...]:
    paths = [p for p in iter_documents([CORPUS]) if p.parent == CORPUS]  # not corpus/excerpts
    excerpts = next((d for d in (CORPUS / "excerpts", SHARED_CORPUS / "excerpts") if d.is_dir()), None)
    if with_excerpts and excerpts:
        paths += sorted(excerpts.glob("*.txt"))
    return tuple(run_checks(list(parse_many(paths))))


def checked_corpus(with_excerpts: bool = False) -> list[Record]:
    """The bundled corpus (with the 105 real report beginnings of corpus/excerpts or
    ../shared/corpus/excerpts, when present and asked for), checked; a fresh copy each call."""
    return copy.deepcopy(list(_checked(with_excerpts)))


def miscounted(rec: Record, key: str, delta: int) -> Record:
    """A real report with one table cell off by `delta` (its place in the table kept), re-checked:
    the defect the table identities exist to catch."""
    v = rec.values[key]
    v.value += delta
    v.raw = str(v.value)
    rec.findings = [f for f in rec.findings if not f.rule.startswith("t3.")] + [
        f for f in validate(rec) if f.rule.startswith("t3.")]
    return rec


def by_name(records: list[Record], name: str) -> Record:
    """The record of the document with this file name."""
    return next(r for r in records if r.source.path.replace("\\", "/").endswith("/" + name))
