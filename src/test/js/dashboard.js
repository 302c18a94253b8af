// The dashboard's bridge with the official client, @vertx/eventbus-bridge-client.js under Node.js: its
// snapshot and its streams answer; every request, publication and registration of anything else is
// refused with access_denied. Prints one line per step; exits 0 once every step passed, 1 on a failure or
// after 20 s.
// usage: node src/test/js/dashboard.js <operator listener URL>
const EventBus = require('@vertx/eventbus-bridge-client.js');

const [url] = process.argv.slice(2);
const fail = (why) => {
  console.log(`failed: ${why}`);
  process.exit(1);
};
setTimeout(() => fail('not done within 20 s'), 20000);

const errorFrames = [];
const eb = new EventBus(`${url}/dashboard/eventbus`);
eb.onerror = (err) => errorFrames.push(err.message || err.body || JSON.stringify(err));

const send = (address, body) => new Promise((resolve) => {
  eb.send(address, body, (err, reply) => resolve(err ? { refused: err.message || err.failureType } : { body: reply.body }));
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

eb.onopen = async () => {
  const snapshot = await send('multinode.dashboard.snapshot', {});
  if (snapshot.refused) fail(`snapshot refused: ${snapshot.refused}`);
  console.log(`snapshot: viewed through ${snapshot.body.self}, nodes ${snapshot.body.nodes.map((n) => n.name).join(' ')}`);

  const update = new Promise((resolve) => {
    eb.registerHandler('multinode.dashboard.nodes', (err, msg) => {
      if (!err && msg.body.type === 'nodes') resolve(msg.body);
    });
  });
  const nodes = await update;
  console.log(`nodes stream: ${nodes.nodes.length} nodes, ${nodes.nodes.filter((n) => n.state === 'up').length} up`);

  for (const address of ['multinode.chat.requests', 'multinode.groups.api', 'multinode.node.x.invoke',
    'multinode.dashboard.notices', 'events.deploys', 'multinode.dashboard.nodes']) {
    const answer = await send(address, { type: 'join', room: 'lobby', nick: 'mallory', action: 'join' });
    console.log(`send ${address}: ${answer.refused ? 'refused ' + answer.refused : 'ANSWERED'}`);
  }
  eb.publish('multinode.dashboard.nodes', { type: 'nodes', nodes: [] });
  eb.publish('multinode.chat.room.lobby', { text: 'forged' });
  eb.registerHandler('multinode.chat.room.lobby', () => {});
  eb.registerHandler('multinode.dashboard.figures.x', () => {});
  await sleep(1000);
  console.log(`publish and register elsewhere: ${errorFrames.join(' ')}`);
  process.exit(0);
};
