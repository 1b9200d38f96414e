// bench/speed-peers/peers.mjs -- times one peer formatter over a list of
// Dockerfiles, in one node process, for bench/speed.
//
//   node peers.mjs PEER LISTFILE [SECONDS]
//
// PEER is one of
//   dockerfile-utils  format(text, {insertSpaces, tabSize}) -> TextEdit[]; the
//                     edits are applied to get the formatted text
//   dockerfmt         @reteps/dockerfmt formatDockerfileContents(text, opts), the
//                     package's public async API (Go compiled to WASM; every call
//                     reads format.wasm and starts a new Go instance)
//   dockerfmt-core    the same formatter with the WASM instance reused: after one
//                     public call, the function that call ends in
//                     (globalThis.__dockerfmt_formatBytes) is called directly
// LISTFILE holds one path a line. The files are read into memory first, then
// formatted once (the first pass: JIT warm-up, WASM compile), then again and
// again for at least SECONDS (default 3; the steady state). A file the peer
// refuses (throws) counts in files_per_s; ok_files_per_s is the rate over the
// calls that succeeded only. Prints one line,
// `RESULT {json}` (Go's panic messages go to stdout too). Times come from performance.now(), whose origin is the start of the
// node process, so `ready_ms + first_pass_ms` is the cost of a one-shot run.
// This script must sit next to the node_modules that `npm ci` made from
// package.json/package-lock.json (bench/speed copies it there).
import { createRequire } from 'node:module';
import fs from 'node:fs';

const [peer, listFile, secondsArg] = process.argv.slice(2);
if (!peer || !listFile) {
    console.error('usage: node peers.mjs dockerfile-utils|dockerfmt|dockerfmt-core LISTFILE [SECONDS]');
    process.exit(2);
}
const seconds = Number(secondsArg || 3);
const paths = fs.readFileSync(listFile, 'utf8').split('\n').filter((p) => p.length > 0);
const texts = paths.map((p) => fs.readFileSync(p, 'utf8'));
const bytes = paths.reduce((n, p) => n + fs.statSync(p).size, 0);

// Applies LSP TextEdits (line/character ranges, UTF-16 columns) to text.
function applyEdits(text, edits) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    const off = (pos) => Math.min((starts[pos.line] ?? text.length) + pos.character, text.length);
    const spans = edits.map((e) => [off(e.range.start), off(e.range.end), e.newText]);
    spans.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
    let out = text;
    for (const [s, e, t] of spans) out = out.slice(0, s) + t + out.slice(e);
    return out;
}

const loadStart = performance.now();
let formatOne;
if (peer === 'dockerfile-utils') {
    const require = createRequire(import.meta.url);
    const utils = require('dockerfile-utils');
    const settings = { insertSpaces: true, tabSize: 4 };
    formatOne = async (text) => applyEdits(text, utils.format(text, settings));
} else if (peer === 'dockerfmt' || peer === 'dockerfmt-core') {
    const { formatDockerfileContents } = await import('@reteps/dockerfmt');
    const opts = { indent: 4, trailingNewline: true, spaceRedirects: false };
    if (peer === 'dockerfmt') {
        formatOne = (text) => formatDockerfileContents(text, opts);
    } else {
        // A file dockerfmt cannot format panics its Go program, which then
        // refuses every later call: start a new instance (counted in the time).
        let core;
        const start = async () => {
            await formatDockerfileContents('FROM scratch\n', opts);
            core = globalThis.__dockerfmt_formatBytes;
            if (typeof core !== 'function') throw new Error('dockerfmt: no __dockerfmt_formatBytes');
        };
        await start();
        // A timer of a panicked instance may still fire; that instance is gone.
        process.on('uncaughtException', (e) => {
            if (!/Go program has already exited/.test(String(e && e.message))) throw e;
        });
        formatOne = async (text) => {
            let out;
            try {
                out = core(text, opts.indent, opts.trailingNewline, opts.spaceRedirects);
            } catch (e) {
                await start();
                throw e;
            }
            if (typeof out !== 'string') await start();
            return out;
        };
    }
} else {
    console.error(`peers.mjs: unknown peer '${peer}'`);
    process.exit(2);
}
const readyMs = performance.now();

// One pass over every file; returns the number of files the peer refused.
// okMs/okFiles add up the calls that succeeded (the peer's speed on the files
// it accepts, without the cost of its failures).
let okMs = 0;
let okFiles = 0;
async function pass() {
    let failed = 0;
    for (const text of texts) {
        const t = performance.now();
        let out;
        try {
            out = await formatOne(text);
        } catch {
            out = undefined;
        }
        if (typeof out === 'string') {
            okMs += performance.now() - t;
            okFiles++;
        } else {
            failed++;
        }
    }
    return failed;
}

const t0 = performance.now();
const failed = await pass();
const firstPassMs = performance.now() - t0;

okMs = 0;
okFiles = 0;
let rounds = 0;
const t1 = performance.now();
let elapsed = 0;
do {
    await pass();
    rounds++;
    elapsed = (performance.now() - t1) / 1000;
} while (elapsed < seconds);

const files = texts.length;
console.log(
    'RESULT ' +
    JSON.stringify({
        peer,
        files,
        bytes,
        failed,
        load_ms: +(readyMs - loadStart).toFixed(1),
        ready_ms: +readyMs.toFixed(1),
        first_pass_ms: +firstPassMs.toFixed(1),
        rounds,
        seconds: +elapsed.toFixed(2),
        files_per_s: +((files * rounds) / elapsed).toFixed(1),
        mb_per_s: +((bytes * rounds) / 1e6 / elapsed).toFixed(3),
        ok_files_per_s: +(okFiles / (okMs / 1000)).toFixed(1),
        oneshot_ms_per_file: +((readyMs + firstPassMs) / files).toFixed(3),
        max_rss_mb: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
    }),
);
// The Go runtimes the dockerfmt API starts never exit on their own.
process.exit(0);
