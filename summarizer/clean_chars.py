"""Character-level cleaning: HTML, entities, mojibake, pinyin, opencc, punctuation, spaces.

Each finder takes the current text and returns patches, ``(start, end,
replacement, kind, reason)`` tuples (:data:`~summarizer.clean_state.Patch`);
:mod:`summarizer.clean` applies them. Same-length rewrites (opencc,
full-width punctuation) return the new text instead, recorded one edit per line.

>>> [(p[3], p[2]) for p in entity_changes("A&amp;B&#3一包養網2;C")]
[('entity', '&'), ('entity', ' ')]
>>> [p[:3] for p in pinyin_changes("當(dāng)前 乡镇(街道)")]
[(1, 7, '')]
>>> to_fullwidth("工会,职工:12:30，1,160人(含劳模)")
'工会，职工：12:30，1,160人（含劳模）'
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from itertools import compress, repeat

from .clean_lexicon import builtin, parse_sections, words
from .clean_state import Patch

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULLWIDTH = "，。、；：！？“”‘’（）《》【】…—"
_CJKW = f"{CJK}{FULLWIDTH}"

# ------------------------------------------------------------------------------ HTML

_HTML_HINT_RE = re.compile(
    r"<(?:!doctype|html|head|body|div|p|br|span|table|script|style|meta|article|h[1-6]|li)\b", re.I
)
_BLOCK = (
    "p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|header|footer|blockquote|pre|hr|dd|dt|dl|"
    "figure|figcaption|nav|aside|form|main|tbody|thead|tfoot|title|center|body|html"
)
_HTML_RE = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<drop><(?P<tag>script|style|noscript|template|head|svg|iframe|object|select|textarea)\b"
    r"[^>]*>.*?</(?P=tag)\s*>)"
    rf"|(?P<block></?(?:{_BLOCK})\b[^>]*>)"
    r"|(?P<cell></?(?:td|th)\b[^>]*>)"
    r"|(?P<tag2></?[A-Za-z!][^<>]*>)",
    re.I | re.S,
)
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """An HTML page rather than text: several HTML tags near the top.

    >>> looks_like_html("<html><body><p>工会</p></body></html>"), looks_like_html("a < b")
    (True, False)
    """
    return len(_HTML_HINT_RE.findall(text[:50_000])) >= 3


def html_changes(text: str) -> list[Patch]:
    """Strip tags: script/style/head dropped with their content, block tags → line breaks.

    >>> t = "<p>工会<b>新增</b>会员</p><script>x=1</script><br>驿站&nbsp;"
    >>> s = t
    >>> for a, b, new, _, _ in reversed(html_changes(t)):
    ...     s = s[:a] + new + s[b:]
    >>> s
    '\\n工会新增会员\\n\\n驿站&nbsp;'
    """
    out: list[Patch] = []
    for m in _HTML_RE.finditer(text):
        if m.group("block"):
            out.append((m.start(), m.end(), "\n", "html", "block tag"))
        elif m.group("cell"):
            out.append((m.start(), m.end(), " ", "html", "table cell tag"))
        elif m.group("drop"):
            out.append((m.start(), m.end(), "", "html", f"<{m.group('tag').lower()}> element"))
        else:
            out.append((m.start(), m.end(), "", "html", "tag or comment"))
    return out


def html_title(text: str) -> str | None:
    """The page's ``<title>``, without the site name after ``_`` or ``|``."""
    m = _TITLE_RE.search(text[:200_000])
    if not m:
        return None
    title = re.split(r"\s*[_|｜]\s*|\s+-\s+", html.unescape(m.group(1)).strip())[0].strip()
    return title or None


# ------------------------------------------------------------------------------ entities

