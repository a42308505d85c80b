"""How big and how fast is an offline map of many points? (issue 8, point 6)

Draws N points (default 50,000, seeded, spread over Denmark) as the kit recommends, one
`folium.GeoJson` of CircleMarkers on a canvas map (`prefer_canvas=True`), and measures
the saved HTML's size and the time from navigation until Leaflet has drawn every point in
Debian's Chromium (offline: every request leaving the machine is blocked). Peers in the
same run: the same map with a tenth of the points, and the same points as folium's
MarkerCluster (one marker each; the usual first try).

Targets: at most 8 MB and at most 3 s for 50,000 points.

    python benchmarks/map_speed.py [--points 50000] [--repeat 3] [--skip-cluster]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.browser: the kit's offline Chromium

import folium  # noqa: E402
from folium.plugins import MarkerCluster  # noqa: E402
from tests.browser import offline_browser, serve  # noqa: E402

from oddk import maps  # noqa: E402

TARGET_MB, TARGET_S = 8.0, 3.0

# Records `performance.now()` (ms since navigation) at the first animation frame after
# `window.__oddkDone()` is true, plus one more frame so the canvas has painted.
PROBE = """
(() => {
  const tick = () => {
    let done = false;
    try { done = window.__oddkDone && window.__oddkDone(); } catch (e) {}
    if (done) { requestAnimationFrame(() => { window.__drawnAt = performance.now(); }); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""


def points(n: int, seed: int = 8) -> list[tuple[float, float, str]]:
    """n (lat, lon, name) inside Jutland, Funen and Zealand's bounding boxes, seeded."""
    rnd = random.Random(seed)
    boxes = [(54.9, 57.6, 8.2, 10.5), (55.0, 55.6, 9.8, 10.8), (54.8, 56.1, 11.1, 12.6)]
    out = []
    for i in range(n):
        south, north, west, east = boxes[i % 3]
        out.append(
            (
                round(rnd.uniform(south, north), 7),
                round(rnd.uniform(west, east), 7),
                f"Facilitet {i + 1}",
            )
        )
    return out


def canvas_map(pts) -> tuple[folium.Map, str]:
    m = maps.base_map(prefer_canvas=True)
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"navn": name},
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
            for lat, lon, name in pts
        ],
    }
    layer = folium.GeoJson(
        data,
        marker=folium.CircleMarker(radius=3, weight=1, fill=True, fill_opacity=0.7),
        tooltip=folium.GeoJsonTooltip(fields=["navn"]),
        embed=True,
    ).add_to(m)
    name = f"window.{layer.get_name()}"
    done = f"{name} && Object.keys({name}._layers).length === {len(pts)}"
    return m, done


def cluster_map(pts) -> tuple[folium.Map, str]:
    m = maps.base_map()
    cluster = MarkerCluster().add_to(m)
    for lat, lon, name in pts:
        folium.Marker((lat, lon), tooltip=name).add_to(cluster)
    done = (
        f"window.{cluster.get_name()}"
        f" && window.{cluster.get_name()}.getLayers().length === {len(pts)}"
        " && document.querySelectorAll('.marker-cluster').length > 0"
    )
    return m, done


def measure(
    name: str, m: folium.Map, done: str, folder: Path, repeat: int, timeout_s: float
) -> dict:
    path = folder / f"{name}.html"
    m.save(path)
    size_mb = path.stat().st_size / 1e6
    times, outside, errors = [], [], []
    with serve(folder) as url, offline_browser(viewport=(1000, 700)) as guarded:
        page = guarded.page
        page.context.add_init_script(f"window.__oddkDone = () => ({done});\n{PROBE}")
        for _ in range(repeat):
            page.goto("about:blank")
            page.goto(f"{url}/{path.name}", wait_until="commit", timeout=timeout_s * 1000)
            try:
                page.wait_for_function(
                    "window.__drawnAt !== undefined", timeout=timeout_s * 1000, polling=100
                )
            except Exception:
                times.append(float("inf"))
                break
            times.append(page.evaluate("window.__drawnAt") / 1000)
        outside, errors = guarded.outside, guarded.errors
    return {
        "name": name,
        "mb": size_mb,
        "s": statistics.median(times),
        "outside": outside,
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--skip-cluster", action="store_true", help="leave out the slow MarkerCluster peer"
    )
    parser.add_argument(
        "--timeout", type=float, default=120, help="seconds before a map counts as not drawn"
    )
    args = parser.parse_args()
    pts = points(args.points)
    runs = [("canvas", *canvas_map(pts)), ("canvas-tenth", *canvas_map(pts[: args.points // 10]))]
    if not args.skip_cluster:
        runs.append(("markercluster", *cluster_map(pts)))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, m, done in runs:
            print(f"  measuring {name} …", flush=True)
            results.append(measure(name, m, done, Path(tmp), args.repeat, args.timeout))
    base = results[0]
    n = args.points
    print(
        f"\nOffline map of {n:,} points in Chromium "
        f"(median of {args.repeat}; time = navigation until drawn):"
    )
    for r in results:
        label = {
            "canvas": f"GeoJSON on canvas, {n:,} points",
            "canvas-tenth": f"GeoJSON on canvas, {n // 10:,} points (peer)",
            "markercluster": f"MarkerCluster, {n:,} markers (peer)",
        }[r["name"]]
        seconds = "not drawn" if r["s"] == float("inf") else f"{r['s']:6.2f} s"
        ratio = (
            ""
            if r["s"] == float("inf")
            else f"({r['s'] / base['s']:5.2f}x time, {r['mb'] / base['mb']:5.2f}x size)"
        )
        print(f"  {label:45s} {r['mb']:7.2f} MB  {seconds}  {ratio}")
        if r["outside"] or r["errors"]:
            print(f"    ! outside requests {r['outside'][:3]}, script errors {r['errors'][:3]}")
    ok = (
        base["mb"] <= TARGET_MB
        and base["s"] <= TARGET_S
        and not base["outside"]
        and not base["errors"]
    )
    print(
        f"\nTarget for {n:,} points: ≤ {TARGET_MB:g} MB and ≤ {TARGET_S:g} s → "
        f"{base['mb']:.2f} MB, {base['s']:.2f} s: {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
