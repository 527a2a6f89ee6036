"""Find, normalize and classify numbers in Chinese trade-union work reports.

A report mixes the figures we care about (``504人``, ``3.59万元``, ``1.2万余人次``,
``八成以上``) with numbers that are not statistics about the union's work: dates
(``2024年09月15日``), congress numbers (``二十届三中全会``), plan names (``十三五``),
slogans (“五个一批”, “1+X”), list markers, phone and licence numbers. Every number
is found with compiled regexes, its value is folded into base units with
:class:`~decimal.Decimal` (万/亿/千/百 multipliers, 成 and 百分之 percentages), and it
is given a ``kind``; only ``kind == "statistic"`` is a figure to ground or report.

>>> [(m.text, m.value, m.unit, m.qualifier) for m in find_statistics("拨付3.59万元惠及1.2万余人次")]
[('3.59万元', Decimal('35900'), '元', None), ('1.2万余人次', Decimal('12000'), '人次', '余')]
>>> [(m.text, m.kind) for m in find_numbers("党的二十届三中全会；2024年09月15日；“五个一批”")]
[('二十届三中全会', 'congress'), ('2024年09月15日', 'date'), ('五个', 'slogan')]
>>> parse_quantity("八成以上")
NumberMention(text='八成以上', start=0, end=4, value=Decimal('80'), high=None, unit='%', \
qualifier='以上', kind='statistic')

Chinese numerals count only when a unit or a 万/亿 multiplier follows (``十五个乡镇``,
``三十万``): a bare ``一`` is an article (一个, 一批, 一年来), a bare 百/千 an idiom
(千家万户), and ``数十`` or ``十几`` no number at all.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "KINDS",
    "NumberMention",
    "NumberScan",
    "find_numbers",
    "find_statistics",
    "normalize_unit",
    "parse_quantity",
    "same_value",
]

KINDS = frozenset(
    {"statistic", "date", "time", "year", "ordinal", "congress", "slogan", "phone", "code", "other"}
)


@dataclass(frozen=True)
class NumberMention:
    """One number in a text; ``text == source[start:end]``.

    ``value`` is in base units (``3.59万元`` → 35900, ``五成`` → 50); ``high`` is the
    upper bound of a range (``1~2岁``); ``unit`` is the normalized counter word
    (``名`` → ``人``, ``万元`` → ``元``, ``成`` → ``%``). For dates, times and codes
    ``value`` is the leading number and carries no meaning.
    """

    text: str
    start: int
    end: int
    value: Decimal
    high: Decimal | None
    unit: str
    qualifier: str | None
    kind: str

    @property
    def is_statistic(self) -> bool:
        """True for a figure about the work (not a date, name, slogan or code)."""
        return self.kind == "statistic"


_new_object = object.__new__


def _new_mention(**fields: object) -> NumberMention:
    """``NumberMention(**fields)`` (all of them), 2.5x faster: a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__``; this fills the
    instance's dict at once. Scans build one per number found."""
    mention: NumberMention = _new_object(NumberMention)
    mention.__dict__.update(fields)
    return mention


# --------------------------------------------------------------------------- units

# verbatim counter word -> base unit
_UNITS: dict[str, str] = {
    "元": "元",
    "美元": "美元",
    "人": "人",
    "名": "人",
    "位": "人",
    "人次": "人次",
    "户": "户",
    "户次": "户次",
    "家": "家",
    "单位": "单位",  # 等5单位获评: a count of units written without 个/家
    "个": "个",
    "场": "场",
    "场次": "场次",
    "次": "次",
    "期": "期",
    "件": "件",
    "件次": "件次",
    "项次": "项次",
    "台次": "台次",
    "车次": "车次",
    "篇": "篇",
    "册": "册",
    "份": "份",
    "支": "支",
    "所": "所",
    "处": "处",
    "座": "座",
    "间": "间",
    "项": "项",
    "条": "条",
    "批": "批",
    "批次": "批次",
    "趟": "趟",
    "起": "起",
    "台": "台",
    "辆": "辆",
    "张": "张",
    "本": "本",
    "瓶": "瓶",
    "箱": "箱",
    "袋": "袋",
    "盒": "盒",
    "桶": "桶",
    "株": "株",
    "棵": "棵",
    "种": "种",
    "类": "类",
    "轮": "轮",
    "套": "套",
    "件套": "件套",
    "部": "部",
    "栋": "栋",
    "平方米": "平方米",
    "平米": "平方米",  # 近100平米: the spoken form
    "㎡": "平方米",
    "平方公里": "平方公里",
    "立方米": "立方米",
    "米": "米",
    "公里": "公里",
    "千米": "千米",
    "亩": "亩",
    "吨": "吨",
    "公斤": "公斤",
    "斤": "斤",
    "千克": "千克",
    "千瓦": "千瓦",
    "岁": "岁",
    "年": "年",
    "天": "天",
    "小时": "小时",
    "分钟": "分钟",
    "个月": "个月",
    "周": "周",
    "周年": "周年",
    "届": "届",
    "倍": "倍",
    "个百分点": "个百分点",
    "百分点": "个百分点",
    "%": "%",
    "％": "%",
    "‰": "‰",
    "成": "%",
}

# A counter character that starts a longer word is no counter: 3家庭? 人民币, 项目, 期间.
_UNIT_NOT_BEFORE: dict[str, str] = {
    "人": "民币",
    "家": "庭|属|长|具|政|务|乡(?!镇)",  # 872家电力企业, 3家乡镇企业: counted
    "所": "属|有|在|得|以|需|谓",
    "处": "理|于|置|室|长|级",
    "起": "来|草|步|点|始|到|源",
    "间": "隔|断",
    "期": "间|待|望|限|刊|末|初|满|内",
    "本": "地|届|次|单位|部|人|年|月|级|市|县|省|企业|行业|职|身|着|质|色|领|土",
    "台": "湾|阶|账",
    "座": "谈",
    "项": "目",
    "支": "持|付|出|援|部|撑|柱",
    "场": "所|地|馆",
    "户": "外|口|籍",
    "位": "于|置",
    "部": "门|署|分|队",
    "周": "边|围|末|岁",
    "类": "似",
    "成": "为|立|功|果|员|本|效|绩|熟|长|都|就|交|型|品|套|了|规|效|果",
    "次": "全会",
}


def _unit_alternation() -> str:
    parts = []
    for unit in sorted(_UNITS, key=len, reverse=True):
        guard = _UNIT_NOT_BEFORE.get(unit)
        parts.append(re.escape(unit) + (f"(?!{guard})" if guard else ""))
    return "|".join(parts)


def normalize_unit(unit: str) -> str:
    """Base unit of a counter word; multipliers are dropped, synonyms merged.

    >>> [normalize_unit(u) for u in ["万元", "名", "位", "人次", "％", "个百分点", "千米"]]
    ['元', '人', '人', '人次', '%', '个百分点', '千米']
    """
    u = unit.strip()
    if u in _UNITS:
        return _UNITS[u]
    bare = u.lstrip("万亿千百十")
    if bare != u and bare in _UNITS:
        return _UNITS[bare]
    return u


# --------------------------------------------------------------------------- regexes


def _opt(pattern: str) -> str:
    """``(?:pattern)?`` written as an alternation with an empty branch: the same
    matches, but sre runs ``(...)?`` of a group through its slow REPEAT machinery
    (a quantity matches in 40% less time this way)."""
    return f"(?:{pattern}|)"


