"""党群服务: the service information and the sites of server.domain.party_services, for anyone."""

from __future__ import annotations

from contract import schemas
from server.domain.party_services import ENTRIES


def entries() -> schemas.PartyServicesOut:
    return schemas.PartyServicesOut(
        entries=[
            schemas.PartyServiceOut(
                code=e.code, group=e.group, name=e.name, text=e.text, address=e.address
            )
            for e in ENTRIES
        ]
    )
