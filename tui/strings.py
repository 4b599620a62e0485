"""Every Chinese string the terminal client shows (besides those the server sends)."""

APP_TITLE = "党建学习终端"

CONNECTING = "正在连接服务器 {url} …"
ONLINE = "在线"
OFFLINE = "离线"
CHECKING = "连接中"
UNREACHABLE_HINT = "无法连接服务器 {url}。请确认服务器已启动、地址正确,按 F5 重试。"
SESSION_EXPIRED = "登录已过期,请重新登录"
LOGGED_OUT = "已退出登录"
NEED_USERNAME = "请输入用户名"
NEED_PASSWORD = "请输入密码"
LOGGING_IN = "正在登录…"
WELCOME = "欢迎,{name}"
POINTS_EARNED = "{name} +{points} 积分"
SERVER_LINE = "服务器:{url}"
DEMO_HINT = "演示账号:党员 dy001 · 党支部 zb001 · 党总支 zzz001 · 党委 dw001 · 省委组织部 sw001 · 群众 qz001,密码 gsdj2026"

HOME_TITLE = "首页"
HOME_EMPTY = "首页功能区还没有快捷功能,按 E 添加。"
SHORTCUT_UNSUPPORTED = "此版本终端暂不支持“{name}”"
SHORTCUTS_SAVED = "首页功能区已保存"
EDIT_TITLE = "编辑首页功能区"
EDIT_HELP = "空格 添加/移除 · U 上移 · N 下移 · Ctrl+S 保存 · Esc 放弃"
EDIT_CHOSEN = "已添加"
EDIT_AVAILABLE = "可添加"
EDIT_LIMIT = "最多添加 {limit} 个快捷功能"
EDIT_DISCARD = "放弃未保存的修改?"

CONFIRM_LOGOUT = "确定退出登录吗?"
YES_NO = "Y 确定 · N 取消"

PROFILE_TITLE = "我的信息"
ORGS_TITLE = "组织架构"
ORGS_CHILDREN = "下级 {n} 个"
ORGS_HINT = "Enter/空格 展开或收起(下级未载入的,展开时向服务器获取)· C 全部收起"
ORGS_KEY_COLLAPSE = "全部收起"
FEATURES_TITLE = "功能权限"
GUIDE_TITLE = "操作指南"
LOADING = "加载中…"
MEMBERS_COUNT = "{n} 名党员"
ALLOWED = "可使用"
NOT_ALLOWED = "不可使用"

FIELD_USERNAME = "用户名"
FIELD_DISPLAY_NAME = "姓名"
FIELD_KIND = "账号类型"
FIELD_ORG = "所在组织"
FIELD_GROUP = "党小组"
FIELD_POSITION = "委员职位"
FIELD_PATH = "组织关系"
NONE = "无"

COL_FEATURE = "功能"
COL_ACCESS = "权限"
COL_REASON = "说明"

KEYRING_MISSING = "未找到可用的系统密钥环,登录凭据只保存在内存中"

NEWS_TITLE = "党建资讯"
ALL_COLUMNS = "全部"
COL_TITLE = "标题"
COL_SOURCE = "来源"
COL_PUBLISHED = "发布时间"
PAGE_LINE = "第 {page}/{pages} 页 · 共 {total} 篇"
NO_ARTICLES = "该栏目暂无文章"
THIRD_PARTY_TITLE = "第三方学习平台(回车前往)"
LINK_OPENED = "已记录访问,请在浏览器打开:{url}"
NEED_LOGIN = "请先登录后再操作"
READ_PROGRESS = "有效阅读 {done}/{need} 秒"
READ_COUNTED = "本文有效阅读已记录"
READ_VISITOR = "登录后有效阅读可得积分"
READ_WAITING = "正在开始计时…"
ARTICLE_META = "{source} · {published} · 点赞 {likes} · 收藏 {collects}"
COMMENTS_HEADER = "评论({n})"
NO_COMMENTS = "还没有评论,按 M 发表第一条"
COMMENT_PROMPT = "发表评论(至少 5 个字,回车发表,Esc 取消)"
LIKED_MARK = "已点赞"
COLLECTED_MARK = "已收藏"

POINTS_TITLE = "我的积分"
POINTS_YEAR = "{year} 年累计 {total} 分:{parts}"
POINTS_TODAY = "本期进度(截至 {today},实时)"
COL_RULE = "项目"
COL_EACH = "每次"
COL_EARNED = "已得/上限"
COL_LEFT = "剩余"
COL_PERIOD = "周期"
LEDGER_HEADER = "积分明细(第 {page}/{pages} 页,共 {total} 条)"
COL_DAY = "日期"
COL_POINTS = "积分"

BOARDS_TITLE = "排行榜"
PERIOD_MONTH = "本月"
PERIOD_YEAR = "本年"
BOARD_LINE = "{scope} · {period} · 数据截至 {as_of}(每日更新) · 第 {page}/{pages} 页"
BOARD_NOT_YET = "排行榜尚未生成:每日凌晨计算前一天的数据"
BOARD_ME = "我的名次:第 {rank} 名,{points} 分"
BOARD_ME_BRANCH = "本支部名次:第 {rank} 名,{points} 分"
BOARD_NO_BOARDS = "当前账号没有可查看的排行榜"
COL_RANK = "名次"
COL_NAME = "名称"

STUDY_TITLE = "学习中心"
MY_COURSES_TITLE = "学习中心 · 我的课程"
COL_COURSE = "课程"
COL_VIDEOS = "视频"
COL_LENGTH = "时长"
COL_WATCHED = "已学"
COL_STATE = "状态"
ENROLLED_MARK = "已加入"
NO_COURSES = "还没有课程"
NO_MY_COURSES = "我的课程还是空的:在学习中心选中课程,按 J 加入"
COURSE_HELP = "回车 打开课程 · J 加入/移出我的课程 · M 只看我的课程/全部课程"
COURSE_VIDEOS_HELP = "回车 播放视频 · J 加入/移出我的课程"
COURSE_META = "共 {videos} 个视频,{length} · 已学 {watched}({percent}%)· {state}"
COURSE_STATE_IN = "已加入我的课程"
COURSE_STATE_OUT = "未加入我的课程:按 J 加入后观看才记录学习进度"
COURSE_STATE_OPEN = "可以直接观看"
ENROL_FIRST = "请先按 J 把该课程加入我的课程,再观看学习"
COL_NO = "序号"
COL_POSITION = "上次看到"

PLAYER_PLAYING = "▶ 播放中"
PLAYER_PAUSED = "⏸ 已暂停"
PLAYER_ENDED = "■ 已播完"
PLAYER_TIME = "{state}  {position} / {length}"
PLAYER_LEGEND = "█ 已保存  ▓ 已看未保存  ░ 未看  ┃ 当前位置"
PLAYER_STATS = "未保存 {unsaved} 秒 · 今日视频积分 {points}/{cap} · {next}"
PLAYER_NEXT = "距下一分还需新看 {seconds} 秒"
PLAYER_CAPPED = "今日视频积分已满"
PLAYER_NOT_STUDY = "该视频不属于学习中心:可以观看,不计积分"
PLAYER_NOT_EARNER = "当前账号观看学习中心视频不计学习时长和积分(只有党员和党支部账号积分)"
PLAYER_VISITOR = "登录并加入课程后观看,才会记录学习进度"
PLAYER_OPENING = "正在打开视频…"
PLAYER_SAVING = "正在保存进度…"
PLAYER_NOTHING_TO_SAVE = "没有需要保存的新进度"
PLAYER_TAKEN_OVER = "本终端的观看已被另一终端接替,按 R 重新开始记录"
PLAYER_REOPENED = "已重新开始记录学习进度"
PLAYER_NO_MPV = "本机未安装 mpv:继续在本屏幕计时播放"
PLAYER_MPV = "已用 mpv 播放,学习进度仍由本屏幕计时;mpv 关闭后自动暂停"
PLAYER_MPV_FAILED = "无法启动 mpv:{reason}"
PLAYER_MPV_OFFLINE = "离线时不能用 mpv 播放本服务器上的视频,请联网后再试"
PLAYER_INFO = "{course} · 时长 {length} · 已学 {watched}"
PLAYER_ARTICLE = "文章视频"

EXAMS_TITLE = "我的考试"
COL_PAPER = "试卷"
COL_QUESTIONS = "题数"
COL_TOTAL = "满分"
COL_ATTEMPTS = "已考次数"
COL_BEST = "最高分"
EXAMS_HELP = "回车 开始考试(首次完成得 2 分,重考不计分,成绩取最高分)"
NO_PAPERS = "暂无试卷"
EXAM_HEADER = "{paper} · 第 {n}/{total} 题 · {kind} · {points} 分"
EXAM_KEYS = "A–{last} 或 1–{n}"
EXAM_HELP_SINGLE = "{keys} 选择 · ←/→ 或 P/N 上一题/下一题 · Ctrl+S 交卷 · Esc 放弃"
EXAM_HELP_MULTIPLE = "{keys} 选中/取消(可多选) · ←/→ 或 P/N 上一题/下一题 · Ctrl+S 交卷 · Esc 放弃"
EXAM_ANSWERED = "已答 {done}/{total} 题"
EXAM_CONFIRM_SUBMIT = "确定交卷吗?交卷后本次考试不能再修改。"
EXAM_CONFIRM_BLANK = "还有 {n} 道题没有作答,确定交卷吗?"
EXAM_CONFIRM_LEAVE = "放弃本次考试吗?未交卷的答案不会保存。"
EXAM_SUBMITTING = "正在交卷…"
EXAM_RESULT_TITLE = "考试成绩"
EXAM_SCORE = "{paper}:得分 {score} / {total}(最高分 {best})"
EXAM_YOUR = "你的答案:{chosen}"
EXAM_RIGHT = "正确答案:{correct}"
EXAM_BLANK = "未作答"
EXAM_MARK_RIGHT = "✓ 正确"
EXAM_MARK_WRONG = "✗ 错误"
ARTICLE_VIDEO = "▶ 本文视频:{title}({length}),按 V 播放(文章视频不计学习积分)"