_ENTITY_RE = re.compile(
    r"&#(?P<b1>\d{0,6})(?P<junk>[^\d;&\s<>]{1,12}?)(?P<b2>\d{0,6});"  # text injected inside
    r"|&#(?P<dec>\d{1,10});?"
    r"|&#[xX](?P<hex>[0-9a-fA-F]{1,8});?"
    r"|&(?P<name>[A-Za-z][A-Za-z0-9]{1,31});"
    r"|&(?P<bare>nbsp|amp|lt|gt|quot|ldquo|rdquo|lsquo|rsquo|mdash|ndash|hellip|middot|emsp|ensp)"
    r"(?![A-Za-z0-9;])"
)


def emoji_changes(text: str) -> list[Patch]:
    """Emoji are page decoration or spam, never report text: 🤝, 6️⃣, 🧙🏻‍♀️ go
    (with their skin tones, joiners and variation selectors).

    >>> emoji_changes("会议召开🤝。称号6️⃣；获奖★")
    [(4, 5, '', 'emoji', 'emoji'), (8, 11, '', 'emoji', 'emoji'), (14, 15, '', 'emoji', 'emoji')]
    """
    if not _EMOJI_HINT_RE.search(text):
        return []
    return [(m.start(), m.end(), "", "emoji", "emoji") for m in _EMOJI_RE.finditer(text)]


# An emoji: a pictograph (or a keycap digit) with what may follow it: variation
# selector, skin tone, keycap mark, a joiner and the next pictograph, a gender sign.
_PICTO = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff"
_EMOJI_TAIL = "[\ufe0f\u20e3\U0001f3fb-\U0001f3ff]*"
_EMOJI_RE = re.compile(
    f"(?:[{_PICTO}]|[0-9#*]\ufe0f?\u20e3){_EMOJI_TAIL}"
    f"(?:\u200d?(?:[{_PICTO}]|[\u2640\u2642]){_EMOJI_TAIL})*"
)
_EMOJI_HINT_RE = re.compile(f"[{_PICTO}\u20e3]")


def entity_changes(text: str) -> list[Patch]:
    """Decode HTML entities; a broken one (``&#3一包養網2;``) is rebuilt or dropped."""
    out: list[Patch] = []
    for m in _ENTITY_RE.finditer(text):
        value, reason = _entity_value(m)
        if value != m.group():
            out.append((m.start(), m.end(), value, "entity", reason))
    return out


def _entity_value(m: re.Match[str]) -> tuple[str, str]:
    if m.group("junk") is not None:
        digits = (m.group("b1") or "") + (m.group("b2") or "")
        value = _codepoint(int(digits)) if digits else ""
        return value, f"broken HTML entity (dropped {m.group('junk')!r})"
    if m.group("dec") is not None:
        return _numeric(int(m.group("dec")))
    if m.group("hex") is not None:
        return _numeric(int(m.group("hex"), 16))
    name = m.group("name") or m.group("bare")
    value = html.unescape(f"&{name};")
    return (value, "HTML entity") if value != f"&{name};" else (m.group(), "")


def _numeric(code: int) -> tuple[str, str]:
    value = _codepoint(code)
    return value, "HTML entity" if value else "broken HTML entity"


def _codepoint(code: int) -> str:
    """The character for a code point, or "" for controls, surrogates and out-of-range."""
    if code in (9, 10) or (32 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF):
        return chr(code) if code not in (0x7F,) else ""
    return ""


# ------------------------------------------------------------------------------ line breaks

_NEWLINE_RE = re.compile(r"[\r\u2028\u2029\x0b\x0c\x85]\n?")
_NEWLINE_CHARS = "\r\u2028\u2029\x0b\x0c\x85"


def newline_changes(text: str) -> list[Patch]:
    """``\\r\\n``, ``\\r`` and Unicode line separators → ``\\n``."""
    if not any(ch in text for ch in _NEWLINE_CHARS):
        return []
    return [
        (m.start(), m.end(), "\n", "whitespace", "line break") for m in _NEWLINE_RE.finditer(text)
    ]


# ------------------------------------------------------------------------------ mojibake

