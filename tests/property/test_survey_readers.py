"""Both survey readers give the same groups and statistics on generated exports."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from surveys import assert_same, evaluation, mixed_export, read_both, streamed

from ahp_eval.survey.responses import ResponseSet

ASCII_LABELS = ("north", " north", "north ", "South", "south ", "  South")
CHINESE_LABELS = ("东区", " 东区", "东区 ", "西区", "营业厅（一）", " 营业厅（一）")
DECOMPOSED_LABELS = ("Cafe\u0301", "Caf\u00e9 ")  # one group in NFC
ANSWERS = ("1", "2", "3", "4", "5") * 3 + ("",)  # some empty cells
COMMENTS = ("", "ok", "很好", "a,b", 'said "no"')

Export = tuple[bytes, bool]
"""The file's bytes, and whether it is plain (the streaming reader must take it)."""


@st.composite
def exports(draw: st.DrawFn) -> Export:
    """A survey export: labels with spaces around them, Chinese labels only from some
    row on, empty cells, an id and a comment column or not, quoted fields, blank
    lines, CRLF or LF, UTF-8 with or without BOM, or GB18030."""
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    n = draw(st.integers(1, 30))
    late = draw(st.integers(0, n))
    with_id, with_comment = draw(st.booleans()), draw(st.booleans())
    quote_some = draw(st.integers(0, 3)) == 0
    plain = not quote_some
    lines = [
        ",".join(
            [*(["id"] if with_id else []), "site", "C11", "C12", "C21"][:]
            + (["comment"] if with_comment else [])
        )
    ]
    for i in range(n):
        early = ASCII_LABELS + (DECOMPOSED_LABELS if encoding != "gb18030" else ())
        label = draw(st.sampled_from(early if i < late else CHINESE_LABELS + ASCII_LABELS))
        answers = [draw(st.sampled_from(ANSWERS)) for _ in range(3)]
        if not any(answers) and not with_id:
            plain = False  # a row of a label alone: the careful reader decides
        cells = [*([str(i + 1)] if with_id else []), label, *answers]
        if with_comment:
            comment = draw(st.sampled_from(COMMENTS))
            if '"' in comment or "," in comment:
                comment = '"' + comment.replace('"', '""') + '"'
                plain = False
            cells.append(comment)
        if quote_some and draw(st.booleans()):
            k = draw(st.integers(0, len(cells) - 1))
            cells[k] = f'"{cells[k]}"'
        lines.append(",".join(cells))
    blanks = draw(st.lists(st.integers(2, len(lines)), max_size=3)) if draw(st.booleans()) else []
    for at in sorted(blanks, reverse=True):
        lines.insert(at, "")
        plain = False
    text = newline.join(lines) + newline
    return text.encode(encoding), plain


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(export=exports())
@example(export=(mixed_export(60_000), True))
def test_both_readers_agree(export: Export) -> None:
    """Same groups (names, order, sizes), encoding and scores from the streaming reader
    (which takes every plain file) and the careful reader; or the same errors."""
    data, plain = export
    ev = evaluation({"group": "site"})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_bytes(data)
        fast, careful = read_both(path, ev)
    assert_same(fast, careful, ev)
    event("errors" if isinstance(fast, list) else "streamed" if streamed(fast) else "careful")
    if plain and isinstance(fast, ResponseSet):
        assert streamed(fast)
