import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidencekit.core.vault.index import MIGRATIONS, Index


def test_migrations_recorded_and_idempotent() -> None:
    idx = Index(":memory:")
    assert idx.migrate() == [name for name, _ in MIGRATIONS]
    assert idx.migrate() == []
    assert idx.applied_migrations() == [name for name, _ in MIGRATIONS]


def test_accepts_a_connection() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    idx = Index(conn)
    idx.migrate()
    assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == 0


def test_atomic_rolls_back_and_nests() -> None:
    idx = Index(":memory:")
    idx.migrate()
    with pytest.raises(RuntimeError):
        with idx.atomic() as c:
            c.execute("INSERT INTO settings VALUES ('a', '1')")
            raise RuntimeError
    assert idx.conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
    with idx.atomic() as c:
        c.execute("INSERT INTO settings VALUES ('outer', '1')")
        with pytest.raises(ValueError):
            with idx.atomic() as c2:
                c2.execute("INSERT INTO settings VALUES ('inner', '1')")
                raise ValueError
    keys = [r[0] for r in idx.conn.execute("SELECT key FROM settings")]
    assert keys == ["outer"]


def test_failed_migration_leaves_nothing() -> None:
    idx = Index(":memory:")

    def bad(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE t (x)")
        raise sqlite3.OperationalError("boom")

    with pytest.raises(sqlite3.OperationalError):
        idx.migrate([("001_bad", bad)])
    assert idx.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 't'").fetchone()[0] == 0
    assert idx.applied_migrations() == []


@given(st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=50), max_size=20))
def test_settings_roundtrip(d: dict[str, str]) -> None:
    idx = Index(":memory:")
    idx.migrate()
    with idx.atomic() as c:
        c.executemany("INSERT INTO settings VALUES (?, ?)", list(d.items()))
    assert dict(idx.conn.execute("SELECT key, value FROM settings").fetchall()) == d
