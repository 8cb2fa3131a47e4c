"""Label boxes as vis-network drew them, and how many overlap another: what a reader sees at first sight."""
from __future__ import annotations

OVERLAPS = """() => {
  const net = window.kgNetwork, positions = net.getPositions(), scale = net.getScale();
  const boxes = [];
  Object.keys(positions).forEach(function (id) {
    const node = net.body.nodes[id];
    if (!node || node.options.hidden || !String(node.options.label || "").trim()) { return; }
    if (node.options.font.size * scale < node.options.scaling.label.drawThreshold) { return; }  // not drawn
    const s = node.labelModule.size, p = positions[id];
    boxes.push({ id: id, x: p.x, l: s.left, t: s.top, r: s.left + s.width, b: s.top + s.height });
  });
  const overlapping = boxes.filter(function (a) {
    return boxes.some(function (b) { return b !== a && a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b; });
  }).map(function (a) { return a.id; });
  // A label is drawn centred under or on its node: a box elsewhere would be a stale measurement.
  const astray = boxes.filter(function (a) { return Math.abs((a.l + a.r) / 2 - a.x) > 2; }).map(function (a) { return a.id; });
  return { shown: boxes.length, overlapping: overlapping, astray: astray };
}"""

SHOW_ALL_LABELS = """() => {
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  window.kgNetwork.body.data.nodes.update(data.nodes.map(function (n) { return { id: n.id, label: n.label }; }));
  window.kgNetwork.redraw();
}"""


def label_overlaps(page) -> dict:
    """Labels shown in the view, and the ids of those whose box overlaps another's."""
    page.wait_for_timeout(100)  # the redraw after labels were thinned out
    return page.evaluate(OVERLAPS)


def overlap_share(found: dict) -> float:
    return len(found["overlapping"]) / max(found["shown"], 1)
