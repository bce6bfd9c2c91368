"""The grid directory (community → grid → micro-grid → landlord grid, and its people).

Pure parsing and validation: the config's `[directory]`, a TOML file or a CSV file become a
`Directory` of frozen entries, or a `DirectoryError` naming the file and the key or line.
"""

from bot.directory.entries import (
    LANGS,
    ROLES,
    CommunityEntry,
    Directory,
    DirectoryError,
    GridEntry,
    Known,
    LandlordGridEntry,
    MicroGridEntry,
    Origin,
    PersonEntry,
)
from bot.directory.parse import parse_directory
from bot.directory.read import read_directory, read_directory_csv, read_directory_toml

__all__ = [
    "LANGS",
    "ROLES",
    "CommunityEntry",
    "Directory",
    "DirectoryError",
    "GridEntry",
    "Known",
    "LandlordGridEntry",
    "MicroGridEntry",
    "Origin",
    "PersonEntry",
    "parse_directory",
    "read_directory",
    "read_directory_csv",
    "read_directory_toml",
]
