import pytest

from bot.nlu.numerals import to_digits, to_int


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("十", 10),
        ("十二", 12),
        ("二十三", 23),
        ("一百零五", 105),
        ("三零一", 301),
        ("五〇三", 503),
        ("两", 2),
        ("42", 42),
    ],
)
def test_to_int_reads_positional_and_digit_by_digit_numerals(numeral: str, value: int) -> None:
    assert to_int(numeral) == value


def test_to_digits_keeps_a_room_number_written_digit_by_digit() -> None:
    assert to_digits("一零三") == "103"
    assert to_digits("十五") == "15"


@pytest.mark.parametrize("junk", ["", "一起", "abc", "3a"])
def test_unreadable_numerals_give_none(junk: str) -> None:
    assert to_int(junk) is None
