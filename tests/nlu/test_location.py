import pytest

from bot.nlu.location import extract_location
from bot.nlu.places import load_places
from bot.nlu.reading import Location


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3栋2单元501卫生间漏水", Location(building="3", unit="2", room="501")),
        ("二十幢一单元六零二 门锁坏了", Location(building="20", unit="1", room="602")),
        ("住在18号楼7层", Location(building="18", floor="7")),
        ("我在三楼 楼道灯不亮", Location(floor="3")),
        ("厨房在漏 1502室", Location(room="1502")),
        ("隔壁602天天吵", Location(room="602")),
        ("翠苑小区8号楼三楼有人吵架", Location(community="翠苑小区", building="8", floor="3")),
        ("桃源新村12号二楼 屋顶漏了", Location(community="桃源新村", building="12", floor="2")),
        ("7-3-402 水管爆了", Location(building="7", unit="3", room="402")),
    ],
)
def test_chinese_locations(text: str, expected: Location) -> None:
    assert extract_location(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The sink leaks, room 1204, building 15", Location(building="15", room="1204")),
        ("Rm 305 bldg 2 no hot water", Location(building="2", room="305")),
        ("Someone smokes on the second floor", Location(floor="2")),
        ("gas smell on the 5th floor", Location(floor="5")),
        (
            "Green Garden Community, building 3",
            Location(community="Green Garden Community", building="3"),
        ),
    ],
)
def test_english_locations(text: str, expected: Location) -> None:
    assert extract_location(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "我电话13812345678 有事打我",
        "租金1500元一个月 押一付三",
        "已经坏了两天了 下午3点来修",
        "我们3个人住一间",
        "2026年3月1日开会 12月1号交材料",
        "快打119 还有110",
        "身份证 110105199003071239",
        "Is the water off tomorrow at 10:30?",
        "大家晚上关好门窗",
        "今天是5号 发工资了",
        "call me at 555 if you need me",
    ],
)
def test_numbers_that_are_not_places_give_no_location(text: str) -> None:
    assert extract_location(text).is_empty()


def test_a_floor_is_dropped_when_a_room_is_named() -> None:
    assert extract_location("5楼502漏水") == Location(room="502")


def test_adversarial_input_still_gives_a_location() -> None:
    junk = "(" * 10_000 + "1" * 50_000 + "号楼" * 1_000 + ")" * 10_000
    assert isinstance(extract_location(junk), Location)


def test_place_data_loads_and_no_suffix_is_also_a_stop_word() -> None:
    places = load_places()
    assert places["suffixes"] and "小区" in places["suffixes"]
    assert not set(places["suffixes"]) & set(places["not_after"])
    assert all(len(name) >= 2 for name in places["known"])


def test_a_known_place_is_found_without_a_suffix() -> None:
    known = load_places()["known"][0]
    assert extract_location(f"{known}单间出租 朝南").community == known