_CN_DIGITS = "零〇一二两三四五六七八九"
_C = f"[{_CN_DIGITS}十百千]"
_NOT_AFTER_CN = f"[数几若{_CN_DIGITS}十百千万亿]"
_DECIMALS = _opt(r"\.[0-9]+")
_CN_DECIMALS = _opt(f"点[{_CN_DIGITS}]+")
# Thousands may be grouped by commas (1,160) or, in typeset reports, by a space (4 000万元).
# ``{1,3}+`` is possessive: a separator must follow those digits, so giving one back
# never helps.
_ARABIC = (
    r"(?<![0-9])(?:[0-9]{1,3}+(?:[,，][0-9]{3}(?![0-9]))+|[0-9]{1,3}+(?:[ \u2009\u202f\xa0][0-9]{3}"
    r"(?![0-9]))+|[0-9]+)" + _DECIMALS
)
_CN = (
    rf"(?<!{_NOT_AFTER_CN})(?:{_C}+(?:[万亿]{_C}+)*{_CN_DECIMALS}|[万亿](?=余|多)"
    r"|(?<=[近逾超过上约])万)"  # 近万人, 超过万人, 上万名: a bare 万 after a qualifier
)
_SP = "[ \u3000\xa0]"
_UNIT = _unit_alternation()
_MULT = "万亿|千万|百万|万|亿|千(?![米克瓦伏帕卡])|百(?![分])"
_SEP = "~|～|〜|至|到|-|－|—|–"
# Each branch opens with its own character and checks what precedes after it, so
# that sre rejects the branch on that character without entering it.
_PRE = (
    "大约|将近|接近|超过|不到|不足|不超过|不少于|不低于|不高于|至少|逾|"
    "约(?<![节制公合预邀签相条特违履婚毁誓隐契盟简赴践租集解守]约)|"
    "近(?<![最附靠亲贴就]近)|超(?<![赶高]超)|"
    "上(?<![成百以马晚早]上)(?=[百千万])"  # 上千名, 上万人 (not 成百上千, 以上)
)
_POST = "以上|左右|以下"
_YEAR = "(?:1[89]|20)[0-9]{2}"
_MONTH = "(?:0?[1-9]|1[0-2])"
_DAY = "(?:0?[1-9]|[12][0-9]|3[01])"

_CODE_KEYWORDS = (
    "ICP[备证]?字?第?|公网安备|备案号|经营许可证|许可证号?|证书编号|编号|统一社会信用代码|"
    "信用代码|邮政编码|邮编|身份证号?|账号|QQ群|QQ号?|微信号"
)
_PHONE_KEYWORDS = "举报电话|联系电话|咨询电话|服务热线|电话|热线|报料|传真|手机号?"

_QTY = (
    _opt(f"(?P<pre>{_PRE})")
    + f"(?:(?P<a1>{_ARABIC})|(?P<c1>{_CN}))"
    + _opt(f"{_SP}?(?P<q1>余|多)")
    + _opt(f"(?P<m1>{_MULT})")
    + _opt("(?P<q2>余|多)")
)
_RANGE = _opt(
    _opt("(?P<pu>[%％])")
    + f"(?P<sep>{_SEP})(?:(?P<a2>{_ARABIC})|(?P<c2>{_CN}))"
    + _opt(f"(?P<m2>{_MULT})")
    + _opt("(?P<q4>余|多)")
)
_TAIL = _opt(f"{_SP}?(?P<u>{_UNIT})") + _opt(f"(?P<q3>{_POST})")

# Every kind of match, by name; where two can match at one place, the first listed wins.
_ALTERNATIVES = {
    "kw": rf"(?P<kw>{_CODE_KEYWORDS}|{_PHONE_KEYWORDS}){_opt('号码')}[：:\s（(是为]{{0,3}}"
    r"(?P<code>[0-9][0-9A-Za-z\-－]{3,}" + _opt("号" + _opt("[-－][0-9]+")) + ")"
    r"(?![0-9A-Za-z\-－]|[余多]?(?:个|家|人|名|位|户|条|次))",  # 账号1500余个 counts accounts
    "docno": rf"(?P<docno>[〔\[【（(]{_YEAR}[〕\]】）)]第?[0-9]+号)",
    "phone": r"(?P<phone>(?<![0-9])(?:1[3-9][0-9]{9}|0[0-9]{2,3}[-－][0-9]{7,8}"
    r"|400[-－]?[0-9]{3}[-－]?[0-9]{4})(?![0-9]))",
    # possessive runs: a + must follow each but the last, so giving one back never helps
    "formula": r"(?P<formula>(?<![0-9A-Za-z])(?=[0-9A-Za-z+＋]*[0-9])[0-9A-Za-z]++"
    r"(?:[+＋][0-9A-Za-z]++)+)",
    "pct": rf"(?P<pct>百分之(?P<pctn>[0-9]+{_DECIMALS}|{_C}+{_CN_DECIMALS})"
    + _opt(f"(?P<pctq>{_POST})")
    + ")",
    # a share written as a fraction: 1/3, 三分之一 (百分之 is pct)
    "frac": r"(?P<frac>(?<![0-9./])(?P<fn>[0-9]{1,3})/(?P<fd>[0-9]{1,3})(?![0-9./])"
    r"|(?P<cfd>[一二三四五六七八九十]{1,3})分之(?P<cfn>[一二三四五六七八九十]{1,3}))",
    "ord": rf"(?P<ord>第(?P<ordn>[0-9]+|{_C}+){_opt(f'(?P<ou>{_UNIT})')})",
    "cg": rf"(?P<cg>(?P<cgn>(?<!{_NOT_AFTER_CN}){_C}+|(?<![0-9])[0-9]+)届"
    rf"(?:{_C}+[中次]全会|(?={_C}+[中次]|全委|历次|委员|代表|人大|政协|全国|中央|党委|执委|理事"
    r"|职代会|常委)))",
    "cgd": rf"(?P<cgd>(?<!{_NOT_AFTER_CN})"
    r"(?P<cgx>十[一二三四五六七八九]|[二三]十[一二三四五六七八九]?)大"
    r"(?![学型量众多小中会厦楼家桥道路街队批]))",
    "plan": rf"(?P<plan>(?<!{_NOT_AFTER_CN})(?P<plann>十[一二三四五六七八九])五(?!{_C}))",
    "date": rf"(?P<date>(?<![0-9])(?:{_YEAR}[-/.]{_MONTH}[-/.]{_DAY}"
    r"|[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"  # 22-01-17 in a link list
    rf"|{_opt(_YEAR + '年')}{_MONTH}月{_opt(_DAY + '[日号]')}|{_DAY}[日号])(?![0-9]))",
    "year": rf"(?P<year>(?<![0-9]){_YEAR}年{_opt('度|代')})",
    "cdate": r"(?P<cdate>[〇零一二三四五六七八九]{4}年|[一二三四五六七八九十]{1,3}月"
    + _opt("[一二三四五六七八九十]{1,3}[日号]")
    + ")",
    "time": r"(?P<time>(?<![0-9])(?:[0-9]{1,2}[:：][0-5][0-9]"
    + _opt("[:：][0-5][0-9]")
    + r"(?![0-9])|[0-9]{1,2}时"
    + _opt("[0-9]{1,2}分")
    + r"(?![间期代])|[0-9]{1,2}点[0-9]{1,2}分|[0-9]{1,2}分(?![钟之])))",
    "qty": rf"(?P<qty>{_QTY}{_RANGE}{_TAIL})",
}
_DIGITS = "0123456789"
_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# The characters each kind of match can open with (in the folded text).
_OPENERS = {
    "kw": "".join({w[0] for w in f"{_CODE_KEYWORDS}|{_PHONE_KEYWORDS}".split("|")}),
    "docno": "〔[【（(",
    "phone": _DIGITS,
    "formula": _DIGITS + _LATIN,
    "pct": "百",
    "frac": _DIGITS + "一二三四五六七八九十",
    "ord": "第",
    "cg": _DIGITS + _CN_DIGITS + "十百千",
    "cgd": "十二三",
    "plan": "十",
    "date": _DIGITS,
    "year": _DIGITS,
    "cdate": "〇零一二三四五六七八九十",
    "time": _DIGITS,
    "qty": _DIGITS + _CN_DIGITS + "十百千万亿大将接超不逾约近上至",
}


