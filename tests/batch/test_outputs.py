"""values.parquet and reports.parquet of `xxgk parse` on the bundled corpus: columns, labels, and
one primary copy per agency and year, chosen by the same rule as `pipeline.load`."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from conftest import CORPUS, gold_documents
from pipeline.batch import run_batch
from pipeline.batch.outputs import ROW_SCHEMA, Spool, _one_ahead, mark_copies, reports_table
from pipeline.batch.summary import report_row
from pipeline.compare import load
from pipeline.domain.codebook import key_info
from pipeline.domain.copies import Copy, duplicate_of


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    run_batch([CORPUS / n for n in gold_documents()], out, progress=False)  # the bundled reports, not the excerpts
    return out


@pytest.fixture(scope="module")
def tables(out):
    records = [json.loads(line) for line in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    return records, pq.read_table(out / "reports.parquet").to_pandas(), pq.read_table(out / "values.parquet").to_pandas()


def test_reports_parquet_has_one_row_per_document(tables):
    records, reports, _ = tables
    assert list(reports["report_id"]) == [r["id"] for r in records]
    filled = [sum(v["value"] is not None for v in r["values"].values()) for r in records]
    assert list(reports["values"]) == filled and sum(reports["blanks"]) > 0
    assert list(reports["values"] + reports["blanks"]) == [len(r["values"]) for r in records]
    assert list(reports["warnings"]) == [sum(f["severity"] == "warning" for f in r["findings"]) for r in records]
    assert reports["agency"].notna().all() and reports["year"].notna().all()


def test_rows_spooled_a_row_at_a_time_give_the_file_in_one_chunk(out, tables, tmp_path):
    """The records' rows through a temporary file of one-row row groups, read back: reports.parquet's
    table, each column in one chunk (parquet would end a data page at each chunk's end)."""
    records, _, _ = tables
    spool = Spool(tmp_path / "rows", ROW_SCHEMA, batch_rows=1)
    for record in records:
        spool.append(report_row(record))
    spool.close()
    assert pq.ParquetFile(spool.tmp).num_row_groups == len(records)
    rows = spool.read()
    table = reports_table(rows, *mark_copies(rows))
    assert table.equals(pq.read_table(out / "reports.parquet")) and {c.num_chunks for c in table.columns} == {1}
    spool.discard()
    assert not spool.tmp.exists()


def test_a_failure_while_the_next_batch_is_made_reaches_the_writer_after_the_batches_before():
    """values.parquet's batches are made one ahead in a helper thread: they come in order, and an
    error making one (an unreadable temporary file) is raised where the batches are written."""
    def batches():
        yield from ("first", "second")
        raise OSError("the temporary values cannot be read")

    written = []
    with pytest.raises(OSError, match="cannot be read"):
        for batch in _one_ahead(batches()):
            written.append(batch)
    assert written == ["first", "second"]


def test_one_primary_per_agency_and_year_and_the_others_point_to_it(tables):
    _, reports, _ = tables
    for (agency, year), group in reports.groupby(["agency", "year"]):
        (primary,) = group.loc[group["primary"], "report_id"]
        assert set(group.loc[~group["primary"], "duplicate_of"]) <= {primary}
        assert group.loc[group["primary"], "duplicate_of"].isna().all()


def test_the_page_or_pdf_wins_over_word_and_the_text_dump(tables):
    _, reports, _ = tables
    forms = reports[(reports["agency"] == "平潭综合实验区") & (reports["year"] == 2019)].set_index("format")
    assert sorted(forms.index) == ["docx", "html", "pdf", "txt"]
    # html and pdf give the same 198 values: the tie goes to the path; the dump gives 179
    assert forms.loc["html", "primary"] and forms.loc["html", "values"] == forms.loc["pdf", "values"] == 198
    assert forms.loc["txt", "values"] == 179 and not forms.loc["txt", "primary"]
    dumps = reports[reports["path"].str.endswith(".txt")]
    shared = dumps.merge(reports[~reports["path"].str.endswith(".txt")], on=["agency", "year"])
    assert len(shared) > 0 and not shared["primary_x"].any()  # a dump never wins over another copy


def test_load_chooses_the_same_primary(out, tables):
    _, reports, _ = tables
    ds = load(out)
    assert set(ds.reports.loc[ds.reports["primary"], "report_id"]) == set(reports.loc[reports["primary"], "report_id"])
    same = ["report_id", "agency", "agency_raw", "values", "blanks", "primary"]
    assert ds.reports[same].astype(object).values.tolist() == reports[same].astype(object).values.tolist()


def test_values_parquet_carries_label_section_page_format_and_primary(tables):
    records, reports, values = tables
    assert len(values) == sum(len(r["values"]) for r in records)
    by_id = {r["id"]: r for r in records}
    primary = dict(zip(reports["report_id"], reports["primary"]))
    for row in values.sample(300, random_state=1).itertuples(index=False):
        rec = by_id[row.report_id]
        where = rec["values"][row.key].get("where") or {}
        assert row.label == key_info(row.key).label and row.label
        assert row.section == where.get("section")
        assert (row.page == where["page"]) if where.get("page") else row.page != row.page  # NaN when none
        assert row.format == rec["source"]["format"] and row.primary == primary[row.report_id]
    pdf = values[values["format"] == "pdf"]
    assert pdf["page"].notna().any()


def test_the_rule_orders_format_before_completeness():
    copies = [Copy("甲", 2020, "txt", False, 200, "a.txt"), Copy("甲", 2020, "docx", False, 150, "a.docx"),
              Copy("甲", 2020, "pdf", False, 120, "a.pdf"), Copy("甲", 2020, "html", True, 0, "a.html"),
              Copy("甲", 2021, "html", False, 10, "b.html"), Copy(None, 2020, "html", False, 10, "c.html")]
    assert duplicate_of(copies) == [2, 2, None, 2, None, None]
    tie = [Copy("乙", 2020, "pdf", False, 90, "x.pdf"), Copy("乙", 2020, "html", False, 80, "x.html")]
    assert duplicate_of(tie) == [None, 0]  # same rank: the most complete
