"""Parser speed on a generated stream of 80% chatter and 20% reports, long and short.

Run: `python benchmarks/bench_parse.py` (`make bench-parse`).

Prints messages per second on one core, p50/p99 latency per message, the time of
`import bot.nlu` and the resident memory of a process that parsed the stream (both
measured in fresh subprocesses), the time of one 100 KB adversarial message, and
`gridbot parse --jsonl` end to end: a fresh process reading the stream as JSON lines from
a file and writing its readings to another, start-up included (median of 3 runs), as run
by default (worker processes on the usable CPUs) and with `--jobs 1`, with the CPU time
it used per message and the machine's load average (the host is shared: a busy host shows
as a low rate at an unchanged CPU time).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
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
    "Is the gym in the clubhouse open on {day}? I want to go after work",
    "{who} 你的快递到了 在驿站 取件码{n}",
    "我们{b}栋这周谁值日啊",
)
# Forwarded notices and long chat: about one chatter message in six is long.
CHATTER_LONG = (
    "【转发】{day}起全市开展冬季防火专项检查，各小区物业要对楼道堆物、电动车违规停放、"
    "私拉电线充电等问题逐一排查，发现一处整改一处。居民朋友如发现隐患可拨打12345反映。"
    "另外提醒大家：天气干燥，外出请关闭电源燃气，家中老人小孩注意用火安全。转给家里人看看。",
    "各位邻居好，我是{b}栋的{who}，下周{day}我家装修，大概持续两个星期，每天早上8点到中午12点、"
    "下午2点到6点会有电钻声音，给大家带来不便非常抱歉。装修垃圾会按规定装袋运走，不会堆在楼道。"
    "有什么问题可以直接联系我，电话就在物业登记的那个，谢谢大家理解！",
    "Hi all, this is {who} from building {b}. Our student association is organising a dinner "
    "on {day} evening at the canteen near the north gate, everyone is welcome, just reply here "
    "so we know how many people are coming. Bring your roommates! There will be dumplings and "
    "a short quiz about the city, prizes for the winners.",
    "好消息：社区食堂{day}开始对外开放，早餐6:30-8:30，午餐11:00-13:00，晚餐17:00-19:00，"
    "60岁以上老人凭身份证打八折，80岁以上免费送一份汤。欢迎大家来尝尝，有意见可以在群里提。",
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
# Letters of complaint: about one report in five.
REPORTS_LONG = (
    "尊敬的领导您好！我是{b}幢{u}单元的住户。我们楼上{r}室最近半年几乎每天晚上都在家里"
    "开音响唱歌，一直到凌晨一两点，我们上门沟通了三次，物业也来过两次，都没有任何改善。"
    "家里老人有高血压，孩子明年要中考，实在休息不好。另外他们还把垃圾放在楼道里好几天不扔，"
    "味道很大。恳请社区出面协调，让他们晚上十点以后保持安静。",
    "网格员您好，{b}号楼{r}的卫生间天花板从上个月开始渗水，起初只是一小块发黄，现在已经"
    "往下滴水了，灯具旁边也是湿的，我很担心漏电。楼上住户说他们家没有问题，物业说要等维修"
    "基金审批，一直拖着。麻烦帮忙协调一下，尽快找人来查漏水的原因，谢谢！",
    "Dear grid office, I live in building {b}, room {r}. For three weeks the lift in our "
    "building has been breaking down almost every day; last {day} two old ladies were stuck "
    "inside for forty minutes. The management company says they are waiting for parts. Many "
    "residents here are elderly and cannot climb the stairs. Please push them to fix it.",
)
NAMES = ("小王", "李姐", "阿强", "Tom", "老陈")
DAYS = ("明天", "下周三", "月底", "周六", "今天")


def generate(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    messages = []
    for _ in range(count):
        if rng.random() < 0.2:
            template = rng.choice(REPORTS_LONG if rng.random() < 0.2 else REPORTS)
        else:
            template = rng.choice(CHATTER_LONG if rng.random() < 0.15 else CHATTER)
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


CLI_NOW = "2026-11-23T10:00:00+08:00"


def cli_run(stream_file: Path, expected: int, jobs: int | None) -> tuple[float, float]:
    """Wall and CPU seconds (its workers included) of one `gridbot parse --jsonl` process
    over the file, start-up included."""
    command = [str(Path(sys.executable).with_name("gridbot")), "parse", "--jsonl", "--now", CLI_NOW]
    command += [] if jobs is None else ["--jobs", str(jobs)]
    with stream_file.open("rb") as stdin, tempfile.TemporaryFile() as stdout:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, stdin=stdin, stdout=stdout, check=True, cwd=ROOT)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        stdout.seek(0)
        lines = sum(1 for _ in stdout)
    if lines != expected:
        raise SystemExit(f"gridbot parse wrote {lines} readings for {expected} lines")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def end_to_end(stream: list[str], runs: int = 3) -> dict[str, object]:
    """The command as a user runs it (workers on every usable CPU) and with --jobs 1."""
    from bot.commands.parse import default_jobs

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stream.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for number, text in enumerate(stream):
                record = {"id": number, "chat": f"group-{number % 37}", "text": text}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        empty = Path(folder) / "empty.jsonl"
        empty.write_bytes(b"")
        start_up = min(cli_run(empty, 0, 1)[0] for _ in range(runs))
        parallel = [cli_run(path, len(stream), None) for _ in range(runs)]
        serial = [cli_run(path, len(stream), 1) for _ in range(runs)]
    rates = sorted(round(len(stream) / wall) for wall, _ in parallel)
    serial_rates = sorted(round(len(stream) / wall) for wall, _ in serial)
    return {
        "cli_jobs": default_jobs(),
        "cli_msgs_per_s": statistics.median(rates),
        "cli_runs_msgs_per_s": rates,
        "cli_jobs1_msgs_per_s": statistics.median(serial_rates),
        "cli_jobs1_runs_msgs_per_s": serial_rates,
        "cli_cpu_us_per_msg": round(
            1e6 * statistics.median(c for _, c in parallel) / len(stream), 1
        ),
        "cli_jobs1_cpu_us_per_msg": round(
            1e6 * statistics.median(c for _, c in serial) / len(stream), 1
        ),
        "cli_start_up_ms": round(start_up * 1000, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="parser throughput and latency")
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--cli-messages", type=int, default=100_000)
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
        "stream_mean_chars": round(sum(map(len, stream)) / len(stream), 1),
        **end_to_end(generate(args.cli_messages, seed=11)),
    }
    for name, value in figures.items():
        print(f"{name:<22} {value}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
