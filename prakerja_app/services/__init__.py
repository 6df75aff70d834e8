"""The program's rules as plain Python over a SQLModel session (no Reflex imports)."""
