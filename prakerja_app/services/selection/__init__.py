"""Selection: waves, the draw, and who is a participant.

Use cases:
- which wave is open, joining it (registration step 8) and joining the next one after
  not being selected (`waves`);
- the program office's console: setting a wave up and editing it until it opens
  (`setup`), opening, closing and asking for the draw (`lifecycle`), and where each wave
  stands with its counts and the draw's progress (`overview`);
- committing a wave's seed when it opens, drawing it after it closes, publishing the
  results and re-running the draw from the revealed seed (`draw`, with `cards` for the
  card numbers, `outcomes` for the results and `announcements` for the result messages);
- the first-purchase deadline: the reminder, then revocation and the blacklist
  (`deadlines`);
- who is an active participant (`participants`).

Refusals are `errors.SelectionError` codes.
"""
