// The map: country outlines from world-atlas (offline), optional tiles, one circle per place
// (sized by its claims, coloured by its most frequent type), grouped into clusters by
// leaflet.markercluster, the busiest places labelled. It opens on the data's main region (the
// server's `region`: the densest 90 % of the claims), not on the box around every point.
// Filters (type, actor, dates and a time slider) refetch the points without reloading the page.
// "Shade countries" colours each country outline by the claims of the points inside it (a
// choropleth over the same outlines, counted in the browser: no other map data is needed).
//
// Every text from the server goes in through textContent, never innerHTML: Leaflet renders a
// string given to bindTooltip, bindPopup or a divIcon's html as HTML, so all of them get DOM
// nodes (a place name from an import may carry markup).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var map = L.map(el, { tap: true, maxZoom: 18 }).setView([34.8, 38.5], 6);
  el.leafletMap = map; // for the browser tests and the console
  var LABELS = 12; // the busiest places carry their name on the map
  var DAY = 86400000;
  var tiles = el.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: "map tiles" }).addTo(map);
  }
  var outlinesRenderer = L.canvas();
  fetch(el.dataset.countries).then(function (r) { return r.json(); }).then(function (topo) {
    var outlines = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(outlines, { renderer: outlinesRenderer, interactive: false, style: { color: "#6b7b8c", weight: 1, fillColor: "#f4f1ea", fillOpacity: tiles ? 0 : 1 } }).addTo(map).bringToBack();
    el.dataset.outlines = String(outlines.features.length);
    shade.countries = outlines.features.filter(function (f) { return f.geometry; }).map(function (f) {
      return { name: f.properties.name, geometry: f.geometry, box: bounds(f.geometry) };
    });
    drawShade();
  }).catch(function () { /* outlines are a nicety; points still show */ });

  // --- countries shaded by their claims ------------------------------------------------------
  var shade = { box: document.getElementById("shade-countries"), legend: document.getElementById("shade-legend"), countries: null, points: null, layer: null, countryOf: {} };
  var SHADES = [[1000, "#b30000"], [100, "#e34a33"], [10, "#fc8d59"], [1, "#fdcc8a"]]; // ColorBrewer OrRd

  function polygons(geometry) { return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates; }

  function bounds(geometry) { // [west, south, east, north]
    var b = [180, 90, -180, -90];
    polygons(geometry).forEach(function (rings) {
      rings[0].forEach(function (c) { b = [Math.min(b[0], c[0]), Math.min(b[1], c[1]), Math.max(b[2], c[0]), Math.max(b[3], c[1])]; });
    });
    return b;
  }

  function ringHolds(ring, x, y) { // even-odd ray casting
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }

  function holds(country, x, y) {
    var b = country.box;
    if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) { return false; }
    return polygons(country.geometry).some(function (rings) {
      return ringHolds(rings[0], x, y) && !rings.slice(1).some(function (hole) { return ringHolds(hole, x, y); });
    });
  }

  function countryOf(p) { // each spot is looked up once: the outlines do not change
    var key = p.latitude + "," + p.longitude;
    if (!(key in shade.countryOf)) {
      shade.countryOf[key] = shade.countries.find(function (c) { return holds(c, p.longitude, p.latitude); }) || null;
    }
    return shade.countryOf[key];
  }

  function shadeOf(count) { return (SHADES.find(function (s) { return count >= s[0]; }) || SHADES[SHADES.length - 1])[1]; }

  function drawShade() {
    if (shade.layer) { map.removeLayer(shade.layer); shade.layer = null; }
    var on = Boolean(shade.box && shade.box.checked);
    if (shade.legend) { shade.legend.hidden = !on; }
    if (!on || !shade.countries || !shade.points) { delete el.dataset.shaded; return; }
    var counts = new Map();
    shade.points.forEach(function (p) {
      var c = countryOf(p);
      if (c) { counts.set(c, (counts.get(c) || 0) + p.count); }
    });
    var features = [];
    counts.forEach(function (n, c) { features.push({ type: "Feature", geometry: c.geometry, properties: { name: c.name, count: n } }); });
    shade.layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
      style: function (f) { return { color: "#6b7b8c", weight: 1, fillColor: shadeOf(f.properties.count), fillOpacity: 0.65 }; },
      onEachFeature: function (f, layer) {
        var tip = document.createElement("span");
        tip.appendChild(nameOf(f.properties.name));
        tip.appendChild(document.createTextNode(": " + counted(f.properties.count, "claim", "claims")));
        layer.bindTooltip(tip, { sticky: true });
      }
    }).addTo(map);
    var shaded = {};
    features.forEach(function (f) { shaded[f.properties.name] = f.properties.count; });
    el.dataset.shaded = JSON.stringify(shaded); // for the browser tests and the console
  }
  if (shade.box) { shade.box.addEventListener("change", drawShade); }

  // Area grows with the count, on a log scale: 1 claim and 100,000 both stay readable.
  function radius(count) { return Math.min(28, 6 + 4 * Math.log10(Math.max(1, count))); }
  function number(n) { return n.toLocaleString("en"); }
  // The page's words in its language (data-labels, from the catalogue), with English beside them.
  var WORDS = { undated: "undated", timeline: "Timeline of attacks", claim: "1 claim", claims: "%(n)s claims", unmapped: "%(n)s claims have no coordinates and are not shown." };
  try { WORDS = Object.assign(WORDS, JSON.parse(el.dataset.labels || "{}")); } catch (e) { /* keep English */ }
  function counted(n, one, many) { return n === 1 ? WORDS[one] : WORDS[many].replace("%(n)s", number(n)); }

  function dates(p) {
    if (!p.first) { return WORDS.undated; }
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
  function isolated(node) {
    node.dir = "auto";
    return node;
  }

  function nameOf(place) {
    var bdi = document.createElement("bdi");
    bdi.textContent = place;
    return bdi;
  }

  function total(points) { return points.reduce(function (n, p) { return n + p.count; }, 0); }

  // The tooltip: the name and every type's count; a label shows the name and the total only.
  function tooltip(points, short) {
    var box = document.createElement("span");
    box.appendChild(nameOf(points[0].place));
    if (short) {
      box.appendChild(document.createTextNode(" · " + number(total(points))));
    } else {
      box.appendChild(document.createTextNode(": " + points.map(function (p) { return p.type + " " + number(p.count); }).join(", ")));
    }
    return box;
  }

  function popup(points) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = points[0].place;
    box.appendChild(isolated(title));
    var list = document.createElement("ul");
    list.className = "point-types";
    points.forEach(function (p) {
      var item = document.createElement("li");
      var dot = document.createElement("span");
      dot.className = "dot";
      dot.style.background = p.colour;
      item.appendChild(dot);
      item.appendChild(link(p.claims_url, p.type + " · " + number(p.count), "type-link"));
      item.appendChild(document.createTextNode(" (" + dates(p) + ")"));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(link(points[0].timeline_url, WORDS.timeline, "timeline-link"));
    return box;
  }

  function listPlaces(byPlace, order) {
    // The busiest places as a plain list: reachable without a pointer, readable on a phone.
    var ol = document.getElementById("map-places");
    if (!ol) { return; }
    while (ol.firstChild) { ol.removeChild(ol.firstChild); }
    order.slice(0, 20).forEach(function (pid) {
      var points = byPlace[pid];
      var li = document.createElement("li");
      li.appendChild(isolated(link(points[0].timeline_url, points[0].place)));
      var n = total(points);
      li.appendChild(document.createTextNode(" — " + counted(n, "claim", "claims") + ": "));
      points.forEach(function (p, i) {
        if (i) { li.appendChild(document.createTextNode(", ")); }
        li.appendChild(link(p.claims_url, p.type + " " + number(p.count)));
      });
      ol.appendChild(li);
    });
  }

  // A cluster: a circle with the number of claims inside (not of places), built as DOM nodes.
  function clusterIcon(cluster) {
    var claims = cluster.getAllChildMarkers().reduce(function (n, m) { return n + m.feature.properties.count; }, 0);
    var span = document.createElement("span");
    span.className = "cluster-count";
    span.textContent = number(claims);
    var size = Math.round(2 * radius(claims) + 8);
    span.style.width = span.style.height = span.style.lineHeight = size + "px";
    return L.divIcon({ html: span, className: "place-cluster", iconSize: [size, size] });
  }

  var clusters = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false, iconCreateFunction: clusterIcon });
  map.addLayer(clusters);

  function placeMarker(points, labelled) {
    var p0 = points[0];
    var claims = total(points);
    var size = Math.round(2 * radius(claims));
    var dot = document.createElement("span");
    dot.className = "place-dot";
    dot.style.background = p0.colour; // features come largest first: the most frequent type
    dot.style.width = dot.style.height = size + "px";
    var marker = L.marker([p0.latitude, p0.longitude], {
      icon: L.divIcon({ html: dot, className: "place-marker", iconSize: [size, size] }),
      title: p0.place + " (" + counted(claims, "claim", "claims") + ")", // an attribute: text, never markup
      keyboard: true,
      riseOnHover: true
    });
    // The properties the browser tests and the console look for (`place`, `place_id`, `count`).
    marker.feature = { type: "Feature", properties: { place: p0.place, place_id: p0.place_id, count: claims, types: points.length } };
    marker.bindPopup(function () { return popup(points); });
    if (labelled) {
      marker.bindTooltip(tooltip(points, true), { permanent: true, direction: "right", className: "place-label", offset: [size / 2, 0] });
      marker.on("mouseover", function () { marker.setTooltipContent(tooltip(points, false)); });
      marker.on("mouseout", function () { marker.setTooltipContent(tooltip(points, true)); });
    } else {
      marker.bindTooltip(tooltip(points, false), { direction: "right", offset: [size / 2, 0] });
    }
    return marker;
  }

  // --- filters and the time slider ------------------------------------------------------
  var form = document.getElementById("map-filters");
  var slider = { box: document.getElementById("time-slider"), from: document.getElementById("slider-from"), to: document.getElementById("slider-to"), text: document.getElementById("slider-text"), first: null, key: null };

  function dayOf(offset) { return new Date(slider.first + offset * DAY).toISOString().slice(0, 10); }
  function offsetOf(day) { return Math.round((Date.parse(day + "T00:00:00Z") - slider.first) / DAY); }

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value) { params.append(key, value); } });
    return params.toString();
  }

  function setSlider(extent, key) {
    // The slider spans the claims the other filters keep; it is set again only when they change.
    if (!slider.box || !extent || !extent.first || slider.key === key) { return; }
    slider.key = key;
    slider.first = Date.parse(extent.first + "T00:00:00Z");
    var span = offsetOf(extent.last);
    [slider.from, slider.to].forEach(function (s) { s.min = "0"; s.max = String(span); });
    slider.from.value = form.elements.from.value ? String(Math.max(0, Math.min(span, offsetOf(form.elements.from.value)))) : "0";
    slider.to.value = form.elements.to.value ? String(Math.max(0, Math.min(span, offsetOf(form.elements.to.value)))) : String(span);
    slider.box.hidden = false;
    showSlider();
  }

  function showSlider() {
    slider.text.textContent = dayOf(Number(slider.from.value)) + " – " + dayOf(Number(slider.to.value));
  }

  var timer = null;
  function slid(which) {
    var a = Number(slider.from.value), b = Number(slider.to.value);
    if (a > b) { if (which === slider.from) { slider.to.value = String(a); } else { slider.from.value = String(b); } }
    showSlider();
    form.elements.from.value = Number(slider.from.value) > 0 ? dayOf(Number(slider.from.value)) : "";
    form.elements.to.value = Number(slider.to.value) < Number(slider.to.max) ? dayOf(Number(slider.to.value)) : "";
    clearTimeout(timer);
    timer = setTimeout(function () { load(false); }, 200);
  }

  var loading = 0;
  function load(refit) {
    var q = query();
    var mine = ++loading;
    el.classList.remove("loaded");
    fetch("/map/events.geojson" + (q ? "?" + q : ""), { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error("the server refused the filter (" + r.status + ")"); }
      return r.json();
    }).then(function (data) {
      if (mine !== loading) { return; } // a newer filter is on its way
      draw(data, refit);
      var filters = new URLSearchParams(q);
      filters.delete("from");
      filters.delete("to");
      setSlider(data.extent, filters.toString());
      if (history.replaceState) { history.replaceState(null, "", "/map" + (q ? "?" + q : "")); }
      el.dataset.query = q;
      el.classList.add("loaded");
    }).catch(function (err) {
      var note = document.getElementById("map-note");
      if (note) { note.textContent = String(err.message || err); }
    });
  }

  function draw(data, refit) {
    var byPlace = {};
    var order = [];
    data.features.forEach(function (f) {
      var p = f.properties;
      if (!byPlace[p.place_id]) { byPlace[p.place_id] = []; order.push(p.place_id); }
      byPlace[p.place_id].push({ place: p.place, place_id: p.place_id, type: p.type, count: p.count, first: p.first, last: p.last, colour: p.colour, claims_url: p.claims_url, timeline_url: p.timeline_url, latitude: f.geometry.coordinates[1], longitude: f.geometry.coordinates[0] });
    });
    order.sort(function (a, b) { return total(byPlace[b]) - total(byPlace[a]); });
    clusters.clearLayers();
    clusters.addLayers(order.map(function (pid, i) { return placeMarker(byPlace[pid], i < LABELS); }));
    el.dataset.count = String(data.features.length);
    el.dataset.places = String(order.length);
    el.dataset.claims = String(data.features.reduce(function (n, f) { return n + f.properties.count; }, 0));
    var note = document.getElementById("map-note");
    if (note && data.unmapped) {
      note.textContent = note.dataset.text + " " + WORDS.unmapped.replace("%(n)s", number(data.unmapped));
    } else if (note) {
      note.textContent = note.dataset.text;
    }
    listPlaces(byPlace, order);
    shade.points = order.map(function (pid) { var ps = byPlace[pid]; return { latitude: ps[0].latitude, longitude: ps[0].longitude, count: total(ps) }; });
    drawShade();
    if (refit && data.region) {
      // A town-level view at most: one point alone must not zoom to street level.
      map.fitBounds(L.latLngBounds(data.region).pad(0.3), { maxZoom: 9, animate: false });
    }
  }

  var noteEl = document.getElementById("map-note");
  if (noteEl) { noteEl.dataset.text = noteEl.textContent; }
  if (form) {
    form.addEventListener("submit", function (e) { e.preventDefault(); slider.key = null; load(true); });
    ["type", "actor"].forEach(function (name) {
      form.elements[name].addEventListener("change", function () { form.elements.from.value = ""; form.elements.to.value = ""; load(true); });
    });
    ["from", "to"].forEach(function (name) {
      form.elements[name].addEventListener("change", function () { slider.key = null; load(false); });
    });
    if (slider.from) {
      slider.from.addEventListener("input", function () { slid(slider.from); });
      slider.to.addEventListener("input", function () { slid(slider.to); });
    }
  }
  load(true);
});
