"""notebooks/explore.ipynb runs end to end (so it cannot rot) and writes its plots."""
from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import CORPUS, ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
PLOTS = ("pingtan_requests.png", "ranking.png", "findings.png", "reuse.png")
# Kernel start, parsing the corpus and jieba's dictionary take seconds; a cell that runs for
# minutes has hung.
CELL_TIMEOUT = 300


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("notebook")
    mp = pytest.MonkeyPatch()
    mp.setenv("XXGK_CORPUS", str(CORPUS))
    mp.setenv("XXGK_OUT", str(tmp / "out"))
    mp.setenv("XXGK_FIGURES", str(tmp / "figures"))
    mp.setenv("PYTHONPATH", str(ROOT))
    mp.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    try:
        nb = nbformat.read(NOTEBOOK, as_version=4)
        NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                       resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    finally:
        mp.undo()
    return nb, tmp


def test_notebook_runs_and_writes_its_plots(executed):
    _, tmp = executed
    for name in PLOTS:
        data = (tmp / "figures" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000, name


def test_notebook_shows_the_pingtan_series_and_a_reuse_example(executed):
    nb, _ = executed
    outputs = "\n".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                        for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert " documents, 0 failed," in outputs
    assert "2025" in outputs and "legacy.requests.received" in outputs
    assert "sentences reused" in outputs
