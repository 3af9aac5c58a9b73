"""The review page in a real browser (headless Chromium driven by selenium; CI installs both).

Filter to errors, search an agency, open a scorecard and find the highlighted cells, read the
coverage tree, open a large synthetic batch and an empty one.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from pipeline.devtools.batch_synth import synthetic_batch
from pipeline.review.page import read_page_data, write_page

from review_fixtures import by_name, checked_corpus, miscounted

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else shutil.which("chromedriver")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run")
pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                                reason="chromium and chromium-driver are not installed")
# Reports in the large-batch test (the 10,000-report timing is benchmarks/review_page.py's).
LARGE_BATCH = 3000


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="xxgk-review-")
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1400,1000")
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _open(driver, page: Path) -> None:
    driver.get(page.as_uri())
    WebDriverWait(driver, 60).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))


def _rows(driver, table: str = "findings"):
    return driver.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr")


# 淮安 2024's table 3 with 本年新收（自然人） one too many: 本年新收 + 上年结转 no longer equals
# 办理结果总计 + 结转下年度 in that column (T3-A), nor does the row add up to its 总计 (T3-C).
MISCOUNT = ("huaian_szf_2024.pdf", "t3.new_received.natural", 1)


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory):
    """The bundled corpus, with one cell of 淮安 2024 miscounted so that there are error findings."""
    recs = checked_corpus()
    name, key, delta = MISCOUNT
    miscounted(by_name(recs, name), key, delta)
    return write_page(recs, tmp_path_factory.mktemp("page") / "check.html"), recs


def test_filter_to_errors(browser, corpus_page):
    page, recs = corpus_page
    errors = sum(f.severity == "error" for r in recs for f in r.findings)
    _open(browser, page)
    Select(browser.find_element(By.ID, "f-sev")).select_by_value("error")
    rows = _rows(browser)
    assert len(rows) == min(errors, 100) and all(r.get_attribute("class") == "sev-error" for r in rows)
    assert f"共 {errors} 条" in browser.find_element(By.ID, "pageinfo").text


def test_search_an_agency(browser, corpus_page):
    page, recs = corpus_page
    _open(browser, page)
    box = browser.find_element(By.ID, "q")
    box.send_keys("江苏省应急管理厅")
    seed = by_name(recs, "jiangsu_yjglt_2018.txt")
    WebDriverWait(browser, 10).until(lambda d: len(_rows(d)) == len(seed.findings))
    assert {r.find_elements(By.TAG_NAME, "td")[3].text for r in _rows(browser)} == {"江苏省应急管理厅"}


def test_scorecard_shows_the_arithmetic_and_the_miscounted_cell(browser, corpus_page):
    page, recs = corpus_page
    name, key, _ = MISCOUNT
    rec = by_name(recs, name)
    balance = next(f for f in rec.findings if f.rule == "t3.A.balance")
    _open(browser, page)
    Select(browser.find_element(By.ID, "f-rule")).select_by_value("t3.A.balance")
    [row] = _rows(browser)
    assert row.get_attribute("class") == "sev-error"
    row.click()
    focus = WebDriverWait(browser, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, "#card li.focus"))
    assert balance.message in focus.text and "本年新收" in balance.message  # the arithmetic, as the rule wrote it
    hits = focus.find_elements(By.CSS_SELECTOR, "td.hit")
    assert sorted(h.text for h in hits) == sorted(rec.values[k].raw for k in balance.keys)
    assert str(rec.values[key].value) in [h.text for h in hits]
    assert focus.find_element(By.TAG_NAME, "figcaption").text == f"表三（第{rec.values[key].where['page']}页）"


def test_scorecard_highlights_the_cited_cells(browser, corpus_page):
    page, recs = corpus_page
    shanghai = by_name(recs, "shanghai_szfbgt_2019.html")
    finding = next(f for f in shanghai.findings if f.rule == "t3.blank_total_column")
    _open(browser, page)
    Select(browser.find_element(By.ID, "f-rule")).select_by_value("t3.blank_total_column")
    [row] = _rows(browser)
    row.click()
    focus = WebDriverWait(browser, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, "#card li.focus"))
    assert focus.get_attribute("data-rule") == "t3.blank_total_column"
    hits = focus.find_elements(By.CSS_SELECTOR, "td.hit")
    assert len(hits) == len(finding.keys) and {h.text for h in hits} == {"空"}  # blank, not 0
    header = [th.text for th in focus.find_elements(By.CSS_SELECTOR, "table.cells tr:first-child th")]
    for hit in hits:  # every highlighted cell is in the 总计 column
        cells = hit.find_elements(By.XPATH, "preceding-sibling::td")
        assert header[len(cells) + 1] == "总计"
    assert finding.message in focus.text


def test_scorecard_shows_the_signature_quote_and_no_citation(browser, corpus_page):
    page, recs = corpus_page
    _open(browser, page)
    browser.find_element(By.ID, "q").send_keys("江苏省应急管理厅")
    WebDriverWait(browser, 10).until(lambda d: len(_rows(d)) == 2)
    _rows(browser)[0].click()
    card = WebDriverWait(browser, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, "#card li.finding"))
    signed = browser.find_element(By.CSS_SELECTOR, '#card li[data-rule="date.signed_before_period_end"]')
    assert signed.find_element(By.TAG_NAME, "mark").text == "2018年2月27日"
    missing = browser.find_element(By.CSS_SELECTOR, '#card li[data-rule="completeness.review_missing"]')
    assert "no citation" in missing.text and card.is_displayed()


def test_coverage_tree_opens_region_by_region(browser, corpus_page):
    page, _ = corpus_page
    _open(browser, page)
    browser.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="coverage"]').click()
    top = [r.find_element(By.TAG_NAME, "td").text for r in browser.find_elements(By.CSS_SELECTOR, "#coverage tr.region")]
    assert "▸ 福建省" in top and not any("福州市" in t for t in top)
    browser.find_element(By.CSS_SELECTOR, '#coverage tr[data-path="福建省"]').click()
    browser.find_element(By.CSS_SELECTOR, '#coverage tr[data-path="福建省/福州市"]').click()
    cell = browser.find_elements(By.CSS_SELECTOR, '#coverage tr[data-path="福建省/福州市"] td')[1]
    assert cell.find_element(By.TAG_NAME, "b").text == "2/2"  # 2011: both Pingtan organs published (late)
    assert "逾期 2" in cell.get_attribute("title")


def test_a_large_synthetic_batch_opens(browser, tmp_path):
    batch = synthetic_batch(checked_corpus(), LARGE_BATCH)
    page = write_page(batch, tmp_path / "large.html")
    _open(browser, page)
    assert browser.find_element(By.ID, "summary").text.startswith(f"{LARGE_BATCH} 份报告")
    assert len(_rows(browser)) == 100  # one page of rows in the DOM, however many findings
    total = sum(len(r.findings) for r in batch)
    assert f"共 {total} 条" in browser.find_element(By.ID, "pageinfo").text
    assert len(read_page_data(page.read_text(encoding="utf-8"))["coverage"]["rows"]) > 100


def test_zero_reports(browser, tmp_path):
    _open(browser, write_page([], tmp_path / "empty.html"))
    assert "0 reports" in browser.find_element(By.ID, "summary").text
    assert "0 reports" in _rows(browser)[0].text


def test_sort_by_a_column_and_page_through(browser, corpus_page):
    page, recs = corpus_page
    _open(browser, page)

    def years():
        return [int(r.find_elements(By.TAG_NAME, "td")[5].text or 0) for r in _rows(browser)]

    browser.find_element(By.CSS_SELECTOR, '#findings th[data-col="year"]').click()
    assert years() == sorted(years()) and years()[0] == min(r.meta.year for r in recs if r.findings)
    browser.find_element(By.CSS_SELECTOR, '#findings th[data-col="year"]').click()
    assert years() == sorted(years(), reverse=True)
    first = [r.text for r in _rows(browser)]
    browser.find_element(By.ID, "next").click()
    assert [r.text for r in _rows(browser)] != first and "第 2 /" in browser.find_element(By.ID, "pageinfo").text