# What must follow the characters opening any kind of match but qty, for digits and
# Chinese numerals: a phone number's digits, a formula's +, 届, a date's or time's
# separator... Most numbers have none of these: they skip to qty at once.
_NOT_ONLY_QTY = {
    _DIGITS: r"[0-9]{7}|[0-9A-Za-z]*[+＋届\-－/.年月日号:：时点分]",
    _CN_DIGITS + "十百千": f"{_C}*(?:[届大五年月]|分之)|百分之",
}


def _scanners() -> dict[str, re.Pattern[str]]:
    """For each opening character, the alternation of the kinds of match that can open
    with it, in their order: ``1`` tries phone, formula, ..., qty; ``第`` only ord.

    sre tries the alternatives of one alternation in turn, entering each (the first
    to match wins): leaving out those that cannot match there is the same, and faster;
    so is skipping all but qty when what follows rules them out (``504人``).
    """
    compiled: dict[tuple[str, ...], re.Pattern[str]] = {}
    by_opener = {}
    for char in sorted(set("".join(_OPENERS.values()))):
        alike = next((chars for chars in _ALIKE if char in chars), char)
        kinds = tuple(k for k in _ALTERNATIVES if any(c in _OPENERS[k] for c in alike))
        if kinds not in compiled:
            compiled[kinds] = re.compile(_alternation(char, kinds))
        by_opener[char] = compiled[kinds]
    return by_opener


# Characters given one alternation between them (each tries the kinds any of them can
# open, the others failing at once): fewer patterns, and fewer copies of the big qty
# pattern for a cold run to bring into the caches.
_ALIKE = (_DIGITS, _CN_DIGITS + "十百千", _LATIN)


def _alternation(char: str, kinds: tuple[str, ...]) -> str:
    """The alternatives of ``kinds`` in one pattern, all but qty (the last) behind
    the guard :data:`_NOT_ONLY_QTY` has for ``char``, if any."""
    guard = next((g for chars, g in _NOT_ONLY_QTY.items() if char in chars), None)
    if guard is None or kinds[-1] != "qty" or len(kinds) == 1:
        return "|".join(_ALTERNATIVES[k] for k in kinds)
    others = "|".join(_ALTERNATIVES[k] for k in kinds[:-1])
    return f"(?=(?:{guard}))(?:{others})|{_ALTERNATIVES['qty']}"


_BY_OPENER = _scanners()
# Where a match can open: at an opening character, but not at a digit right after a
# digit (every kind opening with a digit asserts ``(?<![0-9])``). It starts with a
# character class, so that sre skips to those places in C.
_OPENING = re.compile("[" + re.escape("".join(_BY_OPENER)) + "](?<![0-9][0-9])")
_SINGLE = re.compile(_QTY + _TAIL)

_QUOTED = re.compile(
    r"“[^“”\n]{1,12}”|‘[^‘’\n]{1,12}’|「[^「」\n]{1,12}」|『[^『』\n]{1,12}』|\"[^\"\n]{1,12}\""
    r"|《[^《》\n]{1,40}》"
)
_META_WORDS = "阅读|浏览|点击|点赞|评论|转发|分享|收藏|访问|字数"  # 本文字数：493
_META_WORD = re.compile(_META_WORDS)
_META_BEFORE = re.compile(rf"(?:{_META_WORDS})(?:量|数|次数|人数)?[：:\s]*$")
# after a marker opening its line: a stop, a bracket, the line's end, or a table's cell
# bar (a flattened table's row number: "3 |")
_LINE_MARK_AFTER = re.compile(r"[.．、)）]|\s*[|｜]?\s*$", re.MULTILINE)
# Same-length folds, so offsets survive: full-width digits, and the traditional forms
# of the characters the patterns key on (for text that skipped the t2s pass).
_FOLD_FROM = (
    "０１２３４５６７８９．萬億兩餘數幾約過個場項戶屆條張間臺輛噸畝歲週點處冊輪種類棟"
    "會號備證電話熱線報傳閱讀瀏覽擊評論轉發訪問鐘時機碼編許賬歷員黨職執協國"
)
_FOLD_TO = (
    "0123456789.万亿两余数几约过个场项户届条张间台辆吨亩岁周点处册轮种类栋"
    "会号备证电话热线报传阅读浏览击评论转发访问钟时机码编许账历员党职执协国"
)
_FOLD = str.maketrans(dict(zip(_FOLD_FROM, _FOLD_TO, strict=True)))
_TO_FOLD = re.compile(f"[{_FOLD_FROM}]")  # a scan is far cheaper than ``translate``
_MULTIPLIERS = {
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "万": Decimal(10) ** 4,
    "亿": Decimal(10) ** 8,
    "千": Decimal(1000),
    "百": Decimal(100),
}
_PRE_CANON = {
    "大约": "约",
    "将近": "近",
    "接近": "近",
    "超过": "超",
    "不足": "不到",
    "不超过": "不到",
    "上": "超",
}
_PHONE_KW = re.compile(_PHONE_KEYWORDS)
_PHONE_AFTER = re.compile("热线|电话|专线|服务热线")
_ONE = Decimal(1)
_DIGIT_BY_DIGIT = str.maketrans("零〇一二三四五六七八九", "00123456789")
_CJK = re.compile(r"[\u4e00-\u9fff]")


# --------------------------------------------------------------------------- values


def _tidy(d: Decimal) -> Decimal:
    """``35900.00`` → ``35900``, ``85.50`` → ``85.5``.

    Digit runs longer than the decimal context (28 digits) stay as they are.
    """
    try:
        return d.quantize(_ONE) if d == d.to_integral_value() else d.normalize()
    except InvalidOperation:
        return d


def _arabic(s: str) -> Decimal:
    """Decimal of an Arabic numeral with thousands separators.

    >>> _arabic("1,160.5"), _arabic("5 085.8")
    (Decimal('1160.5'), Decimal('5085.8'))
    """
    if s.replace(".", "", 1).isdigit():
        return Decimal(s)  # no separator to drop (the usual case): no regex pass
    return Decimal(_GROUPING_RE.sub("", s))


_GROUPING_RE = re.compile("[,， \u2009\u202f\xa0]")


