"""Behaviours added so the parser holds up on messages beyond the shared corpora.

Every sentence is written for these tests; none comes from a corpus.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.kinds import Kind
from bot.nlu import parse
from bot.nlu.identifiers import find_passport
from bot.nlu.names import find_name

NOW = datetime.fromisoformat("2026-11-23T10:00:00+08:00")


@pytest.mark.parametrize(
    "text",
    [
        "想问一下 租客退房的时候押金一般多久能退",
        "请问外籍租客搬进来要去哪里登记啊",
        "How long does it take to register a new tenant?",
    ],
)
def test_a_question_about_the_register_without_details_is_none(text: str) -> None:
    assert parse(text, NOW).kind is Kind.NONE


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("租客下周二退房 5幢201 押金多久能退？", Kind.MOVE_OUT),
        ("请问 新租客刘芳 电话13857102236 今天入住 要怎么登记", Kind.REGISTRATION),
    ],
)
def test_a_register_question_that_gives_details_is_still_a_report(text: str, kind: Kind) -> None:
    assert parse(text, NOW).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "尊敬的领导：您好！我是A市A2区XX小区的一名业主，我家卫生间顶上长期渗水，墙面"
            "发霉，楼上住户拒不维修。物业来看过几次，说需要业主自己协调，我们也多次打电话，"
            "到现在已经过去三个月了，依然没有任何处理结果，恳请有关部门帮忙。",
            Kind.LEAK,
        ),
        (
            "尊敬的市长：您好！我们是XX新村的居民，村口的垃圾站每天堆满垃圾，清运不及时，"
            "夏天臭气熏天，蚊蝇滋生，居民出门都要捂着鼻子走。我们向村委会和街道都反映过，"
            "答复说会加派车辆，但是至今没有任何改变，希望领导关注。",
            Kind.SANITATION,
        ),
    ],
)
def test_a_formal_greeting_does_not_push_the_complaint_out_of_the_lead(
    text: str, kind: Kind
) -> None:
    assert parse(text, NOW).kind is kind


@pytest.mark.parametrize(
    "text",
    [
        "我要为XX社区的网格员点个赞，上次我家老人生病住院，她跑前跑后帮了很多忙，特此表扬！",
        "建议在小区北门增设一个快递柜，现在取快递要走很远，老人很不方便。",
        "请问什么时候能通天然气？我们小区一直用液化气罐，希望早日开通燃气。",
    ],
)
def test_praise_and_proposals_are_not_reports(text: str) -> None:
    assert parse(text, NOW).kind is Kind.NONE


@pytest.mark.parametrize(
    "text",
    [
        "楼上楼下漏水的矛盾已经调解好了 谢谢网格员",
        "停水的问题已经恢复正常了 大家可以用水了",
        "The heater is working now, thanks for fixing it!",
    ],
)
def test_resolved_reports_are_none(text: str) -> None:
    assert parse(text, NOW).kind is Kind.NONE


def test_a_request_to_restore_water_is_a_report_not_a_resolution() -> None:
    text = "整栋楼已经停水两天了 供水公司一直不来 请尽快恢复正常供水"
    assert parse(text, NOW).kind is Kind.REPAIR


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("楼道里的暖气管道破裂了 水一直往外冒", Kind.LEAK),
        ("有人把电瓶放在屋里充了一整晚 太危险了", Kind.FIRE_HAZARD),
        ("从楼上扔下来一个啤酒瓶 差点砸到人", Kind.SECURITY),
        ("对门的老太太一个人住 好几天没见她出门了", Kind.HARDSHIP),
        ("楼上每天晚上拖动家具 敲敲打打到一点", Kind.NOISE),
        ("My roommate yelled at me and refused to pay his share of the bills", Kind.DISPUTE),
        ("the neighbours upstairs keep banging and stomping all night", Kind.NOISE),
        ("I'm checking out on Sunday, room 712", Kind.MOVE_OUT),
    ],
)
def test_broader_vocabulary(text: str, kind: Kind) -> None:
    assert parse(text, NOW).kind is kind


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("新住户林小雨 电话13600571122 明天入住", "林小雨"),
        ("租客唐明月底退房 5幢301", "唐明"),
        ("租客许杰两天后搬走", "许杰"),
        ("1203的韩梅下周三搬出去", "韩梅"),
        ("6幢潘宇的手机号码换了", "潘宇"),
        ("Maria Lopez here, my visa was renewed", "Maria Lopez"),
    ],
)
def test_names_in_more_positions(text: str, name: str) -> None:
    assert find_name(text) == name


def test_a_three_letter_passport_prefix_is_kept() -> None:
    found = find_passport("护照 XDB482913 明天入住", [])
    assert found is not None and found.value == "XDB482913"


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("新租客 签证到2028年1月 护照E55512345", "visa_expiry", "2028-01-31"),
        ("Visa valid until June 2027, new tenant", "visa_expiry", "2027-06-30"),
        ("租客小周下个月搬走", "move_out", "2026-12-01"),
        ("签证明年4月到期", "visa_expiry", "2027-04-30"),
        ("新租客 1月份入住 3幢502", "move_in", "2027-01-01"),
    ],
)
def test_a_month_without_a_day(text: str, role: str, expected: str) -> None:
    dates = parse(text, NOW).to_contract()["dates"]
    assert dates[role] == expected


@pytest.mark.parametrize(
    ("text", "name", "nationality"),
    [
        ("hi my name is lena novak, moving in friday", "lena novak", None),
        ("hello i'm from italy, new tenant in room 203", None, "IT"),
        ("my friend will move in tomorrow, his name is Omar Haddad", "Omar Haddad", None),
    ],
)
def test_lower_case_english(text: str, name: str | None, nationality: str | None) -> None:
    person = parse(text, NOW).person
    assert (person.name, person.nationality) == (name, nationality)


def test_a_dashed_address_is_not_read_as_a_date() -> None:
    location = parse("我住7-3-1202 热水器坏了", NOW).location
    assert (location.building, location.unit, location.room) == ("7", "3", "1202")


def test_a_phone_written_with_dots() -> None:
    assert parse("新租客电话 139.5711.0246", NOW).person.phone == "13957110246"


@pytest.mark.parametrize(
    "text",
    [
        "Kim Van Long 下周一入住 护照M12345678",
        "Park Seoyeon 签证延期了",
    ],
)
def test_english_words_inside_a_latin_name_are_not_vocabulary(text: str) -> None:
    assert parse(text, NOW).kind is not Kind.PARKING


@pytest.mark.parametrize(
    "text",
    [
        "我家卫生间没有漏水 是隔壁的",
        "如果着火了应该往哪边跑",
        "there is no leak in my room, it was the neighbour's",
        "家里没着火 是楼下在烧烤",
    ],
)
def test_negated_and_hypothetical_reports_are_none(text: str) -> None:
    assert parse(text, NOW).kind is Kind.NONE


def test_a_bathroom_is_not_sanitation() -> None:
    assert parse("卫生间灯不亮了", NOW).kind is Kind.REPAIR


def test_a_long_complaint_that_repeats_its_topic_is_about_it() -> None:
    text = (
        "我们是XX小区的业主，小区车库漏水已经三年了，每逢下雨就漏水，车顶全是泥水，"
        "找物业反映了无数次，物业只说在处理。小区的环境卫生也很差，垃圾桶经常满了没人清理，"
        "有臭味。但最严重的还是漏水，到现在一直在漏水，车库墙面都长了青苔，业主们的车也被"
        "泡过好几次，损失谁来承担？希望领导督促物业和开发商尽快解决。"
    )
    assert parse(text, NOW).kind is Kind.LEAK


@pytest.mark.parametrize(
    ("text", "community", "building"),
    [
        ("A市B区XX家园9栋的电梯又坏了", "XX家园", "9"),
        ("C3区**路52号的XX大院3栋楼道灯不亮", "XX大院", "3"),
        ("A1区翠湖雅苑6栋楼下垃圾没人清", "翠湖雅苑", "6"),
        ("XX小区7号楼的下水道堵了", "XX小区", "7"),
    ],
)
def test_masked_and_formal_addresses(text: str, community: str, building: str) -> None:
    location = parse(text, NOW).location
    assert (location.community, location.building) == (community, building)


def test_a_date_closest_to_its_cue_wins_the_role() -> None:
    dates = parse("租客这个月底先不续了 下个月底再搬出去", NOW).dates
    assert dates.move_out is not None and dates.move_out.isoformat() == "2026-12-31"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("9幢的冯磊下周五退租", "冯磊"),
        ("504宋佳的电话号码变了 159 0000 1234", "宋佳"),
        ("Ravi Kumar changed his phone number to 13500001111", "Ravi Kumar"),
    ],
)
def test_names_before_their_news(text: str, name: str) -> None:
    assert parse(text, NOW).person.name == name


def test_a_french_passport_number() -> None:
    person = parse("新租客 护照 22FR41567 下周入住", NOW).person
    assert (person.id_type, person.id_number) == ("passport", "22FR41567")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("燃气灶点不着火 打了好几次都不行", Kind.REPAIR),
        ("房东说柜子是我弄坏的 要我赔五百", Kind.DISPUTE),
        ("退租的时候房东要扣我全部押金 这合理吗", Kind.DISPUTE),
        ("哪里有卖电动车充电器的 推荐一下", Kind.NONE),
        ("楼上天天装修 早上六点就开始砸 周末也不停", Kind.NOISE),
    ],
)
def test_round_three_vocabulary(text: str, kind: Kind) -> None:
    assert parse(text, NOW).kind is kind


def test_water_reaching_the_bed_is_urgent() -> None:
    reading = parse("屋里进水了 水都漫到沙发了 快来帮忙", NOW)
    assert (reading.kind, reading.urgent) == (Kind.LEAK, True)
