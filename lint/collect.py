"""Every file's result of a batch, held until the outputs are written — in memory for a small batch,
in a temporary SQLite file beyond that, so that the main process stays the same size however many
reports a batch holds.

Outputs and cross-report rules read the results back in file order as often as they need; a
cross-report finding is written back into the result of the report it is about.
"""

from __future__ import annotations

import os
import pickle  # cheap; sqlite3 and tempfile are imported only when a batch spills to disk
from typing import TYPE_CHECKING, Iterator, Optional

if TYPE_CHECKING:
    import sqlite3

SPILL_AFTER = 500  # results kept in memory before the batch moves them to a temporary file


class Collected:
    def __init__(self, spill_after: int = SPILL_AFTER):
        self.spill_after = spill_after
        self._kept: list = []  # results, while the batch is small
        self._first: dict = {}  # (agency key, year) → position of its first report, in memory
        self._db: Optional[sqlite3.Connection] = None
        self._folder = None
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, result) -> None:
        if self._db is None and self._count >= self.spill_after:
            self._spill()
        position = self._count
        self._count += 1
        digest = result.digest
        if self._db is None:
            self._kept.append(result)
            if digest is not None and digest.key and digest.year:
                self._first.setdefault((digest.key, digest.year), position)
            return
        self._insert(position, result)

    # -- reading back ------------------------------------------------------------------------------
    def __iter__(self) -> Iterator:
        """The results in file order, each read afresh (the batch keeps none of them)."""
        if self._db is None:
            yield from self._kept
            return
        self._db.commit()
        for (blob,) in self._db.execute("SELECT result FROM results ORDER BY position"):
            yield pickle.loads(blob)

    def digests(self) -> Iterator[tuple]:
        """(position, path, digest) of every readable report, in file order."""
        if self._db is None:
            for position, result in enumerate(self._kept):
                if result.digest is not None:
                    yield position, result.path, result.digest
            return
        self._db.commit()
        rows = self._db.execute("SELECT position, path, digest FROM results WHERE digest IS NOT NULL ORDER BY position")
        for position, path, blob in rows:
            yield position, path, pickle.loads(blob)

    def year_pairs(self) -> Iterator[tuple]:
        """(position, path, digest, digest of the first report of the same agency a year before)
        of every report that has one, in file order: `digests` with `first(key, year - 1)` for
        each, but on disk a single query, which opens only the digests of the reports paired."""
        if self._db is None:
            for position, path, digest in self.digests():
                paired = self.first(digest.key, digest.year - 1) if digest.key and digest.year else None
                if paired is not None:
                    yield position, path, digest, paired[1]
            return
        self._db.commit()
        rows = self._db.execute(
            "SELECT position, path, digest, (SELECT earlier.position FROM results AS earlier WHERE earlier.key = results.key "
            "AND earlier.year = results.year - 1 ORDER BY earlier.position LIMIT 1) AS paired FROM results "
            "WHERE key IS NOT NULL AND paired IS NOT NULL ORDER BY position")
        for position, path, blob, paired in rows:
            yield position, path, pickle.loads(blob), self.get_digest(paired)[1]

    def renamed_pairs(self) -> Iterator[tuple]:
        """(position, path, digest, digest of the report paired with it the year before) of every
        report with no report of its own agency the year before, where the year before holds one
        agency (and no report of it this year) whose name differs from this one's only by the higher
        divisions written before it (洪泽区人民政府 / 淮安市洪泽区人民政府: one name ends with the other,
        see digest.home_key), and this year no other agency shares that. In file order."""
        if self._db is None:
            yield from self._renamed_in_memory()
            return
        self._db.commit()
        rows = self._db.execute(
            "SELECT r.position, r.path, r.key, MIN(p.position), p.key FROM results AS r JOIN results AS p "
            "ON p.home = r.home AND p.year = r.year - 1 AND p.key != r.key "
            "WHERE r.key IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM results AS e WHERE e.key = r.key AND e.year = r.year - 1) "
            "AND NOT EXISTS (SELECT 1 FROM results AS n WHERE n.key = p.key AND n.year = r.year) "
            "AND (SELECT COUNT(DISTINCT q.key) FROM results AS q WHERE q.home = r.home AND q.year = r.year - 1) = 1 "
            "AND (SELECT COUNT(DISTINCT t.key) FROM results AS t WHERE t.home = r.home AND t.year = r.year) = 1 "
            "GROUP BY r.position ORDER BY r.position")
        for position, path, key, paired, paired_key in rows.fetchall():
            if _one_ends_the_other(key, paired_key):
                yield position, path, self.get_digest(position)[1], self.get_digest(paired)[1]

    def _renamed_in_memory(self) -> Iterator[tuple]:
        from xxgk_lint.digest import home_key

        held = [(p, r.path, r.digest.key, r.digest.year, home_key(r.digest.key)) for p, r in enumerate(self._kept)
                if r.digest is not None and r.digest.key and r.digest.year]
        keys = {(key, year) for _, _, key, year, _ in held}
        by_home: dict = {}
        for position, _, key, year, home in held:
            by_home.setdefault((home, year), []).append((position, key))
        for position, path, key, year, home in held:
            if (key, year - 1) in keys:
                continue
            before = by_home.get((home, year - 1), [])
            if len({k for _, k in before}) != 1 or len({k for _, k in by_home[(home, year)]}) != 1:
                continue
            paired, paired_key = before[0]
            if (paired_key, year) not in keys and _one_ends_the_other(key, paired_key):
                yield position, path, self._kept[position].digest, self._kept[paired].digest

    def first(self, key: Optional[str], year: Optional[int]) -> Optional[tuple]:
        """(position, digest) of the first report of an agency and year, or None."""
        if not key or not year:
            return None
        if self._db is None:
            position = self._first.get((key, year))
            return None if position is None else (position, self._kept[position].digest)
        row = self._db.execute("SELECT position, digest FROM results WHERE key = ? AND year = ? "
                               "ORDER BY position LIMIT 1", (key, year)).fetchone()
        return None if row is None else (row[0], pickle.loads(row[1]))

    def reports_of(self, key: Optional[str], year: Optional[int]) -> list:
        """(position, path) of every report of an agency and year, in file order."""
        if not key or not year:
            return []
        if self._db is None:
            return [(p, r.path) for p, r in enumerate(self._kept)
                    if r.digest is not None and (r.digest.key, r.digest.year) == (key, year)]
        return self._db.execute("SELECT position, path FROM results WHERE key = ? AND year = ? ORDER BY position",
                                (key, year)).fetchall()

    def holds(self, key: Optional[str], year: Optional[int]) -> bool:
        """Whether a report of this agency and year is already here (nothing read back to say so)."""
        if not key or not year:
            return False
        if self._db is None:
            return (key, year) in self._first
        return self._db.execute("SELECT 1 FROM results WHERE key = ? AND year = ? LIMIT 1", (key, year)).fetchone() is not None

    def years_of(self, key: Optional[str]) -> list:
        """(position, digest) of an agency's first report of each year."""
        if not key:
            return []
        if self._db is None:
            return [(p, self._kept[p].digest) for (k, _), p in self._first.items() if k == key]
        rows = self._db.execute("SELECT MIN(position) FROM results WHERE key = ? AND year IS NOT NULL "
                                "GROUP BY year ORDER BY MIN(position)", (key,)).fetchall()
        return [self.get_digest(p) for (p,) in rows]

    def get_digest(self, position: int) -> tuple:
        if self._db is None:
            return position, self._kept[position].digest
        (blob,) = self._db.execute("SELECT digest FROM results WHERE position = ?", (position,)).fetchone()
        return position, pickle.loads(blob)

    def get(self, position: int):
        if self._db is None:
            return self._kept[position]
        (blob,) = self._db.execute("SELECT result FROM results WHERE position = ?", (position,)).fetchone()
        return pickle.loads(blob)

    def put(self, position: int, result) -> None:
        """Write back a result changed after it was added (a cross-report finding)."""
        if self._db is None:
            self._kept[position] = result
            return
        self._db.execute("UPDATE results SET result = ? WHERE position = ?", (self._pickled(result), position))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def __enter__(self) -> "Collected":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the temporary file ------------------------------------------------------------------------
    def _spill(self) -> None:
        import sqlite3
        import tempfile
        import weakref

        self._folder = tempfile.TemporaryDirectory(prefix="xxgk-lint-")
        self._db = sqlite3.connect(os.path.join(self._folder.name, "results.sqlite"))
        # however the run ends, the file is closed and removed (Windows cannot remove an open file)
        weakref.finalize(self, _discard, self._db, self._folder)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE results (position INTEGER PRIMARY KEY, path TEXT, key TEXT, year INTEGER, "
                         "home TEXT, digest BLOB, result BLOB)")
        self._db.execute("CREATE INDEX by_agency ON results (key, year, position)")
        self._db.execute("CREATE INDEX by_home ON results (home, year)")
        for position, result in enumerate(self._kept):
            self._insert(position, result)
        self._kept, self._first = [], {}

    def _insert(self, position: int, result) -> None:
        from xxgk_lint.digest import home_key  # loaded already by then: each result's digest was made with it

        digest = result.digest
        key, year = (digest.key, digest.year) if digest is not None else (None, None)
        held = bool(key and year)
        self._db.execute("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (position, result.path, key if held else None, year if held else None,
                          home_key(key) if held else None,
                          None if digest is None else pickle.dumps(digest, pickle.HIGHEST_PROTOCOL),
                          self._pickled(result)))
        if position % 1000 == 999:
            self._db.commit()

    @staticmethod
    def _pickled(result) -> bytes:
        digest, result.digest = result.digest, None  # stored on its own; outputs never need it
        try:
            return pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
        finally:
            result.digest = digest


def _one_ends_the_other(key: str, other: str) -> bool:
    """Whether two agencies' keys differ only by what one writes before the other (see renamed_pairs)."""
    return key.endswith(other) or other.endswith(key)


def _discard(db: sqlite3.Connection, folder) -> None:
    try:
        db.close()
    finally:
        folder.cleanup()
