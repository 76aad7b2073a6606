"""`?`: every key of the reader on one screen, in Chinese, and what went wrong on opening.

Each row fits one line of an 80-column terminal (the key column, then at most 25 Han
characters), so the table reads as a table there; tests/pilot/test_help_and_footer.py
checks it at 80x24.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from index.safe_text import one_line

if TYPE_CHECKING:
    from ..app import PolicyApp

KEYS = [
    ("/", "搜索全部措施（边输入边搜索）"),
    ("Enter", "打开选中的 / 第一条结果；搜索栏中 ↓ 到结果"),
    ("Esc", "离开搜索栏，回到文件目录"),
    ("↑ ↓  j k  g G", "在列表和目录中移动，滚动正文（g G：两端）"),
    ("← →  h l", "在目录中收起 / 展开"),
    ("Tab  Shift+Tab", "下一个 / 上一个窗格"),
    ("n  N", "下一条 / 上一条搜索结果"),
    (".  ,", "正文中下一处 / 上一处搜索词（第 2/5 处）"),
    ("v  s", "结果按文件分组或单列 · 改变排序"),
    ("f", "按地区、城市、发文机关、年份、类型筛选"),
    ("[  ]", "本文件的上一条 / 下一条措施"),
    ("Alt+←  Alt+→", "在看过的措施间后退 / 前进"),
    ("r", "其他文件中的相关措施"),
    ("b", "收藏当前措施（再按一次：取消）"),
    ("y", "复制措施（标题、正文、文件、日期）"),
    ("B", "书签：打开，编辑备注、标签、状态"),
    ("d  u", "书签中：删除 · 撤销删除"),
    ("m", "标记措施以便对比（◆；再按一次：取消）"),
    ("c", "并排对比已标记的措施（2–4 列）"),
    ("C", "对比本次搜索各文件的最佳结果"),
    ("e  y", "对比中：导出 / 复制 Markdown；← → Tab 换列"),
    ("Ctrl+P", "按标题跳到任一文件或措施"),
    ("?", "本帮助"),
    ("q", "退出（在搜索栏中先按 Esc）"),
]

QUERY_SYNTAX = [
    '\n查询语法 query syntax：空格分开的词都要出现 · "引号里是短语"',
    "a OR b · -词 / NOT 词 · title: doc: issuer: section:",
    "year:2024 · date:2023-01..2024-06 · region:湖北 · type:办法",
]

CLOSING = "也可以用鼠标：点击行、结果或窗格，滚轮滚动。Esc 关闭。"


def opening_problems(app: PolicyApp) -> list[str]:
    """What the status line counted at start: each unreadable file, read-only bookmarks,
    what is wrong with the settings file."""
    problems = [one_line(p) for p in getattr(app.library, "problems", [])]
    settings_problem = getattr(app, "settings_problem", None)
    if settings_problem:
        problems.append("设置 settings: " + one_line(settings_problem))
    reason = getattr(app.bookmarks, "read_only_reason", None)
    if reason:
        problems.append("书签只读 bookmarks read-only: " + one_line(reason))
    return problems


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "关闭", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(Text(key), Text(what))
        with VerticalScroll(id="help-box"):
            yield Static(Text("policy-tui 按键 keys", style="bold"), markup=False)
            yield Static(table, id="help-keys")
            yield Static(Text("\n".join(QUERY_SYNTAX), style="dim"), markup=False)
            yield Static(Text(CLOSING, style="dim"), markup=False)
            problems = opening_problems(cast("PolicyApp", self.app))
            if problems:
                out = Text("\n打开时的问题 problems on opening", style="bold yellow")
                for problem in problems:
                    out.append("\n· " + problem, style="yellow")
                out.append("\n（policy-tui list 也会列出无法读取的文件）", style="dim")
                yield Static(out, id="help-problems", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
