import pytest

from bot.nlu.identifiers import id_check_ok
from bot.nlu.nationality import load_countries
from bot.nlu.person import extract_person
from bot.nlu.reading import Person

VALID_ID = "110105199003071239"
VALID_ID_X = "44030419851212456X"  # not valid: its check digit is 9


def test_a_registration_gives_name_phone_and_id() -> None:
    person = extract_person(f"新租客 姓名:李小明 电话:138-1234-5678 身份证{VALID_ID} 明天入住")
    assert person == Person(
        name="李小明", phone="13812345678", id_type="id_card", id_number=VALID_ID
    )


@pytest.mark.parametrize(
    "written",
    ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678"],
)
def test_mobile_numbers_in_any_spacing(written: str) -> None:
    assert extract_person(f"手机 {written} 有事联系").phone == "13812345678"


def test_a_wrong_check_digit_is_not_an_id() -> None:
    assert not id_check_ok(VALID_ID_X)
    person = extract_person(f"身份证 {VALID_ID_X}")
    assert (person.id_type, person.id_number) == (None, None)


def test_a_spaced_id_is_read_whole_and_not_as_a_phone() -> None:
    person = extract_person("身份证 110105 19900307 1239")
    assert (person.id_number, person.phone) == (VALID_ID, None)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("passport no. e1234567, room 203", "E1234567"),
        ("护照号 G 2345 6789 明天到", "G23456789"),
        ("Passport 55 1234567", "551234567"),
    ],
)
def test_passport_numbers_near_their_cue(text: str, number: str) -> None:
    person = extract_person(text)
    assert (person.id_type, person.id_number) == ("passport", number)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("日本留学生下周入住", "JP"),
        ("新来的德国人", "DE"),
        ("I'm from Germany", "DE"),
        ("a Japanese student", "JP"),
        ("she is from the UK", "GB"),
        ("美食街太吵了", None),
        ("内蒙古来的师傅", None),
        ("please polish the floor", None),
    ],
)
def test_nationality_from_names_and_demonyms(text: str, code: str | None) -> None:
    assert extract_person(text).nationality == code


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("租客王小红换手机号了 13812345678", "王小红"),
        ("户主 刘强 电话 13812345678", "刘强"),
        ("my name is Anna Schmidt, room 402", "Anna Schmidt"),
        ("I'm Lucas from Brazil", "Lucas"),
        ("新租客 叫 Maria Santos 护照 E1234567", "Maria Santos"),
        ("「张姐:我家漏水了」", None),
        ("租客张伟和租客李娜都搬走了", None),
        ("Hi everyone, Merry Christmas!", None),
    ],
)
def test_names_only_where_cued(text: str, name: str | None) -> None:
    assert extract_person(text).name == name


def test_country_data_has_no_name_given_two_codes() -> None:
    seen: dict[str, str] = {}
    for code, entry in load_countries()["countries"].items():
        assert len(code) == 2 and code.isupper()
        for name in [*entry["zh"], *entry["en"], *entry["demonyms"]]:
            assert seen.setdefault(name, code) == code, name
    assert len(seen) > 300
