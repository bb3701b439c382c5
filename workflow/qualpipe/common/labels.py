"""How readers' tables, figures and the report name the roles and groups that config.yaml
names by key: roles by their plural label, a group by its roles' (issue 17)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def value_labels(roles: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """The label of each value of 'group' and 'role': roles by their plural, a group by the
    plurals of its roles ('Unit managers and Regional coordinators').

    roles (Mapping[str, Mapping[str, str]]): config roles, role key -> its settings.
    RETURNS (dict[str, dict[str, str]]): variable -> value -> label.
    """
    plural = {key: role.get("plural") or role["label"] for key, role in roles.items()}
    members: dict[str, list[str]] = {}
    for key, role in roles.items():
        members.setdefault(role.get("group") or key, []).append(plural[key])
    return {"role": plural, "group": {g: joined(names) for g, names in members.items()}}


def joined(names: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(names) < 3:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