_LATIN_NEXT = r"[\u0080-\u00bf\u0152-\u2122]"  # what follows a lead in Latin-1 mojibake
_LATIN_MOJIBAKE_RE = re.compile(
    rf"[\u00c2-\u00ef]{_LATIN_NEXT}{{1,2}}(?:[\u00c2-\u00ef]{_LATIN_NEXT}{{1,2}})+"
)
_UTF8_AS_GBK_RE = re.compile(rb"[\xe4-\xe9][\x80-\xbf][\x80-\xbf][\xe4-\xe9][\x80-\xbf][\x80-\xbf]")
_KANA_RE = re.compile("[\u3040-\u30ff\uff00-\uffef]")


def mojibake_changes(text: str) -> list[Patch]:
    """Repair what a deterministic re-decoding can repair.

    - UTF-8 bytes read as GBK (``宸ヤ細`` → ``工会``) or as Latin-1/cp1252
      (``å·¥ä¼š`` → ``工会``): re-encode, decode as UTF-8, keep it if that is
      clean Chinese;
    - GBK read one byte out of step: a character followed by a stray ASCII
      mark inside Chinese (``嵺``` ← bytes 8D DB 60) re-reads as the character
      the last two bytes make (``踐``); the byte before is lost, so the span
      before stays damaged and is reported by :func:`damaged_spans`.

    One scan finds where each repair can apply (:func:`_mojibake_hints`); most
    texts have no such place.

    >>> [(p[2], p[3]) for p in mojibake_changes("延津?qū)嵺`建功 宸ヤ細 å·¥ä¼š")]
    [('踐', 'mojibake'), ('工会', 'mojibake'), ('工会', 'mojibake')]
    """
    stray: list[int] = []
    latin: list[int] = []
    gbk: list[int] = []
    for m in _mojibake_hints().finditer(text):
        ch = m.group()
        (stray if ch in _STRAY else latin if "\u00c2" <= ch <= "\u00ef" else gbk).append(m.start())
    if not (stray or latin or gbk):
        return []
    return sorted([*_resync(text, stray), *_latin(text, latin), *_utf8_as_gbk(text, gbk)])


_STRAY = "`^|~\\][{}@_"  # an ASCII byte read as a character (GBK out of step)
RESYNC_WINDOW = 6  # a lost byte (? or U+FFFD) this close before a stray mark
_LOST_BYTE_BEFORE = re.compile("[?\ufffd][^\n]*$")


@lru_cache(maxsize=1)
def _mojibake_hints() -> re.Pattern[str]:
    """Characters where a repair can start.

    A stray ASCII mark (:func:`_resync`), the first character of Latin-1
    mojibake (:data:`_LATIN_MOJIBAKE_RE`), and the characters whose GB18030 bytes
    are a UTF-8 lead byte followed by a continuation byte: every match of
    :data:`_UTF8_AS_GBK_RE` holds one (its 1st or 4th byte opens a two-byte
    character, whose next byte is a continuation), so only lines holding one can
    hold UTF-8 read as GBK.
    """
    leads = []
    for lead in range(0xE4, 0xEA):
        for trail in range(0x80, 0xC0):
            pair = bytes((lead, trail))
            try:
                ch = pair.decode("gb18030")
            except UnicodeDecodeError:
                continue
            if ch.encode("gb18030") == pair:
                leads.append(ch)
    # A Latin-1 lead counts only before a character that can continue it (most are
    # pinyin tone letters: "dāng", "è" before a plain letter); the class still opens
    # the pattern, so the scan stays fast.
    return re.compile(
        f"[{re.escape(_STRAY)}\u00c2-\u00ef{''.join(leads)}]"
        f"(?:(?<![\u00c2-\u00ef])|(?={_LATIN_NEXT}))"
    )


