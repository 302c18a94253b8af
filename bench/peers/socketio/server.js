// The peer of multinode's chat benchmark: a Socket.IO 4 chat server whose rooms span processes through
// @socket.io/redis-adapter, as Phoenix-style chats are usually built in Node.js. Same protocol shape as
// multinode's: a client joins a room, a message said in the room goes to every client in it on every
// server. GET /heap (run with --expose-gc) collects garbage and answers the JS heap in use.
// usage: node --expose-gc server.js <port> <redis URL>
const { createServer } = require('http');
const { Server } = require('socket.io');
const { createAdapter } = require('@socket.io/redis-adapter');
const { createClient } = require('redis');

const [port, redisUrl] = [Number(process.argv[2]), process.argv[3]];

(async () => {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  const http = createServer((req, res) => {
    if (req.url === '/heap') {
      if (global.gc) {
        global.gc();
      }
      res.end(JSON.stringify({ heapUsed: process.memoryUsage().heapUsed }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  const io = new Server(http, { adapter: createAdapter(pub, sub), transports: ['websocket'] });
  io.on('connection', (socket) => {
    socket.on('join', (room, ack) => {
      socket.join(room);
      if (ack) {
        ack('ok');
      }
    });
    socket.on('say', (room, message) => io.to(room).emit('message', message));
  });
  http.listen(port, '127.0.0.1', () => console.log('READY'));
})();
