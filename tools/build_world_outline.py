"""Build the dashboard's world outline (src/veille/surfaces/web/world.json) from Natural Earth.

The map of event places needs coastlines and borders, offline, in a few dozen KB. The
source is Natural Earth's 1:110m "admin 0 countries" (public domain), as shipped in the
geopandas 0.14 wheel (the last one that bundled it). Get it with the registry only:

    pip download --no-deps geopandas==0.14.4 -d /tmp/gpd
    unzip -o /tmp/gpd/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/naturalearth_lowres/*' -d /tmp/gpd
    python tools/build_world_outline.py /tmp/gpd/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

The shapefile is read by hand (the format is a fixed binary layout, and a one-off build
step does not justify a dependency); rings are thinned to points at least STEP degrees
apart and rounded to 0.1 degree, which is finer than the dashboard's map can show.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "veille" / "surfaces" / "web" / "world.json"
STEP = 0.6  # degrees between kept points
POLYGON = 5


def rings(shp: Path) -> list[list[tuple[float, float]]]:
    """Every polygon ring of an ESRI shapefile of polygons, as (lon, lat) lists."""
    data = shp.read_bytes()
    out, pos = [], 100  # a 100-byte file header, then records
    while pos + 8 <= len(data):
        _, words = struct.unpack(">ii", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + 2 * words]
        pos += 8 + 2 * words
        if len(body) < 44 or struct.unpack("<i", body[:4])[0] != POLYGON:
            continue
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", body[44:44 + 4 * n_parts])) + [n_points]
        at = 44 + 4 * n_parts
        points = struct.unpack(f"<{2 * n_points}d", body[at:at + 16 * n_points])
        for a, b in zip(parts, parts[1:]):
            out.append([(points[2 * i], points[2 * i + 1]) for i in range(a, b)])
    return out


def thinned(ring: list[tuple[float, float]]) -> list[float]:
    """The ring with points closer than STEP to the last kept one dropped, flattened."""
    kept = [ring[0]]
    for lon, lat in ring[1:]:
        if abs(lon - kept[-1][0]) + abs(lat - kept[-1][1]) >= STEP:
            kept.append((lon, lat))
    kept.append(ring[-1])
    return [round(v, 1) for point in kept for v in point] if len(kept) >= 4 else []


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outline = [r for r in (thinned(ring) for ring in rings(Path(sys.argv[1]))) if r]
    OUT.write_text(json.dumps({"source": "Natural Earth 1:110m admin 0 countries (public "
                               "domain), thinned by tools/build_world_outline.py",
                               "rings": outline}, separators=(",", ":")), encoding="utf-8")
    print(f"{len(outline)} rings, {OUT.stat().st_size // 1024} KB -> {OUT}")


if __name__ == "__main__":
    main()