def _resync(text: str, stray: list[int]) -> list[Patch]:
    """Out-of-step GBK at the stray marks at positions ``stray``.

    Reading falls out of step where a byte was lost, and a lost byte shows as
    ``?`` or U+FFFD: only a mark with one of those shortly before it on its line
    is re-read. Elsewhere a mark between two characters is a separator the page
    put there (``网址|亚洲``, ``工会_职工``), and re-reading it would corrupt good
    text.

    >>> _resync("网址|亚洲", [2]), [p[2] for p in _resync("延津?qū)嵺`建功", [7])]
    ([], ['踐'])
    """
    out: list[Patch] = []
    for i in stray:
        if i == 0 or i + 1 >= len(text) or not (_is_cjk(text[i - 1]) and _is_cjk(text[i + 1])):
            continue
        if not _LOST_BYTE_BEFORE.search(text, max(0, i - RESYNC_WINDOW), i):
            continue
        fixed = _resync_char(text[i - 1], text[i])
        if fixed:
            reason = f"GBK bytes read out of step: {text[i - 1 : i + 1]} → {fixed} (a byte is lost)"
            out.append((i - 1, i + 1, fixed, "mojibake", reason))
    return out


def _resync_char(char: str, stray: str) -> str | None:
    """The character made by the second GBK byte of ``char`` and the byte of ``stray``."""
    raw = char.encode("gbk", errors="ignore")
    if len(raw) != 2:
        return None
    try:
        fixed = (raw[1:] + stray.encode("ascii")).decode("gbk")
    except UnicodeDecodeError:
        return None
    return fixed if _is_cjk(fixed) else None


def _latin(text: str, starts: list[int]) -> list[Patch]:
    """Latin-1 mojibake: ``_LATIN_MOJIBAKE_RE.finditer``, tried only at ``starts``."""
    out: list[Patch] = []
    pos = 0
    for i in starts:
        m = _LATIN_MOJIBAKE_RE.match(text, i) if i >= pos else None
        if m is None:
            continue
        pos = m.end()
        fixed = _redecode(m.group(), ("cp1252", "latin-1"))
        if fixed:
            out.append((m.start(), m.end(), fixed, "mojibake", "UTF-8 read as Latin-1"))
    return out


def _redecode(run: str, encodings: tuple[str, ...]) -> str | None:
    """``run`` re-encoded with one of ``encodings`` and decoded as UTF-8, if that is Chinese."""
    for enc in encodings:
        try:
            fixed = run.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if re.fullmatch(f"[{_CJKW}]+", fixed):
            return fixed
    return None


def _utf8_as_gbk(text: str, hints: list[int]) -> list[Patch]:
    """Runs of GBK-decoded characters whose bytes are really UTF-8 Chinese.

    Only the lines holding a hint (see :func:`_mojibake_hints`) can hold one.
    """
    out: list[Patch] = []
    end = -1
    for i in hints:
        if i <= end:
            continue
        start = text.rfind("\n", 0, i) + 1
        end = text.find("\n", i)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if _UTF8_AS_GBK_RE.search(line.encode("gb18030")):
            out.extend(_gbk_line(line, start))
    return out


def _gbk_line(line: str, offset: int) -> list[Patch]:
    """Try the runs of Chinese characters of one flagged line (a short loop)."""
    out: list[Patch] = []
    for m in re.finditer(f"[{CJK}\u3040-\u30ff\uff00-\uffef]{{2,}}", line):
        run, a, start = m.group(), 0, offset + m.start()
        while a < len(run):
            fixed = _longest_gbk_fix(run, a)
            if fixed is None:
                a += 1
                continue
            b, value = fixed
            out.append((start + a, start + b, value, "mojibake", "UTF-8 read as GBK"))
            a = b
    return out


def _longest_gbk_fix(run: str, a: int) -> tuple[int, str] | None:
    """The longest ``run[a:b]`` that re-decodes as common Chinese, and convincingly so.

    Genuine Chinese re-encoded as GBK is hardly ever valid UTF-8 over four
    characters or more; a shorter run must also hold a character a Chinese text
    would not (kana, half-width forms, a rare character).
    """
    for b in range(len(run), a + 1, -1):
        fixed = _redecode(run[a:b], ("gb18030",))
        if not fixed or not all(_common(ch) for ch in fixed):
            continue
        if len(fixed) >= 4 or any(not _common(ch) or _KANA_RE.match(ch) for ch in run[a:b]):
            return b, fixed
    return None


