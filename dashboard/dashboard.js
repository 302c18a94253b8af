// The multinode dashboard: read-only, over the operator listener's SockJS bridge (/dashboard/eventbus).
// It asks for a snapshot, then applies the streams' updates; each panel is drawn again at most 4 times
// a second, whatever the rate of updates. Every text from the cluster goes in as text, never as markup.
const STREAMS = {
  nodes: 'multinode.dashboard.nodes',
  groups: 'multinode.dashboard.groups',
  cluster: 'multinode.dashboard.cluster',
  feed: 'multinode.dashboard.feed',
};
const SNAPSHOT = 'multinode.dashboard.snapshot';
const GROUP_ROWS = 200;
const FEED_KEPT = 200;
const HISTORY_KEPT = 300;

const state = {
  self: null,
  nodes: [],                 // the nodes' figures, each with its state
  history: {},               // node -> [[ms, published/s, delivered/s, heap MiB, sockets], …]
  groups: {},                // scope -> group -> node -> members
  changedGroups: new Set(),  // "scope\ngroup" changed in the last update
  cluster: { topics: {}, rooms: {}, services: [] },
  feed: [],
  scope: 'default',
  filter: '',
};
const dirty = new Set();
let drawScheduled = false;
let loaded = false;          // the first snapshot has been drawn
let snapshotPending = false;

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function markDirty(...panels) {
  panels.forEach((p) => dirty.add(p));
  if (!drawScheduled) {
    drawScheduled = true;
    setTimeout(() => requestAnimationFrame(draw), loaded ? 250 : 0);
  }
}

function draw() {
  drawScheduled = false;
  const panels = [...dirty];
  dirty.clear();
  for (const panel of panels) DRAW[panel]();
  if (snapshotPending) {
    snapshotPending = false;
    if (!loaded) {
      loaded = true;
      // from the start of the page's navigation to the first drawing of everything
      document.body.dataset.loadedMs = String(Math.round(performance.now()));
    }
  }
}

// ---- applying what arrives ------------------------------------------------------------------------

function applySnapshot(s) {
  snapshotPending = true;
  state.self = s.self;
  state.nodes = s.nodes;
  state.history = s.history || {};
  state.groups = s.groups || {};
  state.cluster = s.cluster && s.cluster.topics ? s.cluster : state.cluster;
  state.feed = (s.feed || []).slice(-FEED_KEPT);
  markDirty('header', 'nodes', 'charts', 'groups', 'cluster', 'feed');
}

function applyNodes(update) {
  state.self = update.self;
  state.nodes = update.nodes;
  for (const [node, point] of Object.entries(update.points || {})) {
    const series = state.history[node] || (state.history[node] = []);
    series.push(point);
    if (series.length > HISTORY_KEPT) series.shift();
  }
  const names = new Set(state.nodes.map((n) => n.name));
  for (const node of Object.keys(state.history)) if (!names.has(node)) delete state.history[node];
  markDirty('header', 'nodes', 'charts');
}

function applyGroups(update) {
  state.changedGroups = new Set();
  for (const [scope, groups] of Object.entries(update.counts)) {
    const kept = state.groups[scope] || (state.groups[scope] = {});
    for (const [group, byNode] of Object.entries(groups)) {
      if (byNode === null) delete kept[group];
      else kept[group] = byNode;
      state.changedGroups.add(scope + '\n' + group);
    }
  }
  markDirty('groups');
}

function applyFeed(event) {
  state.feed.push(event);
  if (state.feed.length > FEED_KEPT) state.feed.shift();
  markDirty('feed');
}

// ---- drawing --------------------------------------------------------------------------------------

