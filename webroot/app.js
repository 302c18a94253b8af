// The chat page: one room at a time over the node's SockJS bridge, failing over to another node of the
// cluster when its node goes away, and asking for what it missed with the last sequence number it saw.
// Every piece of text from the network is put on the page with textContent, never as HTML.

const REQUESTS = 'multinode.chat.requests';
const roomAddress = (room) => `multinode.chat.room.${room}`;
const ERRORS = {
  invalid_nickname: 'A nickname is 1 to 32 characters.',
  invalid_room: 'A room name is 1 to 32 of a-z, 0-9, - and _.',
  invalid_message: 'A message is 1 to 2000 characters.',
  rate_limited: 'Slow down: at most 20 messages in 10 seconds.',
  not_joined: 'Join the room first.',
  too_many_rooms: 'Too many rooms on this connection.',
  unavailable: 'The room history cannot be reached right now; try again.',
};

const $ = (id) => document.getElementById(id);
const state = {
  urls: [location.origin],   // every node's HTTP URL, learned from /api/nodes
  current: 0,                // index in urls of the node this page talks to
  eb: null,
  nick: null,
  room: null,
  lastSeq: null,             // the highest sequence number shown in the room
  seen: new Set(),           // sequence numbers shown, so that nothing is shown twice
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
  const eb = new EventBus(`${url}/eventbus`, { vertxbus_ping_interval: 5000 });
  state.eb = eb;
  eb.onopen = () => {
    setStatus(`connected to ${url}`, 'online');
    learnNodes(url);
    if (state.room) {
      enter(state.room, state.nick);
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

function enter(room, nick) {
  const eb = state.eb;
  // the client drops its handlers when the connection drops: register again on every (re)connect
  eb.registerHandler(roomAddress(room), (err, msg) => {
    if (!err) {
      onRoomEvent(msg.body);
    }
  });
  eb.send(REQUESTS, { type: 'join', room, nick, lastSeq: state.lastSeq }, (err, reply) => {
    if (err) {
      showError(err.message);
      return;
    }
    showError(null);
    const body = reply.body;
    setStatus(`connected to ${body.node}`, 'online');
    $('join-form').hidden = true;
    $('chat').hidden = false;
    $('room-name').textContent = body.room;
    if (body.truncated) {
      notice('Some messages were missed while disconnected.');
    }
    body.messages.forEach(showMessage);
    $('text').focus();
  });
}

function onRoomEvent(event) {
  if (event.type === 'message') {
    showMessage(event);
  } else if (event.type === 'presence_state') {
    state.presences = event.presences;
    renderPresence();
  } else if (event.type === 'presence_diff') {
    applyDiff(event.joins, event.leaves);
    renderPresence();
  }
}

function showMessage(message) {
  if (state.seen.has(message.seq)) {
    return;
  }
  state.seen.add(message.seq);
  state.lastSeq = Math.max(state.lastSeq || 0, message.seq);
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
  // keep the list in sequence order: messages through different nodes may arrive out of order
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
    enter(state.room, state.nick);
  }
});

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
    } else {
      showError(null);
    }
  });
  input.value = '';
});

learnNodes(location.origin).then(connect);
