"""Selection: waves, the draw, and who is a participant.

Use cases:
- which wave is open, joining it (registration step 8) and joining the next one after
  not being selected (`waves`);
- committing a wave's seed when it opens, drawing it after it closes, publishing and
  re-running the draw from the revealed seed (`draw`, with `cards` for the card numbers
  and `announcements` for the result messages);
- the first-purchase deadline: the reminder, then revocation and the blacklist
  (`deadlines`);
- who is an active participant (`participants`).

Refusals are `errors.SelectionError` codes.
"""
