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
  urls: [location.origin],   // every node's HTTP URL, learned from /api/nodes
  current: 0,                // index in urls of the node this page talks to
  eb: null,
  nick: null,
  room: null,
  epoch: null,               // the epoch of the messages shown
  lastSeq: null,             // the highest sequence number shown with every one before it down to the oldest
  oldestSeq: null,           // the lowest sequence number shown
  seen: new Set(),           // sequence numbers shown, so that nothing is shown twice
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

async function learnNodes(base) {
  try {
    const body = await (await fetch(`${base}/api/nodes`)).json();
    const others = body.nodes.filter((n) => !n.self).map((n) => n.httpUrl).filter((u) => u && u !== base);
    state.urls = [base, ...others];
    state.current = 0;
  } catch (e) {
    // keep the nodes already known
  }
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
    learnNodes(url);
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
  state.eb.registerHandler(roomAddress(state.room), (err, msg) => {
    if (!err) {
      onRoomEvent(msg.body);
    }
  });
  join();
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
    applyDiff(event.joins, event.leaves);
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
  if (message.system) {
    item.className = 'system';
  }
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = new Date(message.ts).toLocaleTimeString();
  meta.title = `#${message.seq} via ${message.node}`;
  const from = document.createElement('span');
  from.className = 'from';
  from.textContent = message.from;
  const text = document.createElement('span');
  text.className = 'text';
  text.textContent = message.text;
  item.append(meta, from, text);
  // keep the list in sequence order
  const list = $('messages');
  const after = [...list.children].find((li) => Number(li.dataset.seq) > message.seq);
  list.insertBefore(item, after || null);
  if (!after) {
    list.scrollTop = list.scrollHeight;
  }
}

function notice(text) {
  const item = document.createElement('li');
  item.className = 'notice';
  item.textContent = text;
  $('messages').append(item);
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

learnNodes(location.origin).then(connect);
