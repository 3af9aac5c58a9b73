"""The labelled report beginnings of ../shared/corpus/excerpts (real portal pages, labels read by eye)."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import SHARED_CORPUS

EXCERPTS = SHARED_CORPUS / "excerpts"


def excerpt(name: str) -> Path:
    """The path of one excerpt; the test is skipped when the excerpts are not there."""
    path = EXCERPTS / name
    if not path.exists():
        pytest.skip(f"{name} is not in ../shared/corpus/excerpts")
    return path


def labels() -> list[dict]:
    """The labels, one entry per excerpt (null fields: not judged)."""
    return json.loads(excerpt("labels.json").read_text(encoding="utf-8"))


def norm(s) -> str:
    """A label or a parsed string as the excerpt scorer compares them: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s or "")))