QUEUED_OFFLINE = "已保存在本机,联网后自动同步"
SYNC_REJECTED = "有 {n} 项操作被服务器拒绝,按 F6 查看原因"
SYNC_DONE = "已同步 {n} 项操作"
CONFIRM_LOGOUT_PENDING = "还有 {n} 项操作没有同步到服务器。退出后它们保留在本机,你下次在这台终端登录时继续同步。确定退出登录吗?"
PENDING_BADGE = "待同步 {n}"
DATA_AGE = "数据更新于 {when}"
SYNC_TITLE = "同步"
SYNC_HELP = "S 立即同步 · D 删除选中的被拒记录 · Esc 返回"
SYNC_PENDING = "待同步({n})"
SYNC_REJECTED_HEADER = "被拒绝({n}):服务器不接受这些操作,原因如下"
SYNC_NOTHING = "没有待同步的操作"
COL_TIME = "时间"
COL_ACTION = "操作"
COL_DETAIL = "内容"
COL_REASON2 = "原因"
PLAYER_NOT_CACHED = "无法打开该视频:连不上服务器,本机也没有它的记录"
PLAYER_OFFLINE = "离线观看:未保存 {unsaved} 秒,保存后留在本机,联网后同步并计分"
EXAM_QUEUED = "答卷已保存在本机,联网后自动交卷;成绩和正确答案届时在我的考试中查看"

# 在线用标 / 会议时间轴 / 督办达标
MEETINGS_TITLE = "在线用标"
MY_MEETINGS_TITLE = "会议通知"
MEETING_TITLE = "会议时间轴"
MEETING_FORM_TITLE = "新建会议"
PICKER_TITLE = "发通知:选择参会党员"
RECORD_TITLE = "会议记录"
SUMMARY_TITLE = "党课总结"
COMPLIANCE_TITLE = "督办达标"
MEETINGS_FILTER = "类型:{type}  ·  状态:{state}  ·  共 {n} 个"
MEETINGS_HELP = "Enter 打开会议时间轴 · N 新建会议 · T 切换类型 · S 切换状态"
MEETINGS_REVIEW_HELP = (
    "Enter 打开会议时间轴 · A 审核通过 · R 退回(填写原因) · T 切换类型 · S 切换状态"
)
MEETINGS_EMPTY = "没有符合条件的会议"
MY_MEETINGS_HELP = "1 参加 · 2 请假(填写原因) · Enter 查看会议时间轴"
MY_MEETINGS_EMPTY = "还没有收到会议通知"
ALL = "全部"
MEETING_STATES = {
    None: "全部",
    "active": "进行中",
    "review": "待审核",
    "done": "已完成",
    "overdue": "已超期",
}
COL_TYPE = "类型"
COL_MEETING = "会议名称"
COL_MEETING_TIME = "会议时间"
COL_PLACE = "地点"
COL_NODE = "当前环节"
COL_WAIT = "说明"
COL_ATTEND = "参加/通知"
COL_MY_ANSWER = "我的反馈"
COL_ANSWER = "反馈"
COL_LEAVE_REASON = "请假原因"
COL_GROUP = "党小组"
COL_BRANCH = "党支部"
COL_REQUIREMENT = "要求"
COL_HELD = "本期完成"
COL_PREVIOUS = "上期完成"
COL_OVERDUE = "超期"
COL_STATUS = "状态"
ANSWER_NAMES = {"attend": "参加", "leave": "请假", None: "未反馈"}
NODE_MARKS = {"done": "●", "current": "◉", "pending": "○"}
MEETING_META = "{type} · {time} · {place} · {branch}{group}"
MEETING_QUORUM_LINE = "开会比例:超过 {pct}% 的被通知党员反馈参加"
MEETING_NO_QUORUM_LINE = "本会议没有开会比例要求,到会议时间即进入下一环节"
MEETING_COUNTS = "已通知 {notified} 人 · 参加 {attending} · 请假 {leave} · 未反馈 {silent}"
MEETING_ROUND = "第 {n} 轮"
MEETING_HISTORY = "办理记录"
MEETING_ATTENDEES = "参会反馈"
MEETING_RECORD = "会议记录"
MEETING_NO_RECORD = "(尚未上传)"
MEETING_RECORD_HIDDEN = "(记录已上传,仅党支部和上级党组织可查看)"
MEETING_ATTACHMENTS = "附件:{names}"
MEETING_OVERDUE_MARK = "已超期"
MEETING_DONE_MARK = "已完成"
ASK_LEAVE_REASON = "请假原因:"
ASK_REJECT_REASON = "退回原因(党支部将看到):"
CONFIRM_APPROVE = "审核通过「{title}」?通过后会议完成并计组织生活积分。"
CONFIRM_SEND = "{action}「{title}」?"
FORM_TYPE = "会议类型"
FORM_TITLE = "会议名称"
FORM_TIME = "会议时间(YYYY-MM-DD HH:MM,北京时间)"
FORM_PLACE = "地点"
FORM_QUORUM = "开会比例(%,超过即可召开;留空为 50)"
FORM_GROUP = "党小组(党小组会必选)"
FORM_HELP = "Tab 切换 · Ctrl+S 创建 · Esc 取消"
FORM_BAD_TIME = "会议时间格式应为 YYYY-MM-DD HH:MM,例如 2026-12-05 09:00"
FORM_BAD_QUORUM = "开会比例应为 1 到 99 之间的整数"
FORM_NEED = "请填写{field}"
PICKER_HELP = "空格 勾选/取消 · A 全选/全不选 · G 按党小组选择 · Ctrl+S 发出通知 · Esc 取消"
PICKER_GROUP_PICKED = "已勾选{group}的 {n} 名党员"
PICKER_NONE = "请至少勾选一名党员"
RECORD_HELP = "Ctrl+S 保存 · Ctrl+L 从文件载入正文 · Ctrl+T 把文件作为附件上传 · Esc 返回"
RECORD_PATH = "文件路径"
RECORD_LOADED = "已从 {name} 载入正文"
RECORD_ATTACHED = "已上传附件 {name}"
FILE_NEED_PATH = "请先在“文件路径”中填写文件位置"
FILE_MISSING = "找不到文件:{path}"
FILE_UNREADABLE = "无法读取文件:{path}"
FILE_NOT_TEXT = "该文件不是 UTF-8 文本,不能载入为正文(可作为附件上传)"
FILE_TOO_LARGE = "文件超过 {limit},不能上传"
ACTION_KEYS = {
    "notify": "F 发通知",
    "record": "W 编辑记录",
    "summary": "U 提交总结",
    "submit": "B 报审",
    "file": "B 报备",
    "confirm": "B 确认记录",
    "approve": "A 审核通过",
    "reject": "R 退回",
    "feedback": "1 参加 · 2 请假",
}
MEETING_NO_ACTIONS = "当前没有需要您办理的环节"
COMPLIANCE_AS_OF = "数据截至 {as_of}(每日凌晨更新,不是实时数据)"
COMPLIANCE_GREEN = "✓ 达标"
COMPLIANCE_RED = "✗ 未达标"

