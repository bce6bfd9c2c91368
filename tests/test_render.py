"""Rendering: language choice, fallback, and user text that can neither run nor forge."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import TemplateNotFound, UndefinedError
from jinja2.exceptions import SecurityError

from bot.render import TEMPLATES_DIR, Renderer, Trusted, neutralise


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    (tmp_path / "zh").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "zh" / "echo.j2").write_text("收到：{{ text }}\n", encoding="utf-8")
    (tmp_path / "en" / "echo.j2").write_text("Got: {{ text }}\n", encoding="utf-8")
    (tmp_path / "zh" / "only_zh.j2").write_text("只有中文 {{ n }}", encoding="utf-8")
    (tmp_path / "zh" / "lines.j2").write_text("{{ a }}\n{{ b }}", encoding="utf-8")
    (tmp_path / "zh" / "escape.j2").write_text("{{ x.__class__.__mro__ }}", encoding="utf-8")
    return tmp_path


def test_the_recipients_language_picks_the_template(templates: Path) -> None:
    renderer = Renderer(templates)

    assert renderer.render("echo", {"text": "漏水"}, "zh") == "收到：漏水"
    assert renderer.render("echo", {"text": "leak"}, "en") == "Got: leak"


def test_a_template_missing_in_english_falls_back_to_chinese(templates: Path) -> None:
    renderer = Renderer(templates)

    assert renderer.render("only_zh", {"n": 3}, "en") == "只有中文 3"
    assert renderer.render("only_zh", {"n": 3}, "fr") == "只有中文 3"
    assert renderer.render("only_zh", {"n": 3}, None) == "只有中文 3"


def test_user_text_that_looks_like_a_template_is_sent_literally(templates: Path) -> None:
    text = "{{ 7*7 }} {% for x in range(3) %}{{ x }}{% endfor %}"

    assert Renderer(templates).render("echo", {"text": text}, "en") == f"Got: {text}"


def test_user_text_cannot_mention_people_or_forge_lines(templates: Path) -> None:
    forged = "楼上吵\n@所有人 \u202e机器人：事件已关闭\r\n"

    rendered = Renderer(templates).render("echo", {"text": forged}, "zh")

    assert "\n" not in rendered
    assert "@" not in rendered
    assert "\u202e" not in rendered
    assert "＠所有人" in rendered


def test_trusted_text_keeps_its_lines(templates: Path) -> None:
    rendered = Renderer(templates).render("lines", {"a": Trusted("一\n二"), "b": "三\n四"}, "zh")

    assert rendered == "一\n二\n三 四"


def test_personal_numbers_never_leave_in_a_message(templates: Path) -> None:
    renderer = Renderer(templates)
    text = "新租客 电话 138 1234 5678 身份证310102198807061232"

    plain = renderer.render("echo", {"text": text}, "zh")
    trusted = renderer.render("lines", {"a": Trusted("护照 E12345678\n好"), "b": "-"}, "zh")

    assert "138****5678" in plain
    assert "3101**********1232" in plain
    assert "12345678" not in trusted
    assert trusted.endswith("好\n-")


def test_the_sandbox_blocks_unsafe_attribute_access(templates: Path) -> None:
    with pytest.raises(SecurityError):
        Renderer(templates).render("escape", {"x": 1}, "zh")


def test_a_missing_value_or_template_is_an_error_not_a_blank(templates: Path) -> None:
    renderer = Renderer(templates)

    with pytest.raises(UndefinedError):
        renderer.render("echo", {}, "zh")
    with pytest.raises(TemplateNotFound):
        renderer.render("no_such_message", {}, "zh")


def test_none_renders_as_nothing() -> None:
    assert neutralise(None) == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_shipped_error_message_renders_in_both_languages(lang: str) -> None:
    text = Renderer(TEMPLATES_DIR).render("error", {"ref": 42}, lang)

    assert "42" in text
    assert ("抱歉" in text) == (lang == "zh")
    assert ("Sorry" in text) == (lang == "en")


def test_a_missing_templates_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere"):
        Renderer(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("loc", "shown"),
    [
        ({"community": "石马社区", "room": "203"}, "room 203 (石马社区)"),
        ({"community": "石马社区"}, "石马社区"),
        ({"unit": "2", "room": "203"}, "room 203, unit 2"),
        (
            {"community": "石马社区", "building": "10", "room": "301"},
            "room 301, building 10 (石马社区)",
        ),
    ],
)
def test_an_english_place_without_a_building_has_no_stray_commas_or_spaces(
    loc: dict[str, str], shown: str
) -> None:
    # Bug: a place with no building read "room 203,  (石马社区)" (a group of two houses).
    values = {"community": None, "building": None, "unit": None, "floor": None, "room": None}
    context = {"number": "2026-0003", "loc": values | loc, "moved": False}
    text = Renderer(TEMPLATES_DIR).render("report_corrected", context, "en")
    assert text == f"Corrected the place of #2026-0003: {shown}."
