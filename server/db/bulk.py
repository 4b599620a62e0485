"""Many rows into one table at the driver's speed: a province's import writes 100,000s of
accounts, and SQLAlchemy's per-row work for an executemany (each row's parameters built and
each value sent through its type's processor) cost more than the database's own time. On
PostgreSQL the rows go by COPY."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection


async def insert_rows(
    conn: AsyncConnection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT each row (its values in `columns`' order) in one executemany at the driver (COPY
    on PostgreSQL): the
    statement compiled once for this database, the values of a column whose type converts
    them (a UTC time, a boolean on SQLite) converted once per distinct value."""
    if not rows:
        return
    dialect = conn.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    names = list(compiled.positiontup or ())
    # A column left out whose model has a scalar default (`active`: True) is in the statement
    # anyway, with its default in every row.
    defaults: dict[str, Any] = {}
    for name in names:
        if name not in columns:
            default = table.c[name].default
            assert default is not None and default.is_scalar, f"{name}: no value, no default"
            defaults[name] = default.arg  # type: ignore[attr-defined]
    order = [columns.index(name) if name in columns else -1 for name in names]
    if order == list(range(len(columns))):
        out = [list(row) for row in rows]
    else:
        out = [
            [row[i] if i >= 0 else defaults[names[at]] for at, i in enumerate(order)]
            for row in rows
        ]
    for at, name in enumerate(names):
        process = table.c[name].type._cached_bind_processor(dialect)
        if process is None:
            continue
        done: dict[Any, Any] = {}  # a column's values repeat (one `now`, True): once each
        for row in out:
            v = row[at]
            if v is None:
                continue
            try:
                row[at] = done[v]
            except KeyError:
                row[at] = done[v] = process(v)
            except TypeError:  # not hashable (a JSON value)
                row[at] = process(v)
    if dialect.name == "postgresql":
        # COPY, binary, in the transaction already open on this connection: an executemany
        # is one Bind/Execute round per row, which the server then waits on.
        raw = await conn.get_raw_connection()
        if not raw.driver_connection.is_in_transaction():  # type: ignore[union-attr]
            # SQLAlchemy begins the transaction with its first statement: COPY is not one.
            await conn.exec_driver_sql("SELECT 1")
        await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
            table.name, records=[tuple(row) for row in out], columns=names
        )
        return
    await conn.exec_driver_sql(compiled.string, [tuple(row) for row in out])
