"""One counter for every factory, so generated emails, NIKs and codes never collide."""

from itertools import count

serial = count(1)
