"""The pages' words as a script (`window.GridBotWords`), from bot/lang/*/words.toml
[web.pages]: the simulator and grid pages switch language in the browser (static/i18n.js)."""

from __future__ import annotations

import json
from functools import cache

from aiohttp import web

from bot.lang import languages

PATH = "/i18n/words.js"


@cache
def _script() -> str:
    words = {
        known.code: {
            **known.get("web.pages"),
            "_name": known.name,
            "_html": known.get("language.html"),
        }
        for known in languages()
    }
    order = [known.code for known in languages()]
    payload = json.dumps({"order": order, "words": words}, ensure_ascii=False)
    return f"window.GridBotWords = {payload};\n"


async def words_script(request: web.Request) -> web.Response:
    return web.Response(text=_script(), content_type="application/javascript")
