"""Session-state and widget keys shared across pages (one place, no stray strings)."""

LANG = "lang"  # widget key and query parameter of the language switch
SCREEN = "screen"  # query parameter: meeting-room screen mode
USER = "auth_user"  # the signed-in auth.User (written by ui.auth)
SHELL_RAN = "shell_ran"  # set by dashboard.py on every run: the page runs inside the shell
PENDING_PAGE = "pending_page"  # url path of a page asked for by URL before the shell ran
