"""征地信息 with a map (seed 004: 征地信息 可视化地图检索): located 征地补偿 items listed by place and year.

Owns the item field `征地位置` ({乡镇, 村, 几何}: a GeoJSON Point, Polygon or MultiPolygon in WGS84
longitude/latitude, RFC 7946), the county outline the body supplies (`site_config/县域轮廓.geojson`:
a Polygon / MultiPolygon geometry, Feature or FeatureCollection), their validation (each problem a
finding naming the file, the field and the fix), and the 征地信息 page's model: the list grouped by
乡镇 then year (the accessible alternative to the map) and the JSON the page's script draws with the
bundled Leaflet (no tile layer: only the outline and the items' shapes; nothing is requested from
another host). Only items filed under the 征地补偿 domain may carry a location. Knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .model import Finding, Item, Model
from .source import jsonfile

DOMAIN = "征地补偿"
OUTLINE_FILE = "site_config/县域轮廓.geojson"
URL = "zdxx/"
FIELD = "征地位置"
_SHAPES = ("Point", "Polygon", "MultiPolygon")


def _position_problem(p: Any) -> str:
    if not (isinstance(p, list) and len(p) in (2, 3) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in p)):
        return f"坐标 {json.dumps(p, ensure_ascii=False)} 应写成 [经度, 纬度]"
    if not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90) or not all(math.isfinite(v) for v in p):
        return f"坐标 {p} 超出经纬度范围（经度 -180～180，纬度 -90～90；先写经度）"
    return ""


def _ring_problem(ring: Any) -> str:
    if not isinstance(ring, list) or len(ring) < 4:
        return "多边形的每个环至少要有 4 个坐标（首尾相同）"
    for p in ring:
        if problem := _position_problem(p):
            return problem
    if ring[0][:2] != ring[-1][:2]:
        return "多边形的环没有闭合：最后一个坐标应与第一个相同"
    return ""


def geometry_problem(geom: Any) -> str:
    """What is wrong with a GeoJSON geometry (Point / Polygon / MultiPolygon), in words; "" if nothing."""
    if not isinstance(geom, dict) or geom.get("type") not in _SHAPES:
        return "几何的 type 应为 Point、Polygon 或 MultiPolygon"
    coords = geom.get("coordinates")
    if geom["type"] == "Point":
        return _position_problem(coords)
    polygons = [coords] if geom["type"] == "Polygon" else coords
    if not isinstance(polygons, list) or not polygons:
        return "多边形坐标应为环的列表"
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return "多边形坐标应为环的列表"
        for ring in polygon:
            if problem := _ring_problem(ring):
                return problem
    return ""


def positions(geom: dict[str, Any]) -> Iterable[list[float]]:
    coords = geom["coordinates"]
    if geom["type"] == "Point":
        yield coords
        return
    for polygon in [coords] if geom["type"] == "Polygon" else coords:
        for ring in polygon:
            yield from ring


def outline_geometries(data: Any) -> list[dict[str, Any]]:
    """The Polygon / MultiPolygon geometries of a geometry, Feature or FeatureCollection (others: [])."""
    if not isinstance(data, dict):
        return []
    if data.get("type") == "FeatureCollection":
        return [g for f in data.get("features") or () for g in outline_geometries(f)]
    if data.get("type") == "Feature":
        return outline_geometries(data.get("geometry"))
    return [data] if data.get("type") in ("Polygon", "MultiPolygon") else []


@dataclass(frozen=True, slots=True)
class Outline:
    geometries: list[dict[str, Any]]
    bbox: tuple[float, float, float, float]  # west, south, east, north

    def contains(self, geom: dict[str, Any]) -> bool:
        w, s, e, n = self.bbox
        return all(w <= p[0] <= e and s <= p[1] <= n for p in positions(geom))


def load_outline(root: Path, findings: list[Finding]) -> Outline | None:
    path = root / OUTLINE_FILE
    if not path.is_file():
        return None
    try:
        data = jsonfile.read_json(path)
    except jsonfile.JsonFileError as exc:
        findings.append(
            Finding(
                OUTLINE_FILE,
                exc.line,
                "land-outline",
                "error",
                f"县域轮廓不是有效的 GeoJSON：{exc.reason}",
                expected=f"UTF-8 编码的 GeoJSON 文件；{exc.fix}",
            )
        )
        return None
    geoms = outline_geometries(data)
    problems = [p for p in map(geometry_problem, geoms) if p]
    if not geoms or problems:
        why = problems[0] if problems else "没有 Polygon 或 MultiPolygon"
        findings.append(
            Finding(
                OUTLINE_FILE,
                1,
                "land-outline",
                "error",
                f"县域轮廓有误：{why}",
                expected="Polygon、MultiPolygon，或由它们组成的 Feature / FeatureCollection（经纬度，WGS84）",
            )
        )
        return None
    pts = [p for g in geoms for p in positions(g)]
    return Outline(geoms, (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts)))


def location_findings(items: Iterable[Item], outline: Outline | None) -> list[Finding]:
    """征地位置 only on 征地补偿 items, with a valid geometry, inside the county outline's extent."""
    out = []
    for item in items:
        loc = item.land_location
        if loc is None:
            continue
        line = item.line_of(FIELD)
        if not item.standard_matter.startswith(DOMAIN + "/"):
            out.append(
                Finding(
                    item.file,
                    line,
                    "land-location-domain",
                    "error",
                    "只有征地补偿领域的信息可以写征地位置",
                    FIELD,
                    f"标准事项写成 {DOMAIN}/<二级事项>，或删去征地位置",
                )
            )
            continue
        problem = geometry_problem(loc.get("几何"))
        if problem:
            out.append(
                Finding(
                    item.file,
                    line,
                    "land-location-geometry",
                    "error",
                    f"征地位置的几何有误：{problem}",
                    f"{FIELD}/几何",
                    "{type: Point, coordinates: [经度, 纬度]} 或 Polygon / MultiPolygon",
                )
            )
        elif outline is not None and not outline.contains(loc["几何"]):
            out.append(
                Finding(
                    item.file,
                    line,
                    "land-location-outside",
                    "warning",
                    "征地位置不在县域轮廓范围内",
                    f"{FIELD}/几何",
                    f"经纬度在 {OUTLINE_FILE} 的范围内（是否把经度和纬度写反了？）",
                )
            )
    return out


