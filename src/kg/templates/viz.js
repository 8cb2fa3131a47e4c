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
  network.once("afterDrawing", function () { window.kgStats.drawn = true; updateStatus(); });

  const checked = function (name) {
    return new Set(Array.from(document.querySelectorAll('input[data-filter="' + name + '"]'))
      .filter(function (box) { return box.checked; }).map(function (box) { return box.value; }));
  };

  function applyFilters() {
    const roles = checked("role"), sections = checked("section"), kinds = checked("kind");
    const nodeUpdates = data.nodes.map(function (n) {
      let hidden = false;
      if (n.kgType === "task") { hidden = !sections.has(String(n.section)); }
      else if (n.kgType === "unit") { hidden = !kinds.has(n.kind); }
      return { id: n.id, hidden: hidden };
    });
    nodes.update(nodeUpdates);
    const hiddenNodes = new Set(nodeUpdates.filter(function (n) { return n.hidden; }).map(function (n) { return n.id; }));
    edges.update(data.edges.map(function (e) {
      let hidden = hiddenNodes.has(e.from) || hiddenNodes.has(e.to);
      if (!hidden && e.role) { hidden = !roles.has(e.role); }
      let width = e.width;
      if (!hidden && e.shared) {
        const live = e.shared.filter(function (s) {
          return sections.has(String(s.section)) && roles.has(s.roleA) && roles.has(s.roleB);
        });
        hidden = live.length === 0;
        width = 1 + 1.5 * live.length;
      }
      return { id: e.id, hidden: hidden, width: width };
    }));
    updateStatus();
  }

  function updateStatus() {
    const shownNodes = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    const shownEdges = edges.get({ filter: function (e) { return !e.hidden; } }).length;
    const status = document.getElementById("status");
    status.textContent = "showing " + shownNodes + " of " + nodes.length + " nodes, " +
      shownEdges + " of " + edges.length + " links";
    window.kgStats.shownNodes = shownNodes;
    window.kgStats.shownEdges = shownEdges;
  }

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
    if (!detail) { panel.appendChild(el("p", "Click a node to see its details.", "empty")); return; }
    panel.appendChild(el("h2", detail.title));
    if (detail.href) {  // served by kg app: the node's own page
      const open = el("a", "open its page 打开页面 →", "open-page");
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
    if (params.nodes.length) { showDetails(params.nodes[0]); }
  });

  const search = document.getElementById("search");
  search.addEventListener("change", function () {
    const query = search.value.trim().toLowerCase();
    if (!query) { return; }
    const match = data.nodes.find(function (n) {
      return n.searchKeys.some(function (key) { return key.toLowerCase() === query; });
    }) || data.nodes.find(function (n) {
      return n.searchKeys.some(function (key) { return key.toLowerCase().indexOf(query) >= 0; });
    });
    const result = document.getElementById("search-result");
    if (!match) { result.textContent = "no match for " + search.value; return; }
    result.textContent = "";
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
  showDetails(null);
})();
