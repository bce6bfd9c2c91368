"""Parser speed on a generated stream of 80% chatter and 20% reports.

Run: `python benchmarks/bench_parse.py` (`make bench-parse`).

Prints messages per second on one core, p50/p99 latency per message, the time of
`import bot.nlu` and the resident memory of a process that parsed the stream (both
measured in fresh subprocesses), and the time of one 100 KB adversarial message.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime.fromisoformat("2026-11-23T10:00:00+08:00")

CHATTER = (
    "好的{n}",
    "收到 谢谢{who}",
    "哈哈哈 {who}太逗了",
    "今天{day}降温了 大家注意保暖",
    "有没有人{day}一起去买菜",
    "{who}在吗",
    "[强][强]",
    "ok thanks 👌",
    "see you {day}",
    "明天{day}几点开会啊",
    "这个月电费怎么这么贵",
    "晚上吃啥",
    "请问快递放哪里了",
    "Does anyone know a good noodle place near campus?",
    "早上好☀️ {who}",
    "辛苦了{who}",
    "出租 单间 {n}元/月 拎包入住",
    "【通知】{day}上午{n}点停水，请提前储水",
    "谢谢师傅 {b}栋漏水已经修好了",
    "群里别发广告了啊",
    "周末有人打球吗 {n}点",
)
REPORTS = (
    "{b}幢{u}单元{r}室 卫生间天花板一直在滴水 麻烦看一下",
    "楼上半夜{n}点还在蹦迪 吵得睡不着 {b}栋{r}",
    "厕所堵了 冲不下去 {b}幢{r}",
    "有人把电动车推进屋里充电 {b}号楼{u}单元",
    "楼道灯坏了一个多星期了 {b}栋",
    "垃圾桶满了好几天没人清理 臭死了 {b}幢门口",
    "我的电动车昨晚在楼下被偷了 {b}幢",
    "新租客 张{who} 电话13857{n:06d} 身份证310102198807061232 {day}入住 {b}幢{r}",
    "租客李{who} {day}退租 {b}栋{r} 麻烦注销一下",
    "Water is leaking from the ceiling, room {r} building {b}, please help",
    "着火了！{b}号楼{f}楼冒浓烟 快打119",
    "两个人在楼下吵架 快打起来了 {b}幢",
)
NAMES = ("小王", "李姐", "阿强", "Tom", "老陈")
DAYS = ("明天", "下周三", "月底", "周六", "今天")


def generate(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    messages = []
    for _ in range(count):
        template = rng.choice(REPORTS if rng.random() < 0.2 else CHATTER)
        messages.append(
            template.format(
                n=rng.randint(1, 999_999),
                who=rng.choice(NAMES),
                day=rng.choice(DAYS),
                b=rng.randint(1, 40),
                u=rng.randint(1, 4),
                r=rng.randint(1, 6) * 100 + rng.randint(1, 9),
                f=rng.randint(1, 7),
            )
        )
    return messages


def adversarial(size: int = 100_000) -> str:
    pieces = ("(", "漏(lou", "[", "{", "12345", "幢", "单元", "(zu)", "\u202e", "a" * 7, "号楼")
    rng = random.Random(3)
    text = ""
    while len(text) < size:
        text += rng.choice(pieces)
    return text[:size]


def subprocess_figure(code: str) -> float:
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return float(result.stdout.strip().splitlines()[-1])


IMPORT_CODE = "import time; t = time.perf_counter(); import bot.nlu; print(time.perf_counter() - t)"
MEMORY_CODE = """
import resource
from benchmarks.bench_parse import generate, NOW
from bot.nlu import parse
for text in generate({count}):
    parse(text, NOW)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="parser throughput and latency")
    parser.add_argument("--messages", type=int, default=20_000)
    args = parser.parse_args(argv)

    from bot.nlu import parse

    stream = generate(args.messages)
    for text in [*stream[:500], "漏(lou)水"]:  # warm caches and the lazy pinyin import
        parse(text, NOW)
    latencies = []
    started = time.perf_counter()
    for text in stream:
        t0 = time.perf_counter()
        parse(text, NOW)
        latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    latencies.sort()
    heavy = adversarial()
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        parse(heavy, NOW)
        runs.append(time.perf_counter() - t0)
    adversarial_ms = max(runs) * 1000
    import_s = min(subprocess_figure(IMPORT_CODE) for _ in range(3))
    memory_mb = subprocess_figure(MEMORY_CODE.format(count=args.messages))
    figures = {
        "messages": len(stream),
        "msgs_per_s": round(len(stream) / elapsed),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 4),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 4),
        "max_ms": round(latencies[-1] * 1000, 3),
        "adversarial_100kb_worst_ms": round(adversarial_ms, 2),
        "import_bot_nlu_ms": round(import_s * 1000, 1),
        "max_rss_mb": round(memory_mb, 1),
    }
    for name, value in figures.items():
        print(f"{name:<22} {value}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
