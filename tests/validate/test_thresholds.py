"""Fitted constants checked on documents not used to fit them.

- COPIED_SHARE was fitted on the Pingtan reports 2011–2015 (both series); it is checked here on the
  later 实验区 reports (2015→2017 … 2023→2025, across missing years too), none of which repeats its
  predecessor by reading (their gold files list no copied text).
- CROSS_AGENCY_SHARE was fitted on the 平潭县 / 实验区 reports of 2011–2013; it is checked here on
  every same-year pair of different organs among the excerpts (`corpus/excerpts`, 105 organs of all
  provinces, none a copy of another) and on 江苏应急管理厅 / 平潭 2018.
- MIN_DAYS_AFTER_PERIOD was fitted on pingtan_syq_2013/2014/2018; it is checked here on the
  publication dates of the labelled excerpts: the one published within the bar (兴华乡 2010,
  published 2011-01-01, whose percentages do not even add up) was read as too soon, the next ones
  (10 days and more) as ordinary.
"""
from __future__ import annotations

import datetime
import json
from itertools import pairwise

from pipeline.text.reuse import measure
from pipeline.validate.rules.dates import MIN_DAYS_AFTER_PERIOD
from pipeline.validate.rules.years import COPIED_SHARE, CROSS_AGENCY_SHARE

from conftest import SHARED_CORPUS, corpus_file

EXCERPTS = SHARED_CORPUS / "excerpts"
HELD_OUT_SERIES = ["pingtan_syq_2015.txt", "pingtan_syq_2017.txt", "pingtan_syq_2018.txt", "pingtan_syq_2019.txt",
                   "pingtan_syq_2021.txt", "pingtan_syq_2022.txt", "pingtan_syq_2023.txt", "pingtan_syq_2025.txt"]
READ_AS_TOO_SOON = {"legacy_009.txt"}


def _text(path) -> str:
    return path.read_text(encoding="utf-8")


def test_copied_share_on_later_years_of_the_series():
    shares = {(a, b): measure(_text(corpus_file(a)), _text(corpus_file(b))).sentence_share
              for a, b in pairwise(HELD_OUT_SERIES)}
    assert len(shares) == 7
    assert max(shares.values()) < COPIED_SHARE, shares


def test_cross_agency_share_on_unrelated_organs_of_one_year():
    labels = [e for e in json.loads(_text(EXCERPTS / "labels.json")) if e.get("year") and e.get("agency")]
    texts = {e["file"]: _text(EXCERPTS / e["file"]) for e in labels}
    shares = [measure(texts[a["file"]], texts[b["file"]]).sentence_share or 0.0 for a in labels for b in labels
              if a["year"] == b["year"] and a["agency"] != b["agency"]]
    shares.append(measure(_text(corpus_file("jiangsu_yjglt_2018.txt")), _text(corpus_file("pingtan_syq_2018.txt")))
                  .sentence_share)
    assert len(shares) > 500
    assert max(shares) < CROSS_AGENCY_SHARE
    # the bar cannot be the year-over-year one: unrelated organs share template sentences above it
    assert max(shares) >= COPIED_SHARE


def test_min_days_after_period_on_excerpt_publication_dates():
    days = {e["file"]: (datetime.date.fromisoformat(e["published"]) - datetime.date(e["year"], 12, 31)).days
            for e in json.loads(_text(EXCERPTS / "labels.json")) if e.get("published") and e.get("year")}
    assert len(days) > 50
    assert {f for f, d in days.items() if 0 <= d < MIN_DAYS_AFTER_PERIOD} == READ_AS_TOO_SOON