const DRAW = {
  header() {
    $('viewing').textContent = state.self ? 'viewed through ' + state.self : '';
    $('nodes-count').textContent = '(' + state.nodes.filter((n) => n.state === 'up').length + ' up)';
  },

  nodes() {
    const box = $('nodes');
    box.replaceChildren(...state.nodes.map(nodeBox));
  },

  charts() {
    drawChart('chart-messages', (p) => p[1] + p[2]);
    drawChart('chart-heap', (p) => p[3]);
    drawChart('chart-sockets', (p) => p[4]);
  },

  groups() {
    const scopes = Object.keys(state.groups).sort();
    if (!scopes.includes(state.scope) && scopes.length) state.scope = scopes.includes('default') ? 'default' : scopes[0];
    const select = $('scope');
    if ([...select.options].map((o) => o.value).join('\n') !== scopes.join('\n')) {
      select.replaceChildren(...scopes.map((s) => el('option', { value: s, text: s })));
    }
    select.value = state.scope;
    const groups = state.groups[state.scope] || {};
    const nodes = state.nodes.map((n) => n.name);
    const rows = Object.entries(groups)
      .filter(([group]) => !state.filter || group.includes(state.filter))
      .map(([group, byNode]) => [group, byNode, Object.values(byNode).reduce((a, b) => a + b, 0)])
      .sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));
    const members = Object.values(groups).reduce((sum, byNode) => sum + Object.values(byNode).reduce((a, b) => a + b, 0), 0);
    $('groups-count').textContent = '(' + Object.keys(groups).length + ' groups, ' + members + ' members)';
    const head = el('tr', {}, el('th', { text: 'group' }), ...nodes.map((n) => el('th', { class: 'n', text: n })),
      el('th', { class: 'n', text: 'total' }));
    $('groups').tHead.replaceChildren(head);
    $('groups').tBodies[0].replaceChildren(...rows.slice(0, GROUP_ROWS).map(([group, byNode, total]) => {
      const row = el('tr', { 'data-group': group }, el('td', { text: group }),
        ...nodes.map((n) => el('td', { class: 'n', 'data-node': n, text: String(byNode[n] || 0) })),
        el('td', { class: 'n total', text: String(total) }));
      if (state.changedGroups.has(state.scope + '\n' + group)) row.classList.add('changed');
      return row;
    }));
    $('groups-more').textContent = rows.length > GROUP_ROWS ? 'and ' + (rows.length - GROUP_ROWS)
      + ' smaller groups (filter to see them)' : '';
  },

  cluster() {
    const { topics, rooms, services } = state.cluster;
    $('topics').tBodies[0].replaceChildren(...Object.entries(topics).sort().map(([topic, byNode]) =>
      el('tr', { 'data-topic': topic }, el('td', { text: topic }),
        el('td', { text: Object.entries(byNode).map(([n, c]) => n + ': ' + c).join(', ') }),
        el('td', { class: 'n', text: String(Object.values(byNode).reduce((a, b) => a + b, 0)) }))));
    $('rooms').replaceChildren(...Object.entries(rooms).sort().map(([room, presences]) => {
      const users = Object.entries(presences).flatMap(([nick, p]) => p.metas.map((m) =>
        el('span', { class: 'user', 'data-nick': nick }, nick + ' ', el('span', { class: 'via', text: 'via ' + m.node }))));
      return el('li', { 'data-room': room }, el('span', { class: 'room', text: room }), ...users);
    }));
    if (!Object.keys(rooms).length) $('rooms').replaceChildren(el('li', { class: 'muted', text: 'nobody in any room' }));
    $('services').tBodies[0].replaceChildren(...services.map((s) => el('tr', {},
      el('td', { text: s.name }), el('td', { text: s.type }), el('td', { text: (s.metadata && s.metadata.node) || '' }),
      el('td', { text: where(s.location) }))));
  },

  feed() {
    $('feed').replaceChildren(...state.feed.slice().reverse().map((e) =>
      el('li', { class: e.kind }, el('time', { text: new Date(e.at).toLocaleTimeString() }), e.text)));
  },
};

