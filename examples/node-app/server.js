'use strict';

const http = require('node:http');
const escapeHtml = require('escape-html');
const ms = require('ms');

const port = Number(process.env.PORT) || 3000;
const revision = process.env.GIT_SHA || 'dev';
const started = Date.now();

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');

  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, uptime: ms(Date.now() - started), revision }));
    return;
  }

  const name = url.searchParams.get('name') || 'world';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><p>Hello, ${escapeHtml(name)}!</p>\n`);
});

server.listen(port, () => {
  console.log(`listening on :${port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
