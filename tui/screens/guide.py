"""操作指南: how to use the terminal, in our own words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Markdown

from tui import strings
from tui.screens.base import PageScreen

GUIDE = """\
## 开始使用

- 用 **Tab / Shift+Tab** 在输入框和按钮之间移动,**回车** 确认。全部操作都可以只用键盘完成,鼠标可有可无。
- 屏幕底部一行列出当前画面可用的按键;按 **Ctrl+P** 打开命令面板,输入几个字就能跳到任意画面。
- 顶部一行显示当前登录的账号、所在组织,以及与服务器的连接状态(在线 / 离线)。

## 登录与退出

- 输入平台分配的用户名和密码登录。连续输错多次后,账号会被暂时锁定一段时间,请稍后再试。
- 终端只保存登录凭据(令牌),从不保存密码。系统密钥环可用时,下次打开终端会自动登录;
  没有密钥环的环境(例如远程服务器)里,凭据只留在本次运行的内存中。
- 在首页按 **F9** 退出登录;多人共用的终端请在离开前退出。
- 连不上服务器时,登录页会给出提示,检查网络或服务器地址后按 **F5** 重试。

## 首页功能区

- 首页的按钮是你的常用快捷功能,按 **1–9** 可直接打开对应的功能。
- 按 **E** 编辑:**空格** 添加或移除,**U / N** 上移或下移,**Ctrl+S** 保存,**Esc** 返回。
- 功能区保存在服务器上,换一台终端登录,看到的仍是同样的按钮。

## 权限

- 各类账号能使用的功能不同:在线用标、督办达标等子系统只对相应的管理员开放;
  我的考试只对党员开放;我的课程对党员和党支部账号开放。
- “功能权限”画面列出当前账号能用和不能用的功能,以及原因。

## 常用按键

| 按键 | 作用 |
|---|---|
| F1 | 打开本指南 |
| Ctrl+P | 命令面板 |
| Esc | 返回首页 / 关闭对话框 |
| F9 | 退出登录 |
| Ctrl+Q | 退出程序 |
"""


class GuideScreen(PageScreen):
    TITLE_TEXT = strings.GUIDE_TITLE
    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def body(self) -> ComposeResult:
        yield Markdown(GUIDE)
