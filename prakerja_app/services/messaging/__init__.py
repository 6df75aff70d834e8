"""Messages to people: email and SMS, through an outbox.

Use cases:
- queue an email or SMS in the same transaction as the change it reports (`outbox`),
  or a million of them in one statement (`bulk`);
- deliver what is pending through SMTP and the SMS gateway (`outbox`);
- every text the program sends, in one place (`templates`).
"""