def _common(ch: str) -> bool:
    """In GB2312 (common simplified) or Big5 (common traditional)."""
    for enc in ("gb2312", "big5"):
        try:
            ch.encode(enc)
            return True
        except UnicodeEncodeError:
            pass
    return False


_DAMAGE_START = "\ufffd?`^|~\\"
_DAMAGE_RE = re.compile(
    r"\ufffd+"
    r"|\?{2,}[A-Za-z`^]{0,3}"
    rf"|\?[A-Za-z\u00c0-\u024f`)]{{1,5}}(?=[{CJK}])"
    rf"|(?<![吗呢么吧啊])\?(?=[{CJK}])"
    rf"|[`^|~\\](?=[{CJK}])"
)


def damaged_spans(text: str) -> list[tuple[int, int]]:
    """Spans a lost or mis-decoded byte left behind: ``??h``, ``?qū)``, ``五?一``, U+FFFD.

    Only right after a Chinese character: a ``?`` that survived full-width
    conversion there is a lost byte, not a question mark.

    >>> t = "文化生活??h總工會 延津?qū)践 五?一 是吗?对"
    >>> [t[a:b] for a, b in damaged_spans(t)]
    ['??h', '?qū)', '?']
    """
    out: list[tuple[int, int]] = []
    end = 0
    for i in _positions(text, _DAMAGE_START):
        if i < end or (text[i] != "\ufffd" and not (i > 0 and _is_cjk(text[i - 1]))):
            continue
        m = _DAMAGE_RE.match(text, i)
        if m:
            out.append((i, m.end()))
            end = m.end()
    return out


# ------------------------------------------------------------------------------ pinyin

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# The bracket opens the pattern (a fast scan); the look-behind after it checks the
# Chinese character before the bracket.
# One pattern per bracket: opening with one character, ``re`` skips ahead fast. The
# look-behind checks the Chinese character before the bracket.
_PINYIN_RES = tuple(
    re.compile(rf"{bracket}(?<=[{CJK}]{bracket})[ \u3000]?([a-zü{_TONED}]{{1,7}})[ \u3000]?[)）]")
    for bracket in (r"\(", "（")
)
_SYLLABLE_RE = re.compile(
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:i?ang|i?ong|u?ang|uai|uan|üan|ian|iao|ing|ang|eng|ong|ai|ei|ao|ou|an|en|in|un|ün|"
    r"ia|ie|iu|ua|uo|ui|ue|üe|ve|er|a|o|e|i|u|ü|v)r?"
)
_DETONE = str.maketrans(
    {
        c: v
        for v, group in zip(
            "aeiouünm", ("āáǎà", "ēéěè", "īíǐì", "ōóǒò", "ūúǔù", "ǖǘǚǜ", "ńňǹ", "ḿ"), strict=True
        )
        for c in group
    }
)


def pinyin_changes(text: str) -> list[Patch]:
    """當(dāng)前 → 當前, also spaced: 會(huì ) → 會. Real parentheses stay: 职工(劳模)创新工作室,
    乡镇(街道), (QQ).

    A parenthesised syllable right after a Chinese character is pinyin when it is
    a valid syllable and carries a tone mark, or when the document already has
    two tone-marked annotations (then neutral-tone ones like 們(men) go too).
    """
    found = [m for rx, bracket in zip(_PINYIN_RES, "(（", strict=True) if bracket in text
             for m in rx.finditer(text)]  # fmt: skip
    if "(" in text and "（" in text:
        found.sort(key=re.Match.start)
    kinds = list(map(_syllable, map(re.Match.group, found, repeat(1))))
    least = 1 if kinds.count(2) >= 2 else 2
    kept = list(compress(found, map(least.__le__, kinds)))
    starts, ends = map(re.Match.start, kept), map(re.Match.end, kept)
    return list(zip(starts, ends, repeat(""), repeat("pinyin"), repeat("pinyin annotation")))


