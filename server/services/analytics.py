"""数据分析示图 (党委, 党总支), 党建地图 and 党建大屏 (省委组织部): reads of the figures the daily job
kept (server.jobs.analytics), as of its last run, each in a few statements whatever the size of
the province."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.db.models import ComplianceRow, Org, OrgStat, OrgStatMeeting
from server.db.queries import latest_daily_run
from server.db.unit import Unit
from server.domain import analytics as an
from server.domain import meetings as wf
from server.domain import permissions
from server.domain.clock import shanghai_day
from server.domain.errors import not_found
from server.domain.orgs import CITIES, CITY_CODES, OrgKind
from server.services.context import Caller
from server.services.orgs import org_ref, require_in_scope

DAYS = 30
MONTHS = 12
_FIGURES = (
    "members", "branches", "active", "active_week", "study_points", "compliance_green",
    "compliance_rows", "wishes", "donations", "snapshots",
)  # fmt: skip
_LEVEL_OF_KIND = {
    OrgKind.PROVINCE.value: an.Level.PROVINCE,
    OrgKind.COMMITTEE.value: an.Level.COMMITTEE,
    OrgKind.GENERAL_BRANCH.value: an.Level.GENERAL_BRANCH,
    OrgKind.BRANCH.value: an.Level.BRANCH,
}
Key = tuple[str, str]  # (level, key)
# Plain rows, not ORM objects: a 党委's view reads a few hundred, each figure by attribute.
_STAT = OrgStat.__table__


def _metrics() -> list[schemas.MetricOut]:
    return [schemas.MetricOut(code=m.code, name=m.name, unit=m.unit) for m in an.METRICS.values()]


def _values(row: Any | None) -> schemas.Figures:
    figures = {name: int(getattr(row, name)) for name in _FIGURES} if row is not None else {}
    return {code: an.value(m, figures) for code, m in an.METRICS.items()}


def _org_key(org: Any) -> Key:
    return (_LEVEL_OF_KIND[org.kind].value, str(org.id))


async def _latest(
    session: AsyncSession, keys: Iterable[Key], as_of: date
) -> tuple[dict[Key, Any], dict[Key, Any]]:
    """(the day's rows, the month's rows) of these keys, as of `as_of`."""
    keys = list(keys)
    day: dict[Key, Any] = {}
    month: dict[Key, Any] = {}
    if not keys:
        return day, month
    by_level: dict[str, list[str]] = {}
    for level, key in keys:
        by_level.setdefault(level, []).append(key)
    # Each (grain, period, level) a range of the primary key with its keys in a list: a row
    # value IN list of pairs is no index condition for PostgreSQL (a scan of every row).
    periods = ((an.Grain.DAY.value, as_of), (an.Grain.MONTH.value, an.month_start(as_of)))
    rows = await session.execute(
        select(_STAT).where(
            or_(
                *(
                    (OrgStat.grain == grain)
                    & (OrgStat.period == period)
                    & (OrgStat.level == level)
                    & OrgStat.key.in_(level_keys)
                    for grain, period in periods
                    for level, level_keys in by_level.items()
                )
            )
        )
    )
    for row in rows:
        (day if row.grain == an.Grain.DAY.value else month)[(row.level, row.key)] = row
    return day, month


async def _series(
    session: AsyncSession, key: Key, as_of: date
) -> tuple[list[schemas.StatPoint], list[schemas.StatPoint]]:
    first_day = as_of - timedelta(days=DAYS - 1)
    first_month = an.months_back(as_of, MONTHS - 1)
    rows = (
        await session.execute(
            select(_STAT)
            .where(
                OrgStat.level == key[0],
                OrgStat.key == key[1],
                ((OrgStat.grain == an.Grain.DAY.value) & (OrgStat.period >= first_day))
                | ((OrgStat.grain == an.Grain.MONTH.value) & (OrgStat.period >= first_month)),
                OrgStat.period <= as_of,
            )
            .order_by(OrgStat.period)
        )
    ).all()
    days: list[schemas.StatPoint] = []
    months: list[schemas.StatPoint] = []
    for row in rows:
        point = schemas.StatPoint(period=row.period.isoformat(), values=_values(row))
        (days if row.grain == an.Grain.DAY.value else months).append(point)
    return days, months


async def _meetings(session: AsyncSession, key: Key, as_of: date) -> list[schemas.StatMeeting]:
    """Per meeting type: the job's sums above a branch; a branch's own 督办达标 rows."""
    if key[0] == an.Level.BRANCH.value:
        r = ComplianceRow
        query = (
            select(r.type, func.sum(r.held), func.sum(case((r.green, 1), else_=0)), func.count())
            .where(r.as_of == as_of, r.branch_id == int(key[1]))
            .group_by(r.type)
        )
    else:
        m = OrgStatMeeting
        query = select(m.type, m.held, m.green, m.rows).where(
            m.grain == an.Grain.DAY.value, m.period == as_of, m.level == key[0], m.key == key[1]
        )
    rows = {row[0]: tuple(int(v) for v in row[1:]) for row in (await session.execute(query)).all()}
    out = []
    for t in wf.MEETING_TYPES.values():
        held, green, total = rows.get(t.code, (0, 0, 0))
        out.append(
            schemas.StatMeeting(type=t.code, type_name=t.name, held=held, green=green, rows=total)
        )
    return out


async def _as_of(session: AsyncSession, now: datetime) -> date | None:
    return await latest_daily_run(session, shanghai_day(now))


async def org_view(
    uow: Unit, caller: Caller, now: datetime, org_id: int | None
) -> schemas.AnalyticsOut:
    """数据分析示图 of the caller's org, or of an org under it (a drill-down)."""
    permissions.require(caller.kind, "analytics")
    async with uow.read() as session:
        path = await require_in_scope(session, caller, org_id or caller.org_id or 0)
        org = path[-1]
        if org.kind not in _LEVEL_OF_KIND:  # a 党小组 has no figures of its own
            raise not_found("org_not_found", messages.ORG_NOT_FOUND)
        key = _org_key(org)
        as_of = await _as_of(session, now)
        children = (
            (
                await session.execute(
                    select(Org.id, Org.kind, Org.name)
                    .where(Org.parent_id == org.id, Org.kind != OrgKind.GROUP.value)
                    .order_by(Org.sort, Org.id)
                )
            ).all()
            if org.kind != OrgKind.BRANCH.value
            else []
        )
        empty = _values(None)
        if as_of is None:
            return schemas.AnalyticsOut(
                as_of=None, message=messages.ANALYTICS_NOT_RUN, org=org_ref(org),
                path=[org_ref(o) for o in path], metrics=_metrics(), day=empty, month=empty,
                days=[], months=[], children=[], meetings=[],
            )  # fmt: skip
        day, month = await _latest(session, [key, *(_org_key(c) for c in children)], as_of)
        days, months = await _series(session, key, as_of)
        meetings = await _meetings(session, key, as_of)
    return schemas.AnalyticsOut(
        as_of=as_of.isoformat(),
        org=org_ref(org),
        path=[org_ref(o) for o in path],
        metrics=_metrics(),
        day=_values(day.get(key)),
        month=_values(month.get(key)),
        days=days,
        months=months,
        children=[
            schemas.StatOrg(
                org=org_ref(c),
                day=_values(day.get(_org_key(c))),
                month=_values(month.get(_org_key(c))),
            )
            for c in children
        ],
        meetings=meetings,
    )


