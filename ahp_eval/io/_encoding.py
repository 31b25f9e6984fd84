"""The text encoding of a survey export, decided once for the whole file.

Undeclared, a file is UTF-16 when it starts with a UTF-16 byte-order mark (Excel's
"Unicode text"), UTF-8 (with or without a byte-order mark) when all of it is
valid UTF-8, else GB18030 (a superset of GBK and GB2312) when all of it decodes so
and reads as Chinese; anything else is refused with the line where it goes wrong.
Big5 and Shift-JIS text often decodes as GB18030, into the wrong characters: such a
reading shows up as many characters outside GB2312's Chinese rows (GBK extensions,
kana, Greek, Cyrillic, box drawing, private use), so it is refused with a suggestion
to name the encoding. A declared encoding is used as given.

The careful reader decides on the whole text (:func:`decode_whole`); the streaming
reader decides on the distinct pieces of non-ASCII text it met
(:func:`decide_pieces`): the same rules, so both readers decide alike.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Iterable

import numpy as np

from ahp_eval.errors import InputError, OptionError

__all__ = [
    "BOM",
    "STREAMABLE",
    "UTF16_BOMS",
    "GbCheck",
    "codec_of",
    "decide_pieces",
    "decode_whole",
    "line_of",
]

BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

STREAMABLE = frozenset(
    {
        "utf-8",
        "gb18030",
        "gbk",
        "gb2312",
        "big5",
        "big5hkscs",
        "cp950",
        "shift_jis",
        "cp932",
        "euc_jp",
        "euc_kr",
        "cp949",
        "iso8859-1",
        "cp1252",
    }
)
"""Encodings in which a comma, tab, semicolon, quote, CR or LF byte is always that
character (never part of a longer character): files in these can be cut into lines
and fields as bytes."""

LIKELY_SHARE = 0.8
"""A GB18030 reading is refused when Big5 or Shift-JIS would read at least this share of
its distinct two-byte characters as common characters of their own ..."""

LIKELY_MARGIN = 0.3
"""... and that share exceeds the share GB2312 counts as common Chinese by this much."""

LIKELY_ALONE = 0.9
"""A GB18030 reading is refused, too, when Big5 or Shift-JIS reads at least this share of
its distinct two-byte characters as characters of its own of any level ..."""

UNLIKELY_CHINESE = 0.2
"""... while GB2312 counts at most this share of them as common Chinese."""

SHORT_TEXT = 4096
"""Texts shorter than this are looked at character by character (a group label)."""

ENCODING_HINT = "name the encoding with --encoding (for example big5 or shift_jis)"


def codec_of(declared: str) -> str:
    """The canonical name of a declared encoding; an unknown one is an option error."""
    try:
        info = codecs.lookup(declared)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise OptionError(
            "--encoding",
            f"unknown encoding {declared!r}; for example utf-8, gb18030, big5 or shift_jis",
        )
    return info.name


def line_of(data: bytes | str, offset: int) -> int:
    """The line (1-based) that position ``offset`` falls in; CR LF, LF and CR end lines."""
    head = data[:offset]
    if isinstance(head, bytes):
        return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1


def _chinese(cp: int) -> bool:
    """A code point in GB2312's punctuation rows (A1-A3) or hanzi rows (B0-F7)."""
    try:
        b = chr(cp).encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and (0xA1 <= b[0] <= 0xA3 or 0xB0 <= b[0] <= 0xF7)


def _common_big5(pair: bytes) -> bool:
    """A Big5 punctuation or level-1 hanzi code (the characters of ordinary text)."""
    return 0xA1 <= pair[0] <= 0xC6 and _decodes_as(pair, "big5")


def _common_sjis(pair: bytes) -> bool:
    """A Shift-JIS punctuation, kana or level-1 kanji code."""
    return (0x81 <= pair[0] <= 0x84 or 0x88 <= pair[0] <= 0x98) and _decodes_as(pair, "shift_jis")


def _decodes_as(pair: bytes, codec: str) -> bool:
    try:
        return len(pair.decode(codec)) == 1
    except UnicodeDecodeError:
        return False


