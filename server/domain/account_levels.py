"""账号管理 by level (issue 16), as data: which account kinds each admin kind manages, and the
operations on them. The scope (the account's org lies in the admin's subtree) is checked by
server.services.orgs.require_in_scope; this table says which kinds, whatever the scope."""

from __future__ import annotations

from enum import StrEnum

from server.domain.orgs import AccountKind as K


class Op(StrEnum):
    """What an admin may do to an account it manages (the terminal shows these keys)."""

    DISABLE = "disable"
    ENABLE = "enable"
    RESET_PASSWORD = "reset_password"
    SET_GROUP = "set_group"  # 党小组, members only
    SET_POSITION = "set_position"  # 委员职位, members only
    MOVE_BRANCH = "move_branch"  # to another branch of the admin's scope, members only


OP_NAMES: dict[Op, str] = {
    Op.DISABLE: "停用",
    Op.ENABLE: "启用",
    Op.RESET_PASSWORD: "重置密码",
    Op.SET_GROUP: "调整党小组",
    Op.SET_POSITION: "设置委员职位",
    Op.MOVE_BRANCH: "转到其他支部",
}

# A 党支部管理员 its branch's 党员; a 党总支 admin the 党员 and 党支部 accounts of the branches
# under it; a 党委 admin those and its 党总支 accounts; the province the 党委 accounts.
MANAGES: dict[K, frozenset[K]] = {
    K.BRANCH_ADMIN: frozenset({K.MEMBER}),
    K.GENERAL_BRANCH_ADMIN: frozenset({K.MEMBER, K.BRANCH_ADMIN}),
    K.COMMITTEE_ADMIN: frozenset({K.MEMBER, K.BRANCH_ADMIN, K.GENERAL_BRANCH_ADMIN}),
    K.PROVINCE_ADMIN: frozenset({K.COMMITTEE_ADMIN}),
}

# Operations that only make sense for a 党员 (an admin account has no 党小组 nor 委员职位).
MEMBER_ONLY = frozenset({Op.SET_GROUP, Op.SET_POSITION, Op.MOVE_BRANCH})


def manages(admin: K, target: K) -> bool:
    return target in MANAGES.get(admin, frozenset())


def ops(admin: K, target: K, active: bool) -> list[Op]:
    """The operations an admin of kind `admin` may take on an account of kind `target` now
    (an account in its scope; empty when it does not manage that kind)."""
    if not manages(admin, target):
        return []
    out = [Op.DISABLE if active else Op.ENABLE, Op.RESET_PASSWORD]
    if target == K.MEMBER:
        out += [Op.SET_GROUP, Op.SET_POSITION]
        if admin != K.BRANCH_ADMIN:  # a branch admin's scope holds one branch only
            out.append(Op.MOVE_BRANCH)
    return out


# The audit's actions (org_events.action) of 账号管理 and 我的支部, with their Chinese names.
AUDIT_ACTIONS: dict[str, str] = {
    "account_add": "添加账号",
    "account_disable": "停用账号",
    "account_enable": "启用账号",
    "password_reset": "重置密码",
    "group_change": "调整党小组",
    "position_change": "委员职位",
    "branch_move": "转移支部",
    "branch_field": "修改领域",
    "group_add": "新增党小组",
    "group_rename": "党小组改名",
}