def _city(name: str, day: dict[Key, Any], month: dict[Key, Any]) -> schemas.CityStat:
    key = (an.Level.CITY.value, name)
    return schemas.CityStat(
        city=name, code=CITY_CODES[name], day=_values(day.get(key)), month=_values(month.get(key))
    )


async def _cities(session: AsyncSession, as_of: date) -> list[schemas.CityStat]:
    day, month = await _latest(session, [(an.Level.CITY.value, c) for c in CITIES], as_of)
    return [_city(c, day, month) for c in CITIES]


async def city_map(uow: Unit, caller: Caller, now: datetime) -> schemas.MapOut:
    """党建地图: the 14 市州 (every one, with or without figures)."""
    permissions.require(caller.kind, "map")
    async with uow.read() as session:
        as_of = await _as_of(session, now)
        if as_of is None:
            empty = [schemas.CityStat(city=c, code=CITY_CODES[c], day=_values(None),
                                      month=_values(None)) for c in CITIES]  # fmt: skip
            return schemas.MapOut(
                as_of=None, message=messages.ANALYTICS_NOT_RUN, metrics=_metrics(), cities=empty
            )
        cities = await _cities(session, as_of)
    return schemas.MapOut(as_of=as_of.isoformat(), metrics=_metrics(), cities=cities)


async def city_detail(uow: Unit, caller: Caller, now: datetime, code: str) -> schemas.MapCityOut:
    """One 市州 on 党建地图: its 党委 and their figures (the drill-down)."""
    permissions.require(caller.kind, "map")
    name = next((n for n, c in CITY_CODES.items() if c == code), None)
    if name is None:
        raise not_found("city_not_found", messages.CITY_NOT_FOUND)
    async with uow.read() as session:
        as_of = await _as_of(session, now)
        committees: Sequence[Any] = (
            await session.execute(
                select(Org.id, Org.kind, Org.name)
                .where(Org.kind == OrgKind.COMMITTEE.value, Org.city == name)
                .order_by(Org.sort, Org.id)
            )
        ).all()
        day: dict[Key, Any] = {}
        month: dict[Key, Any] = {}
        if as_of is not None:
            keys = [(an.Level.CITY.value, name), *(_org_key(c) for c in committees)]
            day, month = await _latest(session, keys, as_of)
    return schemas.MapCityOut(
        as_of=as_of.isoformat() if as_of else None,
        city=_city(name, day, month),
        committees=[
            schemas.StatOrg(
                org=org_ref(c),
                day=_values(day.get(_org_key(c))),
                month=_values(month.get(_org_key(c))),
            )
            for c in committees
        ],
    )


def _green_share(city: schemas.CityStat) -> float:
    share = city.day.get("green_share")
    return share if share is not None else -1.0


async def big_screen(uow: Unit, caller: Caller, now: datetime) -> schemas.BigScreenOut:
    """党建大屏: the province's figures, trends, the 市州 ranked by 督办达标率, the meeting types."""
    permissions.require(caller.kind, "big_screen")
    async with uow.read() as session:
        as_of = await _as_of(session, now)
        empty = _values(None)
        if as_of is None or caller.org_id is None:
            return schemas.BigScreenOut(
                as_of=None, message=messages.ANALYTICS_NOT_RUN, metrics=_metrics(), day=empty,
                month=empty, days=[], months=[], cities=[], meetings=[],
            )  # fmt: skip
        key = (an.Level.PROVINCE.value, str(caller.org_id))
        day, month = await _latest(session, [key], as_of)
        days, months = await _series(session, key, as_of)
        cities = await _cities(session, as_of)
        meetings = await _meetings(session, key, as_of)
    return schemas.BigScreenOut(
        as_of=as_of.isoformat(),
        metrics=_metrics(),
        day=_values(day.get(key)),
        month=_values(month.get(key)),
        days=days,
        months=months,
        cities=sorted(cities, key=_green_share, reverse=True),
        meetings=meetings,
    )
