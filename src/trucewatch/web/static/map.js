// The map: country outlines from world-atlas (offline), optional tiles, events as coloured points.
// Every text from the server goes in through textContent, never innerHTML.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var map = L.map(el, { preferCanvas: true }).setView([34.8, 38.5], 6);
  var tiles = el.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: "map tiles" }).addTo(map);
  }
  fetch(el.dataset.countries).then(function (r) { return r.json(); }).then(function (topo) {
    var outlines = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(outlines, { style: { color: "#6b7b8c", weight: 1, fillColor: "#f4f1ea", fillOpacity: tiles ? 0 : 1 } }).addTo(map).bringToBack();
    el.dataset.outlines = String(outlines.features.length);
  }).catch(function () { /* outlines are a nicety; points still show */ });

  function popup(props) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/claims/" + encodeURIComponent(props.claim_id || "");
    link.textContent = props.type + " · " + (props.date || "undated");
    link.className = "event-link";
    box.appendChild(link);
    var where = document.createElement("div");
    where.textContent = (props.location || "") + (props.source ? " — " + props.source : "");
    box.appendChild(where);
    var quote = document.createElement("blockquote");
    quote.textContent = props.notes || "";
    box.appendChild(quote);
    return box;
  }

  fetch(el.dataset.events, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 7, color: "#222", weight: 1, fillColor: feature.properties.colour, fillOpacity: 0.85 });
      },
      onEachFeature: function (feature, marker) { marker.bindPopup(function () { return popup(feature.properties); }); }
    }).addTo(map);
    el.dataset.count = String(data.features.length);
    if (data.features.length) { map.fitBounds(layer.getBounds().pad(0.5), { maxZoom: 11 }); }
    el.classList.add("loaded");
  });
});
