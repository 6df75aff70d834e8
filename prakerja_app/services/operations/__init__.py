"""Operations: what runs without anyone clicking.

Use cases:
- the schedule of periodic jobs, exactly one run per tick however many workers see it,
  and each job's last run, next run and outcome for the program office (`schedule`).
"""
