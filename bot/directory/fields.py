"""Typed reads of one directory entry (a TOML table or a CSV row turned into a mapping)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.directory.entries import DirectoryError, Origin


class EntryFields:
    """One entry's raw mapping; every read checks the type and names the key on error."""

    def __init__(self, raw: object, origin: Origin, allowed: frozenset[str]) -> None:
        if not isinstance(raw, Mapping):
            raise DirectoryError(f"{origin.where}: expected a table, got {type(raw).__name__}")
        unknown = sorted(str(key) for key in raw if key not in allowed)
        if unknown:
            raise origin.error(unknown[0], f"unknown key (allowed: {', '.join(sorted(allowed))})")
        self._raw: Mapping[str, object] = raw
        self.origin = origin

    def text(self, key: str) -> str:
        value = self.optional_text(key)
        if value is None:
            raise self.origin.error(key, "missing (required)")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self._raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.origin.error(key, f"expected a string, got {type(value).__name__}")
        stripped = str(value).strip()
        return stripped or None

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.origin.error(key, f"expected a list of strings, got {type(value).__name__}")
        items: list[str] = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, str | int) or not str(item).strip():
                raise self.origin.error(key, f"expected non-empty strings, got {item!r}")
            items.append(str(item).strip())
        return tuple(items)

    def flag(self, key: str) -> bool:
        """true/false (TOML), or "yes"/"no", "true"/"false", "1"/"0", "" (CSV)."""
        value = self._raw.get(key)
        if value is None or isinstance(value, bool):
            return bool(value)
        text = str(value).strip().lower() if isinstance(value, str | int) else None
        if text in ("", "0", "false", "no", "n", "否"):
            return False
        if text in ("1", "true", "yes", "y", "是"):
            return True
        raise self.origin.error(key, f"expected true or false, got {value!r}")

    def choice(self, key: str, allowed: frozenset[str], default: str) -> str:
        value = self.optional_text(key) or default
        if value not in allowed:
            raise self.origin.error(key, f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value
