"""Whether the name an account is held under is the participant's KTP name.

The rule (ours; banks and e-wallets write names their own way):

1. Both names are folded: accents dropped (NFKD), case ignored (casefold), and every
   character that is not a letter or a digit removed, spaces and punctuation included.
   "Siti Rahayu", "SITI  RAHAYU" and "siti-rahayu" are all ``sitirahayu``.
2. Titles are not special: "Ir." and "S.E." are letters like any other, so they count
   against the allowance below rather than being stripped by a list of titles that is
   never complete.
3. The folded names may differ by a Levenshtein distance (insertions, deletions and
   substitutions of one letter each) of at most 2 when the folded KTP name has 10 letters
   or more, at most 1 when it is shorter. "SITI RAHAYU, S.E." matches "Siti Rahayu" (two
   letters more, ten letters); "Ir. Budi" does not match "Budi" (two more, four letters).
4. An empty name (after folding) matches nothing.
"""

import unicodedata

LONG_NAME = 10  # folded letters from which the larger allowance applies
LONG_ALLOWANCE = 2
SHORT_ALLOWANCE = 1


def fold(name: str) -> str:
    """The letters and digits of a name, without accents, case, spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in decomposed.casefold() if c.isalnum() and c.isascii())


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of `a` and `b`, or ``limit + 1`` once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def allowance(ktp_name: str) -> int:
    """The edit distance allowed for a KTP name (by its folded length)."""
    return LONG_ALLOWANCE if len(fold(ktp_name)) >= LONG_NAME else SHORT_ALLOWANCE


def names_match(ktp_name: str, holder_name: str) -> bool:
    """Whether `holder_name` (as the bank or e-wallet has it) is `ktp_name` under the rule."""
    ktp, holder = fold(ktp_name), fold(holder_name)
    if not ktp or not holder:
        return False
    limit = allowance(ktp_name)
    return distance(ktp, holder, limit) <= limit
