"""Issue 18's families of messages, each in several phrasings of our own.

None of these lines is in the training corpus (training/data/) or the held-out set
(benchmarks/heldout/); they state what the parser must do with a kind of message, so a
change that breaks a family fails here whatever the aggregate figures say.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.kinds import Kind
from bot.nlu import parse

NOW = datetime.fromisoformat("2026-11-23T10:00:00+08:00")


def kind_of(text: str) -> Kind:
    return parse(text, NOW).kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("隔壁天天半夜打麻将 吵得孩子睡不好 谁能管管他们", Kind.NOISE),
        ("合租的人把我的锅碗全用坏了还不认 能不能找人评评理", Kind.DISPUTE),
        ("我老公工伤躺在床上 家里没收入了 社区能不能帮帮我们", Kind.HARDSHIP),
        ("厕所堵了三天 房东电话打不通 这种情况找谁", Kind.DRAIN),
        (
            "Our landlord switched off the water because we complained, what can we do?",
            Kind.DISPUTE,
        ),
    ],
)
def test_a_personal_problem_asked_as_a_question_is_a_report(text: str, kind: Kind) -> None:
    assert kind_of(text) is kind


@pytest.mark.parametrize(
    "text",
    [
        "请问社区办证大厅周六开门吗",
        "想问一下附近哪里可以修手表",
        "新来的 请问快递一般放哪儿",
        "How late is the supermarket by the east gate open?",
        "请问垃圾分类的桶在哪里领",
    ],
)
def test_a_plain_question_for_information_is_none(text: str) -> None:
    assert kind_of(text) is Kind.NONE


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("窗框和墙中间有条缝 一下雨水就往屋里流", Kind.LEAK),
        ("屋顶瓦片碎了 雨水顺着梁往下滴", Kind.LEAK),
        ("洗衣机的进水管接头一直往外冒水", Kind.LEAK),
        ("The pipe joint under my kitchen sink drips all day", Kind.LEAK),
        ("三楼楼梯的扶手松了 一扶就晃", Kind.REPAIR),
        ("花园里公共水龙头关不上了 水一直在流", Kind.REPAIR),
        ("单元门口被一排电动车堵住了 轮椅推不进去", Kind.PARKING),
        ("Shared bikes are piled in front of the stairwell door, nobody can get in", Kind.PARKING),
        ("楼后面有人在焚烧旧家具 浓烟飘进屋里", Kind.FIRE_HAZARD),
    ],
)
def test_the_thing_not_the_word_decides_the_kind(text: str, kind: Kind) -> None:
    assert kind_of(text) is kind


@pytest.mark.parametrize(
    "text",
    [
        "【转发】一图读懂冬季用电安全 https://mp.weixin.qq.com/s/q8Zt1",
        "转：消防部门提醒，电动车入户充电极易引发火灾，请大家务必在室外充电",
        "分享一篇文章：《燃气泄漏时，这三件事千万别做》",
        "物业通知：明天上午九点起7号楼停水检修，预计下午三点恢复",
        "Forwarded from the property office: the east gate will be closed for repairs on Friday",
    ],
)
def test_shared_links_and_forwarded_notices_are_not_reports(text: str) -> None:
    assert kind_of(text) is Kind.NONE


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "尊敬的领导您好！我家住在向阳小区12幢，楼下商铺去年改成了饭店。最近几个月，饭店"
            "每天从早到晚开着大功率排风机，轰鸣声不断，晚上十一点以后还有洗碗和搬运的声音，"
            "我们一家老小都睡不好。他们的垃圾桶也放在楼道口，偶尔有异味。恳请有关部门督促"
            "饭店控制营业时间和噪音。",
            Kind.NOISE,
        ),
        (
            "网格员你好，我租的房子在新桥村8号。房子的屋顶从上个月开始漏雨，卧室的墙皮已经"
            "泡得起鼓，每次下雨都要用好几个盆接水。房东说等过完年再修，可是现在下雨天根本"
            "没法住。另外门口的路灯也不亮了，单元门也关不上。麻烦帮忙催一下房东先把屋顶补好。",
            Kind.LEAK,
        ),
    ],
)
def test_a_long_letter_is_about_its_main_complaint(text: str, kind: Kind) -> None:
    assert kind_of(text) is kind


@pytest.mark.parametrize(
    "text",
    [
        "楼下一套房子被二房东隔成了九个单间 住满了打工的",
        "302被分隔成好几个小房间出租 走廊里全是电线",
        "举报 7幢有群租 一套房住了十几个人",
        "The landlord has partitioned the flat next door into eight tiny rooms",
    ],
)
def test_a_flat_split_into_many_rooms_is_a_fire_hazard(text: str) -> None:
    assert kind_of(text) is Kind.FIRE_HAZARD


@pytest.mark.parametrize(
    "text",
    [
        "又有人从楼上往下扔瓶子 差点砸到楼下的小孩",
        "楼上往下倒剩饭 全倒在我家晾的衣服上",
        "高空抛物 一只花盆从楼上掉下来砸坏了车",
        "Someone on an upper floor keeps throwing rubbish out of the window onto the path",
    ],
)
def test_objects_thrown_from_height_are_security(text: str) -> None:
    assert kind_of(text) is Kind.SECURITY


@pytest.mark.parametrize(
    "text",
    [
        "楼下有个阿姨突然晕倒了 叫她也没反应",
        "我舍友在宿舍里昏过去了 快帮帮忙",
        "有个老大爷在单元门口摔倒了 头上在流血",
        "A man just collapsed outside building 4 and isn't responding",
        "My neighbour fell down the stairs and can't get up",
    ],
)
def test_a_person_fainted_or_injured_is_urgent_hardship(text: str) -> None:
    reading = parse(text, NOW)
    assert (reading.kind, reading.urgent) == (Kind.HARDSHIP, True)


@pytest.mark.parametrize(
    "text",
    [
        "一开门就闻到很浓的煤气味",
        "楼梯间全是燃气的味道 不知道谁家漏了",
        "厨房天然气管子那儿有臭味 是不是漏气了",
        "There's a smell of gas on our landing, very strong",
    ],
)
def test_a_gas_smell_is_an_urgent_fire_hazard(text: str) -> None:
    reading = parse(text, NOW)
    assert (reading.kind, reading.urgent) == (Kind.FIRE_HAZARD, True)


@pytest.mark.parametrize(
    "text",
    [
        "燃气公司下周来家里查表 记得留人",
        "昨天的煤气味是楼下在熬中药 没事了",
        "转发：家里闻到燃气味怎么办？先关阀门再开窗",
    ],
)
def test_gas_words_in_a_notice_or_an_all_clear_are_not_an_alarm(text: str) -> None:
    reading = parse(text, NOW)
    assert (reading.kind, reading.urgent) == (Kind.NONE, False)


@pytest.mark.parametrize(
    ("text", "room", "name"),
    [
        ("The guy in room 1404 has left for good, please sign him out", "1404", None),
        ("Room 703: Daniel moved out yesterday, keys are back", "703", "Daniel"),
        (
            "Please cancel the registration for room 208, the tenant went home last week",
            "208",
            None,
        ),
    ],
)
def test_an_english_move_out_is_a_move_out(text: str, room: str, name: str | None) -> None:
    reading = parse(text, NOW)
    assert reading.kind is Kind.MOVE_OUT
    assert (reading.location.room, reading.person.name) == (room, name)


@pytest.mark.parametrize(
    ("text", "room", "name", "phone"),
    [
        ("406 胡静 新号码 13712348765", "406", "胡静", "13712348765"),
        ("1502 吕晨 换号了 159 1234 8765", "1502", "吕晨", "15912348765"),
        ("room 311, Omar, new number 18612348765", "311", "Omar", "18612348765"),
    ],
)
def test_a_short_room_name_new_phone_line_is_a_tenant_update(
    text: str, room: str, name: str, phone: str
) -> None:
    reading = parse(text, NOW)
    assert reading.kind is Kind.TENANT_UPDATE
    assert (reading.location.room, reading.person.name, reading.person.phone) == (room, name, phone)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("白雪梅下周二搬进来 住9栋103", "白雪梅"),
        ("严浩 身份证330106197206179846 今天入住", "严浩"),
        ("Sofia Romano moved into room 810 today", "Sofia Romano"),
    ],
)
def test_a_name_at_the_very_start_is_taken(text: str, name: str) -> None:
    assert parse(text, NOW).person.name == name


@pytest.mark.parametrize(
    ("text", "name", "nationality"),
    [
        ("新租客 Pham Thi Thu 越南 护照C7654321 下周入住", "Pham Thi Thu", "VN"),
        ("登记：Yamamoto Kenta 日本留学生 住6栋201", "Yamamoto Kenta", "JP"),
        ("入住人：Ivan Morozov（俄罗斯）护照 75 7654321", "Ivan Morozov", "RU"),
        ("新住户 阿卜杜勒 巴基斯坦人 明天入住", "阿卜杜勒", "PK"),
    ],
)
def test_a_foreign_name_in_a_chinese_registration_is_taken(
    text: str, name: str, nationality: str
) -> None:
    person = parse(text, NOW).person
    assert (person.name, person.nationality) == (name, nationality)
