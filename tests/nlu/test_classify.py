"""Kind, urgency, confidence and language on messages written for these tests."""

from __future__ import annotations

import pytest

from bot.kinds import Kind
from bot.nlu.classify import classify, detect_language
from bot.nlu.duration import find_duration
from bot.nlu.normalize import normalize

# Written for the tests (not taken from the corpora): each kind, both languages,
# chat and formal styles, and the hard negatives.
MESSAGES = [
    ("卫生间顶上一直往下滴水 楼上也不在家 3栋501", Kind.LEAK),
    ("暖气片接口漏水了 地板都泡了", Kind.LEAK),
    ("下大雨阳台进水了 窗框那里渗进来的", Kind.LEAK),
    ("楼上洗澡水渗到我家墙里了 墙都发霉了", Kind.LEAK),
    ("The bathroom ceiling is leaking again, there's a puddle on the floor", Kind.LEAK),
    ("water keeps dripping from the light fitting in the kitchen", Kind.LEAK),
    ("下水道又堵了 厨房的水下不去", Kind.DRAIN),
    ("马桶冲不下去 好像堵住了 能找人通一下吗", Kind.DRAIN),
    ("院子里的污水井冒水了 臭烘烘的", Kind.DRAIN),
    ("The kitchen sink is clogged and the water won't drain", Kind.DRAIN),
    ("对面楼每天晚上唱K到一两点 实在受不了", Kind.NOISE),
    ("楼下饭店的排风扇噪音太大了 吵得头疼", Kind.NOISE),
    ("隔壁天天半夜吵吵嚷嚷的 影响我们休息", Kind.NOISE),
    ("Construction next door starts at 6am every day, so loud", Kind.NOISE),
    ("My neighbour's dog barks all night, I can't sleep", Kind.NOISE),
    ("房东要涨房租 合同还没到期 这样合理吗 想找人调解", Kind.DISPUTE),
    ("和对门因为鞋柜放楼道的事吵了一架 想请网格员评评理", Kind.DISPUTE),
    ("室友不交水电费还骂人 怎么办", Kind.DISPUTE),
    ("The landlord refuses to return my deposit, can someone mediate?", Kind.DISPUTE),
    ("楼梯间有人给电瓶车充电 电线从窗户拉出来的", Kind.FIRE_HAZARD),
    ("闻到一股煤气味 不知道哪家的", Kind.FIRE_HAZARD),
    ("厨房冒烟了 好像是电线短路", Kind.FIRE_HAZARD),
    ("消防通道堆满了杂物 万一着火人都出不去", Kind.FIRE_HAZARD),
    ("There's a strong smell of gas in the stairwell", Kind.FIRE_HAZARD),
    ("Someone keeps charging e-bikes in the corridor, the wires are everywhere", Kind.FIRE_HAZARD),
    ("空调坏了 一直滴滴响不制冷", Kind.REPAIR),
    ("楼道的感应灯不亮了 晚上看不见路", Kind.REPAIR),
    ("家里突然停电了 别人家都有电", Kind.REPAIR),
    ("防盗门的锁坏了 锁不上", Kind.REPAIR),
    ("The washing machine is broken and won't spin", Kind.REPAIR),
    ("The lift has been out of order for three days", Kind.REPAIR),
    ("楼下垃圾堆了一个星期 苍蝇到处飞", Kind.SANITATION),
    ("家里蟑螂太多了 能不能统一消杀", Kind.SANITATION),
    ("隔壁养鸡 味道特别大 还到处是鸡屎", Kind.SANITATION),
    ("The bins outside building 4 haven't been emptied and it stinks", Kind.SANITATION),
    ("We have rats in the basement", Kind.SANITATION),
    ("楼下的自行车被人偷了 锁都剪断了", Kind.SECURITY),
    ("晚上有个人一直在门口徘徊 很可疑", Kind.SECURITY),
    ("有人从楼上往下扔酒瓶 差点砸到人", Kind.SECURITY),
    ("Someone stole my package from outside my door", Kind.SECURITY),
    ("A stranger was trying door handles on our floor last night", Kind.SECURITY),
    ("隔壁的老大爷一个人住 最近病倒了 没人管", Kind.HARDSHIP),
    ("我老公工伤在家 家里没有收入了 能申请困难补助吗", Kind.HARDSHIP),
    ("I'm sick and have no one to take care of me, can someone help?", Kind.HARDSHIP),
    ("小区门口有辆车停了一个月没动过", Kind.PARKING),
    ("谁的电动车停在楼道口 挡路了", Kind.PARKING),
    ("Someone parked in my spot again", Kind.PARKING),
    ("新租客 王小明 手机13812345678 下周入住 7幢203", Kind.REGISTRATION),
    ("我家来了个新房客 叫刘涛 明天住进来", Kind.REGISTRATION),
    (
        "New tenant: John Smith from Canada, passport GA1234567, moving in on Friday",
        Kind.REGISTRATION,
    ),
    ("403的租客下个月搬走 麻烦注销", Kind.MOVE_OUT),
    ("租客小张今天退房了", Kind.MOVE_OUT),
    ("I'm moving out next week, room 305", Kind.MOVE_OUT),
    ("租客刘涛换手机号了 新的是13987654321", Kind.TENANT_UPDATE),
    ("我签证已经延期到2027年5月了", Kind.TENANT_UPDATE),
    ("I renewed my visa, it's valid until next June now", Kind.TENANT_UPDATE),
    ("大家晚上好", Kind.NONE),
    ("谢谢网格员 问题已经解决了", Kind.NONE),
    ("明天几点收垃圾啊", Kind.NONE),
    ("有人知道附近哪里有修电动车的吗", Kind.NONE),
    ("签证怎么续签 需要什么材料", Kind.NONE),
    ("【通知】本周五下午小区停电检修，请提前做好准备", Kind.NONE),
    ("转让二手冰箱 九成新 有意私聊", Kind.NONE),
    ("哈哈哈哈 笑死我了", Kind.NONE),
    ("漏水已经解决了 谢谢大家", Kind.NONE),
    ("下水道师傅已经通好了 现在没问题了", Kind.NONE),
    ("Thanks for fixing the heater so quickly!", Kind.NONE),
    ("Good morning everyone", Kind.NONE),
    ("Where can I buy a bike lock?", Kind.NONE),
    ("The leak has been fixed, thank you!", Kind.NONE),
    ("今天天气真好 大家出去走走", Kind.NONE),
    ("收到 马上处理", Kind.NONE),
    (
        "尊敬的领导：我是某某小区7栋的业主，我家卫生间楼上住户装修后一直往下渗水，天花板已经发黄脱落，多次找物业协调无果，恳请相关部门督促处理。",
        Kind.LEAK,
    ),
    (
        "本人居住在某某花园，小区东门的污水管道长期堵塞，每逢下雨污水就漫到路面，臭气熏天，希望有关部门尽快疏通。",
        Kind.DRAIN,
    ),
    (
        "某某路某某酒吧每晚营业到凌晨三四点，音响声震耳欲聋，附近居民长期无法休息，多次拨打热线无果。",
        Kind.NOISE,
    ),
    (
        "我们小区楼道里长期堆放电动车并私拉电线充电，存在严重火灾隐患，物业不作为，请消防部门检查。",
        Kind.FIRE_HAZARD,
    ),
    (
        "小区3号楼的电梯三天两头出故障，上周还困住了一位老人，物业推说在等配件，至今没有修好。",
        Kind.REPAIR,
    ),
    ("小区后门的垃圾站长期无人清理，蚊蝇滋生，夏天臭味难闻，严重影响居民生活。", Kind.SANITATION),
    (
        "最近小区接连发生入室盗窃案件，好几户人家被撬门，监控却一直是坏的，请求加强巡逻。",
        Kind.SECURITY,
    ),
    (
        "我父亲今年七十多岁，患有严重的心脏病，家里经济困难，医药费负担不起，想申请低保，请问需要什么手续？",
        Kind.HARDSHIP,
    ),
    ("小区内部道路两侧被车辆长期占用，乱停乱放现象严重，救护车都开不进来。", Kind.PARKING),
    (
        "楼下住户在公共楼道里砌墙圈地，我们多次协商无果，邻里关系紧张，请社区出面调解。",
        Kind.DISPUTE,
    ),
    ("楼上住户家的狗整夜叫个不停，我们跟他沟通过几次都没用。", Kind.NOISE),
    ("水管总阀坏了 关不上 水一直流", Kind.REPAIR),
    ("你家空调滴水滴到我家窗台上了", Kind.LEAK),
    ("楼道里有股烧焦的味道 大家检查一下自己家", Kind.FIRE_HAZARD),
    ("租客说房间里有跳蚤 被咬了好多包", Kind.SANITATION),
    ("有人冒充社区工作人员上门收费 大家不要上当", Kind.SECURITY),
    ("401租客王磊 联系电话换成13700001111了", Kind.TENANT_UPDATE),
    ("Tenant in 302 will move out on the 30th, please cancel the registration", Kind.MOVE_OUT),
    ("Hi! My friend Anna from Germany is moving in tomorrow, room 208", Kind.REGISTRATION),
    ("电梯里有人抽烟 烟味很大", Kind.SANITATION),
    ("请问社区医院几点下班", Kind.NONE),
    ("请问哪里可以办居住证", Kind.NONE),
    ("转发：关于开展冬季消防安全大检查的通知", Kind.NONE),
    ("温馨提示：近期天气寒冷，请注意防范一氧化碳中毒", Kind.NONE),
    ("昨天堵的下水道今天已经通了", Kind.NONE),
    ("路灯已经修好了 谢谢社区", Kind.NONE),
    ("好的 我晚点下来拿快递", Kind.NONE),
    ("出租：两室一厅 家电齐全 2500/月 联系138xxxx", Kind.NONE),
    ("Is there a laundry room in this building?", Kind.NONE),
    ("Nevermind, the power is back now", Kind.NONE),
    ("I'll be home around 6pm", Kind.NONE),
    ("有没有人知道哪里能修空调", Kind.NONE),
    ("明天停电是几点到几点", Kind.NONE),
    ("楼上卫生间防水没做好 我家顶上全是水印", Kind.LEAK),
    ("自来水管裂开了 在往外呲水", Kind.LEAK),
    ("外墙一下雨就往里渗 墙纸都掉了", Kind.LEAK),
    ("Water is seeping through the bathroom wall", Kind.LEAK),
    ("排水管堵死了 一楼都倒灌了", Kind.DRAIN),
    ("厨房下水返味 水也流得很慢", Kind.DRAIN),
    ("The shower drain is completely blocked", Kind.DRAIN),
    ("楼上每天早上五点就开始剁肉 咚咚咚", Kind.NOISE),
    ("小区门口的广场舞音响开得太大声了", Kind.NOISE),
    ("半夜还有人在楼道里大声喧哗", Kind.NOISE),
    ("There's a party upstairs every weekend until 3am", Kind.NOISE),
    ("楼上邻居说我家油烟熏到他们 跑来骂人 现在两家闹得很僵", Kind.DISPUTE),
    ("中介扣了我一千块押金 说我把墙弄脏了", Kind.DISPUTE),
    ("我和房东因为维修费谁出的问题一直谈不拢", Kind.DISPUTE),
    ("My roommate and I had a big argument about the rent split", Kind.DISPUTE),
    ("插座冒火花了 还有焦糊味", Kind.FIRE_HAZARD),
    ("有人在楼梯间堆了好多纸箱 消防通道都堵了", Kind.FIRE_HAZARD),
    ("隔壁出租屋里住了十几个人 电线乱拉 很危险", Kind.FIRE_HAZARD),
    ("The fire extinguisher on our floor is empty", Kind.FIRE_HAZARD),
    ("热水器不打火了 洗不了澡", Kind.REPAIR),
    ("门禁卡刷不开 进不了单元门", Kind.REPAIR),
    ("卫生间的灯泡烧了 换了也不亮", Kind.REPAIR),
    ("房间的窗户关不严 漏风", Kind.REPAIR),
    ("The door lock is broken and I can't lock my room", Kind.REPAIR),
    ("楼道里一股尿骚味 不知道谁干的", Kind.SANITATION),
    ("下雨后小区里蚊子特别多 能不能喷点药", Kind.SANITATION),
    ("隔壁家门口堆了一周的垃圾 都招苍蝇了", Kind.SANITATION),
    ("The shared bathroom is filthy and nobody cleans it", Kind.SANITATION),
    ("昨晚车棚里好几辆电动车的电瓶被偷了", Kind.SECURITY),
    ("有个男的在女生宿舍楼下转悠了好几天", Kind.SECURITY),
    ("有人半夜撬我家的门 吓死了", Kind.SECURITY),
    ("Someone broke into my car last night", Kind.SECURITY),
    ("楼下的阿姨中风了 家里就她一个人", Kind.HARDSHIP),
    ("我刚被公司裁员 房租交不上了", Kind.HARDSHIP),
    ("The old man in 101 lives alone and hasn't eaten properly for days", Kind.HARDSHIP),
    ("有人把车停在单元门口 救护车都进不来", Kind.PARKING),
    ("我的车位被别人占了 打电话也不接", Kind.PARKING),
    ("There's a car blocking the fire lane", Kind.PARKING),
    ("新住户登记 赵敏 18612345678 本周日搬来 3栋102", Kind.REGISTRATION),
    ("我这边来了个新租户 叫孙浩 身份证号码后面发你", Kind.REGISTRATION),
    ("A new student from Japan will move into room 402 next Monday", Kind.REGISTRATION),
    ("302的租户这个月底就不住了", Kind.MOVE_OUT),
    ("租客下周六搬家走人 麻烦来核对一下", Kind.MOVE_OUT),
    ("We are moving out of building 5 on the 28th", Kind.MOVE_OUT),
    ("租客李娜的护照更换了 新号码E12345678", Kind.TENANT_UPDATE),
    ("My phone number changed, the new one is 13912345678", Kind.TENANT_UPDATE),
    ("阿强的手机号码变了 现在是13600001111", Kind.TENANT_UPDATE),
    ("谢谢大家 猫已经找到了", Kind.NONE),
    ("请问这周还收物业费吗", Kind.NONE),
    ("有谁知道社区医院周末开门吗", Kind.NONE),
    ("【温馨提示】明天有大风 请收好阳台物品", Kind.NONE),
    ("低价出售九成新电动车一辆 有需要的联系", Kind.NONE),
    ("祝大家中秋快乐", Kind.NONE),
    ("楼道灯昨天已经换好了 感谢物业", Kind.NONE),
    ("Thank you all, the water is back on", Kind.NONE),
    ("Happy new year everyone!", Kind.NONE),
    ("Our toilet keeps overflowing whenever the neighbours flush", Kind.DRAIN),
    ("There's sewage coming up through the floor drain in the bathroom", Kind.DRAIN),
    ("The radiator pipe is leaking onto the carpet", Kind.LEAK),
    ("Rain gets in through the window frame every time it storms", Kind.LEAK),
    ("My upstairs neighbour drills the wall every morning at 7", Kind.NOISE),
    ("The bar downstairs blasts music past midnight", Kind.NOISE),
    ("Landlord keeps entering my room without permission", Kind.DISPUTE),
    ("My flatmate refuses to pay his share of the bills and we keep arguing", Kind.DISPUTE),
    ("The hallway smells of burning plastic", Kind.FIRE_HAZARD),
    ("Someone is smoking in the stairwell next to the gas pipes", Kind.FIRE_HAZARD),
    ("The power socket in my room sparks when I plug anything in", Kind.FIRE_HAZARD),
    ("No hot water since Monday, the boiler seems dead", Kind.REPAIR),
    ("The elevator in building 4 is not working again", Kind.REPAIR),
    ("Internet has been down for two days", Kind.REPAIR),
    ("There are cockroaches in my room and the kitchen stinks", Kind.SANITATION),
    ("The rubbish bins have not been emptied for a week", Kind.SANITATION),
    ("My phone was stolen in the laundry room", Kind.SECURITY),
    ("A man has been following girls from the dorm at night", Kind.SECURITY),
    ("My classmate is very ill and can't afford the hospital", Kind.HARDSHIP),
    ("A delivery van is parked across the entrance and nobody can get in", Kind.PARKING),
    (
        "Hi, my name is Ana Silva from Brazil, I will move in on December 3rd, room 503",
        Kind.REGISTRATION,
    ),
    ("I am leaving China next week, please cancel my registration", Kind.MOVE_OUT),
    ("I got my visa extended until 2027/08/01", Kind.TENANT_UPDATE),
    ("Can anyone recommend a good dentist?", Kind.NONE),
    ("What time does the supermarket close?", Kind.NONE),
    ("Thanks a lot, the toilet is fine now", Kind.NONE),
    ("See you all at the meeting tomorrow", Kind.NONE),
    (
        "您好，我是某小区业主，小区二次供水水箱多年未清洗，自来水发黄有异味，请求相关部门督促物业整改。",
        Kind.REPAIR,
    ),
    (
        "我家楼下商铺开了一家汽修店，每天从早到晚敲敲打打，电焊声切割声不断，严重影响休息。",
        Kind.NOISE,
    ),
    (
        "我们单元一楼住户私自把公共楼道改成自家储物间，还装了铁门，其他住户出入受阻，多次协商不成。",
        Kind.DISPUTE,
    ),
    (
        "小区地下车库电动车集中停放充电，线路私拉乱接，一旦起火后果不堪设想，请消防部门来检查。",
        Kind.FIRE_HAZARD,
    ),
    ("我母亲八十多岁独自居住，行动不便，儿女都在外地打工，希望社区能上门关照一下。", Kind.HARDSHIP),
    ("近期小区夜间频繁有人翻墙进入，已有多户车辆被划、物品丢失，保安形同虚设。", Kind.SECURITY),
    ("小区门口摊贩占道经营，垃圾满地，污水横流，蚊蝇滋生，附近居民苦不堪言。", Kind.SANITATION),
    ("我们楼顶防水层老化，一下雨顶楼住户家里就漏雨，墙体发霉，物业一直推诿。", Kind.LEAK),
    ("小区化粪池满溢，粪水流到路面上，已经一个多星期了，物业说要等市政来抽。", Kind.DRAIN),
]


