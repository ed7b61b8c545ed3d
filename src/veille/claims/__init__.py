"""Claims: who says what, on whose word — quotes, reported speech, sourcing, numbers,
contradictions, and the article's transparency profile."""

from veille.claims.contradictions import ClaimRef, Contradiction, find_contradictions, mark_contested
from veille.claims.extract import extract_claims
from veille.claims.link import attribution_for
from veille.claims.quality import quality_profile
from veille.claims.sourcing import COARSE_CLASS, SOURCING_CLASSES

__all__ = [
    "COARSE_CLASS", "SOURCING_CLASSES", "ClaimRef", "Contradiction", "attribution_for", "extract_claims",
    "find_contradictions", "mark_contested", "quality_profile",
]
