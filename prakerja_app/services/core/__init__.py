"""What every area stands on.

- `errors`: `DomainError`, a refusal with a code, never a sentence;
- `vocab`: the values of the status and choice columns; `labels`: their Indonesian names;
- `program`: the 2020 package's amounts and deadlines;
- `clock`: the program's (movable) clock; `formatting`: rupiah and WIB as people read them;
- `transactions`: one way to commit; `audit`: the audit trail;
- `masking`, `phone_numbers`, `qr`, `sql`: small shared tools.
"""
