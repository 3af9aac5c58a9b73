"""Zip bundles: members parsed in memory, GBK names, zip bombs and unsafe paths refused."""
from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.batch import archive as archive
from pipeline.batch.archive import parse_archive
from pipeline.batch import iter_documents, parse_many, run_batch
from pipeline.core import parse_path
from conftest import corpus_file, gold_of

REPORTS = ("pingtan_syq_2022.html", "huaian_szf_2024.pdf", "pingtan_syq_2019.docx", "jiangsu_yjglt_2018.txt")


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _values(rec) -> dict:
    return {k: v.value for k, v in rec.values.items()}


def test_every_member_of_a_bundle_is_parsed_like_the_loose_file(tmp_path):
    members = {f"年报/{name}": corpus_file(name).read_bytes() for name in REPORTS}
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(_zip(members))
    records = list(parse_archive(bundle))
    assert [r.source.path for r in records] == [f"{bundle}!年报/{name}" for name in REPORTS]
    for rec, name in zip(records, REPORTS):
        loose = parse_path(corpus_file(name))
        assert rec.error is None
        assert rec.source.sha256 == loose.source.sha256
        assert (rec.meta.agency, rec.meta.year, rec.meta.era) == (loose.meta.agency, loose.meta.year,
                                                                  loose.meta.era)
        assert _values(rec) == _values(loose)
        gold = gold_of(name)["values"]
        assert {k: _values(rec).get(k) for k in gold} == gold
        assert [s.title for s in rec.sections] == [s.title for s in loose.sections]
    assert not any(p.name in REPORTS for p in tmp_path.rglob("*"))  # nothing extracted


def test_folder_with_a_bundle_and_a_loose_report_in_a_batch(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "two.zip").write_bytes(_zip({name: corpus_file(name).read_bytes() for name in REPORTS[:2]}))
    (folder / "loose.txt").write_bytes(corpus_file("pingtan_syq_2013.txt").read_bytes())
    assert [p.name for p in iter_documents([folder])] == ["loose.txt", "two.zip"]
    result = run_batch([folder], tmp_path / "out")
    assert (result.documents, result.failed) == (3, 0)
    paths = [r["source"]["path"] for r in result.records()]
    assert paths[1].endswith("two.zip!pingtan_syq_2022.html") and paths[2].endswith("two.zip!huaian_szf_2024.pdf")


def test_gbk_member_names_without_the_utf8_flag_decode_as_gb18030(tmp_path):
    name = "平潭2013年报.txt"
    raw = name.encode("gbk")
    placeholder = "x" * (len(raw) - 4) + ".txt"
    data = _zip({placeholder: corpus_file("pingtan_syq_2013.txt").read_bytes()}, zipfile.ZIP_STORED)
    assert data.count(placeholder.encode()) == 2  # local header and central directory
    data = data.replace(placeholder.encode(), raw)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert not zf.infolist()[0].flag_bits & 0x800  # no UTF-8 flag: written by a GBK tool
    bundle = tmp_path / "gbk.zip"
    bundle.write_bytes(data)
    (rec,) = parse_archive(bundle)
    assert rec.source.path == f"{bundle}!{name}"
    assert rec.error is None and rec.meta.year == 2013


def test_utf8_flagged_names_are_kept(tmp_path):
    bundle = tmp_path / "u.zip"
    bundle.write_bytes(_zip({"目录/平潭2013.txt": corpus_file("pingtan_syq_2013.txt").read_bytes()}))
    (rec,) = parse_archive(bundle)
    assert rec.source.path.endswith("u.zip!目录/平潭2013.txt")


def test_zip_bomb_member_is_refused_and_the_rest_still_read(tmp_path):
    bomb = b"\0" * (8 * 1024 * 1024)  # 8 MB of zeros deflate to ~8 kB: ~1000x
    bundle = tmp_path / "bomb.zip"
    bundle.write_bytes(_zip({"a.txt": corpus_file("pingtan_syq_2013.txt").read_bytes(), "bomb.txt": bomb}))
    first, refused = parse_archive(bundle)
    assert first.error is None
    assert refused.error["type"] == "ZipBomb"
    assert f"{bundle}!bomb.txt" in refused.error["message"] and "zip bomb" in refused.error["message"]


def test_member_over_the_size_cap_is_refused_before_inflating(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 4096)
    bundle = tmp_path / "big.zip"
    bundle.write_bytes(_zip({"big.txt": corpus_file("pingtan_syq_2013.txt").read_bytes()}))
    (rec,) = parse_archive(bundle)
    assert rec.error["type"] == "ZipBomb" and "over the" in rec.error["message"]


