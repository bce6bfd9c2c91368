"""Invite codes: typed loosely, read strictly, stored only as a hash."""

from __future__ import annotations

from bot.lang.detect import clear_language
from bot.onboarding.invite_codes import ALPHABET, code_hash, find_code, new_code


def test_a_new_code_uses_only_unambiguous_characters_and_reads_back_as_itself() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert code.startswith("GB-") and len(code) == 12
        assert set(code[3:].replace("-", "")) <= set(ALPHABET)
        assert find_code(f"我的邀请码是 {code.lower().replace('-', '')} 谢谢") == code


def test_text_without_a_code_has_none() -> None:
    assert find_code("GB-12-34") is None
    assert find_code("XGB-ABCD-EFGH") is None
    assert find_code("我是王建国，网格长") is None


def test_only_the_hash_is_kept_and_it_differs_per_code() -> None:
    assert code_hash("GB-ABCD-EFGH") != code_hash("GB-ABCD-EFGJ")
    assert "ABCD" not in code_hash("GB-ABCD-EFGH")


def test_a_language_is_read_only_from_clear_evidence() -> None:
    assert clear_language("卫生间漏水") == "zh"
    assert clear_language("the sink is leaking") == "en"
    assert clear_language("ok") is None
    assert clear_language("301") is None
    assert clear_language("好") is None
