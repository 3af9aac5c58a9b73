"""The shared whitespace-free view of a text reads like removing the whitespace of each span, and maps
its positions back; an alternation searched as its branches finds what the alternation finds."""
import pytest
import regex

from pipeline.validate.compact import SPACE, Compact
from pipeline.validate.restated import _branches, _finditer

TEXTS = ["", "   ", "答\n复3050件，\u3000本年\u00a0新收 75 件。\n", "a\x1cb c\x1f d\n\n", "无空白", " 前后 "]


@pytest.mark.parametrize("text", TEXTS)
def test_a_window_is_the_span_without_whitespace(text):
    whole = Compact(text)
    assert whole.text == SPACE.sub("", text)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            window = whole.window(start, end)
            assert window.text == SPACE.sub("", text[start:end])
            offsets = [i for i in range(start, end) if not SPACE.match(text[i])]
            for a in range(len(window.text)):
                assert window.span(a, a + 1) == [offsets[a], offsets[a] + 1]


@pytest.mark.parametrize("text", ["另有3件结转下年度，结转至下一年度5件", "结转到2024年2件另有4件申请顺延至下年度",
                                  "3件结转至下年度7件", ""])
def test_branches_find_what_the_alternation_finds(text):
    one = regex.compile(r"(?:另有)?\d+件[^。，]{0,6}?(?:顺延|结转)(?:到|至)?下一?年度|结转(?:至|到)(?:下一?年度?|\d{4}年)\d+件")
    apart = _branches(r"(?:另有)?\d+件[^。，]{0,6}?(?:顺延|结转)(?:到|至)?下一?年度",
                      r"结转(?:至|到)(?:下一?年度?|\d{4}年)\d+件")
    assert [m.span() for m in _finditer(apart, text)] == [m.span() for m in one.finditer(text)]


def test_a_pattern_is_skipped_only_where_it_cannot_match():
    """`NEEDS` lists words every match of its pattern holds."""
    from pipeline.validate.restated import NEEDS, PATTERNS

    for what, words in NEEDS.items():
        for branch in PATTERNS[what]:
            assert any(w in branch.pattern for w in words)
