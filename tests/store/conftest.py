"""Store fixtures: a fresh SQLite file or a fresh database on a throwaway PostgreSQL cluster per test."""

from __future__ import annotations

import uuid

import pytest

from bot.store import Store
from tests.store.pg import PostgresCluster, find_bin

NO_PG = ("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl); "
         "`apt-get install postgresql` — .ci/run does this, so these tests run in CI")


def _running_cluster():
    bindir = find_bin()
    if bindir is None:
        pytest.skip(NO_PG)
    cluster = PostgresCluster(bindir)
    cluster.start()
    yield cluster
    cluster.cleanup()


@pytest.fixture(scope="session")
def pg_cluster():
    yield from _running_cluster()


@pytest.fixture
def own_cluster():
    """A cluster this test may stop: the shared one stays up for the others."""
    yield from _running_cluster()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    return pg_cluster.create_database(f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """The same store contract checked on both backends."""
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    else:
        s = Store(request.getfixturevalue("pg_url"))
    yield s
    s.close()