@lru_cache(maxsize=4096)
def _chinese(s: str) -> Decimal | None:
    """Value of a Chinese numeral, or None when it is no well-formed number.

    >>> _chinese("一百二十三"), _chinese("两千"), _chinese("百"), _chinese("十三五")
    (Decimal('123'), Decimal('2000'), Decimal('100'), None)
    >>> _chinese("一一") is None  # a digit string, as in 一一对应
    True
    """
    if s in _MULTIPLIERS:
        return _MULTIPLIERS[s]  # 百余场, 千余人, 万余名
    plain = s.split("点", 1)[0]
    if len(plain) > 1 and not re.search("[十百千万亿]", plain):
        return None  # 一一, 三五: a digit string, not a numeral
    import cn2an  # local: keeps `import summarizer.numerals` cheap

    try:
        return Decimal(str(cn2an.cn2an(s, "smart")))
    except (ValueError, KeyError, IndexError, InvalidOperation):
        return None


def _digit_string(s: str) -> Decimal | None:
    """Digit-by-digit reading, as in years: ``二〇二四`` → 2024."""
    digits = s.translate(_DIGIT_BY_DIGIT)
    return Decimal(digits) if digits.isdigit() else None


def _number(arabic: str | None, chinese: str | None) -> Decimal | None:
    if arabic is not None:
        return _arabic(arabic)
    return _chinese(chinese) if chinese is not None else None


# --------------------------------------------------------------------------- context


def _fold(text: str) -> str:
    """``text`` folded by ``_FOLD`` (same length: offsets are unchanged)."""
    return text.translate(_FOLD) if _TO_FOLD.search(text) else text  # most have nothing to fold


class _Context:
    """The searched text (folded by ``_FOLD``, same length) and its quoted spans.

    What only some numbers need (the quoted spans, whether page counters occur) is
    found on first use: most texts searched are short, many hold no number at all.
    """

    def __init__(self, text: str) -> None:
        self.raw = text
        self.text = _fold(text)
        self._starts: list[int] | None = None
        self._ends: list[int] = []
        self._counters: bool | None = None

    def _quotes(self) -> list[int]:
        """Where the short quotes and titles start (their ends in ``_ends``), in one pass."""
        if self._starts is None:
            self._starts = []
            for m in _QUOTED.finditer(self.text):
                self._starts.append(m.start())
                self._ends.append(m.end())
        return self._starts

    def has_counters(self) -> bool:
        """Whether the text names a page counter (阅读, 点击 ...) anywhere: when not,
        no number can follow one, and no number needs :data:`_META_BEFORE` tried."""
        if self._counters is None:
            self._counters = _META_WORD.search(self.text) is not None
        return self._counters

    def quoted(self, start: int, end: int) -> str | None:
        """The opening mark (“ or 《 …) when ``[start, end)`` lies in a short quote or title."""
        starts = self._starts if self._starts is not None else self._quotes()
        i = bisect_right(starts, start) - 1
        if i >= 0 and self._ends[i] >= end:
            return self.text[starts[i]]
        return None

    def before(self, start: int, n: int = 1) -> str:
        return self.text[max(0, start - n) : start]

    def after(self, end: int, n: int = 1) -> str:
        return self.text[end : end + n]

    def mention(
        self,
        span: tuple[int, int],
        value: Decimal,
        kind: str,
        unit: str = "",
        qualifier: str | None = None,
        high: Decimal | None = None,
    ) -> NumberMention:
        start, end = span
        return _new_mention(
            text=self.raw[start:end],
            start=start,
            end=end,
            value=_tidy(value),
            high=None if high is None else _tidy(high),
            unit=unit,
            qualifier=qualifier,
            kind=kind,
        )


# --------------------------------------------------------------------------- non-quantities


def _simple(m: re.Match[str], ctx: _Context) -> NumberMention | None:
    """Mentions of every alternative but ``qty``: codes, dates, congresses, ..."""
    group = m.lastgroup
    if group == "code":
        kind = "phone" if _PHONE_KW.fullmatch(m["kw"]) else "code"
        return ctx.mention(m.span("code"), _lead_number(m["code"]), kind)
    if group in ("docno", "phone", "formula"):
        kind = {"docno": "code", "phone": "phone", "formula": "slogan"}[group]
        return ctx.mention(m.span(), _lead_number(m[0]), kind)
    if group == "pct":
        return _percent_words(m, ctx)
    if group == "frac":
        return _fraction(m, ctx)
    if group == "ord":
        return _ordinal(m, ctx)
    if group in ("cg", "cgd", "plan"):
        value = _any_number(m["cgn"] or m["cgx"] or m["plann"])
        kind = "ordinal" if group == "plan" else "congress"
        return None if value is None else ctx.mention(m.span(), value, kind)
    return _calendar(m, ctx)


def _lead_number(text: str) -> Decimal:
    """The first run of digits (0 if none): ``05004340号-1`` → 5004340."""
    lead = re.search("[0-9]+", text)
    return Decimal(lead[0]) if lead else Decimal(0)


def _any_number(s: str) -> Decimal | None:
    """An Arabic or a Chinese numeral: ``13`` or ``十三``."""
    return _arabic(s) if s[:1].isdigit() else _chinese(s)


def _calendar(m: re.Match[str], ctx: _Context) -> NumberMention | None:
    """``2024年09月15日`` → date, ``2020年`` → year, ``12:24`` → time, ``二〇二四年`` → year."""
    text = m[0]
    kind = m.lastgroup or "date"
    value: Decimal | None = _lead_number(text)
    if kind == "cdate":
        kind = "year" if text.endswith("年") else "date"
        head = re.match(f"[{_CN_DIGITS}十]+", text)
        digits = head[0] if head else ""
        value = _digit_string(digits) if kind == "year" else _chinese(digits)
    if value is None:
        return None
    return ctx.mention(m.span(), value, kind, "年" if kind == "year" else "")


def _percent_words(m: re.Match[str], ctx: _Context) -> NumberMention | None:
    """``百分之八十五`` → 85 %, ``百分之90以上`` → 90 % 以上."""
    value = _any_number(m["pctn"])
    if value is None:
        return None
    return ctx.mention(m.span(), value, _kind_in_context(m.start(), m.end(), ctx), "%", m["pctq"])


def _fraction(m: re.Match[str], ctx: _Context) -> NumberMention | None:
    """``1/3`` and ``三分之一`` → 33.33 %; a numerator over its denominator is no share.

    >>> [(m.text, m.value, m.unit) for m in find_numbers("覆盖三分之一的企业，1/4的职工")]
    [('三分之一', Decimal('33.33'), '%'), ('1/4', Decimal('25'), '%')]
    """
    top = _any_number(m["fn"] or m["cfn"])
    bottom = _any_number(m["fd"] or m["cfd"])
    if top is None or not bottom or top > bottom:
        return ctx.mention(m.span(), _lead_number(m[0]), "other")
    share = (top * 100 / bottom).quantize(Decimal("0.01"))
    return ctx.mention(m.span(), share, _kind_in_context(m.start(), m.end(), ctx), "%")


