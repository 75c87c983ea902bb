/* 征地信息 page: draws the county outline and each located item with the bundled Leaflet (no tile layer,
   nothing loaded from another host), and filters the list and the map by place name as the user types.
   Data comes from the non-executing <script type="application/json" id="gk-zd-data"> block. */
(function () {
  "use strict";
  var dataEl = document.getElementById("gk-zd-data");
  var mapEl = document.getElementById("gk-zd-map");
  if (!dataEl || !mapEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var map = L.map(mapEl, {
    zoomControl: false, attributionControl: false, keyboard: false, dragging: true,
    scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, touchZoom: true,
    zoomSnap: 0.1, renderer: L.svg()
  });
  var outline = L.geoJSON({ type: "GeometryCollection", geometries: data.outline }, {
    interactive: false, style: { color: "#4a5260", weight: 2, fillColor: "#dfe3e8", fillOpacity: 0.6 }
  }).addTo(map);
  var layers = {};
  data.features.forEach(function (f) {
    layers[f.properties.id] = L.geoJSON(f, {
      interactive: false,
      style: { color: "#1a56db", weight: 2, fillColor: "#1a56db", fillOpacity: 0.35 },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 6, interactive: false, color: "#1a56db", weight: 2, fillColor: "#1a56db", fillOpacity: 0.8 });
      }
    }).addTo(map);
  });
  var bounds = outline.getBounds();
  Object.keys(layers).forEach(function (id) { bounds.extend(layers[id].getBounds()); });
  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12] }); } else { map.setView([0, 0], 1); }
  mapEl.classList.add("gk-zd-map--drawn");

  var box = document.getElementById("gk-zd-filter-box");
  var input = document.getElementById("gk-zd-filter");
  var count = document.getElementById("gk-zd-count");
  var none = document.getElementById("gk-zd-none");
  var entries = Array.prototype.slice.call(document.querySelectorAll(".gk-zd-list li[data-place]"));
  var total = count ? count.textContent : "";
  if (!box || !input) { return; }
  box.hidden = false;
  function apply() {
    var q = input.value.trim();
    var shown = 0;
    entries.forEach(function (li) {
      var on = !q || li.getAttribute("data-place").indexOf(q) !== -1;
      li.hidden = !on;
      if (on) { shown += 1; }
      var layer = layers[li.id];
      if (layer) { if (on) { layer.addTo(map); } else { map.removeLayer(layer); } }
    });
    document.querySelectorAll(".gk-zd-year").forEach(function (y) { y.hidden = !y.querySelector("li:not([hidden])"); });
    document.querySelectorAll(".gk-zd-place").forEach(function (s) { s.hidden = !s.querySelector("li:not([hidden])"); });
    if (none) { none.hidden = shown !== 0; }
    if (count) { count.textContent = q ? "筛选“" + q + "”：" + shown + " 条征地信息。" : total; }
  }
  input.addEventListener("input", apply);
  input.addEventListener("search", apply);
})();
