import io
import logging
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment
from markupsafe import Markup

from bot.privacy import (
    JINJA_FILTERS,
    Cipher,
    DataKeys,
    DecryptionError,
    MaskingFilter,
    derive_key,
    finalize,
    keyed_hash,
    mask_id,
    mask_passport,
    mask_phone,
    mask_text,
    scan_for_unmasked,
)

SECRET = "correct horse battery staple"


def test_the_three_masks_keep_what_the_issue_shows() -> None:
    assert mask_id("330102199001011234") == "3301**********1234"
    assert mask_passport("AA1234567") == "AA****567"
    assert mask_phone("13812345678") == "138****5678"


def test_masks_accept_numbers_as_people_type_them() -> None:
    assert mask_id("330102 19900101 123x") == "3301**********123X"
    assert mask_phone("+86 138-1234-5678") == "138****5678"
    assert mask_phone("１３８１２３４５６７８") == "138****5678"
    assert mask_passport("e 1234 5678") == "E1****678"


def test_a_value_longer_than_its_kind_shows_no_tail() -> None:
    assert mask_id("330102199001011234130") == "3301*****************"


def test_a_short_value_still_hides_at_least_four_characters() -> None:
    assert mask_passport("AB1234") == "A****4"
    assert mask_id("1234") == "****"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "新租客张三，身份证330102199001011234，电话13812345678，住10幢2单元301",
            "新租客张三，身份证3301**********1234，电话138****5678，住10幢2单元301",
        ),
        (
            "ID 11010519491231002X, tel +86 138 1234 5678.",
            "ID 1101**********002X, tel 138****5678.",
        ),
        ("护照号码：AA1234567，签证2027-03-01到期", "护照号码：AA****567，签证2027-03-01到期"),
        ("passport No. M12345678 expires soon", "passport No. M1****678 expires soon"),
        ("Passport is 123456789", "Passport is 12****789"),
        ("电话：0086-13912345678", "电话：139****5678"),
        ("手机１３９１２３４５６７８", "手机139****5678"),
        ("证件号 330102 19900101 1234 已登记", "证件号 3301**********1234 已登记"),
        ("旧身份证330102900101123", "旧身份证3301*******1123"),
        ("**13812345678** 请回电", "**138****5678** 请回电"),
    ],
)
def test_mask_text_finds_numbers_in_free_text(text: str, masked: str) -> None:
    assert mask_text(text) == masked
    assert scan_for_unmasked(masked) == []


@pytest.mark.parametrize(
    "text",
    [
        "10幢2单元301卫生间漏水",
        "1502室和1503室之间, 房号1501 1502 301",
        "2026-11-25 13:45 / 2026年11月25日 / 20261125 / 2026/11/25",
        "房租1500元, 押金3000, 13号楼, 3栋B1502",
        "护照在房东那里, passport is at home",
        "护照到期日期 2027-05-01",
        "报修单 20261125001, 时间 202611251300",
        "拨打110或119, 12345热线",
    ],
)
def test_rooms_dates_and_amounts_are_left_alone(text: str) -> None:
    assert mask_text(text) == text
    assert scan_for_unmasked(text) == []


def test_a_phone_stuck_to_a_room_number_is_still_masked() -> None:
    assert mask_text("10幢2单元30113812345678") == "10幢2单元301***********"
    assert mask_text("138 1234 567810幢") == "138**********幢"


def test_scan_reports_the_numbers_as_written() -> None:
    text = "身份证330102199001011234 手机 138-1234-5678 护照：E12345678"
    assert scan_for_unmasked(text) == ["330102199001011234", "138-1234-5678", "E12345678"]


id_numbers = st.from_regex(r"[1-8][0-9]{16}[0-9X]", fullmatch=True)
phones = st.tuples(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.sampled_from(["", " ", "-"])
)
passports = st.from_regex(r"[A-Z]{1,2}[0-9]{7,8}", fullmatch=True)
words = st.sampled_from(["漏水", "住在", "10幢2单元301", "电话", "身份证", "，", " ", "房租1500元"])


@settings(deadline=None)
@given(id_numbers, phones, passports, st.lists(words, min_size=4, max_size=4))
def test_no_number_survives_masking_in_any_surrounding(
    id_number: str, phone: tuple[str, str], passport: str, filler: list[str]
) -> None:
    digits, sep = phone
    written_phone = sep.join([digits[:3], digits[3:7], digits[7:]])
    text = f"{filler[0]}{id_number}{filler[1]}{written_phone}{filler[2]}护照{passport}{filler[3]}"
    masked = mask_text(text)
    assert id_number not in masked
    assert digits not in re.sub(r"[ -]", "", masked)
    assert passport not in masked
    assert scan_for_unmasked(masked) == []
    assert mask_text(masked) == masked


