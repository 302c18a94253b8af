// The chat page: one room at a time over the node's SockJS bridge, failing over to another node of the
// cluster when its node goes away, and asking for what it missed with the last sequence number and the
// epoch it saw. The list on the page is always one unbroken run of the room's history, of one epoch:
// when the node says the history was renumbered (reset) or that more was missed than it sends
// (truncated), the page starts the list again, and older messages can be loaded back from its top.
// Every piece of text from the network is put on the page with textContent, never as HTML.

const REQUESTS = 'multinode.chat.requests';
const roomAddress = (room) => `multinode.chat.room.${room}`;
const ERRORS = {
  invalid_nickname: 'A nickname is 1 to 32 characters.',
  reserved_nickname: 'That name is the chat\'s own; pick another.',
  invalid_room: 'A room name is 1 to 32 of a-z, 0-9, - and _.',
  invalid_message: 'A message is 1 to 2000 characters.',
  rate_limited: 'Slow down: at most 20 messages in 10 seconds.',
  not_joined: 'Join the room first.',
  too_many_rooms: 'Too many rooms on this connection.',
  history_unavailable: 'The room\'s history cannot be reached right now, so nothing was sent; try again.',
};
/** A message whose predecessor has not arrived after this long means one was missed: join again. */
const GAP_WAIT_MS = 1500;
const RETRY_JOIN_MS = 2000;
const PAGE = 50;

const $ = (id) => document.getElementById(id);
const state = {
  urls: [location.origin],   // every node's HTTP URL, learned from each join's reply
  current: 0,                // index in urls of the node this page talks to
  eb: null,
  nick: null,
  room: null,
  epoch: null,               // the epoch of the messages shown
  lastSeq: null,             // the highest sequence number shown with every one before it down to the oldest
  oldestSeq: null,           // the lowest sequence number shown
  seen: new Set(),           // sequence numbers shown, so that nothing is shown twice
  node: null,                // the name of the node the room was last joined through
  handler: null,             // the room's handler on the current connection
  joining: null,             // the connection a join is on its way over; another is due after it when rejoin is set
  rejoin: false,
  presences: {},             // Phoenix presence_state shape: nick -> {metas: [...]}
};

function setStatus(text, kind) {
  $('status').textContent = text;
  $('status').className = kind;
}

function showError(code) {
  $('error').textContent = code ? (ERRORS[code] || code) : '';
}

function connect() {
  const url = state.urls[state.current];
  // ?transports=xhr-streaming,xhr-polling limits SockJS to those, as a proxy that blocks WebSocket would
  const transports = new URLSearchParams(location.search).get('transports');
  const options = { vertxbus_ping_interval: 5000 };
  if (transports) {
    options.transports = transports.split(',');
  }
  const eb = new EventBus(`${url}/eventbus`, options);
  state.eb = eb;
  eb.onopen = () => {
    setStatus(`connected to ${url}`, 'online');
    // the operator API is not on this port: a join's reply says which nodes there are
    if (state.room) {
      enter();
    }
  };
  eb.onclose = () => {
    if (state.eb !== eb) {
      return;
    }
    setStatus('connection lost, reconnecting…', 'offline');
    // the next node in the list, and round again: a node that is gone stays gone
    state.current = (state.current + 1) % state.urls.length;
    setTimeout(connect, 500);
  };
  eb.onerror = (err) => {
    if (err && err.body) {
      showError(err.body);
    }
  };
}

/** Listens to the room on this connection (the client drops its handlers when it reconnects) and joins it. */
function enter() {
  state.handler = (err, msg) => {
    if (!err) {
      onRoomEvent(msg.body);
    }
  };
  state.eb.registerHandler(roomAddress(state.room), state.handler);
  join();
}

/** Leaves the room: the node takes this page out of it, and the page shows the join form again. */
function leave() {
  if (state.eb && state.eb.state === EventBus.OPEN) {
    state.eb.send(REQUESTS, { type: 'leave', room: state.room }, () => {});
    state.eb.unregisterHandler(roomAddress(state.room), state.handler);
  }
  Object.assign(state, { room: null, node: null, handler: null, epoch: null, lastSeq: null, oldestSeq: null, presences: {} });
  state.seen.clear();
  $('messages').replaceChildren();
  $('presence').replaceChildren();
  $('chat').hidden = true;
  $('join-form').hidden = false;
  $('room').focus();
}