# 先锋模范: 心愿树, 微捐赠, 随手拍, 审核, 审核记录
VANGUARD_TITLE = "先锋模范"
VANGUARD_TABS = {"wish": "心愿树", "donation": "微捐赠", "snapshot": "随手拍", "queue": "待审核"}
VANGUARD_EMPTY = "暂无内容"
VANGUARD_HELP = {
    "wish": "Enter 详情 · P 发布心愿 · C 认领 · F 标记完成 · U 放弃认领 · W 撤回",
    "donation": "Enter 详情 · P 发布捐赠 · D 标记捐赠完成 · W 撤回",
    "snapshot": "Enter 详情 · P 发布随手拍 · W 撤回",
    "queue": "Enter 详情 · A 通过/确认(再按 Y) · R 不通过/退回(填写原因)",
}
VANGUARD_VISITOR_HELP = "浏览心愿树无需登录;登录后可以认领心愿"
VANGUARD_BROWSE_HELP = "Enter 详情 · P 发布心愿;认领和完成心愿由本支部党员办理"
COL_POSTER = "发布人"
COL_CLAIMER = "认领人"
COL_KIND = "类别"
COL_UPDATED = "更新时间"
VANGUARD_POST_TITLE = "发布{kind}"
FORM_VTITLE = "标题"
FORM_BODY = "内容"
FORM_CONTACT = "联系方式(只有本支部可见)"
FORM_BRANCH = "心愿挂在哪个党支部的心愿树上"
FORM_IMAGE = "图片路径(可选,PNG/JPEG/GIF,不超过 512 KiB)"
VANGUARD_FORM_HELP = "Tab 切换 · Ctrl+S 发布 · Esc 取消"
VANGUARD_NEED = "请填写标题和内容"
VANGUARD_NEED_BRANCH = "请选择党支部"
POINTS_NOT_GRANTED = "{name}:本次不计积分(已达上限)"
IMAGE_NOT_IMAGE = "该文件不是 PNG、JPEG 或 GIF 图片"
ASK_VANGUARD_REASON = "原因(发布人将看到):"
CONFIRM_VANGUARD = "{action}「{title}」?"
VANGUARD_CONTACT = "联系方式:{contact}"
VANGUARD_META = "{kind} · {state} · {branch} · 发布人 {poster}{claimer}"
VANGUARD_CLAIMER = " · 认领人 {claimer}"
VANGUARD_REASON_LINE = "原因:{reason}"
VANGUARD_IMAGE = "附图:{type}(O 用系统图片查看器打开)"
VANGUARD_IMAGE_SAVED = "图片已保存到 {path}"
VANGUARD_KEYS = {
    "claim": "C 认领",
    "fulfil": "F 标记完成",
    "release": "U 放弃认领",
    "withdraw": "W 撤回",
    "complete": "D 标记捐赠完成",
    "approve": "A 审核通过",
    "confirm": "A 确认完成",
    "reject": "R 不通过",
    "reopen": "R 退回未完成",
}
AUDIT_TITLE = "审核记录"
AUDIT_WINDOW = "{since} 至 {until}(T 切换 7 / 30 / 90 天;数字 1–5 或 Tab 跳到各部分)"
AUDIT_PER_DAY = "每位管理员每天的审核"
AUDIT_CAPPED = "连续 {days} 天以上每天有 {caps} 项以上积分达到上限的党员"
AUDIT_RECENT = "计分审核明细(谁、审核了什么、给谁、何时)"
AUDIT_BACKDATED = "补记往日积分的离线同步(谁、何时同步、哪几天、多少积分)"
COL_PUSHED = "同步时间"
COL_PAST_DAYS = "补记日期"
COL_ADMIN = "审核人"
COL_COUNT = "次数"
COL_RUN = "最长连续天数"
COL_DAYS = "日期"
COL_WHOM = "获得积分者"
COL_POINTS_RULE = "积分项"

# 展室模式 (kiosk)
KIOSK_BADGE = "展室模式"
KIOSK_COUNTDOWN = "{n} 秒后自动退出登录,按任意键继续使用"
KIOSK_IDLE_LOGOUT = "长时间未操作,已自动退出登录。本机没有保留您的任何数据"
KIOSK_HANDED_OVER = "已退出登录,本机没有保留您的任何数据。下一位请登录"
KIOSK_SYNC_WAIT = "还有 {n} 项操作没有同步到服务器,正在同步,请稍候…(服务器恢复连接后自动完成)"
KIOSK_PIN_ASK = "退出展室模式需要管理员 PIN:"
KIOSK_PIN_WRONG = "PIN 不正确"
KIOSK_LOGIN_HINT = "展室模式 · 用完按 F9 交给下一位 · 闲置 {minutes} 分钟自动退出"

# 经验交流 (issue 18)
EXCHANGE_TITLE = "经验交流"
HELP_EXCHANGE = "各支部的经验文章:阅读、点赞、评论;支部撰写报审,上级党组织审核"
# 审核: the posts waiting for this org (first) and those it sent back, until resubmitted.
EXCHANGE_VIEWS = {"published": "已发布", "mine": "本支部", "review": "审核"}
EXCHANGE_LIST_HELP = "Enter 阅读 · {views}"
EXCHANGE_WRITE_HINT = "N 撰写"
EXCHANGE_EMPTY = {
    "published": "还没有发布的经验交流",
    "mine": "本支部还没有经验交流,按 N 撰写",
    "review": "没有等待审核或已退回的经验交流",
}
COL_LIKES = "点赞"
COL_COMMENTS = "评论"
EXCHANGE_META = "{branch} · {state} · 第 {round} 轮 · 点赞 {likes} · 评论 {comments}"
EXCHANGE_PUBLISHED_AT = " · 发布于 {when}"
EXCHANGE_LIKED_MARK = "(我已点赞)"
EXCHANGE_REASON_LINE = "退回原因:{reason}"
EXCHANGE_ATTACHMENTS = "附件:"
EXCHANGE_ATTACHMENT_LINE = "  {n}. {name}({size})"
EXCHANGE_HISTORY = "审核记录:"
EXCHANGE_HISTORY_LINE = "  {when}  第 {round} 轮  {name}  {actor}"
EXCHANGE_COMMENTS_HEAD = "评论({n}):"
EXCHANGE_COMMENT_LINE = "  {when}  {author}:{body}"
EXCHANGE_NO_COMMENTS = "  还没有评论"
EXCHANGE_KEYS = {
    "edit": "E 修改",
    "submit": "B 报审",
    "approve": "A 审核通过",
    "reject": "R 退回",
    "withdraw": "W 撤回",
    "like": "L 点赞/取消",
    "comment": "C 评论",
}
EXCHANGE_OPEN_KEY = "O 打开附件"
ASK_EXCHANGE_REASON = "退回原因(必填):"
ASK_EXCHANGE_COMMENT = "评论(至少 5 个字):"
CONFIRM_EXCHANGE = "「{action}」经验交流「{title}」?"
EDITOR_NEW_TITLE = "撰写经验交流"
EDITOR_EDIT_TITLE = "修改经验交流"
EDITOR_TITLE_LABEL = "标题"
EDITOR_PATH_LABEL = "附件路径"
EDITOR_HELP = (
    "Ctrl+S 保存(草稿) · Ctrl+T 上传附件(先保存) · Ctrl+G 删除附件 · 保存后在阅读页按 B 报审"
)
EDITOR_ASK_REMOVE = "删除附件「{name}」?"
EDITOR_WHICH_ATTACHMENT = "删除哪个附件"
EDITOR_ATTACHED = "已上传附件:{name}"
EDITOR_ATTACHMENTS = "已有附件:{names}"
ATTACHMENT_SAVED = "附件已保存到 {path}"

# 党群服务 (issue 18)
PARTY_SERVICES_TITLE = "党群服务"
HELP_PARTY_SERVICES = "心愿树、服务信息、党建站群与各市州党建网站,无需登录"
COL_SERVICE_GROUP = "类别"
COL_ADDRESS = "网址"
PARTY_SERVICES_HELP = "Enter 打开(心愿树在本终端打开;网址用系统浏览器打开,或显示网址以便复制)"
PARTY_SERVICES_WISH = "本终端打开"
PARTY_OPENED = "已在系统浏览器中打开:{name}"
ADDRESS_TITLE = "{name} 的网址"
ADDRESS_HINT = "没有可用的图形浏览器:请复制网址,在其他设备的浏览器中打开。"
ADDRESS_COPIED = "已复制到剪贴板(终端支持时)"
ADDRESS_KEYS = "C 复制 · Esc 关闭"

# 通知
NOTICES_TITLE = "通知"
NOTICES_BADGE = "通知 {n}"
NOTICES_MORE = "还有 {n} 条新通知,按 F7 查看"
NOTICES_EMPTY = "暂无通知"
NOTICES_HELP = "打开本页即全部标为已读 · Esc 返回"
COL_TEXT = "内容"
COL_UNREAD = "未读"
SETTINGS_NOT_SAVED = "无法保存设置文件,本次设置只在这次运行中有效"

# 命令面板: the help line of each screen (tui/screens/registry.py) and of the other commands
HELP_NEWS = "栏目与文章,阅读、点赞、收藏、分享、评论"
HELP_STUDY = "课程与视频,加入我的课程,观看并保存进度"
HELP_EXAMS = "试卷作答、交卷、成绩与正确答案"
HELP_MEETINGS = "会议列表、会议时间轴、发通知、记录、报审;上级党组织审核"
HELP_MY_MEETINGS = "收到通知的会议,反馈参加或请假"
HELP_COMPLIANCE = "各支部三会一课等要求的完成情况(每日更新)"
HELP_VANGUARD = "心愿树、微捐赠、随手拍,支部管理员审核"
HELP_AUDIT = "上级党组织查看计分审核与连续达到积分上限的党员"
HELP_POINTS = "今日各项积分进度与积分明细"
HELP_BOARDS = "个人、支部排行榜与爱心榜"
HELP_PROFILE = "账号、组织关系与委员职位"
HELP_ORGS = "本组织及下级组织"
HELP_FEATURES = "本账号可使用的子系统与模块"
HELP_GUIDE = "按键与使用说明"
PALETTE_HOME = "首页"
HELP_HOME = "回到首页功能区"
PALETTE_SYNC = "同步"
HELP_SYNC = "待同步与被拒绝的操作,立即同步(F6)"
PALETTE_NOTICES = "通知"
HELP_NOTICES = "会议通知、审核结果、审批结果(F7)"
PALETTE_THEME = "浅色/深色"
HELP_THEME = "切换浅色与深色主题(F8),下次启动沿用"
PALETTE_EDIT_SHORTCUTS = "编辑首页功能区"
HELP_EDIT_SHORTCUTS = "添加、移除、排序快捷功能"
PALETTE_LOGOUT = "退出登录"
HELP_LOGOUT = "注销当前账号"