_OWN = ("CJK UNIFIED IDEOGRAPH", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC", "FULLWIDTH")


def _own(codec: str) -> Callable[[bytes], bool]:
    """Whether ``codec`` reads a two-byte code as a character of its own writing: a
    hanzi or kanji of any level, kana, or an ideographic or full-width sign."""

    def own(pair: bytes) -> bool:
        try:
            text = pair.decode(codec)
        except UnicodeDecodeError:
            return False
        return len(text) == 1 and unicodedata.name(text, "").startswith(_OWN)

    return own


_FOREIGN = ("HIRAGANA", "KATAKANA", "HANGUL", "BOX DRAWINGS", "CYRILLIC")


def _foreign(cp: int) -> bool:
    """Private-use codes, kana, hangul, box drawing, Cyrillic: what GB18030 makes of
    other encodings' bytes, and what a Chinese survey hardly holds."""
    ch = chr(cp)
    return unicodedata.category(ch) == "Co" or unicodedata.name(ch, "").startswith(_FOREIGN)


_ALTERNATIVES: tuple[tuple[str, Callable[[bytes], bool], Callable[[bytes], bool]], ...] = (
    ("big5", _common_big5, _own("big5")),
    ("shift_jis", _common_sjis, _own("shift_jis")),
)


def suspicious(chars: Iterable[int]) -> list[str] | None:
    """The characters that make a GB18030 reading unlikely, or None if it reads as Chinese
    (``chars``: the distinct non-ASCII code points of the GB18030 reading).

    A reading with two-byte private-use codes, kana, hangul, box drawing or Cyrillic is
    refused (GB18030 writes real hangul and the like in four bytes).
    Otherwise the same bytes are read as Big5 and as Shift-JIS: where one of them gives common
    characters of its own for most of them (at least :data:`LIKELY_SHARE`) and clearly
    more than GB2312's common Chinese (by :data:`LIKELY_MARGIN`), or characters of its
    own of any level for nearly all (:data:`LIKELY_ALONE`) where GB2312 finds hardly any
    common Chinese (:data:`UNLIKELY_CHINESE`), the file is most likely in that encoding.
    Real GBK text keeps its reading where it holds common Chinese, or where Big5 and
    Shift-JIS read its bytes as invalid or uncommon codes; a GBK text of traditional
    characters only may be refused, and ``--encoding gbk`` reads it.
    """
    distinct = sorted(set(chars))
    foreign = [chr(cp) for cp in distinct if _foreign(cp) and len(chr(cp).encode("gb18030")) == 2]
    if foreign:
        return foreign
    pairs = [(cp, chr(cp).encode("gb18030")) for cp in distinct]
    pairs = [(cp, b) for cp, b in pairs if len(b) == 2]
    if not pairs:
        return None
    chinese = sum(_chinese(cp) for cp, _ in pairs) / len(pairs)
    for _, common, own in _ALTERNATIVES:
        share = sum(common(b) for _, b in pairs) / len(pairs)
        alone = chinese <= UNLIKELY_CHINESE and (
            sum(own(b) for _, b in pairs) / len(pairs) >= LIKELY_ALONE
        )
        if alone or (share >= LIKELY_SHARE and share > chinese + LIKELY_MARGIN):
            return [chr(cp) for cp, _ in pairs if not _chinese(cp)]
    return None


def code_points(text: str) -> set[int]:
    """The distinct non-ASCII code points of a text."""
    if text.isascii():
        return set()
    if len(text) < SHORT_TEXT:
        return {ord(c) for c in text if c >= "\x80"}
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    high = cps[cps >= 0x80]
    seen = np.zeros(0x110000, dtype=np.bool_)
    seen[high] = True
    return {int(c) for c in np.flatnonzero(seen)}


_UTF8_RUN = re.compile(
    rb"(?<![\x80-\xff])"
    rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})+"
    rb"(?![\x80-\xff])"
)


def _utf8_chinese(run: bytes) -> bool:
    try:
        text = run.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return sum(c >= "\u0800" for c in text) >= 2  # one could be chance


def utf8_run(data: bytes) -> int | None:
    """Where a run of non-ASCII bytes is UTF-8 text with two characters of three or more
    bytes (Chinese in UTF-8), or None. GB18030 text almost never forms one: in a file
    that is not UTF-8 as a whole, one means two encodings were concatenated."""
    if data.isascii():
        return None
    if len(data) < SHORT_TEXT:
        for m in _UTF8_RUN.finditer(data):
            if _utf8_chinese(m.group()):
                return m.start()
        return None
    b = np.frombuffer(data, dtype=np.uint8)
    cont = (b >= 0x80) & (b <= 0xBF)
    lead = (b[:-2] >= 0xE0) & (b[:-2] <= 0xF4) & cont[1:-1] & cont[2:]
    starts3 = np.flatnonzero(lead)
    if len(starts3) < 2:
        return None
    high = b >= 0x80
    edge = np.flatnonzero(np.diff(high.astype(np.int8), prepend=0, append=0))
    run_start, run_end = edge[0::2], edge[1::2]  # each run of non-ASCII bytes
    run_of = np.searchsorted(run_start, starts3, side="right") - 1
    runs, count = np.unique(run_of, return_counts=True)
    for r in runs[count >= 2]:
        if _utf8_chinese(data[run_start[r] : run_end[r]]):
            return int(run_start[r])
    return None


