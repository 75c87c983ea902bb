"""PyYAML syntax errors as a clerk can act on them: entirely in Chinese, on the line to fix, naming that line's field.

Owns the translation of a `yaml.MarkedYAMLError` (the parser's English never reaches a message) and two
checks that find the real line before the parser's: a full-width colon after a field name (`标题：…`, which
YAML reads as plain text, so the parser only complains a line or more later) and the line where an
unclosed quote or bracket starts (the parser reports where the file ends).
"""

from __future__ import annotations

import re

import yaml

_FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:：#\"'\[\]{}，。、（）]{1,12})\s*：")
_KEY = re.compile(r"^\s*(?:-\s+)?([^\s:：#\"'\[\]{}][^:：#]{0,30}?)\s*[:：]")

# (words in the parser's problem or context, what went wrong, how to fix it, use the context line)
_PROBLEMS: tuple[tuple[str, str, str, bool], ...] = (
    ("while scanning a quoted scalar", "引号没有成对：从这一行开始的引号没有结束", "在值的末尾补上同样的引号（英文引号 \" 或 '）", True),
    ("flow sequence", "方括号 [ ] 没有成对，或列表项之间缺少逗号", "写成 [词语1, 词语2]：用半角逗号分隔，最后补上 ]", True),
    ("flow mapping", "花括号 { } 没有成对，或各项之间缺少逗号", "写成 {键: 值, 键: 值}，最后补上 }", True),
    ("could not find expected ':'", "缺少“字段: 值”中的半角冒号", "写成“字段: 值”：字段名后是半角冒号 : 和一个空格", True),
    (
        "mapping values are not allowed",
        "这一行多了一个“冒号加空格”，或缩进与上一行不一致",
        "值里有冒号时把整个值用英文双引号括起来；同一层的字段左端对齐",
        False,
    ),
    ("found character '\\t'", "有 Tab 制表符", "缩进和空白只用空格，不用 Tab", False),
    ("found a tab character", "有 Tab 制表符", "缩进和空白只用空格，不用 Tab", False),
    ("cannot start any token", "这一行的值以 YAML 的特殊符号开头（如 @、`、Tab）", "把整个值用英文双引号括起来；缩进只用空格", False),
    ("did not find expected '-' indicator", "列表各项没有对齐", "列表每项以“- ”开头，各项左端对齐", False),
    ("did not find expected key", "缩进不一致", "同一层的字段左端对齐，下一层比上一层多缩进两个空格", False),
    ("expected <block end>", "缩进不一致", "同一层的字段左端对齐，下一层比上一层多缩进两个空格", False),
    ("undefined alias", "值以 * 开头，YAML 把它当成了引用", "把整个值用英文双引号括起来", False),
    ("duplicate anchor", "值以 & 开头，YAML 把它当成了锚点", "把整个值用英文双引号括起来", False),
    ("while scanning an alias", "值以 * 开头，YAML 把它当成了引用", "把整个值用英文双引号括起来", False),
    ("while scanning an anchor", "值以 & 开头，YAML 把它当成了锚点", "把整个值用英文双引号括起来", False),
    ("expected a single document", "文件里有多余的 --- 分隔行", "元数据区只写一对 ---；正文中的分隔线改用 ***", False),
    ("found unexpected end of stream", "引号或括号没有成对", "检查引号、[ ]、{ } 是否成对", True),
)


def explain(text: str, exc: yaml.MarkedYAMLError, first_line: int = 1) -> tuple[int, str, str]:
    """(line in the file, message, expected) for a YAML error in `text`, which starts at file line `first_line`.

    The message names the field of that line when it has one; nothing of the parser's English is kept.
    """
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    error_line = mark.line if mark is not None else 0  # 0-based within text
    for n, line in enumerate(lines[: error_line + 1]):
        m = _FULLWIDTH_KEY.match(line)
        if m and ": " not in line:
            key = m.group(2).strip()
            return (
                first_line + n,
                f"「{key}」后面用了全角冒号“：”，YAML 不认（字段：{key}）",
                f"改成半角冒号加一个空格：{key}: …",
            )
    problem = f"{exc.problem or ''} {exc.context or ''}"
    what, fix, use_context = "格式不对，无法读取", "每行写成“字段: 值”，冒号为半角并后跟一个空格；缩进用空格；引号成对", False
    for words, w, f, ctx in _PROBLEMS:
        if words in problem:
            what, fix, use_context = w, f, ctx
            break
    if use_context and exc.context_mark is not None:
        error_line = exc.context_mark.line
    error_line = min(error_line, max(len(lines) - 1, 0))
    key = _field_of(lines, error_line)
    where = f"（字段：{key}）" if key else ""
    return first_line + error_line, f"YAML 格式错误：{what}{where}", fix


def _field_of(lines: list[str], index: int) -> str:
    """The field named on line `index`, or on the nearest line above that names one."""
    for n in range(index, -1, -1):
        m = _KEY.match(lines[n]) if n < len(lines) else None
        if m:
            return m.group(1).strip()
    return ""
