'use strict';
// authspec report.html: draws the targets × rules matrix from the JSON data
// block. Everything from the data is put into the page with textContent
// (or as a property such as title), never parsed as markup: the data holds
// bytes chosen by the servers under test.
(function () {
  var started = performance.now();
  var data = JSON.parse(document.getElementById('authspec-data').textContent);
  var parsed = performance.now();

  // Outcomes, the worst first: a cell shows the worst outcome it holds
  // among those the filter shows.
  var ORDER = ['error', 'fail', 'warn', 'info', 'pass', 'skip'];
  // SAME_LISTED is how many other requests with the same defect a result
  // lists.
  var SAME_LISTED = 200;
  var SYMBOL = { error: 'E', fail: '✗', warn: '!', info: 'i', pass: '✓', skip: '–', 'not-run': '\u00a0' };
  var CHUNK = 100; // unit rows, and results in the detail panel, drawn at a time

  var rules = data.rules;
  var targets = data.targets;
  var state = {
    outcomes: new Set(ORDER.concat(['not-run'])),
    target: '', rfc: '', scheme: '',
    expanded: new Map() // target index → unit rows drawn
  };
  var targetCellCache = new Map();
  var unitCellCache = new Map();
  var resultsByRuleCache = new Map();

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function ref(rule) {
    if (!rule.sec) return rule.rfc;
    return rule.rfc + ' §' + rule.sec.split(', ').join(', §');
  }

  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  // countsText words counts of checks (a target, a cell) or, with noun,
  // of requests (one resource's cell).
  function countsText(counts, noun) {
    var parts = [];
    var n = 0;
    ORDER.forEach(function (o) { if (counts[o]) { parts.push(counts[o] + ' ' + o); n += counts[o]; } });
    if (!n) return 'nothing judged';
    return plural(n, noun || 'check') + ': ' + parts.join(', ');
  }

  // The row outcome of a target without cells: what its verdict says.
  function verdictOutcome(v) {
    if (v === 'pass' || v === 'fail' || v === 'error') return v;
    if (v === 'interrupted') return 'error';
    return 'not-run';
  }

  function shownOutcome(counts) {
    if (!counts) return null;
    for (var i = 0; i < ORDER.length; i++) {
      if (counts[ORDER[i]] && state.outcomes.has(ORDER[i])) return ORDER[i];
    }
    return null;
  }

  // targetCells maps a target's rules to their checks by outcome.
  function targetCells(ti) {
    if (targetCellCache.has(ti)) return targetCellCache.get(ti);
    var m = new Map();
    targets[ti].cells.forEach(function (c) { m.set(c.r, c.n); });
    targetCellCache.set(ti, m);
    return m;
  }

  // unitCells counts each resource's judged requests per rule: passes from the unit,
  // the rest from the target's results. Done once per target, when first
  // opened.
  function unitCells(ti) {
    if (unitCellCache.has(ti)) return unitCellCache.get(ti);
    var t = targets[ti];
    var cells = t.units.map(function () { return new Map(); });
    function add(u, r, o, n) {
      var c = cells[u].get(r);
      if (!c) { c = {}; cells[u].set(r, c); }
      c[o] = (c[o] || 0) + n;
    }
    t.units.forEach(function (u, i) {
      var p = u.p || [];
      for (var k = 0; k + 1 < p.length; k += 2) add(i, p[k], 'pass', p[k + 1]);
    });
    t.results.forEach(function (x) { if (x.u >= 0 && x.u < cells.length) add(x.u, x.r, x.o, 1); });
    unitCellCache.set(ti, cells);
    return cells;
  }

  function resultsByRule(ti) {
    if (resultsByRuleCache.has(ti)) return resultsByRuleCache.get(ti);
    var m = new Map();
    targets[ti].results.forEach(function (x, i) {
      if (!m.has(x.r)) m.set(x.r, []);
      m.get(x.r).push(i);
    });
    resultsByRuleCache.set(ti, m);
    return m;
  }

  // ---- the run line and the filters ----

  function drawRun() {
    var p = document.getElementById('run');
    var verdicts = {};
    targets.forEach(function (t) { verdicts[t.verdict] = (verdicts[t.verdict] || 0) + 1; });
    var parts = [];
    if (data.targetsFile) parts.push(data.targetsFile);
    var vs = Object.keys(verdicts).sort().map(function (v) { return verdicts[v] + ' ' + v; });
    parts.push(plural(targets.length, 'target') + (vs.length ? ': ' + vs.join(', ') : ''));
    parts.push(plural(rules.length, 'rule') + ' judged');
    if (data.shard) parts.push('shard ' + data.shard);
    if (data.tool) parts.push(data.tool);
    p.textContent = parts.join(' · ');
    if (data.baseline && data.baseline.length) {
      data.baseline.forEach(function (line, i) {
        p.appendChild(el(i === 0 ? 'strong' : 'span', 'baseline', ' · ' + line));
      });
    }
    if (data.interrupted) {
      var warn = el('strong', 'interrupted', ' · interrupted before the end' +
        (data.unfinished && data.unfinished.length ? ' (unfinished: ' + data.unfinished.join(', ') + ')' : ''));
      p.appendChild(warn);
    }
  }

  function drawFilters() {
    var totals = {};
    targets.forEach(function (t) {
      Object.keys(t.counts).forEach(function (o) { totals[o] = (totals[o] || 0) + t.counts[o]; });
      if (verdictOutcome(t.verdict) === 'not-run' && t.cells.length === 0) totals['not-run'] = (totals['not-run'] || 0) + 1;
    });
    var box = document.getElementById('outcomes');
    ORDER.concat(['not-run']).forEach(function (o) {
      var label = el('label', 'outcome');
      var cb = el('input');
      cb.type = 'checkbox';
      cb.checked = true;
      cb.value = o;
      cb.id = 'f-' + o;
      cb.addEventListener('change', function () {
        if (cb.checked) state.outcomes.add(o); else state.outcomes.delete(o);
        draw();
      });
      label.appendChild(cb);
      label.appendChild(el('span', 'swatch o-' + o, SYMBOL[o]));
      label.appendChild(document.createTextNode(' ' + o + ' (' + (totals[o] || 0) + ')'));
      box.appendChild(label);
    });
    fillSelect('f-target', targets.map(function (t, i) { return [String(i), t.name]; }), 'target');
    var rfcs = uniqueSorted(rules.map(function (r) { return r.rfc; }));
    fillSelect('f-rfc', rfcs.map(function (r) { return [r, r]; }), 'rfc');
    var schemes = uniqueSorted(rules.map(function (r) { return r.scheme || ''; }));
    fillSelect('f-scheme', schemes.map(function (s) { return [s || '-', s || '(not about one scheme)']; }), 'scheme');
    document.getElementById('f-reset').addEventListener('click', function () {
      state.outcomes = new Set(ORDER.concat(['not-run']));
      state.target = state.rfc = state.scheme = '';
      Array.prototype.forEach.call(document.querySelectorAll('#outcomes input'), function (cb) { cb.checked = true; });
      ['f-target', 'f-rfc', 'f-scheme'].forEach(function (id) { document.getElementById(id).value = ''; });
      draw();
    });
  }

  function uniqueSorted(xs) {
    return Array.from(new Set(xs)).sort();
  }

  function fillSelect(id, options, key) {
    var sel = document.getElementById(id);
    options.forEach(function (o) {
      var opt = el('option', null, o[1]);
      opt.value = o[0];
      sel.appendChild(opt);
    });
    sel.addEventListener('change', function () { state[key] = sel.value; draw(); });
  }

  // ---- the matrix ----

  function ruleShown(r) {
    var rule = rules[r];
    if (state.rfc && rule.rfc !== state.rfc) return false;
    if (state.scheme && (rule.scheme || '-') !== state.scheme) return false;
    return true;
  }

  function targetsShown() {
    var out = [];
    targets.forEach(function (t, i) {
      if (state.target !== '' && String(i) !== state.target) return;
      out.push(i);
    });
    return out;
  }

  function draw() {
    var ts = targetsShown();
    var rs = [];
    for (var r = 0; r < rules.length; r++) {
      if (!ruleShown(r)) continue;
      var any = ts.some(function (ti) { return shownOutcome(targetCells(ti).get(r)) !== null; });
      if (any) rs.push(r);
    }
    var rows = ts.filter(function (ti) {
      var t = targets[ti];
      if (t.cells.length === 0) return state.outcomes.has(verdictOutcome(t.verdict));
      return rs.some(function (r) { return shownOutcome(targetCells(ti).get(r)) !== null; });
    });
    var table = document.getElementById('matrix');
    table.textContent = '';
    table.appendChild(header(rs));
    var body = el('tbody');
    rows.forEach(function (ti) { drawTarget(body, ti, rs); });
    table.appendChild(body);
    document.getElementById('shown').textContent = 'showing ' + rows.length + ' of ' + plural(targets.length, 'target') +
      ', ' + rs.length + ' of ' + plural(rules.length, 'rule');
  }

  function header(rs) {
    var head = el('thead');
    var tr = el('tr');
    tr.appendChild(el('th', 'corner', 'target / resource'));
    rs.forEach(function (r) {
      var rule = rules[r];
      var th = el('th', 'rule');
      th.scope = 'col';
      th.title = rule.id + '\n' + ref(rule) + ' · ' + rule.level + (rule.basis ? ', ' + rule.basis : '') +
        (rule.scheme ? ' · ' + rule.scheme : '') + (rule.req ? '\n' + rule.req : '');
      th.appendChild(el('span', null, rule.id));
      tr.appendChild(th);
    });
    head.appendChild(tr);
    return head;
  }

  function drawTarget(body, ti, rs) {
    var t = targets[ti];
    var tr = el('tr', 'trow');
    tr.dataset.t = ti;
    var th = el('th', 'tname');
    th.scope = 'row';
    var open = state.expanded.has(ti);
    var toggle = el('button', 'toggle', open ? '▾' : '▸');
    toggle.type = 'button';
    toggle.dataset.toggle = ti;
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    toggle.setAttribute('aria-label', (open ? 'Close ' : 'Open ') + t.name);
    toggle.disabled = t.units.length === 0;
    th.appendChild(toggle);
    th.appendChild(el('span', 'name', t.name));
    th.appendChild(el('span', 'verdict v-' + verdictOutcome(t.verdict), t.verdict));
    th.appendChild(el('span', 'units', plural(t.units.length, 'resource')));
    th.title = t.name + '\n' + t.url + '\n' + t.kind + (t.protocol ? ' · ' + t.protocol : '') + ' · ' + plural(t.requests, 'request') + ' sent' +
      (t.line ? '\n' + (data.targetsFile || 'targets file') + ' line ' + t.line : '') + '\n' + countsText(t.counts) +
      (t.time ? '\ntook ' + t.time : '');
    if (t.time) th.appendChild(el('span', 'time', t.time.split(';')[0]));
    tr.appendChild(th);
    var notRun = verdictOutcome(t.verdict) === 'not-run' && t.cells.length === 0;
    var cells = targetCells(ti);
    rs.forEach(function (r) { tr.appendChild(cell(ti, r, -1, notRun ? null : cells.get(r), notRun)); });
    body.appendChild(tr);
    if (open) drawUnits(body, ti, rs);
  }

  function drawUnits(body, ti, rs) {
    var t = targets[ti];
    var cells = unitCells(ti);
    var limit = Math.min(state.expanded.get(ti), t.units.length);
    for (var u = 0; u < limit; u++) {
      var unit = t.units[u];
      var tr = el('tr', 'urow');
      var th = el('th', 'uname', unit.m + ' ' + unit.res);
      th.scope = 'row';
      th.title = unit.m + ' ' + unit.res + (unit.l ? '\n' + (data.targetsFile || 'targets file') + ' line ' + unit.l : '');
      tr.appendChild(th);
      for (var i = 0; i < rs.length; i++) tr.appendChild(cell(ti, rs[i], u, cells[u].get(rs[i]), false));
      body.appendChild(tr);
    }
    if (limit < t.units.length) {
      var more = el('tr', 'more');
      var td = el('td');
      td.colSpan = rs.length + 1;
      var b = el('button', null, 'show ' + Math.min(CHUNK, t.units.length - limit) + ' more of ' + plural(t.units.length, 'resource'));
      b.type = 'button';
      b.dataset.more = ti;
      td.appendChild(b);
      more.appendChild(td);
      body.appendChild(more);
    }
  }

  function cell(ti, r, u, counts, notRun) {
    var td = el('td', 'cell');
    if (notRun) {
      td.className = 'cell o-not-run';
      td.dataset.o = 'not-run';
      td.title = 'not run';
      return td;
    }
    var o = shownOutcome(counts);
    if (!o) {
      td.className = 'cell none';
      if (counts) td.title = 'hidden by the filter';
      return td;
    }
    td.className = 'cell o-' + o;
    td.textContent = SYMBOL[o];
    td.dataset.o = o;
    td.dataset.t = ti;
    td.dataset.r = r;
    if (u >= 0) td.dataset.u = u;
    td.tabIndex = 0;
    td.title = rules[r].id + (rules[r].sev ? ' (severity ' + rules[r].sev + ')' : '') + '\n' + countsText(counts, u >= 0 ? 'request' : 'check');
    return td;
  }

  function onMatrixClick(ev) {
    var target = ev.target;
    if (target.dataset.toggle !== undefined) {
      var ti = Number(target.dataset.toggle);
      if (state.expanded.has(ti)) state.expanded.delete(ti); else state.expanded.set(ti, CHUNK);
      draw();
      return;
    }
    if (target.dataset.more !== undefined) {
      var mi = Number(target.dataset.more);
      state.expanded.set(mi, state.expanded.get(mi) + CHUNK);
      draw();
      return;
    }
    var td = target.closest('td.cell');
    if (td && td.dataset.r !== undefined) {
      Array.prototype.forEach.call(document.querySelectorAll('td.selected'), function (s) { s.classList.remove('selected'); });
      td.classList.add('selected');
      showDetail(Number(td.dataset.t), Number(td.dataset.r), td.dataset.u === undefined ? -1 : Number(td.dataset.u));
    }
  }

  // ---- the detail panel ----

  function showDetail(ti, r, u) {
    var t = targets[ti];
    var rule = rules[r];
    var panel = document.getElementById('detail');
    panel.textContent = '';
    var close = el('button', 'close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close');
    close.addEventListener('click', hideDetail);
    panel.appendChild(close);
    panel.appendChild(el('h2', 'rule-id', rule.id));
    var where = t.name + (u >= 0 ? ' · ' + t.units[u].m + ' ' + t.units[u].res : '');
    panel.appendChild(el('p', 'where', where));
    panel.appendChild(el('p', 'meta', ref(rule) + ' · ' + rule.level + (rule.basis ? ', ' + rule.basis : '') +
      (rule.sev ? ' · severity ' + rule.sev : '') + ' · ' + (rule.scheme || 'not about one scheme')));
    if (rule.req) panel.appendChild(el('p', 'req', rule.req));
    var counts = u >= 0 ? unitCells(ti)[u].get(r) : targetCells(ti).get(r);
    panel.appendChild(el('p', 'counts', countsText(counts || {}, u >= 0 ? 'request' : 'check')));
    var list = (resultsByRule(ti).get(r) || []).filter(function (i) { return u < 0 || t.results[i].u === u; });
    list.sort(function (a, b) {
      return ORDER.indexOf(t.results[a].o) - ORDER.indexOf(t.results[b].o) || a - b;
    });
    if (list.length === 0) {
      panel.appendChild(el('p', 'allpass', 'Every request this rule judged here met it: passes are counted, not kept one by one, so there is no evidence to show.'));
    }
    // The same defect (outcome and message) on many requests is one
    // entry: its first evidence, then where else it was seen.
    var groups = [];
    var byKey = new Map();
    list.forEach(function (i) {
      var x = t.results[i];
      var key = x.o + '\u0000' + x.msg;
      var g = byKey.get(key);
      if (!g) { g = []; byKey.set(key, g); groups.push(g); }
      g.push(i);
    });
    var ol = el('ol', 'results');
    panel.appendChild(ol);
    drawResults(ol, ti, groups, 0);
    panel.hidden = false;
    panel.scrollTop = 0;
    close.focus();
  }

  function drawResults(ol, ti, list, from) {
    var t = targets[ti];
    var to = Math.min(list.length, from + CHUNK);
    for (var i = from; i < to; i++) ol.appendChild(resultItem(t, list[i], i === 0));
    if (to < list.length) {
      var li = el('li', 'more');
      var b = el('button', null, 'show ' + Math.min(CHUNK, list.length - to) + ' more of ' + list.length);
      b.type = 'button';
      b.addEventListener('click', function () { li.remove(); drawResults(ol, ti, list, to); });
      li.appendChild(b);
      ol.appendChild(li);
    }
  }

  // resultItem is a result's headline; its evidence is drawn when opened.
  // where names the request of result x: its resource and probe.
  function where(t, x) {
    var unit = x.u >= 0 ? t.units[x.u] : null;
    return (unit ? unit.m + ' ' + unit.res : '(configuration)') + (x.p ? ' · ' + x.p : '');
  }

  // resultItem is a group of results with the same outcome and message:
  // the first's headline, and how many more; its evidence and the others
  // are drawn when opened.
  function resultItem(t, group, open) {
    var x = t.results[group[0]];
    var li = el('li', 'result');
    var det = el('details');
    var sum = el('summary');
    sum.appendChild(el('span', 'badge o-' + x.o, x.o));
    sum.appendChild(document.createTextNode(' ' + where(t, x) +
      (group.length > 1 ? ' and ' + plural(group.length - 1, 'more request') : '')));
    sum.appendChild(el('div', 'msg', x.msg));
    det.appendChild(sum);
    var drawn = false;
    det.addEventListener('toggle', function () {
      if (!det.open || drawn) return;
      drawn = true;
      det.appendChild(evidence(x));
      if (group.length > 1) {
        det.appendChild(el('h3', null, 'The same on ' + plural(group.length - 1, 'more request')));
        var ul = el('ul', 'same');
        group.slice(1, 1 + SAME_LISTED).forEach(function (i) { ul.appendChild(el('li', null, where(t, t.results[i]))); });
        if (group.length - 1 > SAME_LISTED) ul.appendChild(el('li', 'rest', '… and ' + (group.length - 1 - SAME_LISTED) + ' more: results.json lists them all'));
        det.appendChild(ul);
      }
    });
    li.appendChild(det);
    if (open) det.open = true;
    return li;
  }

  function evidence(x) {
    var box = el('div', 'evidence');
    if (x.e < 0 || !data.evidence[x.e]) {
      box.appendChild(el('p', 'noev', 'No exchange was recorded for this result.'));
      return box;
    }
    var ev = data.evidence[x.e];
    box.appendChild(el('h3', null, 'Request'));
    box.appendChild(el('pre', 'ev req', ev[0]));
    if (ev[1]) {
      box.appendChild(el('h3', null, 'Response head, as received'));
      box.appendChild(headWithCarets(ev[1], x.k));
    } else {
      box.appendChild(el('p', 'noev', 'No response: the request got no answer, so the target could not be tested here.'));
    }
    if (ev[2]) {
      box.appendChild(el('h3', null, 'Content (excerpt)'));
      box.appendChild(el('pre', 'ev content', ev[2]));
    }
    if (ev[3]) {
      var h = el('h3', null, 'Reproduce ');
      var b = el('button', 'copy', 'Copy');
      b.type = 'button';
      b.addEventListener('click', function () { copy(ev[3], b); });
      h.appendChild(b);
      box.appendChild(h);
      box.appendChild(el('pre', 'ev curl', ev[3]));
    }
    return box;
  }

  // headWithCarets shows the head, with a line of carets under each line
  // a grammar error points into.
  function headWithCarets(head, carets) {
    var pre = el('pre', 'ev head');
    var byLine = new Map();
    (carets || []).forEach(function (k) {
      if (!byLine.has(k[0])) byLine.set(k[0], []);
      byLine.get(k[0]).push(k[1]);
    });
    head.split('\n').forEach(function (line, i) {
      var cols = byLine.get(i);
      if (!cols) {
        pre.appendChild(document.createTextNode(line + '\n'));
        return;
      }
      pre.appendChild(el('span', 'hl', line));
      pre.appendChild(document.createTextNode('\n'));
      cols.sort(function (a, b) { return a - b; });
      var s = '';
      cols.forEach(function (c) { if (c >= s.length) s += ' '.repeat(c - s.length) + '^'; });
      pre.appendChild(el('span', 'caret', s));
      pre.appendChild(document.createTextNode('\n'));
    });
    return pre;
  }

  function copy(text, button) {
    function done(ok) {
      button.textContent = ok ? 'Copied' : 'Select and copy the line below';
      setTimeout(function () { button.textContent = 'Copy'; }, 2000);
    }
    function fallback() {
      var ta = el('textarea', 'offscreen');
      ta.value = text;
      ta.readOnly = true;
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      ta.remove();
      done(ok);
    }
    if (!navigator.clipboard || !window.isSecureContext) {
      fallback();
      return;
    }
    // A browser may hold the promise while it asks for permission: after
    // a second, copy the old way.
    var settled = false;
    function once(f) { return function () { if (!settled) { settled = true; f(); } }; }
    navigator.clipboard.writeText(text).then(once(function () { done(true); }), once(fallback));
    setTimeout(once(fallback), 1000);
  }

  function hideDetail() {
    document.getElementById('detail').hidden = true;
    var sel = document.querySelector('td.selected');
    if (sel) { sel.classList.remove('selected'); sel.focus(); }
  }

  // ---- start ----

  var matrix = document.getElementById('matrix');
  matrix.addEventListener('click', onMatrixClick);
  matrix.addEventListener('keydown', function (ev) {
    if ((ev.key === 'Enter' || ev.key === ' ') && ev.target.matches('td.cell[data-r]')) {
      ev.preventDefault();
      ev.target.click();
    }
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape' && !document.getElementById('detail').hidden) hideDetail();
  });
  drawRun();
  drawFilters();
  draw();
  // Timings for the browser test and the benchmark: milliseconds since
  // navigation start, and spent parsing the data and drawing the matrix.
  window.authspecTimings = { parse: parsed - started, draw: performance.now() - parsed, ready: performance.now() };
  document.documentElement.dataset.ready = 'true';
})();
