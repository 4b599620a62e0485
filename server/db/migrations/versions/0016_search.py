"""search_documents (issue 18): one row per searchable document, and the database's full-text
index over its token string: an FTS5 table kept by triggers on SQLite, a GIN index over
to_tsvector('simple', tokens) on PostgreSQL (server/domain/search.py says why tokens).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 12:00:00
"""

import sqlalchemy as sa
from alembic import op

from server.db.models import UTCDateTime

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# The FTS5 table reads its text from search_documents (external content); the triggers keep it.
_SQLITE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(kind, tokens, content='search_documents', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0', detail='column')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_documents BEGIN "
    "INSERT INTO search_fts (rowid, kind, tokens) VALUES (new.id, new.kind, new.tokens); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_documents BEGIN "
    "INSERT INTO search_fts (search_fts, rowid, kind, tokens) "
    "VALUES ('delete', old.id, old.kind, old.tokens); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_documents BEGIN "
    "INSERT INTO search_fts (search_fts, rowid, kind, tokens) "
    "VALUES ('delete', old.id, old.kind, old.tokens); "
    "INSERT INTO search_fts (rowid, kind, tokens) VALUES (new.id, new.kind, new.tokens); END",
)
_POSTGRES = (
    "CREATE INDEX ix_search_documents_tsv ON search_documents "
    "USING gin (to_tsvector('simple'::regconfig, tokens))",
)


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.Column("scope_org_id", sa.Integer(), nullable=True),
        sa.Column("visible_from", UTCDateTime(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint("kind", "ref_id", name=op.f("uq_search_documents_kind")),
    )
    for statement in _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRES:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS search_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_documents_tsv")
    op.drop_table("search_documents")