@lru_cache(maxsize=4096)
def _syllable(s: str) -> int:
    """0: not a pinyin syllable; 1: a syllable without tone mark; 2: with one."""
    if not _SYLLABLE_RE.fullmatch(s.translate(_DETONE)):
        return 0
    return 2 if any(c in _TONED for c in s) else 1


# ------------------------------------------------------------------------------ opencc


@lru_cache(maxsize=1)
def opencc_t2s() -> Callable[[str], str]:
    """opencc's ``t2s`` converter (leaves simplified text as it is)."""
    import opencc

    converter = opencc.OpenCC("t2s")
    return converter.convert


@lru_cache(maxsize=1)
def _t2s_fixes() -> tuple[tuple[tuple[str, int], ...], dict[str, str]]:
    """Words keeping 著 (with the offset of 著 in them), and plain corrections."""
    s = parse_sections(builtin("t2s_fixes.txt"), "pair")
    keep = tuple((w, w.index("著")) for w in words(s.get("zhe_keep", [])) if "著" in w)
    pairs = {r[0]: r[1] for r in s.get("pair", []) if len(r) >= 2 and len(r[0]) == len(r[1])}
    return keep, pairs


_ZHE_RE = re.compile("著")


def fix_t2s(text: str) -> str:
    """Same-length fixes after ``t2s`` of a traditional text: Taiwan-style 著 → 着.

    >>> fix_t2s("随著发展，著名劳模著力推动，意味著显著成效，甚么")
    '随着发展，著名劳模着力推动，意味着显著成效，什么'
    """
    keep, pairs = _t2s_fixes()
    hits = [
        m.start()
        for m in _ZHE_RE.finditer(text)
        if not any(text.startswith(w, m.start() - k) for w, k in keep if m.start() >= k)
    ]
    if hits:
        parts: list[str] = []
        pos = 0
        for i in hits:
            parts += (text[pos:i], "着")
            pos = i + 1
        text = "".join([*parts, text[pos:]])
    for wrong, right in pairs.items():
        text = text.replace(wrong, right)
    return text


# ------------------------------------------------------------------------------ punctuation

_CJKW_CLASS = f"[{_CJKW}]"
_ASCII_MARKS = ((",", "，"), (";", "；"), (":", "："), ("!", "！"))
# Marks that stay ASCII unless Chinese is before them: one scan per mark, each
# opening with a literal (faster than one scan for the class of the four).
_KEEP_ASCII_RES = tuple(
    re.compile(rf"{re.escape(mark)}(?![ \t]*{_CJKW_CLASS})") for mark, _ in _ASCII_MARKS
)
_QMARK_RE = re.compile(r"\?")
_PAREN_RE = re.compile(r"\(([^()\n]{0,80})\)")
_QUESTION_RE = re.compile(
    r"如何|若何|为何|何时|何处|怎|什么|哪|谁|吗|呢|是否|能否|可否|多少|难道|岂"
)
_CLAUSE_START_RE = re.compile(r"[，。；！？,.;!?\n]")


