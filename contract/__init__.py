"""The wire contract between the server and its clients: request and answer models
(`schemas`), the outbox kinds and their arguments (`outbox`), and the limits a client must know
(`limits`). Pydantic only: no FastAPI, no SQLAlchemy, nothing of server/ or of Textual."""
