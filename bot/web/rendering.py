"""An HTML page from the app's Jinja2 templates: what every page route returns."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.web.keys import TEMPLATES


def html_page(
    request: web.Request, template: str, *, status: int = 200, **context: Any
) -> web.Response:
    text = request.app[TEMPLATES].get_template(template).render(**context)
    return web.Response(text=text, content_type="text/html", status=status)