/** Joins the room with what the page has seen, or asks again for what it missed: the node sends the difference. */
function join() {
  const eb = state.eb;
  if (!eb || eb.state !== EventBus.OPEN) {
    return; // the next connection joins when it opens
  }
  if (state.joining === eb) {
    state.rejoin = true;
    return;
  }
  state.joining = eb;
  const request = { type: 'join', room: state.room, nick: state.nick, lastSeq: state.lastSeq, epoch: state.epoch };
  eb.send(REQUESTS, request, (err, reply) => {
    if (state.joining === eb) {
      state.joining = null;
    }
    if (err) {
      showError(err.message);
      if (err.message === 'history_unavailable' && state.eb === eb) {
        setTimeout(join, RETRY_JOIN_MS);
      }
      return;
    }
    showError(null);
    caughtUp(reply.body);
    if (state.rejoin) {
      state.rejoin = false;
      join();
    }
  });
}

function caughtUp(body) {
  setStatus(`connected to ${body.node}`, 'online');
  $('join-form').hidden = true;
  $('chat').hidden = false;
  $('room-name').textContent = body.room;
  $('me').textContent = body.nick;
  state.nick = body.nick;
  if (body.nodes) {
    // the node this page is on first (as the page reached it), then the others it can fail over to
    const url = state.urls[state.current];
    state.urls = [url, ...body.nodes.slice(1).filter((u) => u !== url)];
    state.current = 0;
  }
  if (state.node && state.node !== body.node) {
    eventLine(`reconnected through ${body.node}`);
  }
  state.node = body.node;
  if (body.reset || body.truncated || (state.epoch && body.epoch && state.epoch !== body.epoch)) {
    startOver(body.reset
      ? 'The room\'s history changed while you were away (its store restarted, or a network split healed); it is shown again from the newest messages.'
      : 'More messages were missed while disconnected than fit here; load earlier messages to see them.');
  }
  state.epoch = body.epoch || state.epoch;
  body.messages.forEach(showMessage);
  // "more" is about what is older than these messages: it matters when they start the list
  const first = body.messages[0];
  if (first ? first.seq === state.oldestSeq : state.oldestSeq === null) {
    $('earlier').hidden = !body.more;
  }
  $('text').focus();
}

/** Empties the list: what follows is a new run of the history. */
function startOver(why) {
  $('messages').replaceChildren();
  state.seen.clear();
  state.lastSeq = null;
  state.oldestSeq = null;
  state.epoch = null;
  notice(why);
}

function onRoomEvent(event) {
  if (event.type === 'message') {
    showMessage(event);
  } else if (event.type === 'resync') {
    join();
  } else if (event.type === 'presence_state') {
    state.presences = event.presences;
    renderPresence();
  } else if (event.type === 'presence_diff') {
    const before = new Set(Object.keys(state.presences));
    applyDiff(event.joins, event.leaves);
    const after = new Set(Object.keys(state.presences));
    [...after].filter((nick) => !before.has(nick)).sort().forEach((nick) => eventLine(`${nick} joined`));
    [...before].filter((nick) => !after.has(nick)).sort().forEach((nick) => eventLine(`${nick} left`));
    renderPresence();
  }
}

function showMessage(message) {
  if (state.epoch === null) {
    state.epoch = message.epoch;
  } else if (message.epoch !== state.epoch) {
    // numbered in another epoch: the node will say what the room's history is now
    join();
    return;
  }
  if (state.seen.has(message.seq)) {
    return;
  }
  state.seen.add(message.seq);
  if (state.lastSeq === null) {
    state.lastSeq = message.seq;
  }
  while (state.seen.has(state.lastSeq + 1)) {
    state.lastSeq += 1;
  }
  if (message.seq > state.lastSeq + 1) {
    watchGap(state.lastSeq);
  }
  state.oldestSeq = state.oldestSeq === null ? message.seq : Math.min(state.oldestSeq, message.seq);
  insert(message);
}

/** Messages through different nodes may arrive out of order; one still missing a moment later was missed. */
function watchGap(lastSeq) {
  setTimeout(() => {
    if (state.lastSeq === lastSeq && !state.seen.has(lastSeq + 1)) {
      join();
    }
  }, GAP_WAIT_MS);
}

