"""Every Chinese message the server sends to users, in one place."""

NO_FEATURE_PERMISSION = "用户无该权限"
NO_SUBSYSTEM_LOGIN = "该用户没有权限登录此系统,请联系管理员"

BAD_CREDENTIALS = "用户名或密码错误"
ACCOUNT_LOCKED = "登录失败次数过多,该账号已暂时锁定,请在 {minutes} 分钟后再试"
ADDRESS_LOCKED = "本机登录失败次数过多,请在 {minutes} 分钟后再试"
NOT_LOGGED_IN = "请先登录"
SESSION_EXPIRED = "登录已过期,请重新登录"
ACCOUNT_DISABLED = "该账号已停用,请联系管理员"

MALFORMED_JSON = "请求内容不是有效的 JSON"
INVALID_REQUEST = "请求参数有误:{detail}"
BODY_TOO_LARGE = "请求内容过大(上限 {limit})"
BAD_REQUEST = "请求有误,无法处理"
NOT_FOUND = "请求的内容不存在"
METHOD_NOT_ALLOWED = "不支持该请求方法"
INTERNAL_ERROR = "服务器内部错误,请稍后再试"
UNSUPPORTED_MEDIA = "请求内容类型必须是 application/json"

UNKNOWN_FEATURE = "没有这个功能:{code}"
UNKNOWN_SHORTCUT = "没有这个快捷功能:{code}"
SHORTCUT_NOT_ALLOWED = "当前账号不能添加该快捷功能:{name}"
SHORTCUT_DUPLICATE = "快捷功能不能重复添加:{name}"
SHORTCUT_TOO_MANY = "首页功能区最多放 {limit} 个快捷功能"
PUBLIC_HAS_NO_ORG = "群众账号不属于党组织"

TEST_CLOCK_NAIVE = "时间必须带时区偏移,例如 2026-01-01T00:00:00+08:00"
