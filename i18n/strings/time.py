"""Ages, durations and short units (i18n.timefmt, ui.flags)."""

STRINGS = {
    "time.future": ("ในอนาคต", "in the future"),
    "time.just_now": ("เมื่อสักครู่", "just now"),
    "time.minutes_ago": ("{n} นาทีที่แล้ว", "{n} min ago"),
    "time.hours_ago": ("{n} ชม. ที่แล้ว", "{n} h ago"),
    "time.days_ago": ("{n} วันที่แล้ว", "{n} days ago"),
    "time.hours_short": ("{n} ชม.", "{n} h"),
    "time.days_short": ("{n} วัน", "{n} days"),
    "time.duration.year.one": ("{n} ปี", "{n} year"),
    "time.duration.year.many": ("{n} ปี", "{n} years"),
    "time.duration.day.one": ("{n} วัน", "{n} day"),
    "time.duration.day.many": ("{n} วัน", "{n} days"),
    "time.duration.h.one": ("{n} ชม.", "{n} h"),
    "time.duration.h.many": ("{n} ชม.", "{n} h"),
    "time.duration.min.one": ("{n} นาที", "{n} min"),
    "time.duration.min.many": ("{n} นาที", "{n} min"),
    "time.duration.s.one": ("{n} วินาที", "{n} s"),
    "time.duration.s.many": ("{n} วินาที", "{n} s"),
}
