"""Which account a chat or contact id belongs to: the one rule, pure, for every module.

GridBot can serve several chat accounts at once (config `[[accounts]]`: a WeChat account
through a puppet service, a WeCom smart robot, ...), on one database. Ids of different
platforms could clash (a WeChat id is whatever its owner chose; a WeCom userid too), and
a group seen by two accounts has one native id on both, so every id but those of the
account named "main" is stored with its account in front: `"<account>:<native id>"`.
The account named "main" keeps native ids: a configuration that always had one transport
is that account, and its stored ids stay as they were.

So the id alone says where a message to it goes: a reply goes back through the account it
came in on, a direct message through the account of the contact it is addressed to (a
person's `contact_id` is the contact they use; others they linked are in
`person_contact`). Transports never see the prefixed form: bot/transport/accounts.py adds
it on the way in and strips it on the way out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAIN = "main"  # the account of the single-transport configuration; its ids are unprefixed
SEPARATOR = ":"


@dataclass(frozen=True, slots=True)
class Accounts:
    """The configured account names (in config order) and the id rule over them."""

    names: tuple[str, ...] = (MAIN,)

    @classmethod
    def of(cls, names: Iterable[str]) -> Accounts:
        return cls(tuple(names))

    @property
    def default(self) -> str:
        """Where an unprefixed id goes: "main", or the first account when none is so named."""
        return MAIN if MAIN in self.names or not self.names else self.names[0]

    @property
    def single(self) -> bool:
        return len(self.names) <= 1

    def account_of(self, stored_id: str) -> str:
        prefix, separator, _ = stored_id.partition(SEPARATOR)
        if separator and prefix != MAIN and prefix in self.names:
            return prefix
        return self.default

    def stored(self, account: str, native_id: str) -> str:
        """The id as GridBot stores it: `native_id` on account "main", else prefixed."""
        return native_id if account == MAIN else f"{account}{SEPARATOR}{native_id}"

    def native(self, stored_id: str) -> str:
        """The id the account's platform knows (`stored` undone)."""
        account = self.account_of(stored_id)
        if account == MAIN or not stored_id.startswith(f"{account}{SEPARATOR}"):
            return stored_id
        return stored_id[len(account) + len(SEPARATOR) :]
