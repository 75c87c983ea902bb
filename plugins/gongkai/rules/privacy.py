"""Personal data in item bodies (条例 Art. 15; GB 11643; DOMAIN §10).

Finds 身份证号 (18-digit with check character, 15-digit old form with a real birth date), mobile
numbers and Luhn-valid bank card numbers. Office landlines, hotlines, 统一社会信用代码, 索引号 and
dates are not personal data and do not match. Values are reported masked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

_ID18 = re.compile(r"(?<![0-9A-Za-z/])([1-8]\d{5})((?:19|20)\d{2})(\d{2})(\d{2})(\d{3})([\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z/])([1-8]\d{5})(\d{2})(\d{2})(\d{2})(\d{3})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![0-9A-Za-z/-])((?:\d[ -]?){15,18}\d)(?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id18_valid(number: str) -> bool:
    if len(number) != 18:
        return False
    total = sum(int(ch) * w for ch, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _real_date(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def mask(rule: str, value: str) -> str:
    """Keep the first 6 (ID) / 3 (mobile) / 4 (card) characters and the last 4; star the rest."""
    digits = normalise(value)
    if rule == "privacy-id":
        return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
    if rule == "privacy-mobile":
        digits = digits[-11:]
        return digits[:3] + "****" + digits[-4:]
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


_ANY_NUMBER = re.compile(r"\d{15}|1[3-9]\d[- ]?\d{4}[- ]?\d{4}|\d(?:[ -]?\d){15}")
"""A cheap pre-check: what any pattern above needs (15 digits in a row for an ID, a mobile's 1[3-9] + 8 digits,
16 digits with single separators for a card); office numbers such as 0799-1234567 never pass it."""


_NUMBER_RUN = re.compile(r"\d[\d -]{10,}")
"""Runs of 11+ digits, spaces and hyphens starting with a digit: every `_ANY_NUMBER` match lies inside one, so
searching only the runs gives the same answer about 4x faster on ordinary text (few long runs of digits)."""


def _may_hold_number(text: str) -> bool:
    return any(_ANY_NUMBER.search(run.group()) for run in _NUMBER_RUN.finditer(text))


def scan(text: str) -> Iterator[tuple[str, str, int, str]]:
    """Yield (rule, kind, offset, raw value) for each piece of personal data in `text`."""
    if not _may_hold_number(text):
        return
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _ID18.finditer(text):
        number = m.group(0)
        if _real_date(int(m.group(2)), int(m.group(3)), int(m.group(4))) and id18_valid(number):
            taken.append(m.span())
            yield "privacy-id", "身份证号", m.start(), number
    for m in _ID15.finditer(text):
        if free(*m.span()) and _real_date(1900 + int(m.group(2)), int(m.group(3)), int(m.group(4))):
            taken.append(m.span())
            yield "privacy-id", "身份证号（15位）", m.start(), m.group(0)
    for m in _MOBILE.finditer(text):
        if free(*m.span()):
            taken.append(m.span())
            yield "privacy-mobile", "手机号码", m.start(), m.group(0)
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if 16 <= len(digits) <= 19 and free(*m.span()) and luhn_valid(digits):
            taken.append(m.span())
            yield "privacy-bankcard", "银行卡号", m.start(), m.group(1)


def normalise(value: str) -> str:
    return re.sub(r"[^0-9Xx]", "", value).upper()
