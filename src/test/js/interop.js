// Interop check with the official client: @vertx/eventbus-bridge-client.js (over sockjs-client) under
// Node.js joins a chat room through node A, another instance says something through node B, and the
// first must receive it. Prints one line per step; exits 0 on success, 1 on failure or after 15 s.
// usage: node src/test/js/interop.js <node A URL> <node B URL> <room>
const EventBus = require('@vertx/eventbus-bridge-client.js');

const [urlA, urlB, room] = process.argv.slice(2);
const REQUESTS = 'multinode.chat.requests';
const address = `multinode.chat.room.${room}`;
const text = `hello from B ${Date.now()}`;

const fail = (why) => {
  console.log(`failed: ${why}`);
  process.exit(1);
};
setTimeout(() => fail('no message within 15 s'), 15000);

const open = (url) => new Promise((resolve) => {
  const eb = new EventBus(`${url}/eventbus`);
  eb.onopen = () => resolve(eb);
  eb.onerror = (err) => console.log(`error frame: ${JSON.stringify(err)}`);
});

const request = (eb, body) => new Promise((resolve) => {
  eb.send(REQUESTS, body, (err, reply) => (err ? fail(`${body.type}: ${err.message}`) : resolve(reply.body)));
});

(async () => {
  const a = await open(urlA);
  const b = await open(urlB);
  a.registerHandler(address, (err, msg) => {
    if (!err && msg.body.type === 'message' && msg.body.text === text) {
      console.log(`received through A: ${msg.body.text} (from ${msg.body.from} via ${msg.body.node}, seq ${msg.body.seq})`);
      process.exit(0);
    }
  });
  const joinedA = await request(a, { type: 'join', room, nick: 'node-client-a' });
  console.log(`joined through A: ${joinedA.node}`);
  b.registerHandler(address, () => {});
  const joinedB = await request(b, { type: 'join', room, nick: 'node-client-b' });
  console.log(`joined through B: ${joinedB.node}`);
  const said = await request(b, { type: 'say', room, text });
  console.log(`said through B: seq ${said.seq}`);
})();
