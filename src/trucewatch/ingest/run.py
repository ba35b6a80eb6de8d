"""Read files and store their documents: the ingest verb, as a function.

Documents are written in short transactions of whole documents (`batch_size`
of them, 1 by default): killing the process loses at most the open batch and
never leaves half a document, and because documents are deduplicated by
content hash a re-run completes the job without duplicates. Ctrl-C ends the
run cleanly: what was written is committed and the report says it was
interrupted.

A batch of more than one document is written in bulk (`store.documents.add_documents`: one
query to find what is stored, one executemany per table); if the database refuses any of it,
that batch alone is written again a document at a time, each in a savepoint, so one bad
document costs only itself. The report, rows and audit entries are the same either way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from trucewatch.ingest.readers import ReadFailure, ReadOptions, iter_files, read_file
from trucewatch.model import Document
from trucewatch.store import DatabaseUnavailable, Session, Store, add_document
from trucewatch.store.accounts import record
from trucewatch.store.documents import Added, StoredMeanwhile, add_documents
from trucewatch.store.errors import DataError, IntegrityError, OperationalError

Progress = Callable[[int, int], None]  # (files done, files in all)

# A bulk batch is also written once its texts pass this: 500 large files stay out of memory.
BULK_BATCH_BYTES = 32 * 1024 * 1024
_BULK_ATTEMPTS = 3  # a batch raced by another ingest is looked up again; then one by one


@dataclass
class IngestReport:
    files: int = 0
    added: int = 0
    duplicates: int = 0
    failed: Counter[str] = field(default_factory=Counter)  # reason -> count
    failures: list[ReadFailure] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)
    duplicate_ids: list[str] = field(default_factory=list)
    tightened: int = 0  # duplicates that arrived confidential: the stored document is now confidential
    # Existing sources, not confidential, that confidential documents went into: their names stay
    # visible to viewers (the documents do not) until an analyst marks them.
    open_sources: set[str] = field(default_factory=set)
    interrupted: bool = False

    @property
    def failed_count(self) -> int:
        return sum(self.failed.values())

    @property
    def failure_lines(self) -> list[str]:
        """One line per failure: `path: problem`."""
        return [str(f) for f in self.failures]

    @property
    def ok(self) -> bool:
        return not self.failures and not self.interrupted


class _Batch:
    """Documents written in one transaction, counted only once it commits."""

    def __init__(
        self,
        store: Store,
        report: IngestReport,
        savepoints: bool,
        actor: str | None = None,
        limit: int = 1,
    ) -> None:
        self._store = store
        self._limit = limit
        self._actor = actor  # who ingests: each new document is audited in its own transaction
        self._savepoints = savepoints
        self._report = report
        self._session: Session | None = None
        self._added: list[str] = []
        self._duplicates: list[str] = []
        self._tightened = 0
        self._open_sources: set[str] = set()
        self.size = 0

    def add(self, doc: Document) -> None:
        if self._session is None:
            self._session = self._store.new_session()
            self._session.begin()
        try:
            if self._savepoints:
                # A savepoint per document: a row the database refuses does not take the batch with it.
                with self._session.begin_nested():
                    added = add_document(self._session, doc)
                    self._audit(doc, added)
            else:  # one document per transaction: the transaction is the unit
                added = add_document(self._session, doc)
                self._audit(doc, added)
        except (DataError, IntegrityError) as exc:
            if not self._savepoints:
                self.rollback()
            detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
            self._report.failed["db_rejected"] += 1
            origin = doc.origin or "?"
            self._report.failures.append(
                ReadFailure(origin, "db_rejected", f"the database refused this document ({detail})")
            )
            return
        doc_id, created = added
        (self._added if created else self._duplicates).append(doc_id)
        self._tightened += added.tightened
        if added.open_source is not None:
            self._open_sources.add(added.open_source)
        self.size += 1

    @property
    def full(self) -> bool:
        return self.size >= self._limit

    def _audit(self, doc: Document, added: tuple[str, bool]) -> None:
        doc_id, created = added
        if self._actor is None or not created or self._session is None:
            return
        audit_created(self._session, doc, doc_id, self._actor)

    def commit(self) -> None:
        if self._session is None:
            return
        session, self._session = self._session, None
        try:
            session.commit()
        finally:
            session.close()
        self._report.added_ids += self._added
        self._report.duplicate_ids += self._duplicates
        self._report.added += len(self._added)
        self._report.duplicates += len(self._duplicates)
        self._report.tightened += self._tightened
        self._report.open_sources |= self._open_sources
        self._added, self._duplicates, self.size, self._tightened = [], [], 0, 0
        self._open_sources = set()

    def rollback(self) -> None:
        if self._session is not None:
            self._session.rollback()
            self._session.close()
            self._session = None
        self._added, self._duplicates, self.size, self._tightened = [], [], 0, 0
        self._open_sources = set()


class _BulkBatch:
    """Documents held until `limit` of them (or BULK_BATCH_BYTES of text), then written in one
    transaction with `add_documents`; counted only once it commits."""

    def __init__(self, store: Store, report: IngestReport, limit: int, actor: str | None = None) -> None:
        self._store = store
        self._report = report
        self._limit = limit
        self._actor = actor
        self._pending: list[Document] = []
        self._bytes = 0

    @property
    def full(self) -> bool:
        return len(self._pending) >= self._limit or self._bytes >= BULK_BATCH_BYTES

    def add(self, doc: Document) -> None:
        self._pending.append(doc)
        self._bytes += len(doc.text)

    def commit(self) -> None:
        # Pending documents are whole: after Ctrl-C they are written too. They are forgotten only
        # once written, so an interruption during the write (rolled back) writes them again.
        docs = self._pending
        if not docs:
            return
        added: list[Added] | None = None
        for _attempt in range(_BULK_ATTEMPTS):
            session = self._store.new_session()
            try:
                with session.begin():
                    written = add_documents(session, docs, actor=self._actor, describe=created_after)
                added = written  # committed
                break
            except StoredMeanwhile:
                continue  # another ingest stored some of them: looked up again, they are duplicates
            except (DataError, IntegrityError):
                break  # a document the database refuses
            finally:
                session.close()
        if added is None:
            # This batch again, a document at a time, so only a refused document is lost.
            self._retry_one_by_one(docs)
            return
        self._pending, self._bytes = [], 0
        report = self._report
        for doc_id, created in added:
            (report.added_ids if created else report.duplicate_ids).append(doc_id)
        report.added += sum(1 for _, created in added if created)
        report.duplicates += sum(1 for _, created in added if not created)
        report.tightened += sum(1 for a in added if a.tightened)
        report.open_sources |= {a.open_source for a in added if a.open_source is not None}

    def _retry_one_by_one(self, docs: list[Document]) -> None:
        batch = _Batch(self._store, self._report, savepoints=True, actor=self._actor, limit=len(docs))
        try:
            for doc in docs:
                batch.add(doc)
            batch.commit()
        except BaseException:
            batch.rollback()
            raise
        self._pending, self._bytes = [], 0

    def rollback(self) -> None:
        self._pending, self._bytes = [], 0


def created_after(doc: Document) -> dict[str, object]:
    """What the audit entry of a new document says of it."""
    return {
        "title": doc.title,
        "source": doc.source.name if doc.source else None,
        "confidential": doc.is_confidential,
        "origin": doc.origin,
        "length": len(doc.text),
    }


def audit_created(session: Session, doc: Document, doc_id: str, actor: str) -> None:
    """The audit entry of a document just stored by `actor` ("cli:alice"), in the caller's transaction."""
    after = created_after(doc)
    record(
        session,
        user=None,
        actor=actor,
        action="document.create",
        resource="documents",
        resource_id=doc_id,
        after=after,
    )


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    options: ReadOptions,
    progress: Progress | None = None,
    *,
    batch_size: int = 1,
    actor: str | None = None,
) -> IngestReport:
    """Ingest every file under `paths`; never raises for a bad file, only for a broken database.

    `batch_size` documents per transaction: 1 (the default) writes each in its own; more writes
    them in bulk. `actor` ("cli:alice"): each new document is recorded in the audit log, in the
    transaction that stores it."""
    report = IngestReport()
    batch: _Batch | _BulkBatch = (
        _BulkBatch(store, report, batch_size, actor)
        if batch_size > 1
        else _Batch(store, report, savepoints=False, actor=actor)
    )
    try:
        files: list[Path] = []
        for item in iter_files(paths):
            if isinstance(item, ReadFailure):
                _fail(report, item)
            else:
                files.append(item)
        report.files = len(files)
        if progress is not None:
            progress(0, len(files))
        for done, path in enumerate(files, start=1):
            for result in read_file(path, options):
                if isinstance(result, ReadFailure):
                    _fail(report, result)
                    continue
                batch.add(result)
                if batch.full:
                    batch.commit()
            if progress is not None:
                progress(done, len(files))
        batch.commit()
    except KeyboardInterrupt:
        # Whole documents only: a bulk batch holds whole documents, and a per-document one's
        # savepoints are closed, so committing either is safe.
        report.interrupted = True
        try:
            batch.commit()
        except Exception:
            batch.rollback()
    except OperationalError as exc:
        batch.rollback()
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise DatabaseUnavailable(f"database error during ingest: {detail}") from exc
    except BaseException:
        batch.rollback()
        raise
    return report


def _fail(report: IngestReport, failure: ReadFailure) -> None:
    report.failed[failure.reason] += 1
    report.failures.append(failure)
