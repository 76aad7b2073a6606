"""Recognise web-page noise in copied policy texts: breadcrumbs, view counts, share bars.

Noise is never silently deleted: the parser reports every removed piece in
``Document.dropped`` so a reader can check nothing of the policy went with it.
"""

from __future__ import annotations

import re

# Whole lines that are page furniture, never policy text.
_LINE_NOISE = [
    re.compile(r"^(首页|网站首页|主页)\s*[>＞»›/→]"),
    re.compile(r"^(当前位置|您的位置|您现在的位置|您当前的位置|所在位置)\s*[：:]"),
    re.compile(r"^扫一扫"),
    re.compile(r"^(分享到|分享)\s*[：:]?\s*(微信|微博|QQ|qq|空间|朋友圈|\s)*$"),
    re.compile(
        r"^[【\[]?\s*(打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|返回顶部|返回|保存本页)\s*[】\]]?"
        r"(\s*[【\[]?\s*(打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|返回顶部|返回|保存本页)\s*[】\]]?)*\s*$"
    ),
    re.compile(r"(版权所有|网站标识码|ICP备|ICP证|公网安备|Copyright|©)"),
    re.compile(r"^(主办单位|承办单位|技术支持|联系电话|联系我们|网站地图|主办|承办)\s*[：:]"),
    re.compile(r"^(建议使用|推荐使用).{0,40}(浏览器|分辨率)"),
    re.compile(r"^(上一篇|下一篇|相关链接|相关文章|相关阅读|附件下载)\s*[：:]?"),
    re.compile(r"^\d{1,7}\s*次$"),  # a view count (a bare number may be a split-off year)
    re.compile(
        r"^(浏览次数|阅读次数|点击次数|浏览量|阅读量|访问量|点击数|点击量)\s*[：:]\s*\d*\s*次?$"
    ),
    re.compile(r"^[【\[]?\s*(字体|字号)\s*[：:]?\s*[大中小\s【】\[\]]*$"),
    re.compile(r"^(TOP|top|返回顶部)$"),
    re.compile(r"^(Loading|loading|加载中|正在加载)[.…]*$"),
]

# Pieces of a metadata line that are noise ("字体大小:", "浏览次数:902次").
_INLINE_NOISE = re.compile(
    r"(?:[【\[]\s*)?(?<!文)(?:字体大小|字体|字号)\s*[：:]\s*(?:[大中小](?:\s*[大中小])*)?(?:\s*[】\]])?"
    r"|(?:浏览次数|阅读次数|点击次数|浏览量|阅读量|访问量|点击数|点击量)\s*[：:]\s*\d*\s*次?"
    r"|[【\[]\s*(?:打印本页|打印|关闭窗口|关闭)\s*[】\]]"
)

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def is_noise_line(line: str) -> bool:
    """True when the whole (stripped) line is page furniture."""
    return bool(line) and any(p.search(line) for p in _LINE_NOISE)


def split_inline_noise(line: str) -> tuple[str, list[str]]:
    """Remove noise pieces from a line; return what is left and what was removed."""
    removed = [m.group(0).strip() for m in _INLINE_NOISE.finditer(line) if m.group(0).strip()]
    if not removed:
        return line, []
    return _INLINE_NOISE.sub(" ", line).strip(), removed


def strip_html_comments(text: str) -> tuple[str, list[str]]:
    """Markdown exports carry <!-- comments -->: remove them, keep them for the report."""
    comments = [m.group(0) for m in _HTML_COMMENT.finditer(text)]
    if not comments:
        return text, []
    return _HTML_COMMENT.sub("", text), comments


_MD_HEADING = re.compile(r"^(#{1,6})\s+")
# Bold markers around text (**一、总则**); a run of underscores alone is a blank to fill in.
_MD_EMPHASIS = re.compile(
    r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![_\w])__(?=[^_\s])(.+?)(?<=[^_\s])__(?![_\w])"
)


def strip_markdown(line: str) -> tuple[str, list[str]]:
    """Drop markdown heading marks and bold markers that would hide a heading's numbering."""
    removed: list[str] = []
    m = _MD_HEADING.match(line)
    if m:
        removed.append(m.group(1))
        line = line[m.end() :]
    if "**" in line or "__" in line:

        def unbold(m: re.Match[str]) -> str:
            removed.append(m.group(0)[:2] * 2)  # the markers, reported like any markup
            return m.group(1) if m.group(1) is not None else m.group(2)

        line = _MD_EMPHASIS.sub(unbold, line)
    return line, removed