# 操作指南: the head, one section per screen group (tui/screens/registry.py names it), the keys
GUIDE_HEAD = """\
## 开始使用

- 用 **Tab / Shift+Tab** 在输入框和按钮之间移动,**回车** 确认。全部操作都可以只用键盘完成,鼠标可有可无。
- 屏幕底部一行列出当前画面可用的按键;按 **Ctrl+P** 打开命令面板,输入几个字就能跳到任意画面。
- 顶部一行显示当前登录的账号、所在组织,以及与服务器的连接状态(在线 / 离线)。
- 打开画面时先显示本机上次保存的数据,顶部标出 **数据更新于 …**;服务器答复后原地换成最新数据,这个提示随之消失;
  离线时也是这样显示,恢复联网后当前的列表画面自动刷新。

## 登录与退出

- 输入平台分配的用户名和密码登录。连续输错多次后,账号会被暂时锁定一段时间,请稍后再试。
- 终端只保存登录凭据(令牌),从不保存密码。系统密钥环可用时,下次打开终端会自动登录;
  没有密钥环的环境(例如远程服务器)里,凭据只留在本次运行的内存中;只把凭据写进普通文件的“密钥环”也不用,
  除非在设置文件里写明 `keyring_file = "true"`。
- 在 **我的信息** 按 **P**(或在命令面板输入“修改密码”)修改密码:输入原密码和两次新密码,密码要求由服务器检查;
  修改后本账号在其他终端上的登录都会退出。
- 在首页按 **F9** 退出登录;多人共用的终端请在离开前退出。
- 连不上服务器时,登录页会给出提示,检查网络或服务器地址后按 **F5** 重试。

## 首页功能区

- 首页的按钮是你的常用快捷功能,按 **1–9** 可直接打开对应的功能。
- 按 **E** 编辑:**空格** 添加或移除,**U / N** 上移或下移,**Ctrl+S** 保存,**Esc** 返回。
- 功能区保存在服务器上,换一台终端登录,看到的仍是同样的按钮。

## 搜索

- 在任何画面按 **Ctrl+F**(或在命令面板输入“搜索”)打开搜索框,输入字词即可,边输入边显示结果;两个字也能找到包含它的长词。
- 结果按 党建资讯、学标对标、经验交流、课程、视频 和 操作指南 分组,标出每组条数;**↑ / ↓** 选择,**回车** 打开,**Esc** 关闭。
- 只列出当前账号能看到的内容;未登录时可以搜索公开的资讯、课程和视频。离线时只搜索本机的操作指南。
"""
GUIDE_SECTIONS = {
    "news": """\
## 党建资讯与积分

- 首页或登录页(F2,无需登录)进入 **党建资讯**:左侧选栏目,右侧文章列表,**N / P** 翻页,回车阅读,**X** 打开第三方学习平台。
- 阅读页上方的进度条记录文章在屏幕上停留的时间,满 30 秒记一次有效阅读(以服务器时间为准)。
  **L** 点赞、**C** 收藏、**S** 分享、**M** 发表评论;得到的积分会在右下角提示。
- **我的积分** 列出每项积分在本期(日、月、季度或年)的已得、上限和剩余,以及今年各类积分和明细(**N / P** 翻页)。
- **排行榜** 每天凌晨计算前一天的数据,页面上标明数据截至的日期。**B** 切换榜单(**Shift+B** 回到上一个),**T** 在本月与本年之间切换,自己所在的一行以 ★ 标出。
- **积分导出**(支部、党总支、党委和省级管理员):在我的积分或排行榜按 **E**,选年度、格式(.xlsx 或 .csv)和保存位置,导出本组织范围内各人当年的分类积分,作为年度考核的参考;须连接服务器。
""",
    "study": """\
## 学习中心与我的考试

- **学习中心** 列出全部课程,**M** 只看我的课程,**J** 把选中的课程加入或移出我的课程。课程要先加入,观看才会记录学习进度。
  群众、未登录的访客和党委、党总支、省委组织部管理员也可以观看全部视频,但不计学习时长和积分(他们看不到 J 和 M)。
- 播放页:**空格** 播放或暂停,**← / →** 后退或前进 10 秒,**Shift+← / Shift+→** 后退或前进 1 分钟,**S** 保存进度,
  **O** 交给本机的 mpv 播放(计时仍在本画面)。进度条上 █ 是已保存的部分,▓ 是看过但还没保存的部分。
- 只有真正看过、以前没看过的秒数才计时,快进跳过的部分不算;每天新看满 180 秒记 1 分,每天最多 10 分,
  当天没攒够的秒数不带到第二天。离开播放页、回首页、退出登录或退出程序时会自动保存,播放时每两分钟也会自动保存。
- 同一账号在另一台终端开始看视频后,本终端不再记录进度;按 **R** 可以重新开始记录。
- **我的考试**:回车开始作答,**A–D** 或 **1–4** 选择答案(多选题再按一次取消),**← / →** 换题,**Ctrl+S** 交卷。
  每次考试只能交卷一次,交卷后显示得分和正确答案。每份试卷第一次完成得 2 分,每天最多 4 分;重考不再计分,成绩取最高分。
""",
    "meetings": """\
## 在线用标(会议)与督办达标

- 党支部管理员在 **在线用标** 里看到本支部的全部会议:**T** 按会议类型筛选,**S** 按状态筛选(进行中、待审核、已完成、已超期),
  **N** 新建会议(类型、名称、时间、地点;有开会比例要求的会议可以改比例,党小组会要选党小组)。
- 回车打开 **会议时间轴**:● 已办理的环节(时间、办理人),◉ 当前环节和它在等什么,○ 以后的环节。下方是参会反馈、会议记录和每一轮的办理记录。
  画面只列出此刻能办理的按键:**F** 发通知,**W** 编辑记录,**U** 提交总结(党课),**B** 报审 / 报备 / 确认记录。
- 发通知时 **空格** 勾选党员,**A** 全选或全不选,**G** 一次勾选一个党小组,**Ctrl+S** 发出。只有收到通知的党员能看到会议并反馈。
- 编辑记录时可以直接输入,也可以在“文件路径”里填写文件位置:**Ctrl+L** 把文本文件载入正文,**Ctrl+T** 作为附件上传(每个不超过 512 KiB,最多 5 个),**Ctrl+S** 保存。
- 有开会比例要求的会议,参加人数超过比例才能召开;没有比例要求的会议(党小组会、支部党课)到会议时间就进入下一环节。
  会议时间过后 7 天还没上传记录,会议即 **超期**,不能再办理。
- 上级党组织(党总支,没有党总支时是党委)打开在线用标时先看到 **待审核** 的会议:**A** 审核通过,**R** 退回并填写原因;
  党支部修改记录后再次报审,每一轮都留在办理记录里。报备的会议上级只能查看。会议完成时,党支部和反馈“参加”的党员获得组织生活积分。
- 党员在 **会议通知** 里看到收到通知的会议:**1** 参加,**2** 请假(填写原因)。离线时反馈先保存在本机,联网后自动同步。
- **督办达标** 按支部列出三会一课等要求本期是否完成、上期是否完成、有无超期会议:绿色为达标或本期仍可完成,红色为上期未完成或有超期会议。
  数据每天凌晨更新一次,页面标明数据截至的日期。
""",
    "analytics": """\
## 数据分析示图

- 党委、党总支管理员的 **数据分析示图** 显示本组织的统计:所选指标当日和本月的数值、近 30 日(或近 12 个月)的走势折线图、
  直属下级组织的对比柱状图(图中数字是右侧或下方表格里的序号),会议类型完成情况,以及各项指标一览和它们的走势小图。
- **M** 换下一个指标(**Shift+M** 换回上一个),**P** 在近 30 日与近 12 个月之间切换(下级组织随之比较当日或本月的数值),
  **T** 把每张图换成表格(再按一次换回图),**R** 刷新。
- 在下级组织表格中选中一行按 **回车**,查看该组织的统计,可以逐级往下;**Esc**(或退格键)返回上一级,回到本组织后再按 Esc 返回首页。
- 数据由服务器每天凌晨统计一次,页面标明数据截至的日期;还没有统计时,页面显示服务器的说明。离线时显示本机上次保存的数据。
""",
    "vanguard": """\
## 先锋模范:心愿树、微捐赠、随手拍

- **先锋模范** 里按 **1–4** 切换 心愿树、微捐赠、随手拍 和(支部管理员的)待审核;回车看详情,**P** 发布。
  登录页按 **F3**(或在 **党群服务** 中选心愿树)可以不登录浏览心愿树。
- 心愿树:群众和党员发布心愿(联系方式只有本支部可见);本支部党员 **C** 认领,**F** 标记完成,**U** 放弃认领;
  发布人 **W** 撤回还没人认领的心愿。支部管理员确认完成后,认领人得 10 分(每天最多 10 分)。
- 微捐赠:党员发布捐赠信息,支部管理员审核通过后发布人得 2 分;捐赠完成后发布人按 **D** 标记,管理员确认后再得 10 分。
- 随手拍:党员发布文字,可在“图片路径”中附一张 PNG、JPEG 或 GIF 图片(不超过 512 KiB);管理员审核通过后得 2 分(每天最多 6 分)。
  详情页按 **O** 用系统图片查看器打开附图。
- 支部管理员在 **待审核** 中按 **A** 再按 **Y** 通过或确认,按 **R** 填写原因后不通过或退回。管理员不能审核、确认自己发布或认领的内容。
- 发布、认领、标记完成等操作先保存在本机,离线时联网后自动同步。
- 党委、党总支管理员的 **审核记录** 列出所辖支部每位管理员每天的计分审核、每一条审核(谁、审核了什么、给谁、何时),
  以及连续多天每天有三项以上积分达到上限的党员;**T** 切换 7 / 30 / 90 天。
""",
    "exchange": """\
## 经验交流

- **经验交流** 里按数字键切换 已发布、本支部(党支部管理员)和 审核(党委、党总支管理员:等待本级审核的在前,
  退回的在后,支部重新报审前一直列出);回车阅读。
- 已发布的文章全省登录账号都能阅读:**L** 点赞(再按取消,每人一次),**C** 评论(至少 5 个字,不能重复)。不计积分。
- 党支部管理员按 **N** 撰写(标题、正文,Ctrl+T 从“附件路径”上传附件,每篇最多 5 个、每个不超过 512 KiB,
  Ctrl+G 删除附件),
  Ctrl+S 保存为草稿;阅读页 **E** 修改,**B** 报审给本支部的直接上级党组织(党总支,没有党总支的为党委)。
- 上级党组织在 **审核** 中阅读后按 **A** 再按 **Y** 审核通过(全省可见),或按 **R** 填写原因退回;
  退回后支部修改再报审,每一轮都记在审核记录里。支部可按 **W** 撤回待审核或已发布的文章;
  撤回后可修改再报审。
- 不登录不能阅读经验交流。
""",
    "party_services": """\
## 党群服务

- 登录页按 **F6**(或命令面板)不登录打开 **党群服务**:心愿树、服务信息、甘肃党建信息化平台(党建站群)和 14 个市州的党建网站。
- 回车打开选中的一项:心愿树在本终端打开;有网址的在系统浏览器中打开。
  没有图形界面(例如通过 SSH 使用)时,显示网址并按 **C** 复制到剪贴板(终端支持时),在其他设备上打开。
""",
    "map": """\
## 党建地图

- 省委组织部管理员的 **党建地图** 按所选指标给全省 14 个市州着色:░ ▒ ▓ █ 由低到高,· 为无数据;
  图下的图例写明每一档的范围和单位,右侧列出全部市州和它们的数值。
- **← → ↑ ↓** 移到那个方向相邻的市州,**Tab / Shift+Tab** 按列表顺序逐个移动;选中的市州名称加【】、带下划线,右侧是它的数据。
- **M** 换下一个指标(**Shift+M** 上一个),**P** 在当日与本月之间切换,**R** 刷新。
- **回车** 进入选中的市州,列出它的各个党委和它们的数据;**Esc** 回到地图。
- 数据由服务器每天凌晨计算,页面标明数据截至的日期。
""",
    "features": """\
## 权限

- 各类账号能使用的功能不同:在线用标、督办达标等子系统只对相应的管理员开放;
  我的考试只对党员开放;我的课程对党员和党支部账号开放。
- “功能权限”画面列出当前账号能用和不能用的功能,以及原因。
- **组织架构** 列出本组织和下级组织、各支部的党员人数;下级很多时先显示一屏放得下的层级,
  其余的组织标出“下级 N 个”,**回车 / 空格** 展开时再向服务器获取;**C** 全部收起。
""",
    "branch": """\
## 我的支部与账号管理

- **我的支部** 显示本支部的领域、书记和委员、党小组和本年组织生活;党支部管理员按 **L** 设置领域,
  **G** 新增党小组,**R** 给党小组改名,**W** 设置支部委员,**B** 打开本支部领域的学标对标。
- **账号管理**(党支部、党总支、党委管理员和省委组织部)列出一个组织的账号,开始是本组织的。
  **O** 选择其他组织:输入组织名称的一部分或组织代码的开头,即从本级和全部下级组织中查找,
  每项下面写明它的上级组织;▶ 标出光标所在的一项,回车确定。
- **A** 添加账号,**D** 停用或启用,**P** 重置密码:新密码只显示一次,本人登录后须立即修改。
  选中党员时,**G** 调整党小组,**W** 设置委员职位,**M** 转到其他支部(同样输入名称查找,只列出党支部)。
- **组织导入** 从 .xlsx 或 .csv 一次导入本级以下的组织和账号:先逐行检查,有一行不对就一行也不导入,
  并指出哪一行哪一列;检查通过后按 **Ctrl+S** 确认导入。
""",
    "standards": """\
## 学标对标与标准化专栏

- **学标对标** 列出农村、机关、国有企业、城市社区、事业单位、非公有制经济和社会组织六个领域的党支部建设标准,
  每个领域按政治建设、组织建设、组织生活、党员队伍建设、基础保障、考核评价六个方面分章,条目带编号。
  本支部所在的领域排在最前并首先打开(在 **我的支部** 按 **B** 也能进入);**L** 换领域,回车或下方一行显示条目全文和自查说明。
- 对标自查:党支部管理员选中条目按 **E**,选 ✓ 达标、◐ 部分达标或 ○ 未达标,可写一句说明,回车保存;
  保存时记下填写人和时间(北京时间)。本支部党员可以看,只有本支部管理员能改。
- **对标总览**(党总支、党委、省委组织部管理员):本组织下全部支部各方面的达标比例、最常未达标的条目,
  以及各支部的完成情况(达标最少的在前,**N / P** 翻页);回车查看该支部逐条的自查,**Esc** 返回总览。
- 标准由省委组织部以文件导入(`gsdj-server publish standard 文件.md`,或在 **内容发布** 里选 .md 标准文件),
  重新导入新版本时,编号不变的条目保留各支部的自查结果。
- **标准化专栏**:省委组织部挑选的文章和标准条目,人人可看;回车打开文章。省委组织部管理员可以 **D** 移出、
  **[ / ]** 调整次序,在学标对标里按 **Z** 把条目加入专栏,在专栏里按 **A** 加入省委组织部发布的文章。
""",
    "big_screen": """\
## 党建大屏

- 省委组织部账号在首页或命令面板打开 **党建大屏**:全省概况(大号数字)、近30日和近12个月的趋势图、
  市州督办达标排名、各市州督办达标率的地图、三会一课完成情况,每 15 秒自动换一屏,每 5 分钟自动从服务器刷新,不需要按键。
  **空格 / →** 下一屏,**←** 上一屏。右上角标出第几屏,下方标出数据截至的日期和刷新时间(北京时间)。
- 与服务器的连接中断时,画面继续显示最后一次获取的数据,并标出 **连接中断** 和获取时间;连接恢复后自动刷新。
- 活动室的屏幕或电视上用 `gsdj --big-screen` 启动,登录后直接打开大屏;用 `gsdj --kiosk --big-screen` 启动时,
  离开大屏(Esc)和退出程序都需要管理员 PIN,大屏显示期间不会因闲置自动退出登录。
""",
}
GUIDE_KEYS = """\
## 常用按键

| 按键 | 作用 |
|---|---|
| F1 | 打开本指南 |
| F2 | 登录页:不登录浏览党建资讯 |
| F6 | 登录页:不登录打开党群服务 |
| Ctrl+P | 命令面板 |
| Ctrl+F | 搜索 |
| Esc | 返回首页 / 关闭对话框 |
| Home / End | 列表:第一行 / 最后一行 |
| F9 | 退出登录 |
| Ctrl+Q | 退出程序 |
"""

