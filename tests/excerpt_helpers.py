"""The labelled report beginnings bundled in corpus/excerpts (real portal pages, labels read by eye)."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path


from conftest import EXCERPTS


def excerpt(name: str) -> Path:
    """The path of one excerpt."""
    path = EXCERPTS / name
    assert path.exists(), f"{name} is not in {EXCERPTS}"
    return path


def labels() -> list[dict]:
    """The labels, one entry per excerpt (null fields: not judged)."""
    return json.loads(excerpt("labels.json").read_text(encoding="utf-8"))


def norm(s) -> str:
    """A label or a parsed string as the excerpt scorer compares them: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s or "")))
