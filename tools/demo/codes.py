"""The content model: what a code is, and how likely each role is to voice it.

Each code of the reference codebook (shared/design/codebook-themes.md) has templates in the
speaker's perspective ('any', 'official', 'manager'), the obvious keywords a keyword coder
would search for (to measure how many paraphrases avoid them), and the probability that a
respondent of each role voices it when a question invites it. 2014 follow-ups multiply that
probability by `wave2`; each person multiplies it by a personal factor, so that differences
between groups are tendencies, not rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PERSPECTIVES: dict[str, tuple[str, ...]] = {
    "official": ("any", "official"),
    "unit_manager": ("any", "manager"),
    "regional_coordinator": ("any", "manager"),
    "senior_management": ("any", "senior"),
}


@dataclass(frozen=True)
class Code:
    """One code of the codebook, with the ways respondents express it.

    code_id (str): the codebook id.
    theme (str): theme label.
    category (str): category label.
    keywords (tuple[str, ...]): lower-case words a keyword search for the code would use.
    lines (dict[str, tuple[str, ...]]): templates by perspective.
    weights (tuple[float, float, float, float]): probability by role, in ROLES order.
    wave2 (float): multiplier of the probability in the 2014 follow-up.
    """

    code_id: str
    theme: str
    category: str
    keywords: tuple[str, ...]
    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)
    weights: tuple[float, float, float, float] = (0.5, 0.5, 0.5, 0.5)
    wave2: float = 1.0

    def templates(self, role: str) -> tuple[str, ...]:
        """The templates a respondent of `role` can use for this code.

        Senior management speak in their own lines and the general ones; where those are
        fewer than three, they borrow the managers' lines.
        """
        found = tuple(t for key in PERSPECTIVES[role] for t in self.lines.get(key, ()))
        if role == "senior_management" and len(found) < 3:
            found += self.lines.get("manager", ())
        return found

    def all_templates(self) -> tuple[str, ...]:
        """Every template of the code, all perspectives."""
        return tuple(template for templates in self.lines.values() for template in templates)
