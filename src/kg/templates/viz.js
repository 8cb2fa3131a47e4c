/* kg interactive view: filters, search, side panel, PNG export. Source text is only ever set
   with textContent, never parsed as HTML. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const container = document.getElementById("network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.kgStats = { nodes: nodes.length, edges: edges.length, drawn: false, view: data.view };
  window.kgNetwork = network;  // for checks in a browser: positions, label boxes
  const byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  // Groups (sections, clusters) stand for their members until clicked; small views open expanded.
  const expanded = new Set(data.expanded);
  const pinned = new Set();  // nodes found by search stay shown
  let declutter = true;
  // The page's words, in its language (kg puts them in the data; the script keeps no catalog).
  const say = function (key, values) {
    return data.words[key].replace(/%\((\w+)\)s/g, function (_, name) { return String(values[name]); });
  };

  const checked = function (name) {
    return new Set(Array.from(document.querySelectorAll('input[data-filter="' + name + '"]'))
      .filter(function (box) { return box.checked; }).map(function (box) { return box.value; }));
  };

  function visibleNodes(roles, sections, kinds) {
    const shown = new Set();
    data.nodes.forEach(function (n) {
      const inSection = n.section === undefined || n.section === null || sections.has(String(n.section));
      if (n.kgType === "group") { if (!expanded.has(n.id) && inSection) { shown.add(n.id); } }
      else if (n.kgType === "task") { if ((!n.kgGroup || expanded.has(n.kgGroup)) && inSection) { shown.add(n.id); } }
    });
    const linked = new Set();  // units on a shown task in a ticked role
    data.edges.forEach(function (e) {
      if (e.role && roles.has(e.role) && shown.has(e.from)) { linked.add(e.to); }
    });
    data.nodes.forEach(function (n) {
      if (n.kgType !== "unit" || !kinds.has(n.kind)) { return; }
      const open = n.kgGroup ? expanded.has(n.kgGroup) : (n.kgTop || linked.has(n.id));
      if (open || pinned.has(n.id)) { shown.add(n.id); }
    });
    return shown;
  }

  function edgeUpdate(e, shown, roles, sections) {
    let hidden = !shown.has(e.from) || !shown.has(e.to);
    let width = e.width;
    if (!hidden && e.role) { hidden = !roles.has(e.role); }
    if (!hidden && e.roleCounts) {
      hidden = !Object.keys(e.roleCounts).some(function (r) { return roles.has(r); });
    }
    if (!hidden && e.shared) {
      let live = 0;
      e.shared.forEach(function (s) {
        if (sections.has(String(s[0])) && roles.has(s[1]) && roles.has(s[2])) { live += s[3]; }
      });
      hidden = live === 0;
      width = 1 + 1.5 * live;
    }
    return { id: e.id, hidden: hidden, width: width };
  }

  function applyFilters() {
    const roles = checked("role"), sections = checked("section"), kinds = checked("kind");
    const shown = visibleNodes(roles, sections, kinds);
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !shown.has(n.id), label: n.label }; }));
    edges.update(data.edges.map(function (e) { return edgeUpdate(e, shown, roles, sections); }));
    declutter = true;
    network.redraw();
    updateStatus();
  }

  // Labels only where they do not overlap: the most important first (groups, then by size).
  const measure = document.createElement("canvas").getContext("2d");
  const FACE = data.options.nodes.font.face;
  function labelBox(n, x, y) {
    const size = (n.font && n.font.size) || data.options.nodes.font.size;
    measure.font = size + "px " + FACE;
    const lines = String(n.label).split("\n");
    const width = Math.max.apply(null, lines.map(function (line) { return measure.measureText(line).width; }));
    const height = lines.length * size * 1.3;
    const pad = 3;
    if (n.shape === "box") {
      const m = (n.margin || 5) + pad;
      return [x - width / 2 - m, y - height / 2 - m, x + width / 2 + m, y + height / 2 + m];
    }
    const top = y + (n.size || 10) + 3;
    return [x - width / 2 - pad, top - pad, x + width / 2 + pad, top + height + pad];
  }

  function hideOverlappingLabels() {
    const positions = network.getPositions();
    const shown = data.nodes.filter(function (n) { return n.label && !nodes.get(n.id).hidden; });
    const rank = function (n) { return pinned.has(n.id) ? Infinity : (n.kgRank || 0); };  // a found node keeps its label
    shown.sort(function (a, b) { return rank(b) - rank(a) || (a.id < b.id ? -1 : 1); });
    const kept = [], hide = [];
    shown.forEach(function (n) {
      const p = positions[n.id], box = labelBox(n, p.x, p.y);
      const clash = kept.some(function (k) { return box[0] < k[2] && k[0] < box[2] && box[1] < k[3] && k[1] < box[3]; });
      // A blank, not an empty label: vis-network keeps a box's size for "" but not for " ".
      if (clash) { hide.push({ id: n.id, label: " " }); } else { kept.push(box); }
    });
    nodes.update(hide);
    network.redraw();
    window.kgStats.labels = kept.length;
    window.kgStats.hiddenLabels = hide.length;
  }

  network.on("afterDrawing", function () {
    if (declutter) { declutter = false; hideOverlappingLabels(); return; }
    if (!window.kgStats.drawn) { window.kgStats.drawn = true; updateStatus(); }
  });

  function updateStatus() {
    const shownNodes = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    const shownEdges = edges.get({ filter: function (e) { return !e.hidden; } }).length;
    const status = document.getElementById("status");
    status.textContent = say("showing", { nodes: shownNodes, all_nodes: nodes.length, links: shownEdges,
                                          all_links: edges.length }) +
      (data.nodes.some(function (n) { return n.kgType === "group"; }) ? " · " + data.words.groups : "");
    window.kgStats.shownNodes = shownNodes;
    window.kgStats.shownEdges = shownEdges;
    window.kgStats.expanded = Array.from(expanded).sort();
  }

  // The month's five colours as the tasks' fill, and back to section colours.
  const byStatus = document.getElementById("colour-by-status");
  if (byStatus) {
    byStatus.addEventListener("change", function () {
      nodes.update(data.nodes.filter(function (n) { return n.statusColour; }).map(function (n) {
        return { id: n.id, color: { background: byStatus.checked ? n.statusColour : n.color.background,
                                    border: n.color.border } };
      }));
      window.kgStats.colouredBy = byStatus.checked ? "status" : "section";
    });
  }

  function expand(ids) {
    ids.filter(function (id) { return byId.get(id).kgOpens; }).forEach(function (id) { expanded.add(id); });
    applyFilters();
  }
  document.getElementById("expand-all").addEventListener("click", function () {
    expand(data.nodes.filter(function (n) { return n.kgType === "group"; }).map(function (n) { return n.id; }));
  });
  document.getElementById("collapse-all").addEventListener("click", function () {
    expanded.clear(); pinned.clear(); applyFilters();
  });

  document.querySelectorAll("input[data-filter]").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function showDetails(id) {
    const detail = data.details[id];
    const panel = document.getElementById("details");
    panel.replaceChildren();
    if (!detail) { panel.appendChild(el("p", data.words.empty, "empty")); return; }
    panel.appendChild(el("h2", detail.title));
    if (detail.href) {  // served by kg app: the node's own page
      const open = el("a", data.words.open, "open-page");
      open.href = detail.href;
      panel.appendChild(open);
    }
    const list = el("dl");
    detail.fields.forEach(function (field) {
      list.appendChild(el("dt", field[0]));
      const dd = el("dd");
      if (Array.isArray(field[1])) {
        const ol = el("ol");
        field[1].forEach(function (item) {
          const li = el("li");
          li.appendChild(el("span", item.text, item.role ? "role-" + item.role : ""));
          if (item.note) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("span", item.note, "inferred")); }
          ol.appendChild(li);
        });
        dd.appendChild(ol);
      } else {
        dd.textContent = field[1];
      }
      list.appendChild(dd);
    });
    panel.appendChild(list);
  }

  network.on("click", function (params) {
    if (!params.nodes.length) { return; }
    const id = params.nodes[0];
    showDetails(id);
    if (byId.get(id).kgType === "group") { expand([id]); }
  });

  const search = document.getElementById("search");
  search.addEventListener("change", function () {
    const query = search.value.trim().toLowerCase();
    if (!query) { return; }
    const keys = function (n) { return n.searchKeys.concat(n.searchAlso || []); };  // ids and other names find too
    const match = data.nodes.find(function (n) {
      return keys(n).some(function (key) { return key.toLowerCase() === query; });
    }) || data.nodes.find(function (n) {
      return keys(n).some(function (key) { return key.toLowerCase().indexOf(query) >= 0; });
    });
    const result = document.getElementById("search-result");
    if (!match) { result.textContent = say("none", { query: search.value }); return; }
    result.textContent = "";
    if (match.kgGroup && !expanded.has(match.kgGroup)) { expanded.add(match.kgGroup); }
    pinned.add(match.id);
    applyFilters();
    network.selectNodes([match.id]);
    network.focus(match.id, { scale: 1.2, animation: false });
    showDetails(match.id);
  });

  document.getElementById("save-png").addEventListener("click", function () {
    const source = container.querySelector("canvas");
    const copy = document.createElement("canvas");
    copy.width = source.width; copy.height = source.height;
    const ctx = copy.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(source, 0, 0);
    const link = document.createElement("a");
    link.download = data.view + ".png";
    link.href = copy.toDataURL("image/png");
    link.click();
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });

  applyFilters();
  network.fit({ animation: false });
  showDetails(null);
})();