def land_locations(model: Model, today: dt.date) -> list[Finding]:
    """The outline file and every item's 征地位置 (every build and check)."""
    findings: list[Finding] = []
    outline = load_outline(Path(model.root), findings)
    return findings + location_findings(model.items, outline)


@dataclass(slots=True)
class Place:
    """One 乡镇 on the page: its items by year, newest year first."""

    name: str
    years: dict[int, list[Item]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.years.values())


@dataclass(slots=True)
class LandMap:
    places: list[Place]
    outline: Outline | None
    data_json: Markup  # for <script type="application/json">: "<", ">" and "&" escaped, so safe to print as is
    ids: dict[str, str]  # item src_uri -> the id shared by its list entry and its map feature

    @property
    def count(self) -> int:
        return sum(p.count for p in self.places)


def _json_for_html(value: Any) -> Markup:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def build(model: Model) -> LandMap | None:
    """The page model when the body has located 征地补偿 items or an outline; None otherwise. O(N log N)."""
    outline = load_outline(Path(model.root), [])
    located = [
        i for i in model.items
        if i.public and i.land_location and i.standard_matter.startswith(DOMAIN + "/") and not geometry_problem(i.land_location.get("几何"))
    ]  # fmt: skip
    if not located and outline is None:
        return None
    located.sort(key=lambda i: i.sort_key)
    by_place: dict[str, Place] = {}
    features = []
    ids: dict[str, str] = {}
    for n, item in enumerate(located):
        loc = item.land_location or {}
        place = by_place.setdefault(loc["乡镇"], Place(loc["乡镇"]))
        place.years.setdefault(item.published.year, []).append(item)
        ids[item.src_uri] = f"zd-{n}"
        props = {"id": ids[item.src_uri], "place": loc["乡镇"], "village": loc.get("村", ""), "year": item.published.year}
        features.append({"type": "Feature", "properties": props, "geometry": loc["几何"]})
    places = sorted(by_place.values(), key=lambda p: p.name)
    for p in places:
        p.years = dict(sorted(p.years.items(), reverse=True))
    data = {"outline": outline.geometries if outline else [], "features": features}
    return LandMap(places, outline, _json_for_html(data), ids)
