"""Norm sets: the norms of the Kwaliteitslabel Sociaal Werk (and variants) as validated data."""

from normsets.loader import NormSetError, load_builtin, load_file, parse_text
from normsets.model import JUDGEMENTS, ROLES, DecisionRule, Norm, NormSet, Rubriek, role_code
from normsets.registry import NormSetRegistry

__all__ = [
    "JUDGEMENTS",
    "ROLES",
    "DecisionRule",
    "Norm",
    "NormSet",
    "NormSetError",
    "NormSetRegistry",
    "Rubriek",
    "load_builtin",
    "load_file",
    "parse_text",
    "role_code",
]
