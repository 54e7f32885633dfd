// The trivial upstream every forwarding contender talks to: answers any request at once, like
// Graph's Send API ({ recipient_id, message_id }), after reading the body.
//   node upstream.mjs <port>
import http from 'node:http';

let n = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ recipient_id: '123', message_id: 'm_' + ++n }));
  });
});
server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