@settings(deadline=None)
@given(st.text())
def test_masked_text_never_scans_as_unmasked(text: str) -> None:
    masked = mask_text(text)
    assert scan_for_unmasked(masked) == []
    assert mask_text(masked) == masked


def logged(message: str, *args: object, exc: BaseException | None = None) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskingFilter())
    # Outside the logger tree, so that no other handler sees the record first.
    logger = logging.Logger("tests.privacy")
    logger.addHandler(handler)
    try:
        if exc is None:
            logger.warning(message, *args)
        else:
            try:
                raise exc
            except BaseException:
                logger.exception(message, *args)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_the_logging_filter_masks_messages_and_arguments() -> None:
    line = logged("tenant %s phone %s", "330102199001011234", 13812345678)
    assert line == "tenant 3301**********1234 phone 138****5678\n"


def test_the_logging_filter_masks_tracebacks() -> None:
    text = logged("failed for 13812345678", exc=ValueError("bad ID 330102199001011234"))
    assert "ValueError: bad ID 3301**********1234" in text
    assert scan_for_unmasked(text) == []


def test_a_record_with_arguments_that_do_not_fit_is_kept_masked() -> None:
    line = logged("phone %s and %s", "13812345678")
    assert "arguments that did not fit" in line
    assert "138****5678" in line
    assert scan_for_unmasked(line) == []


def test_templates_mask_with_filters_and_by_default() -> None:
    env = Environment(autoescape=False, finalize=finalize)
    env.filters.update(JINJA_FILTERS)
    template = env.from_string(
        "{{ note }} / {{ phone }} / {{ number | mask_id }} / {{ count }} / {{ missing | mask }}"
    )
    rendered = template.render(
        note="请联系13812345678", phone=13912345678, number="330102199001011234", count=3
    )
    assert rendered == "请联系138****5678 / 139****5678 / 3301**********1234 / 3 / "


def test_masking_keeps_safe_markup_safe() -> None:
    env = Environment(autoescape=True, finalize=finalize)
    page = env.from_string("<p>{{ safe }}</p><p>{{ unsafe }}</p>").render(
        safe=Markup("<b>13812345678</b>"), unsafe="<i>13812345678</i>"
    )
    assert page == "<p><b>138****5678</b></p><p>&lt;i&gt;138****5678&lt;/i&gt;</p>"


def test_the_cipher_round_trips_and_never_repeats_itself() -> None:
    cipher = DataKeys.from_secret(SECRET).cipher
    first, second = cipher.encrypt("330102199001011234"), cipher.encrypt("330102199001011234")
    assert first != second
    assert "330102199001011234" not in first
    assert cipher.decrypt(first) == cipher.decrypt(second) == "330102199001011234"


@settings(deadline=None)
@given(st.text())
def test_the_cipher_round_trips_any_text(text: str) -> None:
    cipher = Cipher(bytes(range(32)))
    assert cipher.decrypt(cipher.encrypt(text)) == text


def test_another_key_or_a_damaged_token_cannot_decrypt() -> None:
    token = DataKeys.from_secret(SECRET).cipher.encrypt("13812345678")
    with pytest.raises(DecryptionError, match="cannot be decrypted"):
        DataKeys.from_secret(SECRET + "!").cipher.decrypt(token)
    with pytest.raises(DecryptionError):
        DataKeys.from_secret(SECRET).cipher.decrypt(token[:-4] + "AAAA")


def test_bad_keys_are_refused_clearly() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        Cipher(b"short")
    with pytest.raises(ValueError, match="at least 16 characters"):
        DataKeys.from_secret("secret")


def test_the_keyed_hash_is_stable_across_spellings() -> None:
    keys = DataKeys.from_secret(SECRET)
    assert keys.lookup("13812345678") == keys.lookup("+86 138-1234-5678")
    assert keys.lookup("11010519491231002x") == keys.lookup("11010519491231002X")
    assert keys.lookup("13812345678") != keys.lookup("13812345679")
    assert re.fullmatch(r"[0-9a-f]{64}", keys.lookup("13812345678"))


def test_the_keyed_hash_depends_on_the_key() -> None:
    assert keyed_hash(b"k" * 32, "13812345678") != keyed_hash(b"j" * 32, "13812345678")
    assert (
        DataKeys.from_secret(SECRET).lookup("E12345678")
        == DataKeys.from_secret(SECRET).lookup("E12345678")
        != DataKeys.from_secret(SECRET + "2").lookup("E12345678")
    )


def test_the_sub_keys_of_one_secret_are_independent() -> None:
    assert derive_key(SECRET, "encrypt/v1") != derive_key(SECRET, "lookup/v1")
    assert len(derive_key(SECRET, "lookup/v1")) == 32
