"""A tenant's name, Chinese or Latin script, read only where the message cues one."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from itertools import chain

from bot.nlu.nationality import country_at, find_nationality

_CJK = "\u4e00-\u9fff"
# Each alternative opens with a fixed character ("新?租客" written "新租客|租客"), so that a
# search scans for those characters instead of trying every position.
_ZH_CUE = (
    r"(?:姓名|名字(?:是|叫)?|叫做?|新租客(?:登记)?|租客(?:登记)?|新住户|住户|新租户|租户|户主"
    r"|登记(?:一下)?|房客|室友|承租人|入住人)"
)
_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,3}")
# Matched on the lower-cased text; the name itself is then read from the original.
_LATIN_CUE = re.compile(
    r"(?:(?:my|his|her) name is|i'm|i am|this is|name\s*:|tenant\s*:?|roommate\s*:|registration\s*:"
    rf"|{_ZH_CUE}|留学生|学生|的|\b(?:room|rm)\s*#?[0-9]{{2,4}}\s*[,:\-])[\s:：,，]*(?=[a-z])"
)
_LATIN_BEFORE_CUE = re.compile(
    r"(?<![A-Za-z])([A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,3})"
    r"\s*(?:的?(?:签证|护照)|(?:新|的|换了?|改了?)?(?:电话|手机|号码)|换号|搬|退租|退房|入住"
    r"|,? (?:room|from|here|please update|building|flat|apt)\b"
    r"| in (?:room|flat|apartment|apt|building|unit)\b"
    r"| (?:changed|renewed|moved|moves|will move|is moving|left|has left|is leaving"
    r"|will leave|has gone|went back)\b"
    r"|,? new (?:phone|number|mobile)\b"
    r"|'s (?:visa|passport|phone)\b)"
)
_HAS_LATIN_NAME = re.compile(r"[A-Z][a-z]")
# Only the plainest cues introduce a name typed in lower case ("my name is john smith").
_LOWER_NAME = re.compile(r"(?:(?:my|his|her) name is|name\s*:)\s*([a-z]+(?: [a-z]+){0,3})")
# Each Latin-name cue above contains one of these; substring tests keep chatter cheap.
_LATIN_CUE_WORDS: tuple[str, ...] = (
    "name",
    "i'm",
    "i am",
    "this is",
    "tenant",
    "roommate",
    "registration",
)
_LATIN_CUE_WORDS += ("room", "from", "租客", "户主", "登记", "房客", "室友", "承租人", "入住")
_LATIN_CUE_WORDS += ("学生", "叫", "的", "签证", "护照", "电话", "手机", "搬", "退租")
_LATIN_CUE_WORDS += ("here", "please update", "'s", "changed", "renewed", "move")
_LATIN_CUE_WORDS += ("号码", "换号", "退房", "left", "leav", "gone", "went back", "new ")
_LATIN_CUE_GATE = re.compile("|".join(map(re.escape, _LATIN_CUE_WORDS)))
_ZH_CUE_AT = re.compile(_ZH_CUE)
_PERSON_CUE = re.compile(r"电话|手机|号码|换号|身份证|护照|租客|登记|入住|退租|搬|签证|户主")


class _Vocabulary:
    def __init__(self, raw: dict[str, str]) -> None:
        surnames = "".join(raw["surnames"].split())
        self.followers = tuple(raw["followers"].split())
        self.titles = tuple(raw["titles"].split())
        self.not_names = frozenset(raw["not_names"].split())
        self.place_after = tuple(raw["place_after"].split())
        self.latin_stop = frozenset(raw["latin_stop"].split())
        self.lower_stop = frozenset(raw["lower_stop"].split())
        self.compound = tuple(raw["compound_surnames"].split())
        self.after_cue = re.compile(rf"{_ZH_CUE}[\s:：,，]{{0,3}}(?=([{surnames}][{_CJK}]{{1,3}}))")
        # A foreign name written in characters has no surname from the list ("阿卜杜拉"): after
        # a cue it is taken when the tenant's country follows it ("新住户 阿卜杜拉 巴基斯坦人").
        self.transliterated = re.compile(rf"{_ZH_CUE}[\s:：,，]{{0,3}}([{_CJK}]{{2,5}})[\s,，]+")
        # Without a cue: a delimited surname-led token followed by a tenant detail.
        self.delimited = re.compile(
            rf"(?:^|(?<=[\s,，。:：!！?？;；、幢栋室0-9])|(?<=[0-9幢栋室]的))([{surnames}][{_CJK}]{{1,2}})"
            r"(?=[\s,，。:：;；]|$|的?(?:电话|手机|身份证)|那户|换|签证|护照|[今明后下这本月0-9一二三四五六七八九十]\S{0,4}(?:搬|退租|退房|入住))"
        )


@cache
def _vocabulary() -> _Vocabulary:
    raw = resources.files("bot.nlu").joinpath("data/names.toml").read_bytes()
    return _Vocabulary(tomllib.loads(raw.decode("utf-8")))


def find_name(text: str) -> str | None:
    """The one name the message gives; None when it gives none or several."""
    words = _vocabulary()
    spans: list[tuple[int, int, str]] = []
    cued = _PERSON_CUE.search(text) is not None
    # The cue-led patterns are tried only where a cue is: one scan instead of one each.
    cues = [cue.start() for cue in _ZH_CUE_AT.finditer(text)] if cued else []
    if cued:
        after = (words.after_cue.match(text, start) for start in cues)
        for match in chain(filter(None, after), words.delimited.finditer(text)):
            _add(spans, match.start(1), _zh_name(words, match.group(1), text, match.end(1)))
    lower = text.lower()
    if _HAS_LATIN_NAME.search(text) and _LATIN_CUE_GATE.search(lower):
        for cue in _LATIN_CUE.finditer(lower):
            if (name := _LATIN_NAME.match(text, cue.end())) is not None:
                _add(spans, name.start(), _latin_name(words, name.group()))
        for match in _LATIN_BEFORE_CUE.finditer(text):
            _add(spans, match.start(1), _latin_name(words, match.group(1)))
    if "name" in lower:
        for match in _LOWER_NAME.finditer(text):
            _add(spans, match.start(1), _lower_name(words, match.group(1)))
    if not spans and cued:
        # Only when nothing else names anyone: a last resort, not a rival reading.
        found = (words.transliterated.match(text, start) for start in cues)
        for match in filter(None, found):
            if country_at(text, match.end()) is not None:
                _add(spans, match.start(1), match.group(1))
    names = {name for _, _, name in spans}
    return names.pop() if len(names) == 1 else None


def _add(spans: list[tuple[int, int, str]], start: int, name: str | None) -> None:
    if name is None:
        return
    end = start + len(name)
    for index, (other_start, other_end, other) in enumerate(spans):
        if start < other_end and other_start < end:
            if len(name) > len(other):
                spans[index] = (start, end, name)
            return
    spans.append((start, end, name))


def _zh_name(words: _Vocabulary, token: str, text: str, token_end: int) -> str | None:
    size = 3 if token.startswith(words.compound) else 2  # "欧阳娜娜" has a two-character surname
    rest = token[size:] + text[token_end : token_end + 4]
    short = not rest[:1] or rest.startswith(words.followers)
    name = token[:size] if short else token[: size + 1]
    following = rest[len(name) - size :]
    if len(name) > len(token) or (
        len(token) > len(name) and not following.startswith(words.followers)
    ):
        return None  # characters run on past a name: a phrase
    if rest[len(name) - 2 :].startswith(words.place_after) or name.endswith(words.place_after):
        return None
    if name in words.not_names or name[:2] in words.not_names or name[0] == name[1]:
        return None
    return None if name[1:].startswith(words.titles) else name


def _lower_name(words: _Vocabulary, candidate: str) -> str | None:
    parts: list[str] = []
    for part in candidate.split():
        if part.capitalize() in words.latin_stop or part in words.lower_stop:
            break
        parts.append(part)
    if not parts or find_nationality(parts[0].capitalize()) is not None:
        return None
    return " ".join(parts)


def _latin_name(words: _Vocabulary, candidate: str) -> str | None:
    parts = candidate.replace("-", " - ").split()
    while parts and parts[-1] in words.latin_stop:
        parts.pop()
    if not parts or any(part in words.latin_stop for part in parts):
        return None
    if find_nationality(parts[0]) is not None:
        return None  # "Indian, room 1105" names a nationality, not a person
    return " ".join(parts).replace(" - ", "-")
