"""The Prometheus metrics of one bot process, served at /metrics (bot/web/operations.py).

Counters count what this process did since it started (sum them over the processes);
the outbox's gauges are read from the database at each scrape, so every process reports
the same numbers there (take one, or the max). Each app has a registry of its own.

    gridbot_messages_received_total            every message and join the transport fed
    gridbot_messages_handled_total{outcome}    handled, ignored (chatter), duplicate
    gridbot_messages_failed_total              a handler failed (recorded, apologised)
    gridbot_messages_journaled_total           kept for later: the database was away
    gridbot_messages_lost_total                refused by a full journal (or no journal)
    gridbot_holding_replies_total              "已收到，系统稍后处理" sent
    gridbot_journal_messages / _bytes / _capacity_bytes
    gridbot_outbox_pending                     rows waiting to be sent
    gridbot_outbox_oldest_pending_age_seconds  how long the oldest of them has waited
    gridbot_transport_logged_in                1 when the channel is logged in
    gridbot_database_up                        1 when the last readiness check reached it
    gridbot_events_opened_total{kind}, gridbot_events_closed_total{kind}
and the process's own (CPU, memory, open files) from the client library.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, ProcessCollector
from prometheus_client.exposition import choose_encoder
from sqlalchemy.engine import Connection, Engine

from bot.chat import Inbound, MemberJoin
from bot.dispatch.pipeline import Outcome
from models import event_counts


class Metrics:
    def __init__(self, engine: Engine | None = None) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)

        def counter(name: str, doc: str, labels: Sequence[str] = ()) -> Counter:
            return Counter(name, doc, labels, registry=self.registry)

        def gauge(name: str, doc: str) -> Gauge:
            return Gauge(name, doc, registry=self.registry)

        self.received = counter("gridbot_messages_received", "Messages and joins fed in")
        self.handled = counter(
            "gridbot_messages_handled", "Messages handled, by outcome", ["outcome"]
        )
        self.failed = counter("gridbot_messages_failed", "Messages whose handler failed")
        self.journaled = counter("gridbot_messages_journaled", "Kept while the database is away")
        self.lost = counter("gridbot_messages_lost", "Refused by a full journal, or no journal")
        self.holding = counter("gridbot_holding_replies", "Holding replies sent in outages")
        self.journal_messages = gauge("gridbot_journal_messages", "Messages in the journal")
        self.journal_bytes = gauge("gridbot_journal_bytes", "Bytes of journal records")
        self.journal_capacity = gauge("gridbot_journal_capacity_bytes", "The journal's size")
        self.outbox_pending = gauge("gridbot_outbox_pending", "Outbox rows waiting to be sent")
        self.outbox_age = gauge(
            "gridbot_outbox_oldest_pending_age_seconds", "Age of the oldest pending outbox row"
        )
        self.logged_in = gauge("gridbot_transport_logged_in", "1 when the channel is logged in")
        self.database_up = gauge("gridbot_database_up", "1 when the database answered")
        self.opened = counter("gridbot_events_opened", "Events opened, by kind", ["kind"])
        self.closed = counter("gridbot_events_closed", "Events closed, by kind", ["kind"])
        for outcome in (Outcome.HANDLED, Outcome.IGNORED, Outcome.DUPLICATE):
            self.handled.labels(outcome.value)
        self._engine = engine
        # Events are counted for an app's own engine only (tests run several apps).
        self._stop_listening = event_counts.listen(self._events) if engine else lambda: None

    def outcome(self, event: Inbound | MemberJoin, outcome: Outcome | None) -> None:
        """What the intake reports for each event (None: journaled)."""
        if outcome is None:
            self.journaled.inc()
        elif outcome is Outcome.FAILED:
            self.failed.inc()
        else:
            self.handled.labels(outcome.value).inc()

    def outbox(self, pending: int, oldest: datetime | None, now: datetime) -> None:
        self.outbox_pending.set(pending)
        self.outbox_age.set(0 if oldest is None else max(0.0, (now - oldest).total_seconds()))

    def journal(self, messages: int, used: int, capacity: int) -> None:
        self.journal_messages.set(messages)
        self.journal_bytes.set(used)
        self.journal_capacity.set(capacity)

    def exposition(self, accept: str = "") -> tuple[bytes, str]:
        """The metrics in the format the scraper's Accept header asks for, and its type."""
        encode, content_type = choose_encoder(accept)
        return encode(self.registry), content_type

    def close(self) -> None:
        self._stop_listening()

    def _events(self, bind: Engine | Connection, noted: Sequence[event_counts.Noted]) -> None:
        engine = bind.engine if isinstance(bind, Connection) else bind
        if engine is not self._engine:
            return  # another app's database in this process
        for what, kind in noted:
            (self.opened if what == event_counts.OPENED else self.closed).labels(kind).inc()
