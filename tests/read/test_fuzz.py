"""Fuzz: mutated real documents through every reader — no exception escapes, one record per input."""
from __future__ import annotations

import io
import json
import random
import re
import zipfile
from pathlib import Path

import pytest

from pipeline import batch
from pipeline.core import parse_bytes, parse_path
from conftest import corpus_file

SOURCES = ("pingtan_syq_2022.html", "shanghai_szfbgt_2019.html", "pingtan_syq_2022.pdf",
           "pingtan_syq_2022.docx", "pingtan_syq_2022.txt", "jiangsu_yjglt_2018.txt")
SEED = 20261201


def truncated(data: bytes, rng: random.Random) -> bytes:
    return data[:int(len(data) * rng.choice((0.02, 0.3, 0.6, 0.95)))]


def flipped(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(max(8, len(out) // 2000)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def unbalanced(data: bytes, rng: random.Random) -> bytes:
    """Drop closing tags at random and open a table that never closes, with absurd spans."""
    out = re.sub(rb"</(td|tr|table|p|span|div)>", lambda m: b"" if rng.random() < 0.4 else m[0], data)
    cut = rng.randrange(len(out))
    return out[:cut] + b'<table><tr><td rowspan="100000" colspan="9999">x<tr><td colspan="-3">' + out[cut:]


def rows_removed(data: bytes, rng: random.Random) -> bytes:
    """Remove table rows (HTML <tr> or Word <w:tr>), as a hand-edited page or a damaged export would."""
    if data.startswith(b"PK"):
        return _edit_docx(data, lambda xml: re.sub(rb"<w:tr[ >].*?</w:tr>",
                                                    lambda m: b"" if rng.random() < 0.3 else m[0], xml, flags=re.S))
    return re.sub(rb"<tr[ >].*?</tr>", lambda m: b"" if rng.random() < 0.3 else m[0], data, flags=re.S | re.I)


def xml_broken(data: bytes, rng: random.Random) -> bytes:
    """A DOCX whose document.xml is cut mid-way (not well-formed)."""
    return _edit_docx(data, lambda xml: xml[:len(xml) // 2])


def _edit_docx(data: bytes, edit) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            dst.writestr(item, edit(body) if item.filename == "word/document.xml" else body)
    return buffer.getvalue()


MUTATIONS = {"truncated": truncated, "flipped": flipped, "unbalanced": unbalanced,
             "rows_removed": rows_removed, "xml_broken": xml_broken}
APPLIES = {".html": ("truncated", "flipped", "unbalanced", "rows_removed"),
           ".pdf": ("truncated", "flipped"),
           ".docx": ("truncated", "flipped", "rows_removed", "xml_broken"),
           ".txt": ("truncated", "flipped")}


def mutants() -> list[tuple[str, bytes]]:
    rng = random.Random(SEED)
    out = []
    for name in SOURCES:
        data = corpus_file(name).read_bytes()
        stem, suffix = name.rsplit(".", 1)
        for mutation in APPLIES["." + suffix]:
            for round_ in range(2):
                out.append((f"{stem}.{mutation}{round_}.{suffix}", MUTATIONS[mutation](data, rng)))
    return out


@pytest.fixture(scope="module")
def mutated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    for name, data in mutants():
        (folder / name).write_bytes(data)
    return folder


def test_every_mutant_yields_one_json_record_from_each_entry_point(mutated):
    for path in sorted(mutated.iterdir()):
        for rec in (parse_path(path), parse_bytes(path.read_bytes(), str(path))):
            d = rec.to_dict()
            json.dumps(d, ensure_ascii=False, allow_nan=False)
            assert d["source"]["path"] == str(path)
            assert d["error"] is None or d["error"]["message"].startswith(str(path)), d["error"]


def test_batch_over_mutants_has_one_record_per_file(mutated, tmp_path):
    files = sorted(mutated.iterdir())
    result = batch.run_batch([mutated], tmp_path / "out", jobs=2, timeout=20)
    lines = (tmp_path / "out" / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert result.documents == len(files) == len(lines)
    assert [json.loads(line)["source"]["path"] for line in lines] == [str(f) for f in files]
    assert not [r for r in result.records() if r["error"] and r["error"]["type"] in ("Timeout", "WorkerCrashed")]


def test_reader_failures_are_named_not_unexpected(mutated):
    unexpected = [rec.error["message"] for rec in map(parse_path, sorted(mutated.iterdir()))
                  if rec.error and "unexpected failure" in rec.error["message"]]
    assert not unexpected


def test_a_few_bad_bytes_do_not_make_a_text_page_unreadable(mutated):
    damaged = [p for p in sorted(mutated.iterdir()) if p.suffix in (".html", ".txt")
               and (".flipped" in p.name or ".truncated" in p.name) and p.stat().st_size > 2000]
    assert damaged
    unreadable = [p.name for p in damaged if (parse_path(p).error or {}).get("type") == "DecodeError"]
    assert not unreadable