# -- accounts (issue 14, findings 11/12/14): 修改密码, 学习中心 for everyone, F1 at the screen's
#    section. The strength rule and its messages are the server's (server/domain/auth.py).
PASSWORD_TITLE = "修改密码"
HELP_PASSWORD = "输入原密码和两次新密码;其他终端上的登录会退出"
PASSWORD_OLD = "原密码"
PASSWORD_NEW = "新密码"
PASSWORD_AGAIN = "再次输入新密码"
PASSWORD_HINT = (
    "新密码的要求由服务器检查,不符合时这里会显示原因。"
    "修改后,本账号在其他终端上的登录都会退出,本终端保持登录。"
)
PASSWORD_KEYS = "回车 下一项 · Ctrl+S 提交 · Esc 返回首页"
PASSWORD_EMPTY = "请填写原密码和新密码"
PASSWORD_MISMATCH = "两次输入的新密码不一致"
PASSWORD_SENDING = "正在提交…"
PASSWORD_OFFLINE = "离线时不能修改密码,请联网后再试"
PROFILE_PASSWORD_KEY = "修改密码"
STUDY_EARNS_NOTHING = (
    "当前账号可以观看学习中心的视频,但不计学习时长和积分(我的课程只对党员和党支部账号开放)。"
)
COURSE_OPEN_ONLY = "回车 打开课程"
VIDEO_PLAY_ONLY = "回车 播放视频"
STUDY_VISITOR = (
    "未登录:可以观看学习中心的视频,但不记录进度、不计积分。登录后党员可加入我的课程并积分。"
)

