"""The three paid evaluation surveys (3 x Rp 50.000).

Use cases:
- the questions, written in this package and installed as the surveys' rows
  (`questions`);
- when each survey opens and closes for a participant: survey 1 on the day the first
  incentive is paid, each next one 30 days later, each open 30 days (`schedule`);
- answering a survey, checked question by question on the server, which schedules its
  payment in the cash ledger, once (`answering`);
- the email and SMS telling a participant a survey opened, once each, from the daily job
  (`notices`);
- the program office's counts of the answers, per survey, question and option
  (`results`).

Refusals are `errors.SurveyError` codes.
"""