@pytest.mark.parametrize(("text", "kind"), MESSAGES)
def test_kind(text: str, kind: Kind) -> None:
    assert classify(normalize(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("不是漏水 是楼上浇花洒下来的", Kind.NONE),
        ("并没有漏水 大家放心", Kind.NONE),
        ("It's not leaking any more", Kind.NONE),
    ],
)
def test_a_negated_phrase_does_not_count(text: str, kind: Kind) -> None:
    assert classify(normalize(text)).kind is kind


@pytest.mark.parametrize(
    "text",
    [
        "漏水已经修好了",
        "厕所堵的问题已经解决了",
        "电动车找回来了 谢谢",
        "The leak was fixed yesterday",
    ],
)
def test_already_fixed_is_none(text: str) -> None:
    assert classify(normalize(text)).kind is Kind.NONE


def test_gas_smell_is_a_fire_hazard_not_a_leak() -> None:
    assert classify("厨房里一股煤气味").kind is Kind.FIRE_HAZARD
    assert classify("燃气管道漏气了").kind is Kind.FIRE_HAZARD


def test_a_quarrel_about_a_leak_is_a_dispute() -> None:
    assert classify("楼上漏水 跟楼下吵起来了 想请人调解").kind is Kind.DISPUTE


@pytest.mark.parametrize(
    "text",
    [
        "【通知】明天电梯维修 停水停电 请提前准备",
        "【消防安全通知】本周检查电动车进楼充电",
        "物业通知：4号楼明天停水",
        "@所有人 垃圾分类定时投放 过时不候",
    ],
)
def test_a_notice_header_makes_a_notice_whatever_it_mentions(text: str) -> None:
    assert classify(normalize(text)).kind is Kind.NONE


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("【求助】3栋漏水了 快来看看", Kind.LEAK),
        ("楼下漏水 请大家注意", Kind.LEAK),
        ("各位房东注意：3栋着火了 快跑", Kind.FIRE_HAZARD),
    ],
)
def test_a_report_that_borrows_notice_words_stays_a_report(text: str, kind: Kind) -> None:
    assert classify(normalize(text)).kind is kind


