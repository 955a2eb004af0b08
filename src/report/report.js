// The report's table, filters and timelines. Data comes from the JSON block
// above; every string from it reaches the page through textContent or
// setAttribute, never as markup. The filter state lives in the URL fragment
// so a view can be bookmarked, shared and reloaded.
(function () {
  'use strict';
  var started = performance.now();
  var D = JSON.parse(document.getElementById('minutes-data').textContent);
  var A = D.actions;
  var N = A.length;
  var timings = { scriptStart: started, parsed: performance.now() };
  window.minutesReport = timings;
  // Each action names its meeting (document, date, board) and its item
  // title by index, so they are stored once; copy them onto the row here so
  // the rest of the script reads r.d, r.t, r.o and r.it.
  for (var n0 = 0; n0 < N; n0++) {
    var r0 = A[n0], m0 = D.mt[r0.mt];
    r0.d = m0.d;
    r0.t = m0.t;
    r0.o = m0.o;
    r0.it = D.titles[r0.it];
  }

  var KIND_CLASS = { p: 'person', a: 'all', g: 'group', m: 'ambiguous', u: 'unresolved' };
  var KIND_SUFFIX = { p: '', a: '', g: ' (group)', m: ' (ambiguous initials)', u: ' (unresolved initials)' };

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  var SVGNS = 'http://www.w3.org/2000/svg';
  function sv(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  function fmt(n) { return n.toLocaleString('en-GB'); }
  function year(date) { return date ? date.slice(0, 4) : ''; }
  function dayNo(date) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date || '');
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 864e5 : NaN;
  }
  function duration(days) {
    var months = Math.round(days / 30.44);
    var y = Math.floor(months / 12), mo = months % 12;
    if (y === 0) return mo + (mo === 1 ? ' month' : ' months');
    return y + (y === 1 ? ' year' : ' years') + (mo ? ' ' + mo + (mo === 1 ? ' month' : ' months') : '');
  }
  function ownerLabel(k) {
    var o = D.owners[k];
    return o.s === 'a' ? 'ALL (everyone present)' : o.n + KIND_SUFFIX[o.s];
  }

  // ---- per-action derived values, computed once ----
  var yearOf = new Array(N);
  var counts = { owner: {}, org: {}, theme: {}, year: {} };
  function bump(map, k) { map[k] = (map[k] || 0) + 1; }
  for (var i = 0; i < N; i++) {
    var r = A[i];
    yearOf[i] = year(r.t);
    bump(counts.org, r.o);
    if (yearOf[i]) bump(counts.year, yearOf[i]);
    var seen = {};
    for (var j = 0; j < r.w.length; j++) {
      if (!seen[r.w[j].k]) { seen[r.w[j].k] = 1; bump(counts.owner, r.w[j].k); }
    }
    if (r.th) for (j = 0; j < r.th.length; j++) bump(counts.theme, r.th[j]);
  }
  timings.derived = performance.now();
  var chainIndex = {};
  D.chains.forEach(function (c, ci) { chainIndex[c.id] = ci; });

  var haystack = null;
  function buildHaystack() {
    haystack = new Array(N);
    for (var i = 0; i < N; i++) {
      var r = A[i], parts = [r.t, D.orgs[r.o], r.i, r.it, r.x, D.docs[r.d].p, r.du || ''];
      r.w.forEach(function (w) { parts.push(w.t, D.owners[w.k].n); if (w.c) parts.push(w.c.join(' ')); });
      if (r.m) parts.push(r.m.join(' '));
      if (r.th) r.th.forEach(function (t) { parts.push(D.themes[t]); });
      haystack[i] = parts.join('\n').toLowerCase();
    }
  }

  // ---- sorting ----
  var sortKeys = {
    date: function (r) { return r.t || '9999'; },
    org: function (r) { return D.orgs[r.o].toLowerCase(); },
    item: function (r) {
      var m = /^(\d+)(.*)$/.exec(r.i);
      var num = m ? ('000000' + m[1]).slice(-6) + m[2] : '~' + r.i;
      return num.toLowerCase() + '\u0001' + r.it.toLowerCase();
    },
    owners: function (r) { return r.w.length ? ownerLabel(r.w[0].k).toLowerCase() : '\uffff'; },
    text: function (r) { return r.x.toLowerCase(); },
    status: function (r) { return (r.od ? '0' : '1') + (r.s || 'open'); },
    themes: function (r) { return r.th && r.th.length ? D.themes[r.th[0]].toLowerCase() : '\uffff'; },
    source: function (r) { return D.docs[r.d].p.toLowerCase() + '\u0001' + ('000000' + r.p).slice(-6); }
  };
  var sortCache = {};
  function sortedOrder(col) {
    if (sortCache[col]) return sortCache[col];
    var keyFn = sortKeys[col] || sortKeys.date;
    var keys = new Array(N), idx = new Array(N);
    for (var i = 0; i < N; i++) { keys[i] = keyFn(A[i]); idx[i] = i; }
    idx.sort(function (a, b) { return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b; });
    sortCache[col] = idx;
    return idx;
  }

  // ---- state and the URL ----
  var DEFAULTS = { owner: '', org: '', theme: '', year: '', status: '', chsort: 'days', cf: false, q: '', chain: '', sort: 'date', dir: 'asc', page: 1, size: 100 };
  var state = Object.assign({}, DEFAULTS);

  function findIndex(list, pred) { for (var i = 0; i < list.length; i++) if (pred(list[i])) return i; return -1; }

  // The URL names things (owner "p:Lynsey McVay", organisation, theme) rather
  // than using indices, so a shared link survives a rebuilt report.
  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    var s = Object.assign({}, DEFAULTS);
    var ow = p.get('owner');
    if (ow) {
      var cut = ow.indexOf(':');
      var kind = cut > 0 ? ow.slice(0, cut) : 'p', name = cut > 0 ? ow.slice(cut + 1) : ow;
      var k = findIndex(D.owners, function (o) { return o.s === kind && o.n === name; });
      if (k >= 0) s.owner = String(k);
    }
    var org = p.get('org');
    if (org) { var oi = D.orgs.indexOf(org); if (oi >= 0) s.org = String(oi); }
    var th = p.get('theme');
    if (th) { var ti = D.themes.indexOf(th); if (ti >= 0) s.theme = String(ti); }
    var y = p.get('year');
    if (y && /^\d{4}$/.test(y)) s.year = y;
    var st = p.get('status');
    if (['open', 'overdue', 'done', 'cancelled', 'reassigned'].indexOf(st) >= 0) s.status = st;
    if (p.get('chsort') === 'meetings') s.chsort = 'meetings';
    s.cf = p.get('cf') === '1';
    s.q = p.get('q') || '';
    var ch = p.get('chain');
    if (ch && Object.prototype.hasOwnProperty.call(chainIndex, ch)) s.chain = ch;
    if (sortKeys[p.get('sort')]) s.sort = p.get('sort');
    if (p.get('dir') === 'desc') s.dir = 'desc';
    var pg = parseInt(p.get('page'), 10);
    if (pg > 0) s.page = pg;
    var sz = parseInt(p.get('size'), 10);
    if ([25, 100, 500, 2000].indexOf(sz) >= 0) s.size = sz;
    return s;
  }
  function hashOf(s) {
    var p = new URLSearchParams();
    if (s.owner !== '') { var o = D.owners[+s.owner]; p.set('owner', o.s + ':' + o.n); }
    if (s.org !== '') p.set('org', D.orgs[+s.org]);
    if (s.theme !== '') p.set('theme', D.themes[+s.theme]);
    if (s.year) p.set('year', s.year);
    if (s.status) p.set('status', s.status);
    if (s.chsort !== DEFAULTS.chsort) p.set('chsort', s.chsort);
    if (s.cf) p.set('cf', '1');
    if (s.q) p.set('q', s.q);
    if (s.chain) p.set('chain', s.chain);
    if (s.sort !== DEFAULTS.sort) p.set('sort', s.sort);
    if (s.dir !== DEFAULTS.dir) p.set('dir', s.dir);
    if (s.page !== 1) p.set('page', String(s.page));
    if (s.size !== DEFAULTS.size) p.set('size', String(s.size));
    return p.toString();
  }
  var lastHash = null;
  function writeHash() {
    var h = hashOf(state);
    if (h === lastHash) return;
    lastHash = h;
    var url = location.href.replace(/#.*$/, '') + (h ? '#' + h : '');
    try { history.replaceState(null, '', url); } catch (e) { location.hash = h; }
  }

  // ---- filtering ----
  function makeMatcher(s, opts) {
    var owner = s.owner === '' ? -1 : +s.owner;
    var org = s.org === '' ? -1 : +s.org;
    var theme = s.theme === '' ? -1 : +s.theme;
    var words = s.q.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length && !haystack) buildHaystack();
    var chain = opts.chain && s.chain ? chainIndex[s.chain] : -1;
    return function (i) {
      var r = A[i];
      if (org >= 0 && r.o !== org) return false;
      if (s.year && yearOf[i] !== s.year) return false;
      if (opts.cf && s.cf && !r.cf) return false;
      if (s.status === 'overdue' ? !r.od : s.status && (r.s || 'open') !== s.status) return false;
      if (chain >= 0 && r.c !== chain) return false;
      if (owner >= 0) {
        var ok = false;
        for (var j = 0; j < r.w.length; j++) if (r.w[j].k === owner) { ok = true; break; }
        if (!ok) return false;
      }
      if (theme >= 0 && !(r.th && r.th.indexOf(theme) >= 0)) return false;
      for (var w = 0; w < words.length; w++) if (haystack[i].indexOf(words[w]) < 0) return false;
      return true;
    };
  }
  var filtered = [];
  function applyFilters() {
    var order = sortedOrder(state.sort);
    var match = makeMatcher(state, { cf: true, chain: true });
    var out = [];
    if (state.dir === 'asc') { for (var i = 0; i < N; i++) if (match(order[i])) out.push(order[i]); }
    else { for (var k = N - 1; k >= 0; k--) if (match(order[k])) out.push(order[k]); }
    filtered = out;
  }

  // ---- the table ----
  var tbody = document.querySelector('#actions tbody');
  function ownerChip(w) {
    var o = D.owners[w.k];
    var chip, title;
    if (o.s === 'p') { chip = o.n; title = w.t === o.n ? o.n : w.t + ' → ' + o.n; }
    else if (o.s === 'a') { chip = 'ALL'; title = w.t + ': everyone present'; }
    else if (o.s === 'g') { chip = o.n; title = w.t + ': a role or group, not one person'; }
    else if (o.s === 'm') { chip = w.t + ' ?'; title = w.t + ' is ambiguous: ' + (w.c && w.c.length ? w.c.join(' or ') : 'several people present'); }
    else { chip = w.t + ' !'; title = w.t + ': unresolved, no one present has these initials'; }
    if (w.h) title += ' (resolved from other meetings of this board)';
    var s = el('span', 'owner ' + KIND_CLASS[o.s] + (w.h ? ' hist' : ''), chip);
    s.setAttribute('title', title);
    return s;
  }
  function cell(cls) { return el('td', cls); }
  function buildRow(i) {
    var r = A[i];
    var tr = document.createElement('tr');
    // The row's line in actions.jsonl (0-based), to trace it back.
    tr.setAttribute('data-idx', String(i));
    var td = cell('date');
    td.appendChild(document.createTextNode(r.t || '—'));
    if (r.cf && r.f) td.appendChild(el('span', 'sub', 'first ' + r.f));
    tr.appendChild(td);
    tr.appendChild(el('td', 'org', D.orgs[r.o]));
    td = cell('item');
    if (r.i) td.appendChild(el('span', 'item-no', r.i));
    td.appendChild(document.createTextNode(r.it));
    tr.appendChild(td);
    td = cell('owners');
    r.w.forEach(function (w) { td.appendChild(ownerChip(w)); });
    if (r.m) r.m.forEach(function (m) {
      var s = el('span', 'owner marker', m);
      s.setAttribute('title', 'marker in the action column, not a person');
      td.appendChild(s);
    });
    tr.appendChild(td);
    td = cell('status');
    var stx = el('span', 'status st-' + (r.s || 'open'), r.s || 'open');
    if (r.sr) stx.setAttribute('title', 'read at ' + r.sr);
    td.appendChild(stx);
    if (r.od) {
      var od = el('span', 'badge overdue', 'overdue');
      od.setAttribute('title', 'open, due ' + (r.du || '') + ', before the board\'s latest meeting');
      td.appendChild(od);
    }
    if (r.sr) td.appendChild(el('span', 'sub', r.sr));
    tr.appendChild(td);
    td = cell('text');
    td.appendChild(el('span', 'x', r.x));
    if (r.du || r.inf || r.c !== undefined) {
      var badges = el('div', 'badges');
      if (r.du) badges.appendChild(el('span', 'badge due', 'due ' + r.du));
      if (r.c !== undefined && D.chains[r.c] && D.chains[r.c].a.length > 1) {
        var c = D.chains[r.c];
        var b = el('button', 'badge cf', (r.cf ? 'carried forward' : 'raised here') + ' · ' + c.a.length + ' meetings');
        b.type = 'button';
        b.setAttribute('title', 'First raised ' + c.first + ', last seen ' + c.last + ': show every meeting of this action');
        b.setAttribute('data-chain', c.id);
        badges.appendChild(b);
      } else if (r.cf) {
        badges.appendChild(el('span', 'badge cf', 'carried forward' + (r.f ? ' from ' + r.f : '')));
      }
      if (r.inf) {
        var inf = el('span', 'badge', 'inferred');
        inf.setAttribute('title', 'found from the wording alone, with no action-column entry');
        badges.appendChild(inf);
      }
      td.appendChild(badges);
    }
    tr.appendChild(td);
    td = cell('themes');
    if (r.th) r.th.forEach(function (t) { td.appendChild(el('span', 'theme', D.themes[t])); });
    tr.appendChild(td);
    td = cell('src');
    var doc = D.docs[r.d];
    var base = doc.p.split(/[\\/]/).pop();
    var link;
    if (doc.h) {
      link = el('a', 'file');
      link.setAttribute('href', doc.h + '#page=' + r.p);
      link.setAttribute('target', '_blank');
      link.setAttribute('rel', 'noopener noreferrer');
    } else {
      link = el('span', 'file');
    }
    link.textContent = base + ', p. ' + r.p;
    link.setAttribute('title', doc.p + ', page ' + r.p);
    td.appendChild(link);
    tr.appendChild(td);
    return tr;
  }

  function pages() { return Math.max(1, Math.ceil(filtered.length / state.size)); }
  function renderTable() {
    if (state.page > pages()) state.page = pages();
    var from = (state.page - 1) * state.size;
    var to = Math.min(filtered.length, from + state.size);
    var frag = document.createDocumentFragment();
    for (var k = from; k < to; k++) frag.appendChild(buildRow(filtered[k]));
    tbody.replaceChildren(frag);
    var msg = filtered.length === 0 ? 'No action matches these filters'
      : 'Showing ' + fmt(from + 1) + '–' + fmt(to) + ' of ' + fmt(filtered.length) + ' actions';
    if (filtered.length !== N) msg += ' (' + fmt(N) + ' in all)';
    $('count').textContent = msg;
    renderPager($('pager-top'));
    renderPager($('pager-bottom'));
    document.querySelectorAll('#actions th[data-sort]').forEach(function (th) {
      var col = th.getAttribute('data-sort');
      if (col === state.sort) th.setAttribute('aria-sort', state.dir === 'asc' ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
  }
  function renderPager(box) {
    var n = pages();
    var frag = document.createDocumentFragment();
    function btn(label, page, name) {
      var b = el('button', 'pg', label);
      b.type = 'button';
      b.setAttribute('data-page', String(page));
      b.setAttribute('aria-label', name);
      b.disabled = page < 1 || page > n || page === state.page;
      frag.appendChild(b);
    }
    btn('«', 1, 'First page');
    btn('‹', state.page - 1, 'Previous page');
    frag.appendChild(el('span', null, 'Page ' + state.page + ' of ' + n));
    btn('›', state.page + 1, 'Next page');
    btn('»', n, 'Last page');
    box.replaceChildren(frag);
  }

  // ---- carried-forward timelines ----
  var chainLimit = 25;
  var axis = (function () {
    var lo = Infinity, hi = -Infinity;
    D.chains.forEach(function (c) {
      c.a.forEach(function (i) { var d = dayNo(A[i].t); if (d < lo) lo = d; if (d > hi) hi = d; });
      var f = dayNo(c.first); if (f < lo) lo = f;
    });
    if (!isFinite(lo)) return null;
    var y0 = new Date(lo * 864e5).getUTCFullYear(), y1 = new Date(hi * 864e5).getUTCFullYear() + 1;
    return { y0: y0, y1: y1, lo: Date.UTC(y0, 0, 1) / 864e5, hi: Date.UTC(y1, 0, 1) / 864e5 };
  })();
  function pct(date) { return axis ? (100 * (dayNo(date) - axis.lo) / (axis.hi - axis.lo)).toFixed(2) + '%' : '0%'; }
  function yearGrid(svg, labels) {
    for (var y = axis.y0; y <= axis.y1; y++) {
      var x = (100 * (Date.UTC(y, 0, 1) / 864e5 - axis.lo) / (axis.hi - axis.lo)).toFixed(2) + '%';
      svg.appendChild(sv('line', { x1: x, x2: x, y1: labels ? 14 : 0, y2: labels ? 20 : 24, 'class': 'grid' }));
      if (labels && y < axis.y1) {
        var mid = (100 * (Date.UTC(y, 6, 1) / 864e5 - axis.lo) / (axis.hi - axis.lo)).toFixed(2) + '%';
        var t = sv('text', { x: mid, y: 11, 'text-anchor': 'middle' });
        t.textContent = String(y);
        svg.appendChild(t);
      }
    }
  }
  function renderAxis() {
    var box = $('chains-axis');
    if (!axis) { box.replaceChildren(); return; }
    var row = el('div', 'chain axis');
    row.appendChild(el('div'));
    var svg = sv('svg', { height: 22, 'aria-hidden': 'true' });
    yearGrid(svg, true);
    row.appendChild(svg);
    box.replaceChildren(row);
  }
  function buildChain(c) {
    var cls = 'chain' + (c.days >= 365 ? ' long' : '') + (c.open ? ' open' : '');
    var row = el('div', cls);
    row.setAttribute('data-chain', c.id);
    row.setAttribute('tabindex', '0');
    var last = A[c.a[c.a.length - 1]];
    var what = el('div', 'what');
    var t = el('span', 't', last.x);
    t.setAttribute('title', last.x);
    what.appendChild(t);
    last.w.forEach(function (w) { what.appendChild(ownerChip(w)); });
    var meta = el('span', 'm', D.orgs[c.o] + ' · raised ' + c.first + ' · last seen ' + c.last + ' · ' + duration(c.days) + ' · ' + c.a.length + ' meetings ');
    what.appendChild(meta);
    if (c.days >= 365) what.appendChild(el('span', 'badge long', 'open ' + duration(c.days)));
    if (c.open) what.appendChild(el('span', 'badge open', 'still on the latest minutes'));
    row.appendChild(what);
    var svg = sv('svg', { height: 24, role: 'img' });
    svg.setAttribute('aria-label', 'raised ' + c.first + ', last seen ' + c.last);
    yearGrid(svg, false);
    if (isFinite(dayNo(c.first)) && isFinite(dayNo(c.last))) {
      svg.appendChild(sv('line', { x1: pct(c.first), x2: pct(c.last), y1: 12, y2: 12, 'class': 'span' }));
    }
    var firstDated = A[c.a[0]].t;
    var dots = [];
    if (isFinite(dayNo(c.first)) && (!firstDated || c.first < firstDated)) dots.push({ d: c.first, cls: 'first', label: 'first raised ' + c.first + ' (meeting not in this archive)' });
    c.a.forEach(function (i, n) {
      var r = A[i];
      if (!isFinite(dayNo(r.t))) return;
      var cls = n === c.a.length - 1 ? 'last' : (dots.length === 0 ? 'first' : '');
      dots.push({ d: r.t, cls: cls, label: r.t + ' · item ' + r.i + ' ' + r.it + (dots.length === 0 ? ' (first raised)' : cls === 'last' ? ' (last seen)' : ' (recurred)') });
    });
    dots.forEach(function (d) {
      var circle = sv('circle', { cx: pct(d.d), cy: 12, r: d.cls === 'last' ? 6 : 4.5 });
      if (d.cls) circle.setAttribute('class', d.cls);
      var title = sv('title', {});
      title.textContent = d.label;
      circle.appendChild(title);
      svg.appendChild(circle);
    });
    row.appendChild(svg);
    return row;
  }
  function renderChains() {
    var match = makeMatcher(state, { cf: false, chain: false });
    var list = [];
    D.chains.forEach(function (c) {
      if (c.a.length < 2) return;
      for (var k = 0; k < c.a.length; k++) if (match(c.a[k])) { list.push(c); return; }
    });
    list.sort(function (a, b) { return (state.chsort === 'meetings' ? b.a.length - a.a.length : 0) || b.days - a.days || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0) || (a.id < b.id ? -1 : 1); });
    var longCount = list.filter(function (c) { return c.days >= 365; }).length;
    $('chains-count').textContent = list.length === 0 ? 'No carried-forward action matches these filters.'
      : fmt(list.length) + ' carried-forward actions match, ' + fmt(longCount) + ' open a year or more.';
    var frag = document.createDocumentFragment();
    list.slice(0, chainLimit).forEach(function (c) { frag.appendChild(buildChain(c)); });
    $('chains').replaceChildren(frag);
    var more = $('chains-more');
    more.hidden = list.length <= chainLimit;
    more.textContent = 'Show more (' + fmt(list.length - Math.min(list.length, chainLimit)) + ' not shown)';
    if (list.length) renderAxis(); else $('chains-axis').replaceChildren();
  }

  // ---- CSV of the current view ----
  // Cells that a spreadsheet would run as a formula get a leading quote, as
  // in actions.csv (output::csv::neutralise).
  function csvCell(v) {
    var s = v === undefined || v === null ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csvOf(rows) {
    var head = ['meeting_date', 'organisation', 'item', 'item_title', 'owners', 'owner_names', 'text', 'themes', 'carried_forward', 'first_date', 'document', 'page', 'status', 'overdue'];
    var lines = [head.join(',')];
    rows.forEach(function (i) {
      var r = A[i];
      lines.push([
        r.t, D.orgs[r.o], r.i, r.it,
        r.w.map(function (w) { return w.t; }).join('; '),
        r.w.map(function (w) { return D.owners[w.k].n; }).join('; '),
        r.x,
        (r.th || []).map(function (t) { return D.themes[t]; }).join('; '),
        r.cf ? 'true' : 'false', r.f || '', D.docs[r.d].p, r.p,
        r.s || 'open', r.od ? 'true' : 'false'
      ].map(csvCell).join(','));
    });
    return lines.join('\r\n') + '\r\n';
  }
  timings.csv = function () { return csvOf(filtered); };

  // ---- controls ----
  function fillSelect(sel, entries) {
    var frag = document.createDocumentFragment();
    entries.forEach(function (e) {
      var o = document.createElement('option');
      o.value = e[0];
      o.textContent = e[1];
      frag.appendChild(o);
    });
    sel.appendChild(frag);
  }
  function sortedEntries(n, label, count) {
    var out = [];
    for (var i = 0; i < n; i++) if (count(i)) out.push([String(i), label(i) + ' (' + fmt(count(i)) + ')', label(i).toLowerCase()]);
    out.sort(function (a, b) { return a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0; });
    return out;
  }
  fillSelect($('f-owner'), sortedEntries(D.owners.length, ownerLabel, function (i) { return counts.owner[i] || 0; }));
  fillSelect($('f-org'), sortedEntries(D.orgs.length, function (i) { return D.orgs[i]; }, function (i) { return counts.org[i] || 0; }));
  fillSelect($('f-theme'), sortedEntries(D.themes.length, function (i) { return D.themes[i]; }, function (i) { return counts.theme[i] || 0; }));
  fillSelect($('f-year'), Object.keys(counts.year).sort().reverse().map(function (y) { return [y, y + ' (' + fmt(counts.year[y]) + ')']; }));

  function syncControls() {
    $('f-owner').value = state.owner;
    $('f-org').value = state.org;
    $('f-theme').value = state.theme;
    $('f-year').value = state.year;
    $('f-status').value = state.status;
    $('ch-sort').value = state.chsort;
    $('f-cf').checked = state.cf;
    if ($('f-q').value !== state.q) $('f-q').value = state.q;
    $('page-size').value = String(state.size);
    ['f-owner', 'f-org', 'f-theme', 'f-year', 'f-status'].forEach(function (id) { $(id).classList.toggle('active', $(id).value !== ''); });
    var chip = $('f-chain');
    if (state.chain) {
      var c = D.chains[chainIndex[state.chain]];
      $('f-chain-label').textContent = c.first + ' → ' + c.last;
      chip.hidden = false;
    } else {
      chip.hidden = true;
    }
  }

  function update(changes, opts) {
    Object.assign(state, changes);
    if (!opts || !opts.keepPage) state.page = 1;
    var t0 = performance.now();
    applyFilters();
    var t1 = performance.now();
    renderTable();
    var t2 = performance.now();
    renderChains();
    timings.last = { filter: t1 - t0, table: t2 - t1, chains: performance.now() - t2 };
    syncControls();
    writeHash();
  }
  function goTo(id) { var s = $(id); if (s) s.scrollIntoView({ behavior: 'auto', block: 'start' }); }

  $('f-owner').addEventListener('change', function () { update({ owner: this.value }); });
  $('f-org').addEventListener('change', function () { update({ org: this.value }); });
  $('f-theme').addEventListener('change', function () { update({ theme: this.value }); });
  $('f-year').addEventListener('change', function () { update({ year: this.value }); });
  $('f-cf').addEventListener('change', function () { update({ cf: this.checked }); });
  $('f-status').addEventListener('change', function () { update({ status: this.value }); });
  $('ch-sort').addEventListener('change', function () { update({ chsort: this.value }, { keepPage: true }); });
  var qTimer = 0;
  $('f-q').addEventListener('input', function () {
    var v = this.value;
    clearTimeout(qTimer);
    qTimer = setTimeout(function () { update({ q: v.trim() }); }, 150);
  });
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(qTimer); update({ q: $('f-q').value.trim() }); });
  $('f-reset').addEventListener('click', function () { chainLimit = 25; update(Object.assign({}, DEFAULTS, { size: state.size })); });
  $('f-csv').addEventListener('click', function () {
    var blob = new Blob(['\ufeff' + csvOf(filtered)], { type: 'text/csv;charset=utf-8' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'actions-' + (hashOf(state) ? 'filtered' : 'all') + '.csv';
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });
  $('f-chain-clear').addEventListener('click', function () { update({ chain: '' }); });
  $('page-size').addEventListener('change', function () { update({ size: parseInt(this.value, 10) || 100 }); });
  document.querySelector('#actions thead').addEventListener('click', function (e) {
    var th = e.target.closest('th[data-sort]');
    if (!th) return;
    var col = th.getAttribute('data-sort');
    update({ sort: col, dir: state.sort === col && state.dir === 'asc' ? 'desc' : 'asc' });
  });
  function onPager(e) {
    var b = e.target.closest('button[data-page]');
    if (!b || b.disabled) return;
    update({ page: parseInt(b.getAttribute('data-page'), 10) || 1 }, { keepPage: true });
    if (this.id === 'pager-bottom') goTo('actions-section');
  }
  $('pager-top').addEventListener('click', onPager);
  $('pager-bottom').addEventListener('click', onPager);
  tbody.addEventListener('click', function (e) {
    var b = e.target.closest('button[data-chain]');
    if (b) update({ chain: b.getAttribute('data-chain') });
  });
  function openChain(e) {
    var row = e.target.closest('.chain[data-chain]');
    if (!row || (e.type === 'keydown' && e.key !== 'Enter')) return;
    update({ chain: row.getAttribute('data-chain'), cf: false });
    goTo('actions-section');
  }
  $('chains').addEventListener('click', openChain);
  $('chains').addEventListener('keydown', openChain);
  $('chains-more').addEventListener('click', function () { chainLimit += 50; renderChains(); });
  function chartRow(e) {
    var g = e.target.closest('.hm-row');
    if (!g || (e.type === 'keydown' && e.key !== 'Enter')) return;
    var f = g.getAttribute('data-filter'), v = g.getAttribute('data-value');
    if (f === 'theme') update({ theme: v }); else if (f === 'owner') update({ owner: v });
    goTo('actions-section');
  }
  document.querySelectorAll('svg.heatmap').forEach(function (s) {
    s.addEventListener('click', chartRow);
    s.addEventListener('keydown', chartRow);
  });
  document.querySelectorAll('nav.sections button[data-goto]').forEach(function (b) {
    b.addEventListener('click', function () { goTo(b.getAttribute('data-goto')); });
  });
  window.addEventListener('hashchange', function () {
    if (location.hash.replace(/^#/, '') === lastHash) return;
    state = readHash();
    update({}, { keepPage: true });
  });

  timings.controls = performance.now();
  state = readHash();
  update({}, { keepPage: true });
  timings.firstRender = performance.now();
  timings.actions = N;
  // The frame after next starts once the first table has been painted.
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      timings.firstPaint = performance.now();
      document.documentElement.setAttribute('data-painted', '1');
    });
  });
  document.documentElement.setAttribute('data-ready', '1');
})();
