"""The application layer: one module per area. A service takes plain arguments and the unit of
work (server.db.unit.Unit), applies the rules of server.domain, reads and writes through
server.db, answers with the wire models of contract.schemas and refuses with
server.domain.errors.DomainError. The HTTP routers and the sync handlers call the same
services; neither holds rules or database work of its own."""