def test_a_question_with_a_real_problem_stays_a_report() -> None:
    assert classify("楼上漏水到我家了 找谁处理啊?").kind is Kind.LEAK


@pytest.mark.parametrize(
    "text",
    [
        "着火了 3楼冒浓烟",
        "厨房水管爆了 水往外喷",
        "有股很浓的煤气味",
        "两个人在楼下打起来了 有人流血",
        "电梯坏了 困了三个人在里面",
        "Someone is trapped in the lift!",
        "Smoke is coming out of room 302",
    ],
)
def test_urgent(text: str) -> None:
    verdict = classify(normalize(text))
    assert verdict.urgent, verdict


@pytest.mark.parametrize(
    "text",
    [
        "楼道灯坏了",
        "楼上有点吵",
        "厨房油锅起火了 已经扑灭了",
        "刚才冒烟是在烧烤 虚惊一场",
        "楼道里停满电动车充电 万一着火怎么办",
        "楼上每天晚上打架子鼓 吵得睡不着",
    ],
)
def test_not_urgent(text: str) -> None:
    assert not classify(normalize(text)).urgent


@pytest.mark.parametrize("text", ["27幢119隔壁吵架", "119室门锁坏了", "我住120，门锁坏了"])
def test_room_119_or_120_is_not_an_emergency_call(text: str) -> None:
    # Bug: the digits of a room number matched the cues "119"/"120", so a quarrel in room
    # 119 told the group to call the police and a broken lock in 120 to call an ambulance.
    verdict = classify(normalize(text))
    assert not verdict.urgent, verdict
    assert verdict.kind is not Kind.FIRE_HAZARD