# -- 演示服务器 (gsdj --demo): restarting the bundled server ----------------------------------
DEMO_SERVER_DIED = (
    "本机的演示服务器已停止运行,现在重新启动它吗?\n未同步的操作会保留,启动后自动同步。"
)
DEMO_RESTART_KEY = "重启演示服务器"
DEMO_RESTARTING = "正在重新启动演示服务器…"
DEMO_RESTARTED = "演示服务器已重新启动"
DEMO_RESTART_LATER = "演示服务器未启动。需要时按 Ctrl+R 重新启动它"
DEMO_STARTING = "正在启动演示服务器(沿用上次的演示数据;--demo-reset 重新生成)…"
DEMO_SEEDING = "正在生成演示数据(只在首次运行或 --demo-reset 时生成)并启动演示服务器…"

# -- 全中文 (issue 14, finding 4/5/13: palette, footer, 同步, 通知, header) ------------------------
# Textual's own palette, footer key and system commands, in Chinese.
PALETTE_KEY = "命令"  # the footer's Ctrl+P (Textual says "palette"); short for 80 columns
PALETTE_KEY_TOOLTIP = "打开命令面板:按名称打开任何画面"
PALETTE_PLACEHOLDER = "输入画面或命令的名称…"
PALETTE_NO_MATCHES = "没有找到匹配的命令"
PALETTE_QUIT = "退出程序"
HELP_QUIT = "保存进度后退出本程序(Ctrl+Q)"
PALETTE_MAXIMIZE = "放大当前区域"
HELP_MAXIMIZE = "把光标所在的区域放大到整个画面"
PALETTE_MINIMIZE = "还原当前区域"
HELP_MINIMIZE = "把放大的区域还原"
PALETTE_SCREENSHOT = "截图"
HELP_SCREENSHOT = "把当前画面保存为 SVG 图片"
SCREENSHOT_SAVED = "截图已保存到 {path}"
SCREENSHOT_FAILED = "截图未能保存:{reason}"

# -- Offline states, logout and quit (issue 14 findings 2, 9, 12, 13; engineer "offline") ---------
PENDING_MARK = "⟳ 待同步"
NOT_CACHED = "本页内容尚未缓存到本机,联网后可查看"
ARTICLE_NOT_CACHED = "本文尚未缓存,联网后可阅读"
ARTICLE_META_PENDING = "{what}(待同步)"
LIKE_UNDONE_MARK = "已取消点赞"
COLLECT_UNDONE_MARK = "已取消收藏"
COMMENT_SENDING = "正在发表…"
NO_COMMENTS_VISITOR = "还没有评论(登录后可发表评论)"
PLAYER_ARTICLE_VIDEO_NOTE = "文章视频:可以观看,不属于学习中心,不计积分"
PLAYER_RESUMED_LOCAL = "离线:从本机记录的上次位置 {position} 继续"
# The server credits only seconds not covered before (SPEC §3), and answers each save's own:
# say what the rest was, a replayed part or an earlier (automatic) save of this opening.
PLAYER_SAVE_OVERLAP = "这次保存的 {watched} 秒中有 {old} 秒此前已经看过,只计没看过的部分"
PLAYER_SAVED_TOTAL = "本次打开共新增学习 {total} 秒(含自动保存)"
LOGOUT_BINDING = "退出登录"
QUIT_PENDING = "还有 {n} 项操作未同步到服务器。\n它们保存在本机,下次在这台终端登录后继续同步。"
QUIT_KEYS = "S 先同步再退出 · Q 仍然退出 · Esc 留下"
QUIT_SYNC_FIRST = "先同步再退出"
QUIT_ANYWAY = "仍然退出"
QUIT_STAY = "留下"
QUIT_SYNC_LEFT = "还有 {n} 项操作没能同步(连不上服务器),程序没有退出;再按 Ctrl+Q 可选择仍然退出"
QUIT_HINT_TITLE = "要退出程序吗?"
QUIT_HINT = "按 {key} 退出程序"

# --- 布局 (issue 14, layout): marks of multi-selects, cut cells, who earned, keys at 80 columns ---
SELECTED_MARK = "[✓]"
UNSELECTED_MARK = "[ ]"
PICKER_COUNT = "已选 {n}/{m} 人"
EDIT_COUNT = "已选 {n}/{m} 项"
POINTS_EARNED_BY = "{whom}:{name} +{points} 积分"
POINTS_NOT_GRANTED_BY = "{whom}:{name} 本次不计积分(已达上限)"
COL_PAYEE = "得分人"
PLAYER_MORE_KEYS = "⇧← / ⇧→ 后退 / 前进 1 分钟 · O 用 mpv 播放 · R 重新记录"
RECORD_KEYS = "Ctrl+Home 到开头 · Ctrl+End 到末尾"

# -- 排行榜 tabs and screens refreshed in place (issue 14, speed) ------------------------------
BOARD_KEY_NEXT = "换榜单"
BOARD_KEY_PREVIOUS = "上一个榜单"

# -- found trying issue 14 in tmux ------------------------------------------------------------
SYNC_WAITS_FOR_SERVER = "离线:连不上服务器,待同步的操作保留在本机,联网后自动发送"

