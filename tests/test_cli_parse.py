"""`gridbot parse` per ../shared/spec/parse-contract.md, run as a real process."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from typing import Any

NOW = "2026-11-23T10:00:00+08:00"


def run_parse(stdin: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "parse", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


def readings(stdout: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines()]


def test_one_reading_per_line_in_order() -> None:
    lines = ["10幢2单元301漏水了", "谢谢", "I smell gas in the hallway", "厕所堵了"]
    result = run_parse("\n".join(lines).encode() + b"\n", "--now", NOW)
    assert result.returncode == 0
    kinds = [reading["kind"] for reading in readings(result.stdout)]
    assert kinds == ["leak", "none", "fire_hazard", "drain"]


def test_the_reading_has_exactly_the_contract_keys() -> None:
    result = run_parse("着火了 冒浓烟\n".encode(), "--now", NOW)
    (reading,) = readings(result.stdout)
    assert set(reading) == {"kind", "urgent", "location", "person", "dates", "confidence"}
    assert set(reading["location"]) == {"community", "building", "unit", "floor", "room"}
    assert set(reading["person"]) == {"name", "phone", "id_type", "id_number", "nationality"}
    assert set(reading["dates"]) == {"visa_expiry", "move_in", "move_out"}
    assert (reading["kind"], reading["urgent"]) == ("fire_hazard", True)


def test_blank_undecodable_and_oversized_lines_each_give_none() -> None:
    oversized = b"a" * (2 << 20)
    stdin = b"\n".join([b"", b"\xff\xfe\xfa", oversized, "漏水了".encode(), b"   "]) + b"\n"
    result = run_parse(stdin, "--now", NOW)
    assert result.returncode == 0
    assert [reading["kind"] for reading in readings(result.stdout)] == [
        "none",
        "none",
        "none",
        "leak",
        "none",
    ]


def test_last_line_without_newline_and_crlf_endings_are_read() -> None:
    result = run_parse("厕所堵了\r\n漏水了".encode(), "--now", NOW)
    assert [reading["kind"] for reading in readings(result.stdout)] == ["drain", "leak"]


def test_jsonl_reads_the_text_key_and_treats_other_lines_as_junk() -> None:
    stdin = "\n".join(
        [
            json.dumps({"text": "楼上半夜蹦迪 吵得睡不着", "kind": "ignored"}),
            "not json",
            json.dumps({"text": 5}),
            json.dumps(["text"]),
            json.dumps({"text": "厕所堵了"}, ensure_ascii=False),
        ]
    ).encode()
    result = run_parse(stdin, "--jsonl", "--now", NOW)
    assert result.returncode == 0
    kinds = [reading["kind"] for reading in readings(result.stdout)]
    assert kinds == ["noise", "none", "none", "none", "drain"]


def test_each_reading_is_flushed_before_the_next_line_arrives() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "parse", "--now", NOW],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("漏水了\n".encode())
        process.stdin.flush()
        first = json.loads(process.stdout.readline())
        process.stdin.write("厕所堵了\n".encode())
        process.stdin.close()
        second = json.loads(process.stdout.readline())
        assert process.wait(timeout=60) == 0
    assert (first["kind"], second["kind"]) == ("leak", "drain")


def test_default_now_comes_from_the_configuration() -> None:
    result = run_parse("漏水了\n".encode())
    assert result.returncode == 0
    assert readings(result.stdout)[0]["kind"] == "leak"


def test_a_malformed_now_is_a_usage_error() -> None:
    result = run_parse(b"x\n", "--now", "next tuesday")
    assert result.returncode == 2
    assert b"ISO 8601" in result.stderr


def test_relative_dates_resolve_in_the_offset_of_now() -> None:
    # 23:30 on the 23rd at UTC-5 is already the 24th in Shanghai; "明天" is still the 24th.
    stdin = "新租客 王芳 明天入住\nI will move in tomorrow\n".encode()
    result = run_parse(stdin, "--now", "2026-11-23T23:30:00-05:00")
    moves = [reading["dates"]["move_in"] for reading in readings(result.stdout)]
    assert moves == ["2026-11-24", "2026-11-24"]


def test_random_bytes_give_exactly_one_reading_per_line() -> None:
    rng = random.Random(5)
    lines = [bytes(rng.randrange(256) for _ in range(rng.randrange(200))) for _ in range(300)]
    stdin = b"\n".join(line.replace(b"\n", b"").replace(b"\r", b"") for line in lines) + b"\n"
    result = run_parse(stdin, "--now", NOW)
    assert result.returncode == 0
    assert len(readings(result.stdout)) == len(lines)


def test_workers_give_the_readings_one_process_gives_in_the_same_order() -> None:
    rng = random.Random(11)
    pieces = [
        "漏水了",
        "谢谢",
        "5幢302",
        "新租客 王芳 电话13812345678 明天入住",
        "I smell gas",
        "好的",
    ]
    lines = [" ".join(rng.choice(pieces) for _ in range(rng.randrange(1, 4))) for _ in range(2000)]
    lines[1234] = ""  # a blank line still gets its reading, in its place
    stdin = "\n".join(lines).encode() + b"\n"
    serial = run_parse(stdin, "--now", NOW, "--jobs", "1")
    parallel = run_parse(stdin, "--now", NOW, "--jobs", "3")
    assert serial.returncode == parallel.returncode == 0
    assert len(readings(parallel.stdout)) == len(lines)
    assert parallel.stdout == serial.stdout


def test_jobs_must_be_a_positive_whole_number() -> None:
    for value in ("0", "-2", "many"):
        result = run_parse(b"x\n", "--now", NOW, "--jobs", value)
        assert result.returncode == 2
        assert b"positive whole number" in result.stderr


def test_the_template_for_a_reading_without_fields_is_what_json_dumps_writes() -> None:
    from datetime import datetime

    from bot.commands.parse import reading_encoder
    from bot.nlu import parse

    encode = reading_encoder()
    moment = datetime.fromisoformat(NOW)
    for text in ("收到", "着火了 冒浓烟", "thanks!", "楼上好吵", "漏水了 5幢302", "王芳明天入住"):
        reading = parse(text, moment)
        expected = json.dumps(reading.to_contract(), ensure_ascii=False).encode() + b"\n"
        assert encode(reading) == expected


def test_the_template_writes_every_field_as_json_dumps_does() -> None:
    from datetime import date

    from bot.commands.parse import reading_encoder
    from bot.kinds import Kind
    from bot.nlu.reading import Dates, Location, Person, Reading

    encode = reading_encoder()
    odd = 'Anna "Ann" O\\Neil\t\u2028李'
    readings = [
        Reading(Kind.LEAK, True, Location("东穆坞", "10", None, "3", None), confidence=0.8125),
        Reading(Kind.REGISTRATION, person=Person(odd, "13812345678", "passport", "E1234567")),
        Reading(Kind.MOVE_OUT, dates=Dates(date(2027, 2, 28), None, date(2026, 12, 1))),
        Reading(location=Location(room="301"), person=Person(nationality="TH"), confidence=1.0),
    ]
    for reading in readings:
        expected = json.dumps(reading.to_contract(), ensure_ascii=False).encode() + b"\n"
        assert encode(reading) == expected
