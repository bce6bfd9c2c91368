"""GridBot's tables: importing this package registers every table on `SQLModel.metadata`."""

from models.audit import PersonalDataView, ReporterReveal
from models.away import PersonAway
from models.binding import GroupBinding, SeenGroup
from models.changes import Change
from models.console import ConsoleSession, LoginLink
from models.event import Event, EventCounter, EventLog, EventReporter
from models.grid import Community, Grid, LandlordGrid, LandlordGridBuilding, MicroGrid
from models.invite import InviteCode
from models.key_check import DataKeyCheck
from models.language import LanguageChoice
from models.messaging import Dialog, InboundMessage, Outbox, OutboxStatus
from models.notice import Notice, NoticeDelivery, NoticeHouse, SendPace
from models.person import Person, PersonContact, PersonHome
from models.photo import EventPhoto, PhotoRole
from models.processes import AccountLease, BotProcess
from models.selfcheck import SelfCheck
from models.sender_memory import InviteThrottle, PrivacyNotice
from models.states import CloseReason, EventState, IllegalTransition
from models.tenant import Residence, Tenant

__all__ = [
    "AccountLease",
    "BotProcess",
    "Change",
    "CloseReason",
    "Community",
    "ConsoleSession",
    "DataKeyCheck",
    "Dialog",
    "Event",
    "EventCounter",
    "EventLog",
    "EventPhoto",
    "EventReporter",
    "EventState",
    "Grid",
    "GroupBinding",
    "IllegalTransition",
    "InboundMessage",
    "InviteCode",
    "InviteThrottle",
    "LandlordGrid",
    "LandlordGridBuilding",
    "LanguageChoice",
    "LoginLink",
    "MicroGrid",
    "Notice",
    "NoticeDelivery",
    "NoticeHouse",
    "Outbox",
    "OutboxStatus",
    "Person",
    "PersonAway",
    "PersonContact",
    "PersonHome",
    "PersonalDataView",
    "PhotoRole",
    "PrivacyNotice",
    "ReporterReveal",
    "Residence",
    "SeenGroup",
    "SelfCheck",
    "SendPace",
    "Tenant",
]
