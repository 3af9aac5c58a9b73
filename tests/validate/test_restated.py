"""The narrative checks read the prose's counts with the number grammar: a count printed in Chinese
numerals or with 万 is seen like one printed in digits (real sentences of the corpus, rewritten)."""
import pytest
from chinese_writer import to_chinese
from conftest import corpus_file
from validate_helpers import record

from pipeline.validate import validate
from pipeline.validate.restated import find_said

# Each report's own sentences: (what the pattern reads, the arabic count printed in the sentence)
SENTENCES = [("pingtan_syq_2022.txt", "received", "收到政府信息公开申请75件"),
             ("pingtan_syq_2023.txt", "denied", "不予公开5件，占6.17%"),
             ("pingtan_syq_2025.txt", "review", "行政复议36起"),
             ("pingtan_syq_2025.txt", "litigation", "行政诉讼9起"),
             ("pingtan_syq_2021.txt", "answered", "办结69件")]


@pytest.mark.parametrize("name,what,sentence", SENTENCES)
def test_a_count_in_chinese_numerals_is_read_like_digits(name, what, sentence):
    text = corpus_file(name).read_text(encoding="utf-8")
    assert sentence in text
    (digits,) = [s for s in find_said(sentence) if s.what == what]
    n = int(digits.value)
    chinese = sentence.replace(str(n), to_chinese(n), 1)
    (said,) = [s for s in find_said(chinese) if s.what == what]
    assert said.value == n and said.share == digits.share


def test_ten_thousands_are_multiplied():
    (said,) = find_said("本年度共收到政府信息公开申请1.2万件。")
    assert (said.what, said.value) == ("received", 12000)


def test_together_is_not_a_case_count():
    assert not [s for s in find_said("会同有关部门与行政复议机构一起研究") if s.what == "review"]


def test_narrative_check_sees_counts_written_in_chinese():
    # pingtan_syq_2022 says it received 75 requests (72 from natural persons) where its table 3 has
    # 74 new + 1 carried over: the defect is found whether the prose writes the counts in digits or in
    # Chinese numerals, and is gone when the Chinese numerals agree with the table.
    sentence = "收到政府信息公开申请75件，涉及自然人72件"

    def t3_findings(numbers: tuple[str, str]) -> list[str]:
        rec = record("pingtan_syq_2022.html")
        assert sentence in rec.text
        rec.text = rec.text.replace(sentence, f"收到政府信息公开申请{numbers[0]}件，涉及自然人{numbers[1]}件")
        return sorted(f.message.split("；")[1] for f in validate(rec) if f.rule == "narrative.vs_table3")

    in_digits = t3_findings(("75", "72"))
    assert in_digits == sorted(["75 = 本年新收 74 + 上年结转 1，正文把上年结转计入了本年收到",
                                "72 = 本年新收 71 + 上年结转 1，正文把上年结转计入了本年收到"])
    assert t3_findings(("七十五", "七十二")) == in_digits
    assert t3_findings(("七十四", "七十一")) == []