def _ordinal(m: re.Match[str], ctx: _Context) -> NumberMention | None:
    """``第一届`` / ``第1个`` → ordinal; ``第三方``, ``第一时间`` → other."""
    value = _any_number(m["ordn"])
    if value is None:
        return None
    word = ctx.after(m.end(), 2)
    kind = "other" if (word and word[0] in "方线手") or word == "时间" else "ordinal"
    unit = normalize_unit(m["ou"]) if m["ou"] else ""
    return ctx.mention(m.span(), value, kind, unit)


# --------------------------------------------------------------------------- quantities


class _Quantity(NamedTuple):  # a tuple: built for every figure found, 4x cheaper than a dataclass
    """The parsed parts of a ``qty`` match, before classification."""

    value: Decimal
    high: Decimal | None
    unit: str  # verbatim counter word
    qualifier: str | None
    chinese: bool
    multiplied: bool


def _quantity(m: re.Match[str]) -> _Quantity | None:
    """Values, unit and qualifier of a ``qty`` match; None when it is no number.

    Range bounds share a multiplier written once: ``3至5万元`` is 30000–50000.
    """
    value = _number(m["a1"], m["c1"])
    if value is None:
        return None
    ranged = m.re is not _SINGLE  # only _SINGLE lacks the range groups (sep, m2, pu, q4)
    m1, m2 = m["m1"], m["m2"] if ranged else None
    high = None
    if ranged and m["sep"]:
        high = _number(m["a2"], m["c2"])
        if high is None:
            return None
        high *= _MULTIPLIERS[m2] if m2 else _ONE
        m1 = m1 or m2
    value *= _MULTIPLIERS[m1] if m1 else _ONE
    unit = m["u"] or ("%" if ranged and m["pu"] else "")
    pre = m["pre"]
    # the first qualifier written, in this order (an ``or`` chain, no list to build)
    qualifier = (
        (_PRE_CANON.get(pre, pre) if pre else None)
        or m["q1"]
        or m["q2"]
        or m["q3"]
        or (m["q4"] if ranged else None)
        or None
    )
    return _Quantity(value, high, unit, qualifier, m["c1"] is not None, m1 is not None)


def _chinese_ok(m: re.Match[str], unit: str, multiplied: bool) -> bool:
    """A Chinese numeral is a number only with a unit or multiplier and not as an article.

    Rejects 一个/一批/一年来 (a lone 一, 二 or 零), 千家万户/百年 (a bare 百/千/万 with no
    余/多), and 三中/十大 (no counter word).
    """
    core = m["c1"]
    if not (unit or multiplied):
        return False
    if core in ("一", "二", "零", "〇") and not multiplied and unit != "倍":
        return False  # 一个, 一批 are articles; 增长一倍 is a figure
    # a bare 千/百 needs 余/多 (千余人), a multiplier and a qualifier (近千万册), or a
    # qualifier and a counter word (近千人, 上万名, 逾百家)
    if core not in _MULTIPLIERS or m["q1"] or m["q2"]:
        return True
    return bool(m["pre"] and (m["m1"] or unit))


def _has_range(m: re.Match[str]) -> bool:
    """Whether a ``qty`` match has a second bound (which may bring its own multiplier)."""
    return m.re is not _SINGLE and m["sep"] is not None


def _qty(m: re.Match[str], ctx: _Context) -> tuple[NumberMention | None, int]:
    """Mention for a ``qty`` match and where to resume the scan."""
    if m["c1"] is not None and not _has_range(m) and not _chinese_ok(m, m["u"], bool(m["m1"])):
        return None, m.end()  # 统一, 一个: decided before any value is worked out
    text = ctx.text
    q = _quantity(m)
    if q is not None and q.high is not None and q.high <= q.value:
        single = _SINGLE.match(text, m.start())
        return _qty(single, ctx) if single else (None, m.end())  # 5-2: not a range
    if q is None or (q.chinese and not _chinese_ok(m, q.unit, q.multiplied)):
        return None, m.end()
    start, end, unit, value, high = m.start(), m.end(), q.unit, q.value, q.high
    if unit == "成":
        if value > 10 or (high is not None and high > 10):
            end, unit = m.start("u"), ""  # 100成员: 成 is no counter here
        else:
            value, high = value * 10, None if high is None else high * 10
    while text[end - 1].isspace():  # end > start: a match holds a digit or numeral
        end -= 1
    kind = _qty_kind(m, q, unit, start, end, ctx)
    return ctx.mention((start, end), value, kind, normalize_unit(unit), q.qualifier, high), end


def _qty_kind(
    m: re.Match[str], q: _Quantity, unit: str, start: int, end: int, ctx: _Context
) -> str:
    """Kind of a quantity from its own shape, then from its surroundings."""
    plain = q.qualifier is None and not q.multiplied
    arabic = m["a1"]
    if arabic and len(arabic) > 1 and arabic[0] == "0" and arabic[1].isdigit():
        return "code"  # 00002版, 007号: a number padded with zeros labels, never counts
    if unit == "年" and arabic and plain and _is_year(arabic, q):
        return "year"
    if unit == "周年":
        return "ordinal"
    if ctx.text[end : end + 2] in ("全会", "全委"):
        return "congress"
    if not unit and arabic and plain:
        shape = _bare_arabic_kind(arabic, start, end, ctx)
        if shape:
            return shape
    if q.chinese and _chinese_slogan(start, end, ctx):
        return "slogan"
    if q.chinese and unit in ("元", "台") and ctx.after(end) in _PLACE_SUFFIX:
        return "other"  # 三元区, 三台县: a place's name
    if unit == "篇" and ctx.text.startswith("文章", end) and _DO_WELL.search(ctx.before(start, 24)):
        return "slogan"  # 做好“产、城、人”三篇文章: a figure of speech, not articles
    if unit == "篇" and _COLLECTION.search(ctx.before(start, 4)):
        return "other"  # 工作总结（通用17篇）: an essay site's collection, not the report's
    return _kind_in_context(start, end, ctx)


_MASKED_DIGIT = frozenset("*＊xX×")
_PLACE_SUFFIX = frozenset("区县市镇乡旗")
_DO_WELL = re.compile(r"做[好实足大强活优细深]|写好")
# The count of a collection of sample texts, in its title: （优质17篇）, (精选5篇).
_COLLECTION = re.compile(
    r"[（(](?:通用|优质|精选|汇总|实用|推荐|优秀|热门|最新|集锦|经典|大全|合集)$"
)
# What opens a year written without 年: 回顾2024·展望2025.
_YEAR_LEAD = frozenset(
    {"回顾", "展望", "迎接", "喜迎", "告别", "致敬", "奋进", "决战", "迈向", "跨入"}
)


def _is_year(arabic: str, q: _Quantity) -> bool:
    """``2020年`` and ``2023-2025年`` are years; ``5年`` and ``1000年`` durations."""
    bounds = [q.value] if q.high is None else [q.value, q.high]
    return len(arabic) == 4 and all(Decimal(1900) <= b <= Decimal(2100) for b in bounds)


