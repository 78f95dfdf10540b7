// Serves a module's `export default { fetch(request) }` on Node's http server, as Deno.serve and Bun.serve do:
// the request body streams in (not buffered here, so the handler can refuse an oversized body itself).
//   PORT=8787 HOSTNAME=127.0.0.1 node tests/runtimes/edge/node-serve.mjs path/to/module.mjs
import { createServer } from "node:http";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";

const { default: handler } = await import(pathToFileURL(resolve(process.argv[2])).href);
const host = process.env.HOSTNAME ?? "127.0.0.1";

createServer(async (req, res) => {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(`http://${req.headers.host ?? host}${req.url}`, { method: req.method, headers, body: hasBody ? Readable.toWeb(req) : undefined, duplex: "half" });
  let response;
  try {
    response = await handler.fetch(request);
  } catch (error) {
    response = new Response(`handler threw: ${error?.message ?? error}`, { status: 500 });
  }
  // A handler that stopped reading an unfinished body (too large) leaves the connection unusable: say so, so
  // clients open a new one instead of reusing it (else their next request on it fails with ECONNRESET).
  if (!req.complete) res.shouldKeepAlive = false;
  res.writeHead(response.status, [...response.headers].flat());
  res.end(Buffer.from(await response.arrayBuffer()));
}).listen(Number(process.env.PORT ?? 8787), host);