# -- issue 16 — 积分导出 (the year's points for the annual appraisal) ---------------------------
EXPORT_KEY = "导出"
EXPORT_TITLE = "积分导出(年度考核参考)"
EXPORT_YEAR = "年度"
EXPORT_FORMAT = "格式"
EXPORT_PATH = "保存到"
EXPORT_HINT = "Enter 导出 · Tab 切换 · Esc 关闭"
EXPORT_FILE_NAME = "积分导出-{org}-{year}-{stamp}{suffix}"
EXPORT_BAD_YEAR = "请填写四位数的年份,例如 {year}"
EXPORT_NO_PATH = "请填写保存的文件路径"
EXPORT_OFFLINE = "离线:导出的是服务器上的积分,请联网后再导出(不会生成旧数据的文件)"
EXPORT_WORKING = "正在从服务器读取积分…"
EXPORT_DONE = "已导出 {rows} 行到 {path}"
EXPORT_NO_DIR = "没有这个文件夹:{folder}"
EXPORT_DENIED = "没有写入权限:{path}"
EXPORT_IS_DIR = "这是一个文件夹,请在后面写上文件名:{path}"
EXPORT_WRITE_FAILED = "无法写入文件:{reason}"
EXPORT_SHEET = "积分"
EXPORT_H_ORG = "组织"
EXPORT_H_CODE = "组织代码"
EXPORT_H_PERIOD = "统计期间"
EXPORT_PERIOD = "{first} 至 {last}({year} 年度)"
EXPORT_H_DATE = "导出日期"
EXPORT_H_NOTE = "说明"
EXPORT_NOTE = "积分为年度考核的参考;本年度统计到导出当日"
EXPORT_COLUMNS_BEFORE = ("支部", "支部代码", "所属组织", "党小组", "用户名", "姓名", "账号类别")
EXPORT_COL_TOTAL = "合计"
# With E (导出) the 排行榜 footer must still fit 80 columns.
BOARD_KEY_NEXT_SHORT = "榜单"
GUIDE_KEY_SHORT = "指南"
# -- issue 16 — 组织与人员导入 -----------------------------------------------------------------
ORG_IMPORT_TITLE = "组织与人员导入"
HELP_ORG_IMPORT = "从 .xlsx 或 .csv 导入本级以下的组织和账号,先检查后导入"
ORG_IMPORT_PATH = "导入文件的路径(多个用空格分开,含空格的路径加引号):"
ORG_IMPORT_OUT = "一次性密码保存到(留空则存入本机数据目录):"
ORG_IMPORT_KEYS = "回车 检查 · Ctrl+S 确认导入 · Esc 返回首页"
ORG_IMPORT_EMPTY = "请输入要导入的文件路径"
ORG_IMPORT_NO_FILE = "找不到文件:{path}"
ORG_IMPORT_CHECKING = "正在检查……"
ORG_IMPORT_SENDING = "正在导入……"
ORG_IMPORT_OFFLINE = "离线时不能导入,请联网后再试"
ORG_IMPORT_COUNTS = "组织:新建 {oc}、更新 {ou}、不变 {on};账号:新建 {ac}、更新 {au}、不变 {an}"
ORG_IMPORT_CHECKED = "✓ 检查通过 · {counts} · 按 Ctrl+S 确认导入"
ORG_IMPORT_BAD = "✗ {n} 处错误,整个文件不会导入;请改正后重新检查"
ORG_IMPORT_CHECK_FIRST = "请先按回车检查,通过后再确认导入"
ORG_IMPORT_DONE = "✓ 已导入 · {counts}"
ORG_IMPORT_PASSWORDS = "✓ 已导入 · {counts} · {n} 个一次性密码已写入 {path}(仅本人可读)"
ORG_IMPORT_PASSWORDS_EXIST = "文件 {path} 已存在,不会覆盖;请换一个保存路径"
ORG_IMPORT_UNREADABLE = "无法读取文件 {path}:{error}"
ORG_IMPORT_BAD_QUOTES = "路径中的引号未配对,请检查后重新输入"
ORG_IMPORT_BAD_NAMES = (
    "文件名不可用(含换行、斜杠等字符或超过 200 字),或一次超过 10 个文件;请改名或分批导入"
)
ORG_IMPORT_PASSWORDS_FALLBACK = (
    "✓ 已导入 · {counts} · {asked} 无法写入,{n} 个一次性密码已改存 {path}(仅本人可读)"
)
ORG_IMPORT_PASSWORDS_SHOWN = (
    "✓ 已导入 · {counts} · 一次性密码文件无法写入,密码只在对话框中显示这一次"
)
ORG_IMPORT_PASSWORDS_ONCE = (
    "一次性密码文件无法写入。以下 {n} 个新账号的一次性密码只显示这一次,"
    "请立即记下(用户名 姓名 密码):"
)
COL_IMPORT_SHEET = "工作表"
COL_IMPORT_ROW = "行"
COL_IMPORT_COLUMN = "列"
COL_IMPORT_NOTE = "说明"
ORG_IMPORT_CHANGES = "现有记录:{updated} 个字段{verb}更新、{kept} 处平台上的修改保留(见下表)"
ORG_IMPORT_CHANGES_MORE = (
    "现有记录:{updated} 个字段{verb}更新、{kept} 处平台上的修改保留(下表列出前 {shown} 处)"
)
# issue 16 — accounts by level, first login, 我的支部
PASSWORD_FORCED_WHY = "您使用的是一次性密码,须先设置自己的新密码才能继续使用(原密码即一次性密码)"
PASSWORD_FORCED_KEYS = "回车 下一项 · Ctrl+S 提交 · F9 退出登录"
PASSWORD_FORCED_STAY = "请先修改密码;不修改可按 F9 退出登录"
AUDIT_ACCOUNTS = "账号变动"
AUDIT_SECTION = "{n} {title}"
AUDIT_SECTIONS_KEY = "跳到各部分"
AUDIT_BY_CLI = "命令行"
COL_ACTOR = "操作人"
COL_ACCOUNT = "账号"
COL_CHANGE = "变动"
BRANCH_TITLE = "我的支部"
HELP_BRANCH = "支部概况:领域、书记和委员、党小组、本年组织生活;支部管理员可编辑"
BRANCH_HEAD = "{path}\n领域:{field} · 党员 {count} 人"
BRANCH_NONE = "未设置"
BRANCH_COMMITTEE = "书记:{secretary}\n委员:{committee}"
BRANCH_GROUPS = "党小组:"
BRANCH_UNGROUPED = "  未分组:{names}"
BRANCH_TALLY = "{year} 年组织生活:支部积分 {points} 分;已完成会议 {meetings}"
BRANCH_SAVED = "已保存"
BRANCH_ASK_FIELD = "选择支部所属领域"
BRANCH_ASK_GROUP = "新党小组的名称"
BRANCH_ASK_WHICH_GROUP = "选择要改名的党小组"
BRANCH_ASK_RENAME = "党小组的新名称"
BRANCH_ASK_MEMBER = "选择党员(设置委员职位)"
BRANCH_ASK_POSITION = "设置 {who}的委员职位(职位按全省标准化手册设置,其他职位请向省委组织部申请)"
BRANCH_NO_POSITION = "无(取消职位)"
ACCOUNTS_TITLE = "账号管理"
HELP_ACCOUNTS = "管理下级账号:添加、停用、重置密码、党小组、委员职位、转支部"
COL_USERNAME = "用户名"
COL_PERSON = "姓名"
COL_ROLE = "委员职位"
ACCOUNTS_ORG = "{org} · {count} 个账号(O 选择其他组织)"
ACCOUNTS_ROW_KEYS = {"group": "G 党小组", "position": "W 委员职位", "move": "M 转到其他支部"}
ACCOUNT_ACTIVE = "正常"
ACCOUNT_DISABLED = "已停用"
ACCOUNT_ONE_TIME = "·待改密"
ACCOUNT_SAVED = "已保存:{name}"
ACCOUNT_MOVED = "已将 {name} 转到 {branch}"
ACCOUNT_MOVED_CLEARED = ";原支部的{what}已不再保留,请在新支部重新设置"
ACCOUNT_NO_GROUP = "无(不在党小组)"
ACCOUNTS_ASK_ORG = "选择组织"
ORG_PICK_PLACEHOLDER = "输入组织名称的一部分,或组织代码的开头"
ORG_PICK_KEYS = "输入即查找 · ↑ / ↓ 选择 · 回车 确定 · Esc 取消"
ORG_PICK_TOP = "本级组织及下级(输入名称可查找全部下级组织)"
ORG_PICK_TOP_OTHER = "可选的下级组织(输入名称可查找全部下级组织)"
ORG_PICK_FOUND = "找到 {n} 个组织"
ORG_PICK_MORE = "只列出最相近的 {n} 个,输入更完整的名称可缩小范围"
ORG_PICK_NONE = "没有找到名称或代码相符的组织"
ORG_PICK_OFFLINE = "离线:联网后才能查找组织"
ACCOUNTS_ASK_GROUP = "设置 {who}的党小组"
ACCOUNTS_ASK_BRANCH = "把 {who}转到哪个党支部(党员的积分随本人转入)"
ACCOUNTS_ASK_KIND = "添加哪类账号"
ACCOUNTS_ASK_USERNAME = "新账号的用户名"
ACCOUNTS_ASK_NAME = "姓名"
ACCOUNTS_ADD_TITLE = "添加{kind}账号 · {org}"
ACCOUNTS_ADD_HINT = "回车 下一项 / 添加 · Esc 取消"
ACCOUNTS_ADD_EMPTY = "请填写用户名和姓名"
ACCOUNTS_ADD_SENDING = "正在添加…"
ACCOUNTS_ADD_OFFLINE = "离线时不能添加账号,请联网后再试"
# issue 16 — publishing content (内容发布)
PUBLISH_TITLE = "内容发布"
HELP_PUBLISH = "发布和撤回本组织的党建资讯文章、课程与试卷"
PUBLISH_KINDS = {"article": "文章", "course": "课程", "paper": "试卷"}
PUBLISH_PATH = "文件路径(.md 文章;.xlsx/.csv 试卷;.toml 课程或试卷):"
PUBLISH_PATH_PLACEHOLDER = "例如 ~/资讯/工委学习.md"
PUBLISH_EMPTY = "本组织还没有发布内容。输入文件路径后按 Ctrl+O 发布。"
PUBLISH_NO_PATH = "请先输入文件路径"
PUBLISH_NO_FILE = "找不到文件:{path}"
PUBLISH_BAD_KIND = "无法识别的文件类型:{name}(应为 .md、.xlsx、.csv 或 .toml)"
PUBLISH_UNREADABLE = "无法读取文件:{path}"
PUBLISH_SENDING = "正在发送……"
PUBLISH_NO_ROW = "请先在列表中选中一项"
PUBLISH_CONFIRM_WITHDRAW = (
    "撤回{kind}「{title}」?撤回后党员和访客不再看到它,不能再学习或作答;已获得的积分保留。"
)
PUBLISH_OFFLINE = "离线时不能发布或撤回,请联网后再试"

# issue 17 — 党建大屏 (省委组织部): the unattended dashboard of an activity room's screen
BIG_SCREEN_TITLE = "党建大屏"
HELP_BIG_SCREEN = "全省概况、趋势、市州督办达标排名、会议完成情况,自动轮播、定时刷新"
BIG_PANELS = {
    "overview": "全省概况",
    "days": "近30日趋势",
    "months": "近12个月趋势",
    "ranking": "市州督办达标排名",
    "map": "党建地图 · 各市州督办达标率",
    "meetings": "三会一课完成情况",
}
BIG_PAGER = "第 {n}/{total} 屏"
BIG_AS_OF = "数据截至 {as_of} · {when} 刷新(北京时间)· 每 {minutes} 分钟自动刷新"
BIG_OFFLINE = "⚠ 连接中断:显示的是 {when} 获取的数据(北京时间),正在自动重试连接"
BIG_OFFLINE_NEVER = "⚠ 连接中断:本机没有保存过党建大屏的数据,正在自动重试连接"
BIG_LOADING = "正在读取数据……"
BIG_NEXT = "下一屏"
BIG_PREV = "上一屏"
BIG_LEAVE_KIOSK = "退出大屏(需 PIN)"
BIG_PIN_ASK = "离开党建大屏需要管理员 PIN:"
BIG_NOTE_MEMBERS = "党支部 {branches} 个"
BIG_NOTE_ACTIVE = "近7日活跃 {week} 人 · 本月 {month} 人"
BIG_NOTE_GREEN = "各党支部三会一课要求中达标的比例"
BIG_NOTE_POINTS = "本月 {month} 分 · 人均 {per} 分"
BIG_DAY_SUFFIX = "当日"
BIG_VANGUARD = (
    "本月先锋模范:心愿完成 {wishes} 个 · 微捐赠完成 {donations} 次 · 随手拍 {snapshots} 条"
)
BIG_CHART_ACTIVE = "每日活跃党员(人)"
BIG_CHART_POINTS_DAY = "每日教育学习积分(分)"
BIG_CHART_POINTS_MONTH = "每月教育学习积分(分)"
BIG_CHART_GREEN = "每月督办达标率(%)"
BIG_NO_SERIES = "暂无数据"
BIG_COL_CITY = "市州"
BIG_COL_GREEN_SHARE = "督办达标率"
BIG_COL_MEMBERS = "党员"
BIG_COL_ACTIVE_DAY = "当日活跃"
BIG_COL_ACTIVE_WEEK = "近7日活跃"
BIG_COL_MEETING_TYPE = "会议类型"
BIG_COL_GREEN_ROWS = "达标/应达标"
BIG_COL_GREEN_RATE = "达标率"
BIG_NO_SHARE = "—(暂无)"
BIG_STARTS_HINT = "本终端登录后打开党建大屏(省委组织部账号)"
SERVE_NOT_INSTALLED = "--serve 需要 textual-serve:请先运行 pip install 'gsdj[serve]'(源码目录中为 pip install -e '.[serve]')"
SERVE_READY = "党建学习终端已在 {url} 提供网页,用浏览器打开即可(每个浏览器先登录);按 Ctrl+C 停止"