def to_fullwidth(text: str) -> str:
    """ASCII punctuation in Chinese context → full width, same length.

    ``, ; : !`` next to Chinese (or before it, past spaces) become full width;
    digits and English keep theirs (1,160 and 12:30 stay). ``( )`` become
    ``（ ）`` around or after Chinese. A ``?`` inside Chinese is often a lost
    byte (``五?一``): it becomes ``？`` only at the end of a clause, or when its
    clause asks something (如何, 吗 …); :func:`damaged_spans` reports the others.

    >>> to_fullwidth("工会,职工:12:30,1,160人(含劳模) 场次,, 惠及 a, b")
    '工会，职工：12:30,1,160人（含劳模） 场次，， 惠及 a, b'
    >>> to_fullwidth("权益如何维护?这一年 五?一 好吗? 成效,,")
    '权益如何维护？这一年 五?一 好吗？ 成效，，'
    >>> to_fullwidth("帮扶职工28150人次﹔筹集资金﹐开展助学")
    '帮扶职工28150人次；筹集资金，开展助学'
    """
    if _SMALL_FORM_RE.search(text):
        text = text.translate(_SMALL_FORMS)  # ﹔ ﹐ ﹕: small forms of full-width marks
    if not any(ch in text for ch in ",;:!?("):
        return text
    new = _marks(text)
    if "?" in new:
        new = _QMARK_RE.sub(_question, new)
    if "(" in new:
        new = _PAREN_RE.sub(_paren, new)
    return new


_SMALL = "﹐﹑﹔﹕﹖﹗﹙﹚﹛﹜﹝﹞﹟﹠﹡﹢﹣﹤﹥﹦﹨﹩﹪﹫"
_WIDE = "，、；：？！（）｛｝〔〕＃＆＊＋－＜＞＝＼＄％＠"
_SMALL_FORMS = str.maketrans(_SMALL, _WIDE)
_SMALL_FORM_RE = re.compile("[\ufe50-\ufe6b]")  # the block holding them: a range test


def _marks(text: str) -> str:
    """``, ; : !`` → full width, except where neither neighbour is Chinese."""
    wide = text
    for ascii_mark, wide_mark in _ASCII_MARKS:  # str.replace is far faster than translate
        wide = wide.replace(ascii_mark, wide_mark)
    ahead = sorted(m.start() for rx in _KEEP_ASCII_RES for m in rx.finditer(text))
    keep = [i for i in ahead if not _cjkw_before(text, i)]
    if not keep:
        return wide
    parts, pos = [], 0
    for i in keep:
        parts.append(wide[pos:i])
        parts.append(text[i])
        pos = i + 1
    parts.append(wide[pos:])
    return "".join(parts)


def _cjkw_before(text: str, i: int) -> bool:
    """Is the text before ``i`` (past other ASCII marks and spaces) Chinese?"""
    j = i - 1
    while j >= 0 and text[j] in ",;:! \t":
        j -= 1
    return j >= 0 and (_is_cjk(text[j]) or text[j] in FULLWIDTH)


def _question(m: re.Match[str]) -> str:
    s, i = m.string, m.start()
    if not _cjkw_before(s, i):
        return "?"
    after = s[i + 1] if i + 1 < len(s) else "\n"
    if after in "\n \t”’\"')）,，!！" or _asks(s, i):
        return "？"
    return "?"


def _asks(s: str, i: int) -> bool:
    """Does the clause ending at ``s[i]`` ask a question (如何, 吗, 是否 …)?"""
    lo = max(0, i - 60)
    starts = [m.end() for m in _CLAUSE_START_RE.finditer(s, lo, i)]
    return bool(_QUESTION_RE.search(s, starts[-1] if starts else lo, i))


def _paren(m: re.Match[str]) -> str:
    inner = m.group(1)
    if _cjkw_before(m.string, m.start()) or any(_is_cjk(ch) for ch in inner):
        return f"（{inner}）"
    return m.group()


_STRENGTH = "，、：；！？。"  # later wins when marks are stacked
_RUN_RE = re.compile(r"[，、；：。！？][，、；：。！？]+")
_DOT_RE = re.compile(r"\.(?![\d.])")  # opens with a rare character: a fast scan
_LEAD_RE = re.compile(r"\n[ \t\u3000]*[，、；：。]+")
# ``re`` skips ahead fast only when a pattern opens with one character or class,
# not with an alternation of classes: hence three scans instead of one.


