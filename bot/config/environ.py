"""Environment variables that override the file (secrets, database URL, deployment knobs)."""

from __future__ import annotations

from collections.abc import Mapping

# variable → dotted key it replaces
ENV_OVERRIDES: Mapping[str, str] = {
    "GRIDBOT_DATABASE_URL": "database_url",
    "GRIDBOT_TRANSPORT": "transport",
    "GRIDBOT_SECRET_KEY": "secret_key",
    "GRIDBOT_WECHATY_ENDPOINT": "wechaty.endpoint",
    "GRIDBOT_WECHATY_TOKEN": "wechaty.token",
    "GRIDBOT_WEB_HOST": "web.host",
    "GRIDBOT_WEB_PORT": "web.port",
    "GRIDBOT_JOURNAL_PATH": "journal.path",
}
_NUMERIC = frozenset({"web.port"})


def apply_environment(
    data: Mapping[str, object], environ: Mapping[str, str]
) -> tuple[dict[str, object], dict[str, str]]:
    """The document with overrides applied, and the origin of each overridden key.

    An empty variable counts as unset, as container tools often define them empty.
    """
    merged: dict[str, object] = dict(data)
    origins: dict[str, str] = {}
    for variable, dotted in ENV_OVERRIDES.items():
        raw = environ.get(variable, "").strip()
        if not raw:
            continue
        *tables, name = dotted.split(".")
        target = merged
        for table in tables:
            inner = target.get(table, {})
            if not isinstance(inner, dict):
                break  # the file's own type error is reported when the table is read
            target[table] = target = dict(inner)
        else:
            target[name] = int(raw) if dotted in _NUMERIC and raw.isdigit() else raw
            origins[dotted] = f"environment variable {variable}"
    return merged, origins
