/* The what-if page: a start (version or scenario), two parties, the units reassigned by
 * clicking, the answer of window.territory.check drawn on the map and written out in words.
 *
 * The state lives in the URL fragment (#start=...&a=...&b=...&units=unit:party,unit:-), so a
 * link restores it. Every text from the data is inserted as text (textContent, Option), never
 * as HTML.
 */
(function () {
  "use strict";

  var T = window.territory, DATA = T.data;
  var NO_HOLDER = "-";
  var STYLE = {
    base: {color: "#222222", weight: 1, opacity: 0.9, fillOpacity: 0.7, dashArray: null},
    selected: {color: "#000000", weight: 6, opacity: 1},
    wedge: {color: "#000000", weight: 4, opacity: 1, dashArray: "10 6"},
    chain: {color: "#000000", weight: 4, opacity: 1, dashArray: "2 6"},
    opening: {color: "#000000", weight: 3, opacity: 1, dashArray: "6 3 2 3"}
  };

  var parties = new Map(DATA.parties.map(function (party) { return [party.id, party]; }));
  var names = new Map(DATA.units.concat(DATA.parents).map(function (unit) { return [unit.id, unit.name]; }));
  var parentOf = new Map(), childrenOf = new Map();
  DATA.units.forEach(function (unit) {
    if (unit.parent === null) { return; }
    parentOf.set(unit.id, unit.parent);
    if (!childrenOf.has(unit.parent)) { childrenOf.set(unit.parent, []); }
    childrenOf.get(unit.parent).push(unit.id);
  });
  var starts = new Map(DATA.starts.map(function (start) { return [start.id, start]; }));
  var lines = new Map(DATA.lines.map(function (line) { return [line.a + "\n" + line.b, line.geometry]; }));

  var element = function (id) { return document.getElementById(id); };
  var controls = {
    start: element("whatif-start"), a: element("whatif-a"), b: element("whatif-b"),
    reset: element("whatif-reset"), chooser: element("whatif-chooser"), chosen: element("whatif-chosen"),
    holder: element("whatif-holder"), split: element("whatif-split"), changes: element("whatif-changes"),
    answer: element("whatif-answer"), note: element("whatif-note")
  };

  var state = {start: DATA.defaults.start, a: DATA.defaults.a, b: DATA.defaults.b, holders: null, selected: null};
  var written = null;

  function partyName(party) {
    return party === null ? "no holder" : parties.has(party) ? parties.get(party).name : party;
  }

  function startHolders(id) {
    var holders = starts.get(id).holders;
    return new Map(Object.keys(holders).sort().map(function (unit) { return [unit, holders[unit]]; }));
  }

  /** The node of the current assignment that holds a finest unit (itself or its parent). */
  function nodeOf(unit) {
    return state.holders.has(unit) ? unit : parentOf.get(unit);
  }

  function split(parent) {
    var party = state.holders.get(parent);
    state.holders.delete(parent);
    childrenOf.get(parent).forEach(function (child) { state.holders.set(child, party); });
  }

  /** Set ``unit`` (finest or parent) to ``party``, splitting or merging a parent as needed. */
  function put(unit, party) {
    if (!state.holders.has(unit)) {
      if (parentOf.has(unit) && state.holders.has(parentOf.get(unit))) {
        split(parentOf.get(unit));
      } else if (childrenOf.has(unit) && childrenOf.get(unit).every(function (c) { return state.holders.has(c); })) {
        childrenOf.get(unit).forEach(function (child) { state.holders.delete(child); });
      } else {
        return false;
      }
    }
    state.holders.set(unit, party);
    return true;
  }

  function assignment() {
    var result = {};
    state.holders.forEach(function (party, unit) { result[unit] = party; });
    return result;
  }

  /** The units whose holder differs from the start's (or that the start does not have), by id. */
  function changes() {
    var base = startHolders(state.start), found = [];
    Array.from(state.holders.keys()).sort().forEach(function (unit) {
      var party = state.holders.get(unit);
      if (!base.has(unit) || base.get(unit) !== party) { found.push([unit, party]); }
    });
    return found;
  }

  // ------------------------------------------------------------------ the URL fragment
  function encode() {
    var params = new URLSearchParams();
    params.set("start", state.start);
    params.set("a", state.a);
    params.set("b", state.b);
    var changed = changes().map(function (change) { return change[0] + ":" + (change[1] === null ? NO_HOLDER : change[1]); });
    if (changed.length) { params.set("units", changed.join(",")); }
    return "#" + params.toString();
  }

  /** Restore the state from the fragment; unknown ids are left out and counted. */
  function restore(hash) {
    var params = new URLSearchParams(hash.replace(/^#/, "")), ignored = 0;
    var start = params.get("start");
    state.start = starts.has(start) ? start : DATA.defaults.start;
    ignored += start !== null && !starts.has(start) ? 1 : 0;
    ["a", "b"].forEach(function (side) {
      var party = params.get(side);
      state[side] = parties.has(party) ? party : DATA.defaults[side];
      ignored += party !== null && !parties.has(party) ? 1 : 0;
    });
    state.holders = startHolders(state.start);
    (params.get("units") || "").split(",").filter(Boolean).forEach(function (item) {
      var at = item.lastIndexOf(":"), unit = item.slice(0, at), party = item.slice(at + 1);
      var known = at > 0 && names.has(unit) && (party === NO_HOLDER || parties.has(party));
      if (!known || !put(unit, party === NO_HOLDER ? null : party)) { ignored += 1; }
    });
    controls.note.textContent = ignored ? "The link names " + ignored + " unit(s) or part(ies) this atlas does not have; they were left out." : "";
  }

  function writeHash() {
    written = encode();
    if (location.hash !== written) { location.replace(written); }
  }

  // ------------------------------------------------------------------ the map
  var map = L.map("whatif-map", {zoomSnap: 0.25, attributionControl: true});
  map.attributionControl.addAttribution(DATA.attribution);
  map.fitBounds(DATA.bounds);
  var paths = new Map();
  L.geoJSON(DATA.shapes, {
    style: function () { return STYLE.base; },
    onEachFeature: function (feature, layer) {
      var unit = feature.properties.unit;
      paths.set(unit, layer);
      var tip = document.createElement("span");
      tip.textContent = names.get(unit);
      layer.bindTooltip(tip, {sticky: true});
      layer.on("click", function () { choose(unit); });
    }
  }).addTo(map);
  DATA.labels.forEach(function (label) {
    var text = document.createElement("span");
    text.textContent = label[3];
    L.tooltip({permanent: true, direction: "center", interactive: false, className: "territory-label"})
      .setLatLng([label[1], label[2]]).setContent(text).addTo(map);
  });
  paths.forEach(function (layer, unit) {
    var path = layer.getElement();
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.setAttribute("data-unit", unit);
    path.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        choose(unit);
      }
    });
  });
  var borders = L.layerGroup().addTo(map);

  function drawBorders(answer) {
    borders.clearLayers();
    (answer ? answer.shared_borders : []).forEach(function (stretch) {
      var parts = [];
      (childrenOf.get(stretch.unit_a) || [stretch.unit_a]).forEach(function (x) {
        (childrenOf.get(stretch.unit_b) || [stretch.unit_b]).forEach(function (y) {
          var geometry = lines.get(x < y ? x + "\n" + y : y + "\n" + x);
          if (geometry) { parts.push({type: "Feature", properties: {}, geometry: geometry}); }
        });
      });
      var collection = {type: "FeatureCollection", features: parts};
      var options = {interactive: false, className: "whatif-border"};
      L.geoJSON(collection, Object.assign({style: {color: "#FFFFFF", weight: 9, opacity: 1, lineCap: "round"}}, options)).addTo(borders);
      L.geoJSON(collection, Object.assign({style: {color: "#000000", weight: 5, opacity: 1, lineCap: "round"}}, options)).addTo(borders);
    });
  }

  function styleUnits(answer) {
    var roles = new Map();
    function mark(units, role) { units.forEach(function (unit) { if (!roles.has(unit)) { roles.set(unit, role); } }); }
    if (answer) {
      answer.wedges.forEach(function (wedge) { mark(wedge, "wedge"); });
      mark(answer.chain.map(function (link) { return link.unit; }), "chain");
      answer.openings.forEach(function (opening) { mark(opening, "opening"); });
    }
    paths.forEach(function (layer, unit) {
      var node = nodeOf(unit), party = state.holders.get(node), role = roles.get(node);
      var fill = party === null ? {fillColor: "#FFFFFF", fillOpacity: 0.6} : {fillColor: parties.get(party).colour};
      var selected = node === state.selected ? STYLE.selected : {};
      layer.setStyle(Object.assign({}, STYLE.base, fill, role ? STYLE[role] : {}, selected));
      var words = names.get(unit) + (node !== unit ? " (part of " + names.get(node) + ")" : "") + ": " + partyName(party);
      layer.getElement().setAttribute("aria-label", words + (role ? ", " + role + " unit" : ""));
      if (role || node === state.selected) { layer.bringToFront(); }
    });
  }

  // ------------------------------------------------------------------ the answer in words
  function add(parent, tag, text) {
    var child = document.createElement(tag);
    child.textContent = text;
    parent.appendChild(child);
    return child;
  }

  function list(parent, items) {
    var ul = document.createElement("ul");
    items.forEach(function (item) { add(ul, "li", item); });
    parent.appendChild(ul);
  }

  function unitNames(units) {
    return units.map(function (unit) { return names.get(unit); }).join(" + ");
  }

  function describe(answer) {
    var box = controls.answer, a = partyName(state.a), b = partyName(state.b);
    box.replaceChildren();
    if (answer.connected) {
      add(box, "p", "Touching: yes. " + a + " and " + b + " share a land border of "
        + answer.shared_border_km.toFixed(1) + " km, in " + answer.shared_borders.length + " stretch(es):");
      list(box, answer.shared_borders.map(function (s) {
        return names.get(s.unit_a) + " | " + names.get(s.unit_b) + ": " + s.km.toFixed(1) + " km";
      }));
      if (answer.wedges.length) {
        add(box, "p", "Wedges: the smallest sets of units whose transfer to a third party would end every contact (any one of):");
        list(box, answer.wedges.map(unitNames));
        if (!answer.wedges_complete) { add(box, "p", "More sets of the same size are not listed."); }
      }
      return;
    }
    add(box, "p", "Touching: no. " + a + " and " + b + " share no land border.");
    if (!answer.chain.length) {
      add(box, "p", "No chain of bordering units runs between them.");
      return;
    }
    add(box, "p", "Shortest chain (" + (answer.chain.length - 2) + " unit(s) between them, "
      + answer.chain_km.toFixed(1) + " km of borders crossed):");
    list(box, answer.chain.map(function (link) { return names.get(link.unit) + " (" + partyName(link.holder) + ")"; }));
    if (answer.openings.length) {
      add(box, "p", "Openings: the smallest sets of units which, handed to " + a + " or " + b + ", would connect their territories:");
      list(box, answer.openings.map(unitNames));
      if (!answer.openings_complete) { add(box, "p", "More sets of the same size are not listed."); }
    }
  }

  function describeChanges() {
    var found = changes();
    controls.changes.replaceChildren();
    if (!found.length) { add(controls.changes, "li", "None: the assignment of the start."); }
    found.forEach(function (change) { add(controls.changes, "li", names.get(change[0]) + ": " + partyName(change[1])); });
  }

  function update() {
    var answer = null;
    controls.start.value = state.start;
    controls.a.value = state.a;
    controls.b.value = state.b;
    try {
      answer = T.check(assignment(), state.a, state.b);
      describe(answer);
    } catch (error) {
      if (!(error instanceof T.TerritoryError)) { throw error; }
      controls.answer.replaceChildren();
      var holding = new Set(state.holders.values());
      add(controls.answer, "p", state.a === state.b ? "Choose two different parties."
        : [state.a, state.b].filter(function (p) { return !holding.has(p); }).map(partyName).join(" and ")
          + " holds no unit in this assignment.");
    }
    styleUnits(answer);
    drawBorders(answer);
    describeChanges();
    writeHash();
  }

  // ------------------------------------------------------------------ the chooser
  function choose(unit) {
    var node = nodeOf(unit);
    state.selected = node;
    controls.chooser.hidden = false;
    controls.chosen.textContent = names.get(node) + (node !== unit ? " (whole; you chose " + names.get(unit) + ")" : "");
    controls.holder.value = state.holders.get(node) === null ? NO_HOLDER : state.holders.get(node);
    controls.split.hidden = !childrenOf.has(node);
    controls.split.dataset.unit = unit;
    update();
    controls.holder.focus();
  }

  function options(select, items) {
    items.forEach(function (item) { select.add(new Option(item[1], item[0])); });
  }

  var partyOptions = DATA.parties.map(function (party) { return [party.id, party.name]; });
  options(controls.start, DATA.starts.map(function (start) { return [start.id, start.title]; }));
  options(controls.a, partyOptions);
  options(controls.b, partyOptions);
  options(controls.holder, partyOptions.concat([[NO_HOLDER, "no holder"]]));

  controls.start.addEventListener("change", function () {
    state.start = controls.start.value;
    state.holders = startHolders(state.start);
    state.selected = null;
    controls.chooser.hidden = true;
    update();
  });
  controls.a.addEventListener("change", function () { state.a = controls.a.value; update(); });
  controls.b.addEventListener("change", function () { state.b = controls.b.value; update(); });
  controls.holder.addEventListener("change", function () {
    state.holders.set(state.selected, controls.holder.value === NO_HOLDER ? null : controls.holder.value);
    update();
  });
  controls.split.addEventListener("click", function () {
    split(state.selected);
    choose(controls.split.dataset.unit);
  });
  controls.reset.addEventListener("click", function () {
    state.holders = startHolders(state.start);
    state.selected = null;
    controls.chooser.hidden = true;
    update();
  });
  window.addEventListener("hashchange", function () {
    if (location.hash === written) { return; }
    restore(location.hash);
    state.selected = null;
    controls.chooser.hidden = true;
    update();
  });

  T.current = function () {
    return {start: state.start, a: state.a, b: state.b, assignment: assignment()};
  };
  restore(location.hash);
  update();
})();
