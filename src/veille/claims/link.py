"""Linking events to the claims they were read from (`Event.attributed_to`).

An event found inside what someone said ("…, ont déclaré quatre sources") is that
speaker's claim, not a fact the outlet vouches for: the events stage sets
`attributed_to` to the index of the claim whose content span holds the event's trigger.
"""

from __future__ import annotations

from collections.abc import Sequence

from veille.model import Claim


def attribution_for(start: int, end: int, claims: Sequence[Claim], *, attributed_only: bool = True) -> int | None:
    """Index in `claims` of the innermost claim whose content holds text[start:end], or None.

    With `attributed_only`, the outlet's own unattributed sentences are not sources: an
    event inside them stays the outlet's (None).
    """
    best: tuple[int, int] | None = None
    for index, claim in enumerate(claims):
        if attributed_only and claim.speaker_text is None:
            continue
        if claim.start <= start and end <= claim.end:
            width = claim.end - claim.start
            if best is None or width < best[0]:
                best = (width, index)
    return best[1] if best else None
