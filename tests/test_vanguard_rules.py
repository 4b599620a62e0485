"""The 先锋模范 flows without a server: from every state, each transition is allowed only to its
actor and only from its source states; an admin never approves what would earn themselves."""

from __future__ import annotations

import pytest

from contract import limits
from server.domain import vanguard as vg
from server.domain.errors import DomainError, Kind

ME, OTHER = 1, 2


def who(*roles: vg.Actor, poster: int = OTHER, claimer: int | None = OTHER) -> vg.Who:
    return vg.Who(frozenset(roles), ME, poster, claimer)


@pytest.mark.parametrize("kind", list(vg.FLOWS))
def test_every_transition_from_every_state(kind: str) -> None:
    flow = vg.FLOWS[kind]
    everyone = who(*vg.Actor)
    for state in flow.states:
        for code, t in flow.transitions.items():
            if state in t.sources:
                assert vg.check(flow, state, code, everyone) is t
                for role in set(vg.Actor) - {t.actor}:
                    with pytest.raises(DomainError) as refused:
                        vg.check(flow, state, code, who(role))
                    assert refused.value.kind is Kind.FORBIDDEN
            else:
                with pytest.raises(DomainError) as refused:
                    vg.check(flow, state, code, everyone)
                assert refused.value.code == "vanguard_out_of_order"


@pytest.mark.parametrize("kind", list(vg.FLOWS))
def test_no_admin_grants_themselves_points(kind: str) -> None:
    flow = vg.FLOWS[kind]
    for code, t in flow.transitions.items():
        if t.points is None:
            continue
        mine = who(vg.Actor.ADMIN, poster=ME if t.gets is vg.Gets.POSTER else OTHER,
                   claimer=ME if t.gets is vg.Gets.CLAIMER else OTHER)  # fmt: skip
        with pytest.raises(DomainError) as refused:
            vg.check(flow, t.sources[0], code, mine)
        assert refused.value.code == "self_approval"
        assert code not in vg.available(flow, t.sources[0], mine)
        assert vg.check(flow, t.sources[0], code, who(vg.Actor.ADMIN)) is t


def test_points_follow_the_spec() -> None:
    granted = {
        (kind, code): (t.points, t.gets)
        for kind, f in vg.FLOWS.items()
        for code, t in f.transitions.items()
        if t.points
    }
    assert granted == {
        ("wish", "confirm"): ("wish_done", vg.Gets.CLAIMER),
        ("donation", "approve"): ("donation_post", vg.Gets.POSTER),
        ("donation", "confirm"): ("donation_done", vg.Gets.POSTER),
        ("snapshot", "approve"): ("snapshot", vg.Gets.POSTER),
    }


def test_images_are_known_by_their_first_bytes() -> None:
    assert limits.image_type(b"\x89PNG\r\n\x1a\nrest") == "image/png"
    assert limits.image_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert limits.image_type(b"GIF89a") == "image/gif"
    assert limits.image_type(b"<svg>") is None