# issue 16 — review fixes (积分导出, 账号管理)
EXPORT_WRITE_UNEXPECTED = "无法写入文件,请换一个文件名或文件夹后重试"
ACCOUNT_CONFIRM_DISABLE = "停用账号 {who}?停用后不能登录,已登录的终端将退出。"
ACCOUNT_CONFIRM_RESET = "重置 {who}的密码?将生成一次性密码,已登录的终端将退出。"

# issue 17 — 数据分析示图 (党委, 党总支): the figures of the daily job's last run
ANALYTICS_TITLE = "数据分析示图"
HELP_ANALYTICS = "本组织及下级组织的趋势、对比与会议完成情况(每日更新),可逐级查看下级"
AN_AS_OF = "数据截至 {as_of}(每日凌晨更新)"
AN_BACK_HINT = "Esc 返回上一级"
AN_FIGURE = "▶ {name}:当日 {day} · 本月 {month}(指标 {n}/{total})"
AN_TREND_DAYS = "近30日{name}({unit})"
AN_TREND_MONTHS = "近12个月{name}({unit})"
AN_TREND_EMPTY = "这段时间还没有统计数据"
AN_CHILDREN_TITLE = "下级组织{period}{name}(回车查看该组织{note})"
AN_CHART_NOTE = ";图中数字为序号"
AN_CHART_NOTE_TOP = ";图中为最高的 {n} 个,数字为序号"
AN_NO_CHILDREN = "{name}没有下级组织"
AN_MEETINGS_TITLE = "会议类型完成情况(督办达标本期,{as_of})"
AN_METRICS_TITLE = "各项指标({spark})"
AN_PERIOD_DAY = "当日"
AN_PERIOD_MONTH = "本月"
AN_SPARK_DAYS = "近30日"
AN_SPARK_MONTHS = "近12个月"
AN_NONE = "—"
AN_CURRENT = "▶"
COL_ORG = "组织"
COL_MONTH = "月份"
COL_AN_DAY = "当日"
COL_AN_MONTH = "本月"
COL_METRIC = "指标"
COL_MEETING_TYPE = "会议类型"
COL_MEETINGS_HELD = "本期开展"
COL_GREEN_ROWS = "达标/要求"
COL_GREEN_SHARE = "达标比例"
AN_KEY_METRIC = "换指标"
AN_KEY_METRIC_BACK = "上一指标"
AN_KEY_PERIOD = "日/月"
AN_KEY_TABLES = "图/表"
AN_KEY_DRILL = "下级"
AN_KEY_BACK = "返回"
AN_KEY_REFRESH = "刷新"
# -- 党建地图 (issue 17): the map of the 14 市州 and a 市州's 党委
MAP_NO_DATA = "无数据"
MAP_DAY = "当日"
MAP_MONTH = "本月"
MAP_LEGEND_HEAD = "{metric}({grain})"
MAP_TITLE = "党建地图"
HELP_MAP = "全省14个市州按所选指标着色,进入市州查看各党委的数据"
MAP_AS_OF = "数据截至 {as_of}"
MAP_LINE = "{as_of} · 指标 {n}/{count}:{metric}({unit})· {grain}"
MAP_KEY_HOME = "返回"
MAP_KEY_MOVE = "选市州"
MAP_KEY_METRIC = "指标"
MAP_KEY_GRAIN = "日/月"
MAP_KEY_DRILL = "党委"
MAP_KEY_REFRESH = "刷新"
MAP_KEY_BACK = "返回地图"
MAP_CITY_TITLE = "党建地图 · {city}"
MAP_CITY_LINE = "{as_of} · {metric}({grain})· 党委 {n} 个"
MAP_CITY_TOTAL = "{city}合计:{figures}"
MAP_COL_COMMITTEE = "党委"
MAP_COL_ALL = "其他指标"
MAP_NO_COMMITTEES = "该市州还没有党委"


# 学标对标, 对标总览, 标准化专栏 (issue 18)
STANDARDS_TITLE = "学标对标"
HELP_STANDARDS = "六个领域的党支部建设标准,本支部所在领域在前;支部管理员逐条对标自查"
STANDARDS_OVERVIEW_TITLE = "对标总览"
HELP_STANDARDS_OVERVIEW = "下级支部的对标自查:各方面达标比例、最常未达标的条目、各支部完成情况"
STANDARDS_COLUMN_TITLE = "标准化专栏"
HELP_STANDARDS_COLUMN = "省委组织部挑选的标准化建设文章和标准条目"
STD_HEAD = "{name}领域 · {title}{version}{own}"
STD_HEAD_NONE = "{name}领域的标准尚未发布"
STD_OWN = "\n{branch}自查:✓ 达标 {met} · ◐ 部分 {partly} · ○ 未达 {not_yet} · 未自查 {left}"
STD_VERSION = "(版本 {version})"
STD_ASK_FIELD = "选择领域(本支部所在领域标「本支部」)"
STD_OWN_FIELD = "(本支部)"
STD_NOT_LOADED = "(未发布)"
COL_ASPECT = "方面"
COL_NUMBER = "编号"
COL_ITEM = "条目"
COL_SELF_CHECK = "自查"
COL_NOTE = "说明"
STD_UNCHECKED = "· 未自查"
STD_IN_COLUMN = "已入专栏"
STD_CHECK_BY = "{by} {at} 填写"
STD_SAVED = "自查已保存:{number} {mark}"
STD_ADDED = "已加入标准化专栏"
STD_FORM_TITLE = "对标自查:{number} {title}"
STD_FORM_NOTE = "说明(可不填,最多 500 字)"
STD_FORM_HINT = "↑↓ 选结果 · Tab 到说明 · Enter 保存 · Esc 取消"
OV_HEAD = "{org}:支部 {branches} 个,已自查 {checked} 个 · 数据为服务器实时计算"
OV_ASPECTS = "各方面达标比例(支部 × 条目)"
OV_WORST = "最常未达标的条目(部分达标或未达标的支部数)"
OV_ROWS = "各支部完成情况(达标最少的在前,第 {page}/{pages} 页;回车查看该支部的自查)"
COL_SHARE = "达标比例"
COL_MET = "达标"
COL_PARTLY = "部分"
COL_NOT_YET = "未达"
COL_ITEMS_TOTAL = "条目数"
COL_FIELD = "领域"
COL_NOT_MET = "合计"
COL_CHECKED = "已自查"
OV_NONE = "—"
COLUMN_EMPTY = "标准化专栏还没有内容"
COLUMN_KIND_ARTICLE = "文章"
COLUMN_KIND_ITEM = "标准条目"
COL_FROM = "出处"
COLUMN_ASK_ARTICLE = "选择要加入专栏的文章(省委组织部发布)"
COLUMN_REMOVED = "已移出标准化专栏"
COLUMN_ASK_REMOVE = "把「{title}」移出标准化专栏?\n文章或标准条目本身不受影响。"
COLUMN_MOVED = "已调整次序"

# -- 搜索 (issue 18, tui/screens/search.py) -----------------------------------------------------
SEARCH_TITLE = "搜索"
SEARCH_PLACEHOLDER = "输入要找的字词,例如:党建、党章、学习"
SEARCH_START = "输入两个字以上更准确;边输入边显示结果"
SEARCH_KEYS = "↑ / ↓ 选择 · 回车 打开 · Esc 关闭"
SEARCH_GROUP = "{name}({n})"
SEARCH_GUIDE_GROUP = "操作指南({n})"
SEARCH_MORE = "… 查看更多{name}结果(回车)"
SEARCH_ONLY_NEWEST = "  只列出最新的 {n} 条;输入更多字词可缩小范围"
SEARCH_FOUND = "找到 {n} 条"
SEARCH_NONE = "没有找到相关内容"
SEARCH_OFFLINE = "离线:只能搜索本机的操作指南,联网后可搜索资讯、学标对标、经验交流、课程和视频"
SEARCH_CANNOT_OPEN = "本终端暂时不能打开这类内容"
PALETTE_SEARCH = "搜索"
HELP_SEARCH = "搜索资讯、课程、视频和操作指南(Ctrl+F)"
