"""The ledger as of today, stored: what pages and API lists read instead of recomputing it.

Each agreement's, ceasefire's and siege's ledger as of today is kept in table `ledger_entries`,
once per audience: `full` (a reader who may see confidential documents) and `withheld` (one who
may not: their dates are withheld, so what was known when differs). A body is the ledger value
itself, claims and document ids included, so the redaction of a computed ledger applies to a
stored one unchanged when it is serialised (`Disclosure`, `Shown`): nothing is redacted before it
is stored, and nothing stored is shown without it.

Refresh is lazy, on the next read: triggers log every write to the tables the ledger reads
(migration 0014); a read first folds that log into dirty flags (trucewatch.ledger.dirty: only the
records whose scope and period a changed claim touches, or a kind's whole list when a proposal may
have appeared or gone), then recomputes just the dirty records with the Python ledger and stores
them in the reader's transaction. Lazily rather than at the end of each write: a batch of 250
documents, an extraction and an ACLED import then cost the ledger only the log's rows, changes
between two reads are recomputed once, and a write never fails because a ledger could not be
computed. A new day, a change of documents' dates, places or sources, or a record edit recomputes
the kind's list whole. "As of" any other day is computed as before (ledger_service).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import importlib
import io
import pickle
import secrets
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from typing import Any

from trucewatch import ledger_service as service
from trucewatch.ledger.ceasefires import CeasefireLedger
from trucewatch.ledger.compliance import AgreementLedger
from trucewatch.ledger.dirty import KINDS, ClaimChange, Stored, ancestors, stale_kinds, touches
from trucewatch.ledger.happenings import Happening
from trucewatch.ledger.sieges import SiegeLedger
from trucewatch.model import Agreement, Ceasefire, EventType, Siege
from trucewatch.store import Session
from trucewatch.store import stored_ledger as rows
from trucewatch.store.ledger_inputs import place_parents

__all__ = [
    "agreement_ledger_for",
    "agreement_ledgers",
    "ceasefire_ledger_for",
    "ceasefire_ledgers",
    "fold_changes",
    "records",
    "siege_ledger_for",
    "siege_ledgers",
]

AnyLedger = AgreementLedger | CeasefireLedger | SiegeLedger
# Above this share of dirty records, one full recomputation is cheaper than many partial ones.
FULL_SHARE = 0.5


def audience(withhold_confidential: bool) -> str:
    return "withheld" if withhold_confidential else "full"


# --- bodies ----------------------------------------------------------------------------------
#
# A body is pickles of ledger values; reading one may build only these (never an arbitrary
# callable), so whoever can write the database cannot make a reader run code through it.
#
# Happenings (a violation, a delivery, an aid convoy, each with the claims that report it) are most
# of a body, and most recur in other bodies: an attack is a violation of every ceasefire whose place
# and windows hold it. So each is pickled apart, under a digest of its pickle, and a body is
# (SHAPE, {digest: happening}, the ledger naming its happenings by digest): reading many bodies
# decodes each distinct happening once and the ledgers share it (at 100,000 events, 102,000
# distinct of 277,000). Classes and enum members are named by their place in a fixed table
# (_TABLE): both kinds of reference are looked up in a dict, in C, with no Python call per value.

_ALLOWED_MODULES = ("trucewatch.model", "trucewatch.ledger.", "datetime")
_ALLOWED_BUILTINS = frozenset({"frozenset", "set", "tuple", "list", "dict"})

# The modules whose values a body holds.
_SHAPE_MODULES = (
    "trucewatch.model",
    "trucewatch.ledger.ceasefires",
    "trucewatch.ledger.compliance",
    "trucewatch.ledger.happenings",
    "trucewatch.ledger.modality",
    "trucewatch.ledger.sieges",
)


def _table() -> tuple[Any, ...]:
    """The classes and enum members a body names by number: dates, then each module's dataclasses
    and enums (each followed by its members), by name."""
    out: list[Any] = [dt.date, dt.datetime]
    for name in _SHAPE_MODULES:
        module = importlib.import_module(name)
        for _, value in sorted(vars(module).items()):
            if isinstance(value, type) and value.__module__ == name:
                if dataclasses.is_dataclass(value):
                    out.append(value)
                elif issubclass(value, Enum):
                    out += [value, *value]
    return tuple(out)


_TABLE = _table()
_NUMBERS = {id(value): i for i, value in enumerate(_TABLE)}  # the table lives as long as the process


def _shape() -> str:
    """The table's names, with each dataclass's fields in order: a body is rebuilt by position, so
    one written by a version of trucewatch whose shapes differ is unreadable (and recomputed),
    never misread."""
    parts = []
    for value in _TABLE:
        if isinstance(value, Enum):
            parts.append(f"{type(value).__qualname__}.{value.name}")
        else:
            fields = (
                ",".join(f.name for f in dataclasses.fields(value)) if dataclasses.is_dataclass(value) else ""
            )
            parts.append(f"{value.__module__}.{value.__qualname__}:{fields}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


SHAPE = _shape()

_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """A slots dataclass's fields, in the order its constructor takes them; None for any other
    class, or one that cannot be built from them alone (a field left out of __init__)."""
    if cls not in _FIELDS:
        names = None
        if dataclasses.is_dataclass(cls) and hasattr(cls, "__slots__"):
            fields = dataclasses.fields(cls)
            names = tuple(f.name for f in fields) if all(f.init for f in fields) else None
        _FIELDS[cls] = names
    return _FIELDS[cls]


class _Pickler(pickle.Pickler):
    def __init__(self, out: io.BytesIO, parts: dict[bytes, bytes] | None) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self._parts = parts  # where happenings go, by digest; None: pickling one
        self._digests: dict[int, bytes] = {}  # id -> digest of the happenings pickled so far

    def persistent_id(self, obj: Any) -> int | bytes | None:
        number = _NUMBERS.get(id(obj))
        if number is not None:
            return number
        if self._parts is None or type(obj) is not Happening:
            return None
        digest = self._digests.get(id(obj))
        if digest is None:
            part = _pickled(obj, None)
            digest = self._digests[id(obj)] = hashlib.blake2b(part, digest_size=16).digest()
            self._parts[digest] = part
        return digest

    def reducer_override(self, obj: Any) -> Any:
        # a ledger value rebuilt by its constructor, called by the unpickler itself: pickle's own
        # way for slots dataclasses (a setstate that looks the fields up for every object) takes
        # twice as long, and a Python function called per object half as long again
        names = _field_names(type(obj))
        if names is None:
            return NotImplemented
        return type(obj), tuple(getattr(obj, name) for name in names)


def _pickled(value: Any, parts: dict[bytes, bytes] | None) -> bytes:
    out = io.BytesIO()
    _Pickler(out, parts).dump(value)
    return out.getvalue()


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, known: dict[int | bytes, Any]) -> None:
        super().__init__(io.BytesIO(data))
        # the table's entries and the happenings decoded so far; a name of nothing: KeyError
        self.persistent_load = known.__getitem__  # type: ignore[method-assign]

    def find_class(self, module: str, name: str) -> Any:
        found = _FOUND.get((module, name))  # a body names each class once, but bodies are many
        if found is None:
            found = _FOUND[module, name] = self._allowed(module, name)
        return found

    def _allowed(self, module: str, name: str) -> Any:
        if module == "builtins" and name in _ALLOWED_BUILTINS:
            return super().find_class(module, name)
        if module.startswith(_ALLOWED_MODULES):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"a stored ledger may not refer to {module}.{name}")


_FOUND: dict[tuple[str, str], Any] = {}  # (module, name) -> the allowed class it names


@contextmanager
def _uncollected() -> Iterator[None]:
    """The garbage collector paused while bodies are decoded: it would run again and again as the
    values are built, scanning them each time (three quarters of a fresh process's read), and
    could free none of them (decoded values are frozen and hold no cycles). Left as it is if it
    is paused already (another thread decoding: whichever ends first resumes it, costing time only)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def encode(value: AnyLedger | Agreement | Ceasefire | Siege) -> bytes:
    parts: dict[bytes, bytes] = {}
    ledger = _pickled(value, parts)
    return _pickled((SHAPE, parts, ledger), None)


def decode(body: bytes) -> Any:
    return decode_all([body])[0]


def decode_all(bodies: Sequence[bytes]) -> list[Any]:
    """The values of bodies, each distinct happening decoded once and shared by the ledgers holding it.
    (A digest is trusted as the body is: whoever could forge one could write any body.)"""
    known: dict[int | bytes, Any] = dict(enumerate(_TABLE))
    with _uncollected():
        try:
            ledgers = []
            for body in bodies:
                loaded = _Unpickler(body, known).load()
                if not (isinstance(loaded, tuple) and len(loaded) == 3 and loaded[0] == SHAPE):
                    raise pickle.UnpicklingError("a stored ledger written by another version of trucewatch")
                _, parts, ledger = loaded
                for digest, part in parts.items():
                    if digest not in known:
                        known[digest] = _Unpickler(part, known).load()
                ledgers.append(ledger)
            return [_Unpickler(ledger, known).load() for ledger in ledgers]
        except KeyError as e:  # a reference to nothing the body holds
            raise pickle.UnpicklingError(f"a stored ledger refers to nothing it holds: {e}") from None


# What reading a body written by another version of trucewatch may raise: it is then recomputed.
_UNREADABLE = (pickle.UnpicklingError, AttributeError, TypeError, ValueError, EOFError, ImportError)


def _record(ledger: AnyLedger) -> Agreement | Ceasefire | Siege:
    if isinstance(ledger, AgreementLedger):
        return ledger.agreement
    if isinstance(ledger, CeasefireLedger):
        return ledger.ceasefire
    return ledger.siege


def _entry(kind: str, ledger: AnyLedger, position: int, as_of: dt.date) -> rows.Entry:
    """The ledger with what deciding its dirtiness needs (trucewatch.ledger.dirty.Stored)."""
    record = _record(ledger)
    since = until = None
    last_report = None
    if isinstance(ledger, AgreementLedger):
        a = ledger.agreement
        start = a.reached or a.effective_from
        since = start.start if start else None
    elif isinstance(ledger, CeasefireLedger):
        since, until = service.ceasefire_windows(ledger.ceasefire, as_of)
        last_report = ledger.last_report
    return rows.Entry(
        record.id or f"#{position}",
        record.place_id,
        since,
        until,
        last_report,
        encode(ledger),
        encode(record),
        secrets.token_hex(16),  # a new version on every write
    )


# --- the log, folded into dirty flags ---------------------------------------------------------


def fold_changes(session: Session) -> None:
    """Mark dirty the stored results the logged changes touch, and empty the log."""
    changes = rows.take_changes(session)
    if not changes:
        return
    stale = {c.record_kind for c in changes if c.record_kind}
    if any(c.type is None and c.record_kind is None for c in changes):
        rows.mark(session, [], KINDS)
        return
    claim_changes = {
        ClaimChange(c.type, c.place_id, c.when_start, c.when_last, c.document_id) for c in changes if c.type
    }
    follow_up_docs = {c.document_id for c in claim_changes if c.document_id}
    deals = rows.deal_places(session, follow_up_docs, EventType.AGREEMENT_REACHED.value)
    parents = place_parents(session)
    for ch in claim_changes:
        stale |= stale_kinds(ch, deals, parents)
    entries = [e for e in rows.read_entries(session, [k for k in KINDS if k not in stale]) if not e.dirty]
    dirty: list[tuple[str, str, str]] = []
    if entries:
        days = rows.document_days(session, {c.document_id for c in claim_changes if c.document_id})
        by_place: dict[str | None, list[rows.EntryMeta]] = defaultdict(list)
        for e in entries:
            by_place[e.place_id].append(e)
        hit: set[tuple[str, str, str]] = set()
        for ch in claim_changes:
            holders = ancestors(ch.place_id, parents) if ch.place_id else set()
            for place in (None, *holders):
                for e in by_place.get(place, ()):
                    key = (e.kind, e.audience, e.record_id)
                    if key in hit:
                        continue
                    stored = Stored(e.kind, e.place_id, e.since, e.until, e.last_report)
                    day = days.get(ch.document_id) if ch.document_id else None
                    if touches(stored, ch, holders, day):
                        hit.add(key)
        dirty = sorted(hit)
    rows.mark(session, dirty, stale)


# --- refresh --------------------------------------------------------------------------------


def _compute_all(session: Session, kind: str, as_of: dt.date, withhold: bool) -> list[Any]:
    if kind == "agreement":
        return service.agreement_ledgers(session, as_of=as_of, withhold_confidential=withhold)
    if kind == "ceasefire":
        return service.ceasefire_ledgers(session, as_of=as_of, withhold_confidential=withhold)
    return service.siege_ledgers(session, as_of=as_of, withhold_confidential=withhold)


def _compute_some(
    session: Session, kind: str, ledgers: Sequence[Any], wanted: Sequence[int], as_of: dt.date, withhold: bool
) -> list[Any]:
    """The ledgers of ledgers[i] for i in `wanted` recomputed (the others give context only)."""
    if kind == "agreement":
        deals = [lg.agreement for lg in ledgers]
        return service.agreement_ledgers_among(
            session, deals, wanted, as_of=as_of, withhold_confidential=withhold
        )
    if kind == "ceasefire":
        return service.ceasefire_ledgers_over(
            session, [ledgers[i].ceasefire for i in wanted], as_of=as_of, withhold_confidential=withhold
        )
    return service.siege_ledgers_over(
        session, [ledgers[i].siege for i in wanted], as_of=as_of, withhold_confidential=withhold
    )


# --- decoded entries, kept per process ------------------------------------------------------
#
# Decoding is most of a stored read (a ledger's happenings and claims are many small objects), so a
# process keeps what it decoded, under the version (a random token per write) of the row it came
# from: a row rewritten since has another version and is decoded again; nothing is ever served
# that the database no longer holds. A server decodes each entry once per change; a CLI run, once.

_DECODED: dict[tuple[str, str, str], tuple[str, Any]] = {}
_DECODED_LOCK = threading.Lock()
MAX_DECODED = 50_000  # entries (of every kind and audience); past it the cache starts again


def _remember(kind: str, who: str, entries: Sequence[rows.Entry], ledgers: Sequence[Any]) -> None:
    with _DECODED_LOCK:
        if len(_DECODED) + len(entries) > MAX_DECODED:
            _DECODED.clear()
        for e, lg in zip(entries, ledgers, strict=True):
            _DECODED[(kind, who, e.record_id)] = (e.version, lg)


def _decoded(session: Session, kind: str, who: str, index: Sequence[tuple[str, bool, str]]) -> list[Any]:
    """The stored ledgers of `index` (record id, dirty, version), decoding only what this process
    has not decoded at that version."""
    found: dict[str, Any] = {}
    with _DECODED_LOCK:
        for rid, _, version in index:
            hit = _DECODED.get((kind, who, rid))
            if hit is not None and hit[0] == version:
                found[rid] = hit[1]
    missing = [rid for rid, _, _ in index if rid not in found]
    if missing:
        bodies = rows.read_bodies_of(session, kind, who, missing)
        fresh = dict(zip(missing, decode_all([bodies[rid] for rid in missing]), strict=True))
        with _DECODED_LOCK:
            if len(_DECODED) + len(fresh) > MAX_DECODED:
                _DECODED.clear()
            for rid, _, version in index:
                if rid in fresh:
                    _DECODED[(kind, who, rid)] = (version, fresh[rid])
        found |= fresh
    return [found[rid] for rid, _, _ in index]


def _store_all(session: Session, kind: str, ledgers: Sequence[Any], as_of: dt.date, who: str) -> None:
    entries = [_entry(kind, lg, i, as_of) for i, lg in enumerate(ledgers)]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if rows.replace_entries(session, kind, who, entries, as_of=as_of, now=now):
        _remember(kind, who, entries, ledgers)


def _fresh_list(session: Session, kind: str, as_of: dt.date, withhold: bool) -> list[Any]:
    """Every ledger of the kind as of `as_of` (today), from the stored entries, recomputing what the
    changes since the last read made dirty."""
    fold_changes(session)
    who = audience(withhold)
    state = rows.read_state(session, kind, who)
    if state is not None and not state.stale and state.as_of == as_of:
        index = rows.read_index(session, kind, who)
        try:
            ledgers: list[Any] | None = _decoded(session, kind, who, index)
        except _UNREADABLE:
            ledgers = None  # written by another version of trucewatch: recompute
        if ledgers is not None:
            wanted = [i for i, (_, dirty, _) in enumerate(index) if dirty]
            if not wanted:
                return ledgers
            if len(wanted) <= FULL_SHARE * len(index):
                fresh = _compute_some(session, kind, ledgers, wanted, as_of, withhold)
                for i, lg in zip(wanted, fresh, strict=True):
                    ledgers[i] = lg
                _update(session, kind, who, [ledgers[i] for i in wanted], as_of)
                return ledgers
    ledgers = _compute_all(session, kind, as_of, withhold)
    _store_all(session, kind, ledgers, as_of, who)
    return ledgers


def _update(session: Session, kind: str, who: str, ledgers: Sequence[Any], as_of: dt.date) -> None:
    entries = [_entry(kind, lg, 0, as_of) for lg in ledgers]  # positions are kept
    rows.update_entries(session, kind, who, entries)
    _remember(kind, who, entries, ledgers)


def agreement_ledgers(
    session: Session, *, as_of: dt.date, withhold_confidential: bool = False
) -> list[AgreementLedger]:
    """service.agreement_ledgers as of today, read from the stored ledger (which it refreshes)."""
    return _fresh_list(session, "agreement", as_of, withhold_confidential)


def ceasefire_ledgers(
    session: Session, *, as_of: dt.date, withhold_confidential: bool = False
) -> list[CeasefireLedger]:
    return _fresh_list(session, "ceasefire", as_of, withhold_confidential)


def siege_ledgers(
    session: Session, *, as_of: dt.date, withhold_confidential: bool = False
) -> list[SiegeLedger]:
    return _fresh_list(session, "siege", as_of, withhold_confidential)


def records(session: Session, kind: str, *, as_of: dt.date, withhold_confidential: bool = False) -> list[Any]:
    """The records (agreements, ceasefires, sieges) known as of today, as the stored ledger lists them.

    A dirty ledger still has the same record (a change to the records is a stale list), so only
    a stale or out-of-date list is recomputed here."""
    fold_changes(session)
    state = rows.read_state(session, kind, audience(withhold_confidential))
    if state is not None and not state.stale and state.as_of == as_of:
        try:
            return decode_all(rows.read_records(session, kind, audience(withhold_confidential)))
        except _UNREADABLE:
            pass
    return [_record(lg) for lg in _fresh_list(session, kind, as_of, withhold_confidential)]


# --- one record -----------------------------------------------------------------------------


def _one(session: Session, kind: str, record_id: str, as_of: dt.date, withhold: bool) -> Any | None:
    """One record's stored ledger, recomputing only it if dirty; None when the stored list cannot
    say (not stored yet, out of date, or no such record in it): the caller computes it instead."""
    fold_changes(session)
    who = audience(withhold)
    state = rows.read_state(session, kind, who)
    if state is None or state.stale or state.as_of != as_of:
        return None
    index = rows.read_index(session, kind, who, record_id)
    if not index:
        return None
    try:
        ledger = _decoded(session, kind, who, index)[0]
        if not index[0][1]:
            return ledger
        if kind == "agreement":  # its deliveries are shared with the other deals: read their records
            everyone = rows.read_index(session, kind, who)
            deals = _decoded(session, kind, who, everyone)
            at = next(i for i, (rid, _, _) in enumerate(everyone) if rid == record_id)
            fresh = _compute_some(session, kind, deals, [at], as_of, withhold)[0]
        else:
            fresh = _compute_some(session, kind, [ledger], [0], as_of, withhold)[0]
    except _UNREADABLE:
        return None
    _update(session, kind, who, [fresh], as_of)
    return fresh


def agreement_ledger_for(
    session: Session,
    agreement_id: str,
    *,
    as_of: dt.date,
    today: dt.date,
    withhold_confidential: bool = False,
) -> AgreementLedger:
    """One agreement's ledger: as of today from the stored ledger (recomputing only it if it is
    dirty), as of any other day computed (service.agreement_ledger_for); never every agreement's."""
    if as_of == today:
        found = _one(session, "agreement", agreement_id, as_of, withhold_confidential)
        if found is not None:
            return found
    return service.agreement_ledger_for(
        session, agreement_id, as_of=as_of, withhold_confidential=withhold_confidential
    )


def ceasefire_ledger_for(
    session: Session,
    ceasefire_id: str,
    *,
    as_of: dt.date,
    today: dt.date,
    withhold_confidential: bool = False,
) -> CeasefireLedger:
    """One ceasefire's ledger, as agreement_ledger_for."""
    if as_of == today:
        found = _one(session, "ceasefire", ceasefire_id, as_of, withhold_confidential)
        if found is not None:
            return found
    return service.ceasefire_ledger_for(
        session, ceasefire_id, as_of=as_of, withhold_confidential=withhold_confidential
    )


def siege_ledger_for(
    session: Session, siege_id: str, *, as_of: dt.date, withhold_confidential: bool = False
) -> SiegeLedger | None:
    """A siege's stored ledger by id as of today (only it recomputed if dirty); None when the stored
    list cannot say: the caller computes it (service.siege_ledger_for also takes a place)."""
    return _one(session, "siege", siege_id, as_of, withhold_confidential)
