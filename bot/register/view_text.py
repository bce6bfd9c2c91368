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
    share = view.occupied / len(view.rooms) if view.rooms else None
    lines.append(f"  coverage 登记覆盖率: {view.occupied}/{len(view.rooms)} {percent(share)}")
    return lines


def coverage_lines(views: list[HouseView], communities: list[Coverage]) -> list[str]:
    lines = ["coverage per house 各户登记覆盖率:"]
    for v in views:
        share = v.occupied / len(v.rooms) if v.rooms else None
        lines.append(f"  {v.name} [{v.code}]  {v.occupied}/{len(v.rooms)} {percent(share)}")
    lines.append("coverage per community 各社区登记覆盖率:")
    for c in communities:
        lines.append(f"  {c.name}  {c.occupied}/{c.rooms} {percent(c.share)}")
    return lines
