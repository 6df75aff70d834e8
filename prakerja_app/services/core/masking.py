"""Personal data shown partly: enough to recognise one's own, too little to identify anyone.

Masks use a fixed number of stars, so they do not tell a name's or number's length.
(Phone numbers are masked by `phone_numbers.mask_phone`, which knows their structure.)
"""


def mask_nik(nik: str) -> str:
    """Show only the first 4 and last 4 digits: 3174********0001."""
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:] if len(nik) > 8 else "*" * len(nik)


def mask_name(full_name: str) -> str:
    """A person without their name: ``"Budi Santoso"`` -> ``"Bu*** S."``.

    Two letters of the first name, always three stars, and the initial of the last name
    if there is one; ``"Peserta"`` when there is no name.
    """
    parts = [part for part in (full_name or "").split() if part[:1].isalpha()]
    if not parts:
        return "Peserta"
    first = parts[0]
    masked = first[0].upper() + first[1:2].lower() + "***"
    if len(parts) > 1:
        masked += f" {parts[-1][0].upper()}."
    return masked
