"""The briefing: one snapshot of the live situation (``briefing.snapshot``) feeds the
meeting-room screen, the saved briefings, the deck (``briefing.deck``) and the public
summary card (``briefing.card``)."""
