"""Why a checklist item fired (domain.triggers.describe)."""

STRINGS = {
    "triggers.level": (
        "{code} {name}: ระดับน้ำ {level} ม.รทก. ถึงเกณฑ์ {threshold} ม.รทก.",
        "{code} {name}: level {level} m MSL reached the threshold {threshold} m MSL",
    ),
    "triggers.rising": (
        "{code} {name}: ระดับน้ำ {level} ม.รทก. เพิ่มขึ้น {trend} ซม./ชม. คาดว่าจะถึงเกณฑ์ {threshold} ม.รทก. ในราว {eta} ชม.",
        "{code} {name}: level {level} m MSL rising {trend} cm/h, forecast to reach the threshold {threshold} m MSL "
        "in about {eta} h",
    ),
}
