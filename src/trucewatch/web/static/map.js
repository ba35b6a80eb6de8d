// The map: country outlines from world-atlas (offline), optional tiles, and one circle per
// (place, event type) sized by its count of claims. Selecting a circle lists every type at
// that place, each linking to its claims. Every text from the server goes in through
// textContent, never innerHTML: Leaflet renders a string given to bindTooltip or bindPopup as
// HTML, so both get DOM nodes (a place name from an import may carry markup).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var map = L.map(el, { preferCanvas: true, tap: true }).setView([34.8, 38.5], 6);
  el.leafletMap = map; // for the browser tests and the console
  var tiles = el.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: "map tiles" }).addTo(map);
  }
  fetch(el.dataset.countries).then(function (r) { return r.json(); }).then(function (topo) {
    var outlines = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(outlines, { interactive: false, style: { color: "#6b7b8c", weight: 1, fillColor: "#f4f1ea", fillOpacity: tiles ? 0 : 1 } }).addTo(map).bringToBack();
    el.dataset.outlines = String(outlines.features.length);
  }).catch(function () { /* outlines are a nicety; points still show */ });

  // Area grows with the count, on a log scale: 1 claim and 100,000 both stay readable.
  function radius(count) { return Math.min(28, 5 + 4 * Math.log10(Math.max(1, count))); }

  function dates(p) {
    if (!p.first) { return "undated"; }
    return p.first === p.last ? p.first : p.first + " – " + p.last;
  }

  function link(href, text, className) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    if (className) { a.className = className; }
    return a;
  }

  // A place name as the source wrote it (Arabic, say): isolated, in its own direction, so it
  // does not pull the counts and punctuation after it into right-to-left order.
  function isolated(el) {
    el.dir = "auto";
    return el;
  }

  function nameOf(place) {
    var bdi = document.createElement("bdi");
    bdi.textContent = place;
    return bdi;
  }

  function tooltip(p) {
    var box = document.createElement("span");
    box.appendChild(nameOf(p.place));
    box.appendChild(document.createTextNode(": " + p.type + " " + p.count.toLocaleString("en")));
    return box;
  }

  function popup(place, byPlace) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = place.place;
    box.appendChild(isolated(title));
    var list = document.createElement("ul");
    list.className = "point-types";
    (byPlace[place.place_id] || []).forEach(function (p) {
      var item = document.createElement("li");
      var dot = document.createElement("span");
      dot.className = "dot";
      dot.style.background = p.colour;
      item.appendChild(dot);
      item.appendChild(link(p.claims_url, p.type + " · " + p.count.toLocaleString("en"), "type-link"));
      item.appendChild(document.createTextNode(" (" + dates(p) + ")"));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(link(place.timeline_url, "Timeline of attacks", "timeline-link"));
    return box;
  }

  function listPlaces(byPlace, order) {
    // The busiest places as a plain list: reachable without a pointer, readable on a phone.
    var ol = document.getElementById("map-places");
    if (!ol) { return; }
    function total(pid) { return byPlace[pid].reduce(function (n, p) { return n + p.count; }, 0); }
    order.slice().sort(function (a, b) { return total(b) - total(a); }).slice(0, 20).forEach(function (pid) {
      var points = byPlace[pid];
      var li = document.createElement("li");
      li.appendChild(isolated(link(points[0].timeline_url, points[0].place)));
      li.appendChild(document.createTextNode(" — " + total(pid).toLocaleString("en") + " claims: "));
      points.forEach(function (p, i) {
        if (i) { li.appendChild(document.createTextNode(", ")); }
        li.appendChild(link(p.claims_url, p.type + " " + p.count.toLocaleString("en")));
      });
      ol.appendChild(li);
    });
  }

  fetch(el.dataset.events, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var byPlace = {};
    var order = [];
    data.features.forEach(function (f) {
      var pid = f.properties.place_id;
      if (!byPlace[pid]) { byPlace[pid] = []; order.push(pid); }
      byPlace[pid].push(f.properties);
    });
    // Largest first, so smaller circles at the same place are drawn on top and stay selectable.
    var features = data.features.slice().sort(function (a, b) { return b.properties.count - a.properties.count; });
    var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        return L.circleMarker(latlng, { radius: radius(p.count), color: "#222", weight: 1, fillColor: p.colour, fillOpacity: 0.7 });
      },
      onEachFeature: function (feature, marker) {
        marker.bindPopup(function () { return popup(feature.properties, byPlace); });
        marker.bindTooltip(tooltip(feature.properties));
      }
    }).addTo(map);
    el.dataset.count = String(data.features.length);
    el.dataset.claims = String(data.features.reduce(function (n, f) { return n + f.properties.count; }, 0));
    if (data.unmapped) {
      var note = document.getElementById("map-note");
      if (note) { note.textContent += " " + data.unmapped.toLocaleString("en") + " claims have no coordinates and are not shown."; }
    }
    listPlaces(byPlace, order);
    if (data.features.length) {
      // A town-level view at most: one point alone must not zoom to street level.
      map.fitBounds(layer.getBounds().pad(0.3), { maxZoom: 9, animate: false });
    }
    el.classList.add("loaded");
  });
});
