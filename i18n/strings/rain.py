"""Strings of the rain gauges (ThaiWater rain_24h)."""

STRINGS = {
    "source.name.thaiwater_rain": ("ThaiWater ฝนสะสม 24 ชม. (สสน.)", "ThaiWater 24 h rainfall (HII)"),
}