def _refuse(text: str, odd: list[str], name: str) -> InputError:
    """The error for a GB18030 reading that does not look like Chinese."""
    found = re.search("[" + re.escape("".join(odd)) + "]", text)
    assert found is not None
    shown = "".join(odd[:5])
    return InputError(
        f"the file decodes as GB18030 but does not read as Chinese: {len(odd)} of its "
        f"characters are rare or not Chinese (such as {shown!r}), the first on this line, "
        "and read as Big5 or Shift-JIS they are common; "
        "if it is Big5 or Shift-JIS, say so with --encoding big5 or --encoding shift_jis "
        "(--encoding gb18030 keeps this reading)",
        path=name,
        line=line_of(text, found.start()),
    )


def decode_whole(raw: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """The text of a whole file and the name of its encoding."""
    if declared is not None:
        codec = codec_of(declared)
        skip = len(BOM) if codec == "utf-8" and raw.startswith(BOM) else 0
        try:
            return raw[skip:].decode(codec), codec
        except UnicodeDecodeError as exc:
            start, end = skip + exc.start, skip + exc.end
            raise InputError(
                f"cannot decode this line as {codec} (bytes {raw[start:end].hex(' ')}); "
                "is the encoding right?",
                path=name,
                line=line_of(raw, start),
            ) from None
    if raw.startswith(UTF16_BOMS):  # Excel's "Unicode text"
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(
                "cannot decode this line as UTF-16 (the file starts with its byte-order mark)",
                path=name,
                line=line_of(raw.decode("utf-16", errors="replace"), exc.start // 2),
            ) from None
    if raw.startswith(BOM):
        try:
            return raw[len(BOM) :].decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            raise InputError(
                "this line is not UTF-8 text though the file starts with a UTF-8 "
                "byte-order mark: the file mixes encodings; save it again in one encoding "
                f"or {ENCODING_HINT}",
                path=name,
                line=line_of(raw, len(BOM) + exc.start),
            ) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        not_utf8 = line_of(raw, exc.start)
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError(
            "cannot decode this line: the file is neither UTF-8 nor GB18030/GBK text; "
            + ENCODING_HINT,
            path=name,
            line=line_of(raw, exc.start),
        ) from None
    run = utf8_run(raw)
    if run is not None:
        raise InputError(
            f"this line is UTF-8 text but line {not_utf8} is not: the file mixes two "
            "encodings; save it again in one encoding (UTF-8 is best)",
            path=name,
            line=line_of(raw, run),
        )
    odd = suspicious(code_points(text))
    if odd is not None:
        raise _refuse(text, odd, name)
    return text, "gb18030"


def _decodes(piece: bytes, codec: str) -> str | None:
    try:
        return piece.decode(codec)
    except UnicodeDecodeError:
        return None


class GbCheck:
    """What GB18030 makes of pieces of a file, each cut at character boundaries: whether
    all decode, whether one holds UTF-8 Chinese, and their distinct characters.
    Checks of consecutive parts of a file add up (:meth:`merge`)."""

    def __init__(self) -> None:
        self.ok = True
        self.mixed = False
        self.chars: set[int] = set()

    def feed(self, piece: bytes) -> None:
        if not self.ok or self.mixed:
            return
        text = _decodes(piece, "gb18030")
        if text is None:
            self.ok = False
        elif utf8_run(piece) is not None:
            self.mixed = True
        else:
            self.chars |= code_points(text)

    def merge(self, other: GbCheck) -> None:
        self.ok = self.ok and other.ok
        self.mixed = self.mixed or other.mixed
        self.chars |= other.chars

    @property
    def chinese(self) -> bool:
        """The pieces read as Chinese GB18030 text."""
        return self.ok and not self.mixed and suspicious(self.chars) is None


def decide_pieces(
    head: bytes,
    labels: Iterable[bytes],
    *,
    streamed_ok: bool,
    texts: Callable[[], GbCheck],
    declared: str | None = None,
) -> str | None:
    """The encoding of a file known by pieces of its non-ASCII text, or None when the
    whole file must be decoded to say what is wrong (the careful reader then does).

    ``head`` is the file's first lines (header, question texts) and ``labels`` its
    group fields; the streaming reader checked the rest (whole lines) as it read:
    ``streamed_ok`` says they decoded as UTF-8 (or in the ``declared`` encoding), and
    ``texts()`` gives what GB18030 makes of them. Together the pieces hold every
    non-ASCII byte of the file; repeats do no harm. The rules are those of
    :func:`decode_whole`.
    """
    if declared is not None:
        codec = codec_of(declared)
        first = "utf-8-sig" if codec == "utf-8" else codec
        ok = streamed_ok and _decodes(head, first) is not None
        return codec if ok and all(_decodes(p, codec) is not None for p in labels) else None
    names = list(labels)
    utf8 = streamed_ok and _decodes(head, "utf-8-sig") is not None
    if utf8 and all(_decodes(p, "utf-8") is not None for p in names):
        return "utf-8"
    if head.startswith(BOM):
        return None
    check = texts()
    for piece in (head, *names):
        check.feed(piece)
    return "gb18030" if check.chinese else None
