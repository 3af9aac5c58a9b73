"""Shared fixtures: the real corpus bundled in corpus/ (reports, gold answers, labelled excerpts)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold"
EXCERPTS = CORPUS / "excerpts"  # the labelled report beginnings, bundled from ../shared/corpus/excerpts


def corpus_file(name: str) -> Path:
    """A real report from the bundled corpus."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{name} is not in corpus/")
    return path


def gold_of(name: str) -> dict:
    """The hand-checked gold answer of a corpus document."""
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


def gold_documents() -> list[str]:
    """Names of the corpus documents that have a gold file."""
    return sorted(p.name[:-len(".json")] for p in GOLD.glob("*.json") if (CORPUS / p.name[:-5]).exists())


@pytest.fixture(scope="session")
def parsed():
    """Parse each corpus document at most once per test session."""
    from pipeline.core import parse_path

    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            cache[name] = parse_path(corpus_file(name)).to_dict()
        return cache[name]

    return get