def test_the_emergency_numbers_themselves_still_alarm() -> None:
    assert classify(normalize("着火了 快打119")).urgent


def test_english_phrases_match_whole_words_only() -> None:
    assert classify("I would rather park the idea").kind is Kind.PARKING
    assert classify("A fireman visited our class").kind is Kind.NONE
    assert classify("The rats are back in the kitchen").kind is Kind.SANITATION


def test_confidence_is_a_belief_between_zero_and_one() -> None:
    clear = classify("厕所堵了 下水道反水 马桶冲不下去")
    vague = classify("楼上有点吵 装修")
    chatter = classify("哈哈 好的")
    for verdict in (clear, vague, chatter):
        assert 0.0 <= verdict.confidence <= 1.0
    assert clear.confidence > vague.confidence


def test_matched_phrases_explain_the_kind() -> None:
    assert "漏水" in classify("卫生间漏水").matched


@pytest.mark.parametrize(
    ("text", "lang"),
    [("楼上漏水", "zh"), ("Water leaking in room 204", "en"), ("Shower 下水堵了 Room 406", "zh")],
)
def test_language(text: str, lang: str) -> None:
    assert detect_language(text.lower()) == lang


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("漏水两天了", "两天了"),
        ("灯坏了一个多月了", "一个多月了"),
        ("leaking for 3 days", "for 3 days"),
    ],
)
def test_duration(text: str, duration: str) -> None:
    assert find_duration(text) == duration
