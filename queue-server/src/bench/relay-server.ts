/**
 * The floor for the realtime benchmark: a minimal Socket.IO server that only relays one message from a
 * counter client to every display client. No database, no logic. Same transports, same client counts.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { serveClient: false });
const displays = io.of('/display');
io.of('/counter').on('connection', (socket) => {
  socket.on('relay', (msg: unknown, ack?: () => void) => {
    displays.emit('relayed', msg);
    ack?.();
  });
});
http.listen(0, '127.0.0.1', () => {
  const addr = http.address();
  process.stdout.write(`listening on http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
process.on('SIGTERM', () => {
  void io.close();
  http.close(() => process.exit(0));
});