function insert(message) {
  const item = document.createElement('li');
  item.dataset.seq = message.seq;
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = new Date(message.ts).toLocaleTimeString();
  meta.title = `#${message.seq}`;
  const from = document.createElement('span');
  from.className = 'from';
  const text = document.createElement('span');
  text.className = 'text';
  text.textContent = message.text;
  const via = document.createElement('span');
  via.className = 'via';
  via.textContent = `via ${message.node}`;
  if (message.system) {
    // a notice from the operators: no member can post as the system, and it looks like nothing else
    item.className = 'system';
    from.textContent = 'Notice';
  } else if (message.service) {
    // another program posting through the TCP bridge: its name, marked as a service's, never as a person's
    item.className = 'service';
    from.textContent = `${message.from} (service)`;
  } else {
    item.className = message.from === state.nick ? 'mine' : '';
    from.textContent = message.from === state.nick ? `${message.from} (you)` : message.from;
  }
  item.append(meta, from, text, via);
  // keep the list in sequence order
  const list = $('messages');
  const after = [...list.children].find((li) => Number(li.dataset.seq) > message.seq);
  list.insertBefore(item, after || null);
  if (!after) {
    list.scrollTop = list.scrollHeight;
  }
}

/** A line the page itself writes about the history: not a message of the room. */
function notice(text) {
  line('notice', text);
}

/** A line about the room's people or this page's connection: someone joined or left, a fail-over. */
function eventLine(text) {
  line('event', text);
}

function line(kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  const list = $('messages');
  list.append(item);
  list.scrollTop = list.scrollHeight;
}

/** The page of messages before the oldest shown, put at the top of the list. */
function loadEarlier() {
  const before = state.oldestSeq;
  if (!state.eb || state.eb.state !== EventBus.OPEN) {
    showError('Not connected; try again in a moment.');
    return;
  }
  state.eb.send(REQUESTS, { type: 'history', room: state.room, before, limit: PAGE }, (err, reply) => {
    if (err) {
      showError(err.message);
      return;
    }
    const body = reply.body;
    if (body.epoch !== state.epoch) {
      join();
      return;
    }
    const list = $('messages');
    const height = list.scrollHeight;
    body.messages.forEach(showMessage);
    list.scrollTop += list.scrollHeight - height;
    $('earlier').hidden = !body.more;
  });
}

function applyDiff(joins, leaves) {
  for (const [nick, { metas }] of Object.entries(leaves)) {
    const refs = new Set(metas.map((m) => m.phx_ref));
    const entry = state.presences[nick];
    if (entry) {
      entry.metas = entry.metas.filter((m) => !refs.has(m.phx_ref));
      if (entry.metas.length === 0) {
        delete state.presences[nick];
      }
    }
  }
  for (const [nick, { metas }] of Object.entries(joins)) {
    const entry = state.presences[nick] || (state.presences[nick] = { metas: [] });
    const known = new Set(entry.metas.map((m) => m.phx_ref));
    entry.metas.push(...metas.filter((m) => !known.has(m.phx_ref)));
  }
}

function renderPresence() {
  const list = $('presence');
  list.replaceChildren(...Object.keys(state.presences).sort().map((nick) => {
    const item = document.createElement('li');
    item.textContent = nick;
    const nodes = document.createElement('span');
    nodes.className = 'node';
    nodes.textContent = [...new Set(state.presences[nick].metas.map((m) => m.node))].join(', ');
    item.append(nodes);
    return item;
  }));
}

$('join-form').addEventListener('submit', (event) => {
  event.preventDefault();
  state.nick = $('nick').value.trim();
  state.room = $('room').value.trim();
  if (state.eb && state.eb.state === EventBus.OPEN) {
    enter();
  }
});

$('earlier').addEventListener('click', loadEarlier);
$('leave').addEventListener('click', leave);

$('say-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('text');
  const text = input.value;
  if (!state.eb || state.eb.state !== EventBus.OPEN) {
    showError('Not connected; the message was not sent.');
    return;
  }
  state.eb.send(REQUESTS, { type: 'say', room: state.room, text }, (err) => {
    if (err) {
      showError(err.message);
      // nothing was kept: give the text back to try again
      if (!input.value) {
        input.value = text;
      }
    } else {
      showError(null);
    }
  });
  input.value = '';
});

connect();
