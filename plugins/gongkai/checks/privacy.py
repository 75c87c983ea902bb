"""Personal data in item bodies (条例 Art. 15; GB 11643; DOMAIN §10).

Finds 身份证号 (18-digit with check character, 15-digit old form with a real birth date), mobile
numbers and bank card numbers. Office landlines, hotlines, 统一社会信用代码, 索引号 and dates are not
personal data and do not match. Values are reported masked.

An 18-digit number counts as ID-shaped when it starts with a real province code (GB/T 2260: 11–15,
21–23, 31–37, 41–46, 50–54, 61–65, 71, 81–83) and holds a real birth date from 1900-01-01 to today.
With a wrong check character it is a likely mistyped ID number (`privacy-id-typo`, a warning), never a
bank card. A bank card needs 16–19 digits, a known issuer prefix (`CARD_PREFIXES`) and a valid Luhn
sum: one random digit string in ten passes Luhn, so length and issuer keep ordinary numbers out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..model.findings import SeverityName

_ID18 = re.compile(r"(?<![0-9A-Za-z/])([1-8]\d{5})((?:19|20)\d{2})(\d{2})(\d{2})(\d{3})([\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z/])([1-8]\d{5})(\d{2})(\d{2})(\d{2})(\d{3})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![0-9A-Za-z/-])((?:\d[ -]?){15,18}\d)(?![0-9A-Za-z])")
_PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45",
     "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"}
)  # fmt: skip
"""First two digits of a 行政区划代码 (GB/T 2260) as used in 公民身份号码 (GB 11643; 83: 台湾居民居住证)."""
CARD_PREFIXES = ("62", "60", "65", "9", "4", "51", "52", "53", "54", "55", "3")
"""Issuer prefixes (ISO/IEC 7812 IIN): 62 中国银联, 60/65 银联·Discover, 9 境内早期借记卡 (95599, 9558),
4 Visa, 51–55 Mastercard (2221–2720 checked separately), 3 JCB/American Express/Diners."""
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id18_valid(number: str) -> bool:
    if len(number) != 18:
        return False
    total = sum(int(ch) * w for ch, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def id18_shaped(number: str, today: dt.date | None = None) -> bool:
    """A real province code and a real birth date between 1900-01-01 and today (the check character aside)."""
    if len(number) != 18 or not number[:17].isdigit() or number[:2] not in _PROVINCES or number[2:6] == "0000":
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= (today or dt.date.today())


def card_issuer_known(digits: str) -> bool:
    return digits.startswith(CARD_PREFIXES) or 2221 <= int(digits[:4]) <= 2720


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
    if rule.startswith("privacy-id"):
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
        if not id18_shaped(number):
            continue
        taken.append(m.span())  # ID-shaped: never a bank card, whatever its check character
        if id18_valid(number):
            yield "privacy-id", "身份证号", m.start(), number
        else:
            yield "privacy-id-typo", "疑似身份证号（校验位不符，可能输错了一位）", m.start(), number
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
        if 16 <= len(digits) <= 19 and free(*m.span()) and card_issuer_known(digits) and luhn_valid(digits):
            taken.append(m.span())
            yield "privacy-bankcard", "银行卡号", m.start(), m.group(1)


SEVERITY: dict[str, SeverityName] = {"privacy-id-typo": "warning"}
"""Severity of each rule when it is not "error"."""


def severity(rule: str) -> SeverityName:
    return SEVERITY.get(rule, "error")


def fix(rule: str) -> str:
    """What staff should do about a finding of `rule` (the `expected` text)."""
    if rule == "privacy-id-typo":
        return "是身份证号的，删除或打码（如 110105********002X）；不是个人信息的，在 个人信息豁免 中写明值和理由"
    return "删除或打码（如 138****8000）；确需公开的，在 个人信息豁免 中写明值和理由"


def normalise(value: str) -> str:
    return re.sub(r"[^0-9Xx]", "", value).upper()