def punct_changes(text: str) -> list[Patch]:
    """Stacked marks keep the strongest (``，，`` → ``，``; ``，、`` → ``、``; ``，。`` → ``。``).

    ``？！``, ``！！`` and ``……`` are left alone; a stray ``.`` after a sentence
    mark and marks opening a line are dropped.

    >>> [p[2] for p in punct_changes("，以来，，县总\\n二中，、三中，。好。 .下")]
    ['', '，', '、', '。', '']
    """
    out: list[Patch] = []
    for m in _RUN_RE.finditer(text):
        fix = _stacked(m.group())
        if fix:
            out.append((m.start(), m.end(), fix[0], "punct", fix[1]))
    for m in _DOT_RE.finditer(text):
        a = m.start()
        while a > 0 and text[a - 1] in " \t":
            a -= 1
        if a > 0 and text[a - 1] in "。！？”":
            out.append((a, m.end(), "", "punct", "stray full stop"))
    for m in _LEAD_RE.finditer("\n" + text):
        out.append((m.start(), m.end() - 1, "", "punct", "punctuation opening a line"))
    return sorted(out)


@lru_cache(maxsize=1024)
def _stacked(run: str) -> tuple[str, str] | None:
    """The mark a run of stacked marks keeps, and the reason; None for ``？！``-like runs."""
    if not any(ch in "，、；：。" for ch in run):
        return None
    return max(run, key=_STRENGTH.index), f"stacked punctuation {run}"


# ------------------------------------------------------------------------------ whitespace

_ODD_SPACE = "\t\u00a0\u3000\u2002-\u200a"
_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
# ``[x][x]*`` rather than ``[x]+``: ``re`` skips ahead fast only when a pattern opens
# with a character or a class, not with a repeat.
_SPACE_RE = re.compile(rf"[ {_ODD_SPACE}{_ZERO_WIDTH}][ {_ODD_SPACE}{_ZERO_WIDTH}]*")
_ZERO_RE = re.compile(rf"[{_ZERO_WIDTH}]+")
_TIME_AHEAD_RE = re.compile(r"\d{1,2}:\d{2}")


def whitespace_changes(text: str) -> list[Patch]:
    """Trim lines, one plain space inside a line, none where Chinese needs none.

    Spaces between Chinese words stay single (``阳望春 雷承贵``); spaces next to
    full-width punctuation, or between a number and Chinese (``12 场次``), go.

    >>> s = "  职工 1000 余人，\\u3000 阳望春  雷承贵 ”\\t"
    >>> for a, b, new, _, _ in reversed(whitespace_changes(s)):
    ...     s = s[:a] + new + s[b:]
    >>> s
    '职工1000余人，阳望春 雷承贵”'
    """
    out: list[Patch] = []
    for m in _SPACE_RE.finditer(text):
        a, b = m.start(), m.end()
        keep = "" if _ZERO_RE.fullmatch(m.group()) else _space_keep(text, a, b)
        if m.group() != keep:
            out.append((a, b, keep, "whitespace", "spacing"))
    return out


def _space_keep(text: str, a: int, b: int) -> str:
    """What a run of spaces at ``[a, b)`` becomes: "" or a single space."""
    before = text[a - 1] if a > 0 else "\n"
    after = text[b] if b < len(text) else "\n"
    if before == "\n" or after == "\n" or before in FULLWIDTH or after in FULLWIDTH:
        return ""
    if (before.isdigit() and _is_cjk(after)) or (_is_cjk(before) and after.isdigit()):
        return " " if _TIME_AHEAD_RE.match(text, b) else ""
    return " "


# ------------------------------------------------------------------------------ scans


def _positions(text: str, chars: str) -> list[int]:
    """Where each of ``chars`` stands in ``text``, in order (``str.find``: faster than a
    regex scan for their class while they are rare).

    >>> _positions("a?b|c?", "?|")
    [1, 3, 5]
    """
    out: list[int] = []
    for c in chars:
        i = text.find(c)
        while i >= 0:
            out.append(i)
            i = text.find(c, i + 1)
    return sorted(out)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
