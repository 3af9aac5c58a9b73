"""Speed work must not change output: the batch writes exactly what one `parse_path` per document gives."""
from __future__ import annotations

import json

from pipeline import batch
from pipeline.core import parse_path
from conftest import CORPUS


def test_batch_output_is_byte_identical_to_in_process_parsing(tmp_path):
    """`xxgk parse corpus` in a worker pool (preloading, serialisation, cache and assembly on the way)
    against each corpus document parsed here and written as documented: one stdlib JSON object
    (ensure_ascii=False) a line, in input order."""
    documents = list(batch.iter_documents([CORPUS]))
    result = batch.run_batch([CORPUS], tmp_path / "out", jobs=2)
    assert result.documents == len(documents) > 100 and result.failed == 0
    expected = "".join(json.dumps(parse_path(p).to_dict(), ensure_ascii=False) + "\n" for p in documents)
    assert (tmp_path / "out" / "reports.jsonl").read_text(encoding="utf-8") == expected
