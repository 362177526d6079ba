"""The storage legend words HII's scale with its real edges (QA): 50.4 % is blue, and the legend
must say so ("over 50 % to 80 %"), not "51–80 %" which leaves 50.4 % between two colours."""

from __future__ import annotations

from domain.dams import STORAGE_SCALE, storage_scale
from i18n import t


def _edges() -> list[float]:
    return [bound for _, bound, _ in STORAGE_SCALE]  # 100, 80, 50, 30


def test_the_legend_says_the_scales_real_edges_in_both_languages():
    top, *rest = _edges()
    en, th = t("dams.scale", "en"), t("dams.scale", "th")
    assert f"over {top:.0f} % dark red" in en and f"มากกว่า {top:.0f}% แดงเข้ม" in th
    uppers = [top, *rest[:-1]]
    for upper, lower, (colour_en, colour_th) in zip(
        uppers, rest, (("red", "แดง"), ("blue", "น้ำเงิน"), ("green", "เขียว")), strict=True
    ):
        assert f"over {lower:.0f} % to {upper:.0f} % {colour_en}" in en
        assert f"มากกว่า {lower:.0f}% ถึง {upper:.0f}% {colour_th}" in th
    assert f"{rest[-1]:.0f} % or less yellow" in en and f"ไม่เกิน {rest[-1]:.0f}% เหลือง" in th
    for gap in ("31–50", "51–80", "81–100"):
        assert gap not in en and gap not in th
    assert storage_scale(50.4)[1] == "#003CFA" and storage_scale(30.0)[1] == "#FFC000"  # the edges the words say
