"""The grid tree as indented text lines, each level with its responsible person and group."""

from __future__ import annotations

from bot.directory import Directory


def tree_lines(directory: Directory) -> list[str]:
    def who(role: str, key: str | None) -> str:
        if key is None:
            return f"{role}: (nobody)"
        person = directory.person(key)
        if person is None:
            return f"{role}: {key}"
        phone = f", {person.phone}" if person.phone else ""
        return f"{role}: {person.name} ({key}{phone})"

    lines: list[str] = []
    for c in directory.communities:
        lines.append(f"{c.name} [{c.code}]  {who('staff', c.staff)}")
        for g in (g for g in directory.grids if g.community == c.code):
            lines.append(f"  {g.name} [{g.code}]  {who('worker', g.worker)}")
            for m in (m for m in directory.micro_grids if m.grid == g.code):
                lines.append(f"    {m.name} [{m.code}]  {who('worker', m.worker)}")
                for h in (h for h in directory.landlord_grids if h.micro_grid == m.code):
                    group = h.group_name or ("(name not seen yet)" if h.group_chat else "-")
                    chat = f" ({h.group_chat})" if h.group_chat else " (no group chat bound)"
                    lines.append(
                        f"      {h.name} [{h.code}]  buildings {'/'.join(h.buildings)}  "
                        f"{who('leader', h.leader)}  group: {group}{chat}"
                    )
    return lines
