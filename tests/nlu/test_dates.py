import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.nlu.dates import extract_dates
from bot.nlu.reading import Dates

SHANGHAI = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("下周三退租", Dates(move_out=date(2026, 12, 2))),
        ("这周五搬走", Dates(move_out=date(2026, 11, 27))),
        ("三天后入住", Dates(move_in=date(2026, 11, 26))),
        ("明天入住 6栋201", Dates(move_in=date(2026, 11, 24))),
        ("3月15日入住", Dates(move_in=date(2027, 3, 15))),
        ("十二月一日搬进来", Dates(move_in=date(2026, 12, 1))),
        ("签证有效期至2027年5月1日", Dates(visa_expiry=date(2027, 5, 1))),
        ("签证到2027.6.30", Dates(visa_expiry=date(2027, 6, 30))),
        ("明年3月底签证到期", Dates(visa_expiry=date(2027, 3, 31))),
        ("下个月底退租", Dates(move_out=date(2026, 12, 31))),
        ("月底退房", Dates(move_out=date(2026, 11, 30))),
        ("下个月8号入住", Dates(move_in=date(2026, 12, 8))),
        ("12/20 搬走", Dates(move_out=date(2026, 12, 20))),
    ],
)
def test_chinese_dates_and_their_roles(text: str, expected: Dates) -> None:
    assert extract_dates(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("moving in next Monday", Dates(move_in=date(2026, 11, 30))),
        ("I move in this Thursday", Dates(move_in=date(2026, 11, 26))),
        ("visa expires 15 Dec 2026", Dates(visa_expiry=date(2026, 12, 15))),
        ("I'm leaving on 3 Jan", Dates(move_out=date(2027, 1, 3))),
        ("moving out in 3 days", Dates(move_out=date(2026, 11, 26))),
        ("moving out at the end of next month", Dates(move_out=date(2026, 12, 31))),
        ("moved in today", Dates(move_in=date(2026, 11, 23))),
    ],
)
def test_english_dates_and_their_roles(text: str, expected: Dates) -> None:
    assert extract_dates(text, NOW) == expected


def test_each_date_takes_the_role_of_its_own_clause() -> None:
    text = "visa until 2027-08-31, moves in on Friday"
    assert extract_dates(text, NOW) == Dates(
        visa_expiry=date(2027, 8, 31), move_in=date(2026, 11, 27)
    )


def test_a_date_without_a_role_is_left_out() -> None:
    assert extract_dates("12月1号开会 明天停水", NOW) == Dates()


def test_phone_and_id_numbers_are_not_dates() -> None:
    assert extract_dates("电话13812345678 身份证110105199003071239 入住", NOW) == Dates()


def test_today_is_the_local_date_of_now() -> None:
    late_utc = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)  # already the 24th in Shanghai
    assert extract_dates("今天入住", late_utc.astimezone(SHANGHAI)).move_in == date(2026, 11, 24)
    assert extract_dates("今天入住", late_utc).move_in == date(2026, 11, 23)


def test_only_an_english_date_with_a_role_imports_dateparser() -> None:
    script = (
        "import sys; from datetime import datetime; from bot.nlu.dates import extract_dates\n"
        "now = datetime.fromisoformat('2026-11-23T10:00:00+08:00')\n"
        "extract_dates('3楼漏水了 see you 12 Dec', now)\n"
        "extract_dates('明天入住 下周三退租 签证2027年1月1日到期', now)\n"
        "print('dateparser' in sys.modules)\n"
        "extract_dates('moving in on 12 Dec', now)\n"
        "print('dateparser' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]


def test_adversarial_input_gives_dates() -> None:
    junk = "入住12月1号 2026/1/1 " * 5_000 + "1" * 50_000
    assert isinstance(extract_dates(junk, NOW), Dates)
