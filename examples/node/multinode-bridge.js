#!/usr/bin/env node
// A client of multinode's TCP event-bus bridge in plain Node.js (no dependencies).
// Frames are a 4-byte big-endian length and that many bytes of UTF-8 JSON, both ways.
//
//   node examples/node/multinode-bridge.js listen 127.0.0.1:7000 events.deploys multinode.chat.room.lobby
//   node examples/node/multinode-bridge.js publish 127.0.0.1:7000 events.deploys '{"version":"1.2.3"}'
//   node examples/node/multinode-bridge.js request 127.0.0.1:7000 multinode.groups.api '{"action":"which_groups"}'
//   node examples/node/multinode-bridge.js say 127.0.0.1:7000 lobby "deploy finished" [--from deploy-bot]
//   node examples/node/multinode-bridge.js tour 127.0.0.1:7000 127.0.0.1:7001
//
// `tour` walks through the bridge across two nodes and exits non-zero if anything is not as described.
//
// A bridge that listens beyond loopback asks for its token (bridge.token) in the first frame: set
// MULTINODE_BRIDGE_TOKEN and every connection sends {"type":"auth","token":...} before anything else.
'use strict';
const net = require('net');
const { randomUUID } = require('crypto');

class Bridge {
  static connect(address) {
    const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
    const connected = new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new Bridge(socket)));
      socket.once('error', reject);
    });
    const token = (process.env.MULTINODE_BRIDGE_TOKEN || '').trim();
    return !token ? connected : connected.then(async (bridge) => {
      const answer = await bridge.request({ type: 'auth', token });
      if (answer.type !== 'message') {
        bridge.close();
        throw new Error(`the node refused the token: ${answer.message}`);
      }
      return bridge;
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.frames = [];
    this.waiting = [];
    socket.on('data', (data) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      while (this.buffer.length >= 4 && this.buffer.length >= 4 + this.buffer.readInt32BE(0)) {
        const length = this.buffer.readInt32BE(0);
        this.frames.push(JSON.parse(this.buffer.subarray(4, 4 + length).toString('utf8')));
        this.buffer = this.buffer.subarray(4 + length);
      }
      this.waiting.slice().forEach((check) => check());
    });
    socket.on('close', () => this.waiting.slice().forEach((check) => check(new Error('the node closed the connection'))));
  }

  send(frame) {
    const body = Buffer.from(JSON.stringify(frame), 'utf8');
    const length = Buffer.alloc(4);
    length.writeInt32BE(body.length);
    this.socket.write(Buffer.concat([length, body]));
  }

  /** The first frame that matches (the others stay for later), within timeoutMs. */
  receiveWhere(match, timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error('no answer within ' + timeoutMs + ' ms')), timeoutMs);
      const done = (error, frame) => {
        clearTimeout(timer);
        this.waiting.splice(this.waiting.indexOf(check), 1);
        error ? reject(error) : resolve(frame);
      };
      const check = (closed) => {
        const i = this.frames.findIndex(match);
        if (i >= 0) {
          done(null, this.frames.splice(i, 1)[0]);
        } else if (closed) {
          done(closed);
        }
      };
      this.waiting.push(check);
      check();
    });
  }

  /** Sends a frame with a fresh reply address and resolves with the node's answer (a message or an err). */
  request(frame) {
    const replyAddress = randomUUID();
    this.send({ ...frame, replyAddress });
    // an err frame without an address is the node refusing the connection (unauthorized)
    return this.receiveWhere((f) => f.address === replyAddress || (f.type === 'err' && f.address === undefined));
  }

  /** Subscribes; resolves once the subscription is in place (or the node refused it). */
  register(address) {
    return this.request({ type: 'register', address });
  }

  close() {
    this.socket.end();
  }
}

async function tour(first, second) {
  let ok = true;
  const check = (passed, what) => {
    ok = ok && passed;
    console.log((passed ? 'ok    ' : 'FAILED') + ' ' + what);
  };
  const [a, b] = [await Bridge.connect(first), await Bridge.connect(second)];
  const topic = 'events.tour-node';
  check((await b.register(topic)).type === 'message', `registered ${topic} through ${second}`);
  a.send({ type: 'publish', address: topic, body: { from: 'node', n: 1 } });
  const got = await b.receiveWhere((f) => f.address === topic);
  check(got.body.from === 'node' && got.body.n === 1,
    `published through ${first}, received through ${second}: ${JSON.stringify(got.body)}`);
  const groups = await a.request({ type: 'send', address: 'multinode.groups.api', body: { action: 'which_groups' } });
  check(groups.type === 'message' && Array.isArray(groups.body.groups),
    `request/reply with the groups API: ${JSON.stringify(groups.body)}`);
  const said = await a.request({ type: 'send', address: 'multinode.chat.room.lobby', body: { from: 'node', text: 'hello from Node.js' } });
  check(said.type === 'message' && said.body.seq > 0, `said in room lobby: seq ${said.body && said.body.seq}`);
  const denied = await a.request({ type: 'send', address: 'private.topic', body: {} });
  check(denied.message === 'access_denied', `an address outside the permissions: ${denied.message}`);
  const invoke = await a.request({ type: 'send', address: 'multinode.node.any.invoke', body: { type: 'call', task: 'node.name' } });
  check(invoke.message === 'access_denied', `a request to an invoke address: ${invoke.message}`);
  a.close();
  b.close();
  return ok ? 0 : 1;
}

async function main([command, address, ...args]) {
  const usage = () => {
    console.error(require('fs').readFileSync(__filename, 'utf8').split('\n').filter((l) => l.startsWith('//')).join('\n'));
    return 2;
  };
  if (!command || !address) {
    return usage();
  }
  if (command === 'tour' && args.length === 1) {
    return tour(address, args[0]);
  }
  const bridge = await Bridge.connect(address);
  if (command === 'listen' && args.length > 0) {
    for (const topic of args) {
      const answer = await bridge.register(topic);
      if (answer.type === 'err') {
        console.error(`${topic}: ${answer.message}`);
        return 1;
      }
    }
    for (;;) {
      const frame = await bridge.receiveWhere(() => true, 2 ** 31 - 1);
      console.log(JSON.stringify({ address: frame.address, body: frame.body }));
    }
  }
  let answer;
  if ((command === 'publish' || command === 'request') && args.length === 2) {
    answer = await bridge.request({ type: 'send', address: args[0], body: JSON.parse(args[1]) });
  } else if (command === 'say' && (args.length === 2 || (args.length === 4 && args[2] === '--from'))) {
    answer = await bridge.request({ type: 'send', address: 'multinode.chat.room.' + args[0],
      body: { from: args.length === 4 ? args[3] : 'node', text: args[1] } });
  } else {
    return usage();
  }
  bridge.close();
  console.log(JSON.stringify(answer.type === 'message' ? answer.body : answer));
  return answer.type === 'message' ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  console.error(error.message);
  process.exit(1);
});
