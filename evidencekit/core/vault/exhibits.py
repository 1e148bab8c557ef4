"""Exhibit numbers: the one rule, used by the bundle, the app, the CLI and verification."""

from __future__ import annotations

from collections.abc import Iterable

from evidencekit.core.models import Item


def number_exhibits(items: Iterable[Item]) -> list[tuple[str, Item]]:
    """Number the items that are not withdrawn, given in exhibit order: "3", or "2-1", "2-2" for
    a group, whose members follow each other where the group's first member is.

    Returns:
        (number, item) in bundle order (a group's members together).
    """
    slots: list[list[Item]] = []
    groups: dict[str, list[Item]] = {}
    for it in items:
        if it.withdrawn:
            continue
        if not it.group_name:
            slots.append([it])
        elif it.group_name in groups:
            groups[it.group_name].append(it)
        else:
            groups[it.group_name] = [it]
            slots.append(groups[it.group_name])
    out: list[tuple[str, Item]] = []
    for n, members in enumerate(slots, 1):
        if members[0].group_name:
            out += [(f"{n}-{k}", it) for k, it in enumerate(members, 1)]
        else:
            out.append((str(n), members[0]))
    return out
