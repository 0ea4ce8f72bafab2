/* The corridor questions of territory/corridor.py, computed in the page.
 *
 * window.territory.check(assignment, a, b, options) answers as check_assignment(graph,
 * assignment, a, b).to_dict() does, field for field: the same definitions, orderings and
 * tie-breaking (see the docstrings of territory/corridor.py and territory/_bipartite.py).
 * The finest unit graph (ids, parents, border km as full floats) is the JSON block
 * #territory-whatif-data, written by territory/maps/whatif_data.py. Contracted km are summed
 * border by border in the order of the finest borders, as Python's sum() of Python 3.11.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("territory-whatif-data").textContent);

  class TerritoryError extends Error {
    constructor(message) {
      super(message);
      this.name = "TerritoryError";
    }
  }

  function compare(x, y) {
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** Python's ordering of tuples (of strings or numbers). */
  function compareTuples(x, y) {
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var order = compare(x[i], y[i]);
      if (order !== 0) { return order; }
    }
    return x.length - y.length;
  }

  function sorted(values) {
    return values.slice().sort(compare);
  }

  /** Python's repr() of a short text without control characters. */
  function repr(text) {
    if (text.indexOf("'") >= 0 && text.indexOf('"') < 0) { return '"' + text + '"'; }
    return "'" + text.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
  }

  /** Python's round(x, 3): the nearest multiple of 0.001, exact halves to the even one. */
  function round3(x) {
    var sixteenths = x * 16;
    if (Number.isInteger(sixteenths) && sixteenths % 2 !== 0) {  // x * 1000 ends in exactly .5
      var below = Math.floor(x * 1000);
      return (below % 2 === 0 ? below : below + 1) / 1000;
    }
    return parseFloat(x.toFixed(3));
  }

  function pairKey(u, v) {
    return u < v ? u + "\n" + v : v + "\n" + u;
  }

  /** A unit graph: sorted unit ids, borders [a, b, km] sorted by (a, b), neighbours sorted by id. */
  function makeGraph(units, borders) {
    var neighbours = new Map(units.map(function (unit) { return [unit, []]; }));
    var km = new Map();
    borders.forEach(function (border) {
      neighbours.get(border[0]).push([border[1], border[2]]);
      neighbours.get(border[1]).push([border[0], border[2]]);
      km.set(pairKey(border[0], border[1]), border[2]);
    });
    neighbours.forEach(function (near) { near.sort(function (p, q) { return compare(p[0], q[0]); }); });
    return {units: units, borders: borders, neighbours: neighbours, km: km, known: new Set(units)};
  }

  var FINEST = makeGraph(sorted(DATA.units.map(function (unit) { return unit.id; })), DATA.borders);
  var PARENT = new Map(DATA.units.filter(function (unit) { return unit.parent !== null; })
    .map(function (unit) { return [unit.id, unit.parent]; }));
  var CONTRACTED = new Map();

  /** The finest units making up ``unit`` (UnitGraph.children). */
  function children(unit) {
    if (FINEST.known.has(unit)) { return [unit]; }
    var members = FINEST.units.filter(function (child) { return PARENT.get(child) === unit; });
    if (!members.length) {
      throw new TerritoryError("UnitGraph: unit: expected one of the known unit ids, got " + repr(unit));
    }
    return members;
  }

  /** The graph whose nodes are the units of ``level``, borders summed (UnitGraph.contract). */
  function contract(level) {
    var key = sorted(level);
    var id = key.join("\n");
    if (!CONTRACTED.has(id)) { CONTRACTED.set(id, contractNew(key)); }
    return CONTRACTED.get(id);
  }

  function contractNew(key) {
    var where = "UnitGraph.contract(level): ";
    if (key.length === FINEST.units.length && key.every(function (unit) { return FINEST.known.has(unit); })) {
      return FINEST;
    }
    var nodeOf = new Map();
    key.forEach(function (node) {
      children(node).forEach(function (member) {
        if (nodeOf.has(member)) {
          throw new TerritoryError(where + member + ": expected each finest unit in exactly one unit of the level, got "
            + repr("in both " + nodeOf.get(member) + " and " + node));
        }
        nodeOf.set(member, node);
      });
    });
    var missing = FINEST.units.filter(function (unit) { return !nodeOf.has(unit); });
    if (missing.length) {
      var list = "[" + missing.map(repr).join(", ") + "]";
      throw new TerritoryError(where + "level: expected units that cover every finest unit, got "
        + repr("missing " + list));
    }
    var grouped = new Map();
    FINEST.borders.forEach(function (border) {
      var a = nodeOf.get(border[0]), b = nodeOf.get(border[1]);
      if (a === b) { return; }
      var pair = a < b ? [a, b] : [b, a], id = pair.join("\n");
      if (!grouped.has(id)) { grouped.set(id, [pair[0], pair[1], 0]); }
      grouped.get(id)[2] += border[2];
    });
    var borders = Array.from(grouped.values()).sort(compareTuples);
    return makeGraph(key, borders);
  }

  /** A maximum matching left -> right, by augmenting paths (_bipartite.maximum_matching). */
  function maximumMatching(edges) {
    var adjacency = new Map();
    edges.forEach(function (edge) {
      if (!adjacency.has(edge[0])) { adjacency.set(edge[0], []); }
      adjacency.get(edge[0]).push(edge[1]);
    });
    var leftMate = new Map(), rightMate = new Map();
    sorted(Array.from(adjacency.keys())).forEach(function (root) {
      var reachedFrom = new Map(), stack = [root], visited = new Set([root]), freeEnd = null;
      while (stack.length && freeEnd === null) {
        var u = stack.pop(), near = adjacency.get(u);
        for (var i = 0; i < near.length; i++) {
          var v = near[i];
          if (reachedFrom.has(v)) { continue; }
          reachedFrom.set(v, u);
          if (!rightMate.has(v)) { freeEnd = v; break; }
          if (!visited.has(rightMate.get(v))) {
            visited.add(rightMate.get(v));
            stack.push(rightMate.get(v));
          }
        }
      }
      var end = freeEnd;
      while (end !== null) {
        var from = reachedFrom.get(end);
        var previous = leftMate.has(from) ? leftMate.get(from) : null;
        leftMate.set(from, end);
        rightMate.set(end, from);
        end = from !== root ? previous : null;
      }
    });
    return leftMate;
  }

  /** Minimum vertex covers, at most limit + 1 of them (_bipartite.minimum_covers). */
  function minimumCovers(edges, limit) {
    if (!edges.length) { return [[]]; }
    var pairs = Array.from(maximumMatching(edges).entries()).sort(compareTuples);
    var slot = new Map();
    pairs.forEach(function (pair, index) { slot.set(pair[0], index); slot.set(pair[1], index); });
    var implies = pairs.map(function () { return []; }), impliedBy = pairs.map(function () { return []; });
    var takeRight = [], takeLeft = [];
    edges.forEach(function (edge) {
      var u = edge[0], v = edge[1];
      if (!slot.has(u)) {
        takeRight.push(slot.get(v));
      } else if (!slot.has(v)) {
        takeLeft.push(slot.get(u));
      } else if (slot.get(u) !== slot.get(v)) {
        implies[slot.get(u)].push(slot.get(v));
        impliedBy[slot.get(v)].push(slot.get(u));
      }
    });
    var right = pairs.map(function () { return null; });

    function choose(start, value) {
      if (right[start] !== null) { return []; }
      right[start] = value;
      var newly = [start], stack = [start], follow = value ? implies : impliedBy;
      while (stack.length) {
        follow[stack.pop()].forEach(function (other) {
          if (right[other] === null) {
            right[other] = value;
            newly.push(other);
            stack.push(other);
          }
        });
      }
      return newly;
    }

    function cover() {
      return pairs.map(function (pair, index) { return right[index] ? pair[1] : pair[0]; });
    }

    function nextFree(position) {
      while (position < pairs.length && right[position] !== null) { position += 1; }
      return position;
    }

    takeRight.forEach(function (index) { choose(index, true); });
    takeLeft.forEach(function (index) { choose(index, false); });
    var found = [];
    var first = nextFree(0);
    if (first === pairs.length) { return [cover()]; }
    var frames = [[first, [false, true], []]];
    while (frames.length && found.length <= limit) {
      var frame = frames[frames.length - 1], position = frame[0], options = frame[1], newly = frame[2];
      newly.forEach(function (index) { right[index] = null; });
      newly.length = 0;
      if (!options.length) { frames.pop(); continue; }
      Array.prototype.push.apply(newly, choose(position, options.pop()));
      var following = nextFree(position + 1);
      if (following === pairs.length) {
        found.push(cover());
      } else {
        frames.push([following, [false, true], []]);
      }
    }
    return found;
  }

  /** Minimum wedges: a contact with one negotiable end forces that end (corridor._wedges). */
  function wedges(contacts, negotiable, limit) {
    var forced = new Set();
    for (var i = 0; i < contacts.length; i++) {
      var u = contacts[i][0], v = contacts[i][1];
      if (negotiable !== null && !negotiable.has(u) && !negotiable.has(v)) { return [[], true]; }
      if (negotiable !== null && (!negotiable.has(u) || !negotiable.has(v))) {
        forced.add(negotiable.has(u) ? u : v);
      }
    }
    var rest = contacts.filter(function (edge) { return !forced.has(edge[0]) && !forced.has(edge[1]); });
    var ordered = minimumCovers(rest, limit).map(function (found) {
      return sorted(Array.from(new Set(found.concat(Array.from(forced)))));
    }).sort(compareTuples);
    return [ordered.slice(0, limit), ordered.length <= limit];
  }

  function compareEntries(p, q) {
    return p[0] - q[0] || p[1] - q[1] || compare(p[2], q[2]) || compare(p[3], q[3]);
  }

  /** Lexicographic Dijkstra on (units crossed, km crossed, unit id) (corridor._chain). */
  function chain(graph, source, target) {
    var queue = sorted(Array.from(source)).map(function (unit) { return [0, 0, unit, null]; });
    var previous = new Map();
    while (queue.length) {
      var best = 0;
      for (var i = 1; i < queue.length; i++) {
        if (compareEntries(queue[i], queue[best]) < 0) { best = i; }
      }
      var entry = queue.splice(best, 1)[0], hops = entry[0], km = entry[1], unit = entry[2];
      if (previous.has(unit)) { continue; }
      previous.set(unit, entry[3]);
      if (target.has(unit)) {
        var path = [unit];
        while (previous.get(path[path.length - 1]) !== null) { path.push(previous.get(path[path.length - 1])); }
        return [path.reverse(), km];
      }
      graph.neighbours.get(unit).forEach(function (near) {
        if (!previous.has(near[0]) && !source.has(near[0])) { queue.push([hops + 1, km + near[1], near[0], unit]); }
      });
    }
    return [[], 0];
  }

  /** Hops from ``start`` through passable units (corridor._distances). */
  function distances(graph, start, passable, until, maxDepth) {
    var first = new Set();
    start.forEach(function (unit) {
      graph.neighbours.get(unit).forEach(function (near) { if (passable(near[0])) { first.add(near[0]); } });
    });
    var frontier = sorted(Array.from(first));
    var distance = new Map(frontier.map(function (unit) { return [unit, 1]; }));
    var depth = 1;
    while (frontier.length && depth !== maxDepth && !(until && frontier.some(until))) {
      depth += 1;
      var following = [];
      frontier.forEach(function (unit) {
        graph.neighbours.get(unit).forEach(function (near) {
          if (!distance.has(near[0]) && passable(near[0])) {
            distance.set(near[0], depth);
            following.push(near[0]);
          }
        });
      });
      frontier = following;
    }
    return distance;
  }

  /** Interior units of the shortest chains through negotiable intermediate units (corridor._openings). */
  function openings(graph, source, target, negotiable, limit) {
    function passable(unit) {
      return !source.has(unit) && !target.has(unit) && (negotiable === null || negotiable.has(unit));
    }
    function bordersTarget(unit) {
      return graph.neighbours.get(unit).some(function (near) { return target.has(near[0]); });
    }
    var fromA = distances(graph, source, passable, bordersTarget, null);
    var length = null;
    fromA.forEach(function (hops, unit) {
      if (bordersTarget(unit) && (length === null || hops < length)) { length = hops; }
    });
    if (length === null) { return [[], true]; }
    var fromB = distances(graph, target, passable, null, length);
    var found = new Map();

    function extend(path) {
      if (found.size > limit) { return; }
      if (path.length === length) {
        var units = sorted(path);
        found.set(units.join("\n"), units);
        return;
      }
      var step = path.length + 1;
      graph.neighbours.get(path[path.length - 1]).forEach(function (near) {
        if (fromA.get(near[0]) === step && fromB.get(near[0]) === length - step + 1) { extend(path.concat([near[0]])); }
      });
    }

    var firsts = [];
    fromA.forEach(function (hops, unit) { if (hops === 1 && fromB.get(unit) === length) { firsts.push(unit); } });
    sorted(firsts).forEach(function (unit) { extend([unit]); });
    var ordered = Array.from(found.values()).sort(compareTuples);
    return [ordered.slice(0, limit), ordered.length <= limit];
  }

  /** The nodes of ``graph`` lying wholly inside ``within`` (corridor._negotiable). */
  function negotiableUnits(graph, within, where) {
    within.forEach(function (unit) {
      if (!FINEST.known.has(unit) && !Array.from(PARENT.values()).includes(unit)) {
        throw new TerritoryError(where + ": within: unit: expected one of the known unit ids, got " + repr(unit));
      }
    });
    var allowed = new Set();
    within.forEach(function (unit) { children(unit).forEach(function (child) { allowed.add(child); }); });
    return new Set(graph.units.filter(function (unit) {
      return children(unit).every(function (child) { return allowed.has(child); });
    }));
  }

  /**
   * The corridor answer for parties ``a`` and ``b`` under ``assignment`` (unit id, finest or
   * parent, -> party id or null), as ``check_assignment(...).to_dict()`` without components.
   * ``options.within``: negotiable unit ids; ``options.limit``: at most this many wedges and
   * openings (50). Throws a TerritoryError with Python's message when a == b, when a party
   * holds nothing, or when the units do not cover every finest unit exactly once.
   */
  function check(assignment, a, b, options) {
    options = options || {};
    var limit = options.limit === undefined ? DATA.max_sets : options.limit;
    var holders = new Map(Object.keys(assignment).map(function (unit) {
      return [unit, typeof assignment[unit] === "string" ? assignment[unit] : null];
    }));
    var graph = contract(Array.from(holders.keys()));
    var parties = sorted(Array.from(new Set(Array.from(holders.values()).filter(function (p) { return p !== null; }))));
    var where = "check assignment";
    if (a === b) {
      throw new TerritoryError(where + ": between: expected two different parties, got " + repr(a + " twice"));
    }
    var missing = [a, b].filter(function (party) { return parties.indexOf(party) < 0; });
    if (missing.length) {
      throw new TerritoryError(where + ": " + missing.join(", ") + ": expected a party that holds at least one unit in "
        + "this assignment (parties holding units: " + (parties.join(", ") || "none") + ")");
    }
    var within = null, negotiable = null;
    if (options.within !== undefined && options.within !== null) {
      within = sorted(Array.from(new Set(typeof options.within === "string" ? [options.within] : options.within)));
      negotiable = negotiableUnits(graph, within, where);
    }
    var source = new Set(), target = new Set();
    holders.forEach(function (party, unit) {
      if (party === a) { source.add(unit); } else if (party === b) { target.add(unit); }
    });
    var forward = 0, backward = 0, contacts = [];
    graph.borders.forEach(function (border) {
      var left = holders.get(border[0]), right = holders.get(border[1]);
      if (left === a && right === b) { forward += border[2]; contacts.push([border[0], border[1]]); }
      if (left === b && right === a) { backward += border[2]; contacts.push([border[1], border[0]]); }
    });
    contacts.sort(compareTuples);
    var km = forward + backward;
    var found = km > 0 ? wedges(contacts, negotiable, limit) : [[], true];
    var path = km === 0 ? chain(graph, source, target) : [[], 0];
    var opened = km === 0 ? openings(graph, source, target, negotiable, limit) : [[], true];
    return {
      a: a,
      b: b,
      within: within,
      connected: km > 0,
      shared_border_km: round3(km),
      shared_borders: contacts.map(function (pair) {
        return {unit_a: pair[0], unit_b: pair[1], km: round3(graph.km.get(pairKey(pair[0], pair[1])))};
      }),
      wedge: found[0].length ? found[0][0] : [],
      wedges: found[0],
      wedges_complete: found[1],
      chain: path[0].map(function (unit) { return {unit: unit, holder: holders.get(unit)}; }),
      chain_km: round3(path[1]),
      openings: opened[0],
      openings_complete: opened[1]
    };
  }

  window.territory = {check: check, data: DATA, TerritoryError: TerritoryError};
})();
