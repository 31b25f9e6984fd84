from __future__ import annotations

import pytest

from ahp_eval.ahp.ri import RI_ALONSO_LAMATA, RI_CN, RI_SAATY, get_ri_table
from ahp_eval.errors import InputError


def test_saaty_table_values() -> None:
    """The Saaty 1980 table as most software reproduces it, n = 1..15."""
    assert [RI_SAATY.ri(n) for n in range(1, 16)] == [
        0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59
    ]  # fmt: skip


def test_cn_table_values() -> None:
    """The Chinese textbook table differs from Saaty's at n = 3, 4, 6, 7, ..."""
    assert RI_CN.ri(3) == 0.52
    assert RI_CN.ri(4) == 0.89
    assert RI_CN.ri(6) == 1.26
    assert RI_CN.ri(15) == 1.59


def test_alonso_lamata_formula() -> None:
    """RI(n) = (1.7699 n - 4.3513)/(n - 1): n = 3 gives (5.3097 - 4.3513)/2 = 0.4792."""
    assert RI_ALONSO_LAMATA.ri(3) == pytest.approx(0.4792, abs=1e-12)
    assert RI_ALONSO_LAMATA.ri(20) == pytest.approx((35.398 - 4.3513) / 19, abs=1e-12)
    assert RI_ALONSO_LAMATA.ri(2) == 0.0


def test_table_too_small_is_a_clear_error() -> None:
    """A 16x16 matrix is past the end of the Saaty table."""
    with pytest.raises(InputError, match="larger than RI table 'saaty'"):
        RI_SAATY.ri(16)


def test_custom_and_unknown_tables() -> None:
    """A list becomes a custom table named by its values; unknown keys list the known ones."""
    custom = get_ri_table([0, 0, 0.5])
    assert custom.ri(3) == 0.5
    assert "custom" in custom.label
    with pytest.raises(InputError, match="known tables: saaty, cn, alonso-lamata"):
        get_ri_table("saatyy")


def test_every_table_names_its_source() -> None:
    """Each table's label says which table it is, so reports can print it."""
    for table in (RI_SAATY, RI_CN, RI_ALONSO_LAMATA):
        assert table.key in table.label
        assert table.source
