"""The register views as text lines for `gridbot tenants` (numbers masked)."""

from __future__ import annotations

from bot.register.views import Coverage, HouseView


def percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def house_lines(view: HouseView) -> list[str]:
    lines = [f"{view.name} [{view.code}]  {view.community}"]
    lines.append(f"  current residents 在住租客: {len(view.residents)}")
    for r in view.residents:
        visa = f"  visa {r.visa_expiry.isoformat()}" if r.visa_expiry else ""
        lines.append(
            f"    #{r.tenant_id} {r.room or '-':>5}  {r.name}  {r.document or '-'}  "
            f"{r.phone or '-'}  {r.nationality or '-'}{visa}"
        )
    lines.append(f"  foreign tenants 境外人员: {len(view.foreign)}")
    for r in sorted(view.foreign, key=lambda r: (r.visa_expiry, r.name)):
        lines.append(f"    {r.name} ({r.room or '-'})  visa expires {r.visa_expiry}")
    empty = ", ".join(view.empty_rooms) if view.empty_rooms else "-"
    lines.append(f"  rooms without a registered resident 未登记房间: {empty}")
    lines.append(f"  coverage 登记覆盖率: {_house_coverage(view)}")
    return lines


def coverage_lines(views: list[HouseView], communities: list[Coverage]) -> list[str]:
    lines = ["coverage per house 各户登记覆盖率:"]
    for v in views:
        lines.append(f"  {v.name} [{v.code}]  {_house_coverage(v)}")
    lines.append("coverage per community 各社区登记覆盖率:")
    for c in communities:
        lines.append(
            f"  {c.name}  {c.occupied}/{c.rooms} {percent(c.share)} of listed rooms, "
            f"{_residents(c.residents)}"
        )
    return lines


def _house_coverage(view: HouseView) -> str:
    # Coverage is counted over the rooms a house lists; without a list there is no share to
    # give, but the residents registered are still worth seeing.
    residents = _residents(len(view.residents))
    if not view.rooms:
        return f"no room list ([register.houses.{view.code}] rooms), {residents}"
    share = view.occupied / len(view.rooms)
    return f"{view.occupied}/{len(view.rooms)} {percent(share)}, {residents}"


def _residents(count: int) -> str:
    return f"{count} resident{'' if count == 1 else 's'} registered 已登记"