function nodeBox(node) {
  const up = node.state === 'up';
  const box = el('article', { class: 'node' + (node.self ? ' self' : '') + (up ? '' : ' down'), 'data-node': node.name },
    el('h3', {}, node.name, ...(node.self ? [el('span', { class: 'tag', text: 'this node' })] : [])),
    el('div', {}, el('span', { class: 'state', text: up ? 'up' : 'down (' + node.state + ')' })));
  const latest = (state.history[node.name] || []).slice(-1)[0];
  const facts = [
    ['address', node.eventBus || 'not clustered'],
    ['uptime', uptime(node.upSince)],
    ['heap', node.heapUsedMiB + ' / ' + node.heapMaxMiB + ' MiB'],
    ['event loops', node.eventLoopLoad + ' % busy'],
    ['sockets', String(node.sockets)],
    ['bridge clients', String(node.bridgeClients)],
    ['published', (latest ? latest[1] : 0) + ' / s'],
    ['delivered', (latest ? latest[2] : 0) + ' / s'],
    ['members', String(node.localMembers)],
  ];
  box.append(el('dl', {}, ...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { 'data-fact': k, text: v })])));
  return box;
}

const charts = {};

function drawChart(id, value) {
  const names = Object.keys(state.history).sort();
  const times = [...new Set(names.flatMap((n) => state.history[n].map((p) => Math.round(p[0] / 1000))))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const data = [times, ...names.map((n) => {
    const values = new Array(times.length).fill(null);
    for (const p of state.history[n]) values[index.get(Math.round(p[0] / 1000))] = value(p);
    return values;
  })];
  const key = names.join('\n');
  const target = $(id);
  let chart = charts[id];
  if (!chart || chart.key !== key) {
    if (chart) chart.plot.destroy();
    const palette = ['#2c5fa8', '#d0582c', '#2e7d32', '#8e44ad', '#b8860b', '#16a085', '#c0392b', '#34495e'];
    const plot = new uPlot({
      width: Math.max(240, target.clientWidth || 300), height: 150, legend: { show: names.length <= 8 },
      // the last five minutes, whatever the samples span
      scales: { x: { time: true, range: (u, min, max) => [max - 300, max] } },
      series: [{}, ...names.map((n, i) => ({ label: n, stroke: palette[i % palette.length], width: 1.5, spanGaps: true }))],
      axes: [{ space: 60 }, { size: 45 }],
    }, data, target);
    chart = charts[id] = { plot, key };
  } else {
    chart.plot.setData(data);
  }
}

function uptime(since) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(since)) / 1000));
  if (seconds < 120) return seconds + ' s';
  if (seconds < 7200) return Math.round(seconds / 60) + ' min';
  return Math.round(seconds / 3600) + ' h';
}

function where(loc) {
  if (!loc) return '';
  return loc.endpoint || (loc.host ? loc.host + ':' + loc.port : JSON.stringify(loc));
}

// ---- the bridge -----------------------------------------------------------------------------------

function setStatus(text, cls) {
  const status = $('status');
  status.textContent = text;
  status.className = cls;
}

$('scope').addEventListener('change', (e) => { state.scope = e.target.value; state.changedGroups = new Set(); markDirty('groups'); });
$('group-filter').addEventListener('input', (e) => { state.filter = e.target.value; markDirty('groups'); });
setInterval(() => markDirty('nodes'), 10_000);

const bus = new EventBus(new URL('eventbus', pageBase()).href, { vertxbus_reconnect_attempts_max: Infinity });
bus.enableReconnect(true);
bus.onopen = () => {
  setStatus('live', 'online');
  bus.send(SNAPSHOT, {}, (err, reply) => {
    if (err) { setStatus('snapshot refused: ' + (err.message || err.failureType), 'offline'); return; }
    applySnapshot(reply.body);
  });
  // the official client drops its handlers when it reconnects: registered again on every open
  bus.registerHandler(STREAMS.nodes, (err, msg) => { if (!err) applyNodes(msg.body); });
  bus.registerHandler(STREAMS.groups, (err, msg) => { if (!err) applyGroups(msg.body); });
  bus.registerHandler(STREAMS.cluster, (err, msg) => { if (!err) { state.cluster = msg.body; markDirty('cluster'); } });
  bus.registerHandler(STREAMS.feed, (err, msg) => { if (!err) applyFeed(msg.body); });
};
bus.onclose = () => setStatus('connection lost, reconnecting…', 'offline');

function pageBase() {
  // the page is /dashboard/ (or /dashboard/index.html): the bridge is beside it
  return window.location.href.replace(/[^/]*$/, '');
}
