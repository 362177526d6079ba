"""Session-state and widget keys shared across pages (one place, no stray strings)."""

LANG = "lang"               # widget key and query parameter of the language switch
SCREEN = "screen"           # query parameter: meeting-room screen mode
USER = "auth_user"          # the signed-in auth.User (written by ui.auth)