def _bare_arabic_kind(arabic: str, start: int, end: int, ctx: _Context) -> str | None:
    """Kind of an Arabic number with no unit: date part, list marker, code, or None.

    ``5`` before 月/日/号 is a date, before 时/分 a time; ``1.`` or ``(1)`` opening a
    line is a list marker; 7+ digits or letters around (``5G``, ``H5``) a code.
    """
    nxt, prev = ctx.after(end), ctx.before(start)
    if nxt and nxt in "月日号":
        return "date"
    if nxt and nxt in "时分":
        return "time"
    if _is_list_marker(start, end, ctx):
        return "ordinal"
    digits = _GROUPING_RE.sub("", arabic)
    if (
        len(digits) == 4
        and "1900" <= digits <= "2100"
        and (nxt in ("·", "•") or ctx.before(start, 2) in _YEAR_LEAD)
    ):
        return "year"  # 回顾2024·展望2025
    if prev == "篇":
        return "ordinal"  # 工作总结 篇1: the first text of a collection
    if prev in ("表", "图") or ctx.before(start, 2) == "附件":
        return "ordinal"  # 表1, 见图2, 附件3: a label
    if ctx.before(start, 3).endswith(("截至", "截止", "截至到", "截止到")):
        return "date"  # 截至2024年…: a date, even cut short (截至2)
    if nxt in _MASKED_DIGIT and digits[:2] in ("19", "20") and len(digits) in (2, 3):
        return "year"  # 201*年, 20xx年: a year with its last digits masked
    if "/" in (prev, nxt) and not (prev.isdigit() or nxt.isdigit()):
        return "code"  # a piece of a URL or path: /content/646746/50/
    if (digits.isdigit() and len(digits) >= 7) or _PHONE_AFTER.match(ctx.text, end):
        return "phone" if _PHONE_AFTER.match(ctx.text, end) else "code"
    if re.match(r"[A-Za-z#&]", prev) or re.match("[A-Za-z]", nxt):
        return "other"
    if nxt == "后" and len(digits) == 2:
        return "other"  # 90后: a generation
    return None


def _is_list_marker(start: int, end: int, ctx: _Context) -> bool:
    """``1.``/``2、`` opening a line or sentence, ``(3)``, or a number alone on its line."""
    prev, nxt = ctx.before(start), ctx.after(end)
    if prev in ("(", "（") and nxt in (")", "）"):
        return True
    if nxt == "、" and end - start == 1 and _CJK.match(ctx.text[end + 1 : end + 2]):
        return True  # 增强1、突破…: a marker in a text that lost its line breaks
    line_start = ctx.text.rfind("\n", 0, start) + 1
    opening = not ctx.text[line_start:start].strip("(（ \t\u3000") or prev in "。；;！!？?"
    return opening and _LINE_MARK_AFTER.match(ctx.text, end) is not None


def _chinese_slogan(start: int, end: int, ctx: _Context) -> bool:
    """True for a numeral+counter inside a numbered phrase rather than a count.

    ``五个一批``, ``三位一体``: another numeral follows; ``三方四家``: a numeral+word
    (other than 一, which starts words such as 一步/一线) comes right before.
    """
    text = ctx.text[start:end]
    nxt = ctx.after(end)
    if len(text) == 2 and nxt and nxt in _CN_DIGITS:
        return True
    prev2 = ctx.before(start, 2)
    return (
        len(prev2) == 2
        and prev2[0] in _CN_DIGITS
        and prev2[0] != "一"
        and prev2[1] not in _CN_DIGITS
        and bool(_CJK.match(prev2[1]))
    )


def _kind_in_context(start: int, end: int, ctx: _Context) -> str:
    """``statistic`` unless the number sits in a short quote (slogan), a title or page metadata."""
    mark = ctx.quoted(start, end)
    if mark:
        return "other" if mark == "《" else "slogan"
    if ctx.has_counters() and _META_BEFORE.search(ctx.before(start, 10)):
        return "other"  # 阅读:3.8万 — the web page's counter, not the report's
    return "statistic"


# --------------------------------------------------------------------------- public API


def find_numbers(text: str) -> list[NumberMention]:
    """Every number mention in ``text``, classified by kind, in order, non-overlapping.

    >>> [(m.text, m.value, m.kind) for m in find_numbers("2022年共安排2.3亿元，新增会员15万人")]
    [('2022年', Decimal('2022'), 'year'), ('2.3亿元', Decimal('230000000'), 'statistic'), \
('15万人', Decimal('150000'), 'statistic')]
    >>> [(m.text, m.value, m.high) for m in find_numbers("平均年龄降低了1~2岁")]
    [('1~2岁', Decimal('1'), Decimal('2'))]
    >>> find_numbers("进一步统一思想，第一时间千方百计")[0].kind
    'other'
    """
    return [mention for _, mention, _ in _scan(_Context(text)) if mention is not None]


def _scan(ctx: _Context) -> Iterator[tuple[re.Match[str], NumberMention | None, int]]:
    """Each match of the scan of ``ctx``, the mention it makes (None if none) and where
    the scan goes on from (the leftmost match from there is the next)."""
    folded = ctx.text
    pos = 0
    for opening in _OPENING.finditer(folded):
        at = opening.start()
        if at < pos or (m := _BY_OPENER[folded[at]].match(folded, at)) is None:
            continue
        if m.lastgroup == "qty":
            mention, pos = _qty(m, ctx)
        else:
            mention, pos = _simple(m, ctx), m.end()
        yield m, mention, pos


def find_statistics(text: str) -> list[NumberMention]:
    """Only the mentions of kind ``statistic``.

    >>> [m.text for m in find_statistics("十三五期间，党的十九大以来，累计帮扶683户")]
    ['683户']
    """
    return [m for m in find_numbers(text) if m.is_statistic]


_Made = tuple[re.Pattern[str], tuple[str | None, ...], NumberMention | None]  # by a match


class NumberScan:
    """:func:`find_numbers` of a text, keeping the match that made each mention, so that
    the numbers of other texts quoting it are known by matching alone.

    A mention's value, unit, qualifier and text follow from its match alone (the
    pattern, the characters matched and the groups); only its kind looks around. So
    where another text makes a match this scan made too, it makes that mention.

    >>> scan = NumberScan("新增会员504人，发放慰问金33.2万元。")
    >>> [m.text for m in scan.mentions]
    ['504人', '33.2万元']
    >>> [m.value for m in scan.numbers_in("共发放了33.2万元")]
    [Decimal('332000')]
    >>> scan.numbers_in("新增987人") is None  # a number the text does not have
    True
    """

    def __init__(self, text: str) -> None:
        ctx = _Context(text)
        self.text = text
        self.mentions: list[NumberMention] = []
        # text matched -> the pattern, groups and mention of its first match (keyed by
        # text alone: hashing a compiled pattern hashes all its code, on every lookup)
        self._made: dict[str, _Made] = {}
        for m, mention, pos in _scan(ctx):
            if mention is not None:
                self.mentions.append(mention)
            if pos == m.end():  # no second look (a range read as one number, 100成员)
                self._made.setdefault(text[m.start() : m.end()], (m.re, m.groups(), mention))

    def numbers_in(self, text: str) -> list[NumberMention] | None:
        """:func:`find_numbers` of ``text`` as this scan's mentions (the same value,
        unit, qualifier and text; their offsets and kind are the scanned text's), when
        each of its matches is one this scan made; else None."""
        folded = _fold(text)
        found: list[NumberMention] = []
        pos = 0
        for opening in _OPENING.finditer(folded):
            p = opening.start()
            if p < pos or (m := _BY_OPENER[folded[p]].match(folded, p)) is None:
                continue
            made = self._made.get(text[p : m.end()])
            # the groups too: lookarounds past the same characters may have seen otherwise
            if made is None or made[0] is not m.re or made[1] != m.groups():
                return None
            if made[2] is not None:
                found.append(made[2])
            pos = m.end()
        return found

    def alone(self, text: str) -> NumberMention | None:
        """:func:`parse_quantity` of ``text`` as this scan's mention, when ``text`` is a
        mention's text and makes that one match alone; else None (not known).

        >>> scan = NumberScan("新增会员504人，1504人")
        >>> scan.alone("504人").value, scan.alone("04人")
        (Decimal('504'), None)
        """
        known = self.numbers_in(text)
        if known is not None and len(known) == 1 and known[0].text == text:
            return known[0]  # find_numbers finds it alone, nothing around it
        return None