def test_total_inflated_size_is_capped_across_members(tmp_path, monkeypatch):
    text = corpus_file("pingtan_syq_2013.txt").read_bytes()
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", len(text) * 2 + 10)
    bundle = tmp_path / "many.zip"
    bundle.write_bytes(_zip({f"{i}.txt": text for i in range(4)}))
    records = list(parse_archive(bundle))
    assert [r.error is None for r in records] == [True, True, False, False]
    assert all("in total" in r.error["message"] for r in records[2:])


def test_too_many_members_refuses_the_bundle(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBERS", 3)
    bundle = tmp_path / "crowd.zip"
    bundle.write_bytes(_zip({f"{i}.txt": b"x" for i in range(5)}))
    (rec,) = parse_archive(bundle)
    assert rec.error["type"] == "TooManyMembers" and str(bundle) in rec.error["message"]


@pytest.mark.parametrize("evil", ["../../evil.txt", "/etc/evil.txt", "a/../../evil.txt", "C:/evil.txt",
                                  "..\\..\\evil.txt"])
def test_path_traversal_member_is_refused(tmp_path, evil):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("ok.txt", corpus_file("pingtan_syq_2013.txt").read_bytes())
        zf.writestr(zipfile.ZipInfo(evil), b"2013\xe5\xb9\xb4")  # ZipInfo keeps the name as given
    bundle = tmp_path / "sub" / "evil.zip"
    bundle.parent.mkdir()
    bundle.write_bytes(buf.getvalue())
    ok, refused = parse_archive(bundle)
    assert ok.error is None
    assert refused.error["type"] == "UnsafePath" and "unsafe member path" in refused.error["message"]
    assert str(bundle) in refused.error["message"]
    assert not list(tmp_path.rglob("evil.txt")) and not (tmp_path.parent / "evil.txt").exists()


def test_nested_zip_is_read_to_a_limited_depth(tmp_path):
    report = corpus_file("pingtan_syq_2013.txt").read_bytes()
    inner = _zip({"r.txt": report})
    bundle = tmp_path / "outer.zip"
    bundle.write_bytes(_zip({"inner.zip": inner, "deep.zip": _zip({"d.zip": inner})}))
    records = list(parse_archive(bundle))
    assert records[0].source.path == f"{bundle}!inner.zip!r.txt" and records[0].error is None
    assert records[1].error["type"] == "NestedTooDeep"
    assert records[1].source.path == f"{bundle}!deep.zip!d.zip"


def test_non_documents_get_an_error_record_and_system_entries_are_skipped(tmp_path):
    bundle = tmp_path / "mixed.zip"
    bundle.write_bytes(_zip({"__MACOSX/._a.txt": b"x", "Thumbs.db": b"x", "scan.jpg": b"\xff\xd8\xff",
                             "a.txt": corpus_file("pingtan_syq_2013.txt").read_bytes()}))
    records = list(parse_archive(bundle))
    assert [r.source.path.rsplit("!", 1)[1] for r in records] == ["scan.jpg", "a.txt"]
    assert records[0].error["type"] == "UnsupportedMember" and ".jpg" in records[0].error["message"]


def test_corrupt_or_truncated_bundle_gets_one_error_record(tmp_path):
    data = _zip({"a.txt": corpus_file("pingtan_syq_2013.txt").read_bytes()})
    bundle = tmp_path / "cut.zip"
    bundle.write_bytes(data[: len(data) // 2])
    records = list(parse_many([bundle]))
    assert len(records) == 1
    assert records[0].error["type"] == "CorruptArchive" and str(bundle) in records[0].error["message"]


def test_encrypted_member_is_named(tmp_path):
    data = bytearray(_zip({"a.txt": b"abc"}, zipfile.ZIP_STORED))
    # set the "encrypted" flag bit in the local header and the central directory entry
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 6] |= 1
    data[central + 8] |= 1
    bundle = tmp_path / "locked.zip"
    bundle.write_bytes(bytes(data))
    (rec,) = parse_archive(bundle)
    assert rec.error["type"] == "EncryptedMember" and "a.txt" in rec.error["message"]


def test_docx_saved_under_a_zip_name_is_one_document(tmp_path):
    f = tmp_path / "附件.zip"
    f.write_bytes(corpus_file("pingtan_syq_2019.docx").read_bytes())
    (rec,) = parse_archive(f)
    assert rec.error is None and rec.source.format == "docx" and rec.meta.year == 2019


def test_bundle_without_files_still_gets_a_record(tmp_path):
    bundle = tmp_path / "empty.zip"
    bundle.write_bytes(_zip({"__MACOSX/._x": b"x", "folder/": b""}))
    (rec,) = parse_archive(bundle)
    assert rec.error["type"] == "EmptyArchive" and str(bundle) in rec.error["message"]
