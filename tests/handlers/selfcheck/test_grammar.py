"""The self-check's answers as landlords type them (pure: no database)."""

from __future__ import annotations

import pytest

from handlers.selfcheck.grammar import read_answers

FOUR = [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1是 2否 3是 4是", {1: True, 2: False, 3: True, 4: True}),
        ("1.是，2.否，3.是，4.是", {1: True, 2: False, 3: True, 4: True}),
        ("１是２否", {1: True, 2: False}),  # full-width digits
        ("1 yes 2 no 3 yes 4 yes", {1: True, 2: False, 3: True, 4: True}),
        ("1、正常 2、过期", {1: True, 2: False}),
        ("全部正常", {1: True, 2: True, 3: True, 4: True}),
        ("都没问题。", {1: True, 2: True, 3: True, 4: True}),
        ("All OK", {1: True, 2: True, 3: True, 4: True}),
        ("是 否 是 是", {1: True, 2: False, 3: True, 4: True}),
        ("是是否是", {1: True, 2: True, 3: False, 4: True}),
        ("yes no yes yes", {1: True, 2: False, 3: True, 4: True}),
    ],
)
def test_a_whole_checklist_reads_in_every_usual_shape(text: str, expected: dict[int, bool]) -> None:
    assert read_answers(text, open_questions=FOUR, count=4) == expected


def test_an_answer_alone_answers_the_next_open_question() -> None:
    assert read_answers("否", open_questions=[3, 4], count=4) == {3: False}
    assert read_answers("Yes", open_questions=[2, 3, 4], count=4) == {2: True}
    assert read_answers("全部正常", open_questions=[4], count=4) == {4: True}


@pytest.mark.parametrize(
    "text",
    [
        "你好",
        "north side is blocked",  # "no" inside a word is no answer
        "1是 5否",  # there is no question 5
        "是 否 是 是 是",  # more answers than open questions
        "10幢2单元301卫生间漏水",  # a report: the other features take it
        "",
    ],
)
def test_what_is_no_answer_is_left_to_the_other_features(text: str) -> None:
    assert read_answers(text, open_questions=FOUR, count=4) is None