# --------------------------------------------------------------------------- in context


def is_reportable(mention: NumberMention, text: str) -> bool:
    """A statistic worth reporting, judged in its context: the rules extractor
    reports these, and coverage counts them.

    Not reported: periods and durations (``五年来``, ``近10年``, ``历时3个多月``,
    ``怀孕七个月以上``); descriptors (``24小时服务``, ``15分钟服务圈``, ``15人以下的
    小微企业``, ``28届市运动会``); a bare number followed by a word (``832平台``),
    a screen size (``1024*768``); one person's age (``今年55岁的``); a formula
    (``四个意识``).

    >>> t = "五年来建成24小时驿站2个，会员总数达3000，接入832平台，历时3个多月"
    >>> [m.text for m in find_numbers(t) if is_reportable(m, t)]
    ['2个', '3000']
    >>> t = "将15人以下的企业纳入，90%以上的职工参加，举办了5届，荣获28届市赛金奖"
    >>> [m.text for m in find_numbers(t) if is_reportable(m, t)]
    ['90%以上', '5届']
    """
    if not mention.is_statistic or _is_duration(mention, text):
        return False
    if not _beyond_rules(mention, text):
        for rule in _NOT_REPORTED:  # a loop, not any(): no generator per mention
            if rule(mention, text):
                return False
    cjk_next = _CJK_OR_QUOTE.match(text, mention.end) is not None
    if mention.unit in _DESCRIPTOR_UNITS and cjk_next:
        return False
    # 409.9万农民工: a magnitude before what it counts; 832平台 names a thing
    return bool(mention.unit) or not cjk_next or _MAGNITUDE_END.search(mention.text) is not None


_MAGNITUDE_END = re.compile("[万亿][余多]?$")


# Compiled once: ``re.match(pattern, ...)`` looks its pattern up in re's cache each call.
_CJK_OR_QUOTE = re.compile(r"[\u4e00-\u9fff“”]")
_DURATION_AFTER = re.compile("[多半]?(?:月|小时|钟头|星期|工作日)")
_TIMES_AFTER = re.compile(r"[*×xX]\d")
_ADDRESS_AFTER = re.compile(r"\.[A-Za-z]")
# Units that describe what follows when a word follows them: 24小时驿站, 28届运动会.
# So do distances: 1公里范围内, 15公里服务圈 (a radius, not a length built).
_DESCRIPTOR_UNITS = frozenset({"小时", "分钟", "天", "周", "届", "公里", "千米"})


def _is_duration(mention: NumberMention, text: str) -> bool:
    """``近10年``, ``七个月``, ``3个多月``, ``8个小时``, ``不超过7天``: how long, not how many."""
    if mention.unit in _DURATION_UNITS:
        return True
    end = mention.end
    return mention.unit == "个" and _DURATION_AFTER.match(text, end, end + 3) is not None


# How long, never how many (gold rule: periods and durations are no statistics).
_DURATION_UNITS = frozenset({"年", "个月", "天", "小时", "分钟", "周"})


def _is_threshold(mention: NumberMention, text: str) -> bool:
    """``15人以下的小微企业``: a bound describing the units counted (a size), not a
    count; ``帮助100名以上的困难职工子女`` counts people.

    >>> t = "将25人以上的企业纳入，帮助100名以上的困难职工子女"
    >>> [_is_threshold(m, t) for m in find_numbers(t)]
    [True, False]
    """
    after = text[mention.end : mention.end + 3]
    bound = mention.text.endswith(("以下", "以上")) or after.startswith(
        ("以下", "以上", "及以上", "及以下")
    )
    if bound and mention.unit == "岁":
        return True  # 70岁以上的老年人: an age group
    if mention.unit == "%" or not bound or "的" not in after[:3]:
        return False
    phrase = _PHRASE.match(text, mention.end, mention.end + 12)
    return phrase is not None and _SIZED_UNITS.search(phrase.group()) is not None


# What a size bound describes: 25人以上的企业, 100人以下的非公企业 (in the noun phrase
# after it, up to the next mark).
_SIZED_UNITS = re.compile("企业|单位|公司|工厂|厂矿|机构|班组|商户|门店|项目|工地|园区|社区|村")
_PHRASE = re.compile(r"[^、，,。；;：:！？\n]*")


def _is_dimension(mention: NumberMention, text: str) -> bool:
    """``1024*768``, ``60×90``: a size written with a times sign."""
    before = text[max(0, mention.start - 1) : mention.start]
    times_after = _TIMES_AFTER.match(text, mention.end, mention.end + 2) is not None
    return times_after or (before in ("*", "×") and mention.start >= 2)


_AGE_BEFORE = re.compile(r"(?:今年|现年|年仅|年近|年逾|时年)$")
# ``四个意识``, ``两个维护``: a Chinese numeral, 个/项, a two-character word, then a break.
_NUMBERED_PHRASE = re.compile(r"[\u4e00-\u9fff]{2}(?=[、，,。；;和及与”\s]|$)")


def _is_age(mention: NumberMention, text: str) -> bool:
    """One person's age (``今年55岁的张师傅``), not a figure about the work."""
    if mention.unit != "岁":
        return False
    before = text[max(0, mention.start - 2) : mention.start]
    return bool(_AGE_BEFORE.search(before)) or text[mention.end : mention.end + 1] == "的"


def _is_numbered_phrase(mention: NumberMention, text: str) -> bool:
    """A political formula written with a Chinese numeral: ``树牢四个意识、做到两个维护``,
    ``打赢四场硬仗``; or the list a thing is one of: ``重点十件工作之一``.

    >>> t = "打赢四场硬仗，是十件工作之一，开展四场培训"
    >>> [m.text for m in find_numbers(t) if is_reportable(m, t)]
    ['四场']
    """
    if mention.text[0].isdigit() or mention.qualifier:
        return False
    if _ONE_OF.match(text, mention.end) or _BATTLE.match(text, mention.end):
        return True
    if mention.unit == "个" and _STAGES.match(text, mention.end):
        return True  # 分初赛和决赛两个期间进行: how the thing is divided
    if mention.unit == "人" and text.startswith("制", mention.end):
        return True  # 九人制足球赛: a format
    return mention.unit in ("个", "项") and bool(_NUMBERED_PHRASE.match(text, mention.end))


_ONE_OF = re.compile(r"[\u4e00-\u9fff]{1,4}之一")
_STAGES = re.compile("期间|阶段|环节|层面|维度|方面")
_BATTLE = re.compile("硬仗|攻坚战|战役|大仗|翻身仗")


def _is_label(mention: NumberMention, text: str) -> bool:
    """Not a count but a label: a rank (``前5名``), a class (``三类大赛``), a page
    marker (``②11``), part of an address (``@126.com``).

    >>> t = "取得前5名的18名选手，三类大赛35个工种。②11 邮箱hb@126.com 可知：1)12个地区"
    >>> [m.text for m in find_numbers(t) if is_reportable(m, t)]
    ['18名', '35个', '12个']
    """
    before = text[max(0, mention.start - 1) : mention.start]
    if (before == "前" and mention.unit == "人") or before in _MARKER_BEFORE:
        return True
    if before in _DEMONSTRATIVES and not mention.text[:1].isdigit():
        return True  # 让这两种疾病早发现: the two just named, not a count
    if before in "表图" and _NUMBERED_PART.match(text, mention.end):
        return True  # 表16—4: a table's number
    if mention.unit in ("类", "级", "等") and not mention.text[:1].isdigit():
        return _CJK.match(text, mention.end) is not None
    if mention.text.isdigit() and text[mention.end : mention.end + 1] in (")", "）"):
        return "(" not in before and "（" not in before  # a list number: 1)12个地区
    return _ADDRESS_AFTER.match(text, mention.end, mention.end + 2) is not None


_MARKER_BEFORE = frozenset("@①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
_DEMONSTRATIVES = frozenset("这那该此")
_NUMBERED_PART = re.compile("[—－-][0-9]")


def _is_damaged(mention: NumberMention, text: str) -> bool:
    """``?0个``: a lost byte right before the figure, so its leading digits may be gone;
    ``4?3日``: a bare number right before one, its unit or next digits gone."""
    if mention.start > 0 and text[mention.start - 1] in "?\ufffd":
        return True
    return not mention.unit and text[mention.end : mention.end + 1] in ("?", "\ufffd")


def _is_year_heading(mention: NumberMention, text: str) -> bool:
    """``2024：四维度诠释工会担当``: a year opening a heading, written without 年."""
    year = mention.text.isdigit() and len(mention.text) == 4 and mention.text[:2] in ("19", "20")
    return year and text[mention.end : mention.end + 1] in ("：", ":")


def _is_repeated_name(mention: NumberMention, text: str) -> bool:
    """``十项工程劳动竞赛`` written again and again: a Chinese-numeral count followed by
    the same two characters twice or more names a programme, it counts nothing.

    >>> t = "开展十项工程劳动竞赛，表彰十项工程劳动竞赛先进集体，建成十个工会驿站。"
    >>> [m.text for m in find_numbers(t) if is_reportable(m, t)]
    ['十个']
    """
    if mention.text[:1].isdigit() or not mention.unit or mention.qualifier:
        return False
    name = text[mention.start : mention.end + 2]
    return len(name) == len(mention.text) + 2 and text.count(name) >= 2


# A new rule must keep _beyond_rules true: it may only reject what that lets through.
_NOT_REPORTED = (
    _is_age,
    _is_numbered_phrase,
    _is_threshold,
    _is_dimension,
    _is_damaged,
    _is_label,
    _is_year_heading,
    _is_repeated_name,
)


def _beyond_rules(mention: NumberMention, text: str) -> bool:
    """True when no rule of :data:`_NOT_REPORTED` can apply, seen at once: an Arabic
    figure (the numbered phrase, class and name rules are about Chinese numerals), no
    age, with none of the characters the rules look for around it (a 的 within three
    characters after it, a times sign, a marker or 前 before it, a colon or dot after).
    Most figures are such; the rules are then not run one by one.

    >>> t = "新增会员504人，今年55岁的职工，1024*768"
    >>> [(m.text, _beyond_rules(m, t)) for m in find_numbers(t)]
    [('504人', True), ('55岁', False), ('1024', False), ('768', False)]
    """
    if not mention.text[0].isdigit() or mention.unit == "岁":
        return False
    start, end = mention.start, mention.end
    if start and text[start - 1] in _RULES_BEFORE:
        return False
    return text[end : end + 1] not in _RULES_AFTER and "的" not in text[end : end + 3]


# what _is_dimension, _is_damaged and _is_label look for before a figure
_RULES_BEFORE = frozenset("*×?\ufffd前表图") | _MARKER_BEFORE | _DEMONSTRATIVES
_RULES_AFTER = frozenset(
    "*×xX.：:)）?\ufffd"
)  # and what _is_dimension, _is_label, _is_year_heading after


_BARE_CHINESE = re.compile(
    rf"(?P<pre>{_PRE})?(?P<c1>{_C}+(?:[万亿]{_C}+)*(?:点[{_CN_DIGITS}]+)?)"
    rf"(?P<q1>余|多)?(?P<m1>万亿|万|亿)?(?P<q2>余|多)?(?P<q3>{_POST})?"
)
_INSIGNIFICANT = re.compile(r"[\s\W_]+")


def parse_quantity(text: str) -> NumberMention | None:
    """The single mention covering (nearly) all of ``text``, or None.

    At most three other meaningful characters may surround it (共, 累计, 达).

    >>> [(m.value, m.unit, m.qualifier) for m in map(parse_quantity, ["1,160余万元", "百余场"])]
    [(Decimal('11600000'), '元', '余'), (Decimal('100'), '场', '余')]
    >>> parse_quantity("两千").value, parse_quantity("2023年发放3.59万元")
    (Decimal('2000'), None)
    """
    stripped = text.strip()
    offset = len(text) - len(text.lstrip())
    mentions = find_numbers(stripped)
    if not mentions:
        return _parse_bare_chinese(stripped, offset)
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    rest = stripped[: mention.start] + stripped[mention.end :]
    if len(rest) > 3 and len(_INSIGNIFICANT.sub("", rest)) > 3:
        return None
    return _shift(mention, offset)


def _parse_bare_chinese(text: str, offset: int) -> NumberMention | None:
    """``一百二十三``, ``两千``, ``三十余万``: a Chinese numeral with no counter word."""
    m = _BARE_CHINESE.fullmatch(text)
    value = _chinese(m["c1"]) if m else None
    if m is None or value is None:
        return None
    value *= _MULTIPLIERS[m["m1"]] if m["m1"] else _ONE
    quals = [_PRE_CANON.get(m["pre"], m["pre"]) if m["pre"] else None, m["q1"], m["q2"], m["q3"]]
    qualifier = next((q for q in quals if q), None)
    ctx = _Context(text)
    return _shift(ctx.mention((0, len(text)), value, "statistic", "", qualifier), offset)


def _shift(mention: NumberMention, offset: int) -> NumberMention:
    if not offset:
        return mention
    return replace(mention, start=mention.start + offset, end=mention.end + offset)


def same_value(a: NumberMention, b: NumberMention) -> bool:
    """Equal values (and range bounds) with compatible units.

    Units are compatible when equal after :func:`normalize_unit` or when either is
    empty; 人/名/位 are one unit, 个 and 家 are not.

    >>> same_value(parse_quantity("3.59万元"), parse_quantity("35900元"))
    True
    >>> same_value(parse_quantity("35900人"), parse_quantity("3.59万元"))
    False
    """
    if a.value != b.value or a.high != b.high:
        return False
    if a.unit == b.unit:
        return True  # the usual case, decided without normalizing
    ua, ub = normalize_unit(a.unit), normalize_unit(b.unit)
    return ua == ub or not ua or not ub
