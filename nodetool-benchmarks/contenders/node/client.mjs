// A minimal Node.js NodeTool client for the heavy side-by-side benchmarks (docs/performance.md):
// `ws` + `@msgpack/msgpack` for WebSocket jobs, the built-in fetch for HTTP runs and streams.
// Written for this repository; it follows the wire facts of docs/protocol-notes.md (§5, §6, §7, §8).
//
//   node client.mjs WORKLOAD LEGACY_URL CURRENT_URL [WARMUPS]
//
// Runs WORKLOAD WARMUPS times unmeasured, then once measured, and prints one line
// RESULT {"ok":true,"items":N,"nanos":N,"cpuNanos":N} (or {"ok":false,"error":"..."}),
// the same line as the Java contenders (ai.nodetool.benchmarks.heavy.ResultLine).
import { randomUUID } from "node:crypto";
import { decode, encode } from "@msgpack/msgpack";
import WebSocket from "ws";

const FIREHOSE = "heavy-firehose";
const FIREHOSE_FRAMES = 200_000;
const JOBS = 1_000;
const LARGE = "heavy-binary";
const LARGE_BYTES = 50 * 1024 * 1024;
const STREAM = "heavy-firehose";
const STREAM_LINES = 200_000;
const WARMUPS = {
  "ws-firehose": 1,
  "ws-1000-jobs": 2,
  "ws-large-binary": 1,
  "http-large-base64": 1,
  ndjson: 1,
  sse: 1,
  "cold-start": 0,
};
const TERMINAL = new Set(["completed", "failed", "cancelled", "error"]);

function slash(url) {
  return url.endsWith("/") ? url : url + "/";
}

function wsUrl(base, path) {
  return base.replace(/^http/, "ws") + path;
}

function atLeast(got, expected, what) {
  if (got < expected) throw new Error(`received ${got} ${what}, expected at least ${expected}`);
  return got;
}

function checkLarge(bytes) {
  if (bytes.length !== LARGE_BYTES) throw new Error(`the image has ${bytes.length} bytes, expected ${LARGE_BYTES}`);
  // the byte at offset i is the XOR of the bytes of i (i < 2^32 here)
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== ((i ^ (i >>> 8) ^ (i >>> 16) ^ (i >>> 24)) & 0xff)) throw new Error(`the image differs at byte ${i}`);
  }
  return bytes.length;
}

function isTerminal(frame) {
  return frame.type === "job_update" && TERMINAL.has(frame.status);
}

function checkCompleted(frame) {
  if (frame.status !== "completed") throw new Error(`the job ended ${frame.status}: ${frame.error ?? ""}`);
}

function runJob(jobId, workflowId, params) {
  return encode({
    command: "run_job",
    data: {
      type: "run_job_request",
      job_id: jobId,
      workflow_id: workflowId,
      params,
      require_terminal_result: true,
      concurrent: true,
    },
  });
}

// Opens a socket whose frames (binary: MessagePack, text: JSON) go to onFrame; resolves when open.
function openSocket(url, onFrame, onBroken) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("open", () => resolve(ws));
    ws.on("message", (data, isBinary) => onFrame(isBinary ? decode(data) : JSON.parse(data.toString("utf8"))));
    ws.on("error", (e) => {
      reject(e);
      onBroken(e);
    });
    ws.on("close", (code) => onBroken(new Error(`the socket closed: ${code}`)));
  });
}

function clock() {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  return (items) => {
    const nanos = process.hrtime.bigint() - wall;
    const used = process.cpuUsage(cpu);
    return { items, nanos: Number(nanos), cpuNanos: (used.user + used.system) * 1000 };
  };
}

async function wsFirehose(legacy, current) {
  const jobId = randomUUID();
  let frames = 0;
  let settle;
  const terminal = new Promise((resolve, reject) => (settle = { resolve, reject }));
  const ws = await openSocket(
    wsUrl(current, "ws"),
    (f) => {
      if (f.job_id === jobId) {
        frames++;
        if (isTerminal(f)) settle.resolve(f);
      } else if (f.error) settle.reject(new Error(JSON.stringify(f)));
    },
    (e) => settle.reject(e),
  );
  try {
    const stop = clock();
    ws.send(runJob(jobId, FIREHOSE, {}));
    checkCompleted(await terminal);
    return stop(atLeast(frames, FIREHOSE_FRAMES, "frames"));
  } finally {
    ws.close();
  }
}

async function thousandJobs(legacy, current) {
  const ids = [];
  const jobs = new Map();
  for (let i = 0; i < JOBS; i++) {
    const id = randomUUID();
    ids.push(id);
    let s;
    const p = new Promise((resolve, reject) => (s = { resolve, reject }));
    jobs.set(id, { p, s });
  }
  let broken;
  const failure = new Promise((_, reject) => (broken = reject));
  failure.catch(() => {});
  const ws = await openSocket(
    wsUrl(current, "ws"),
    (f) => {
      const job = jobs.get(f.job_id);
      if (job && isTerminal(f)) job.s.resolve(f);
      else if (f.error) broken(new Error(JSON.stringify(f)));
    },
    (e) => broken(e),
  );
  try {
    const stop = clock();
    ids.forEach((id, i) => ws.send(runJob(id, "greeting", { name: `n${i}` })));
    let ok = 0;
    for (let i = 0; i < ids.length; i++) {
      const f = await Promise.race([jobs.get(ids[i]).p, failure]);
      checkCompleted(f);
      const got = f.result?.outputs?.greeting?.[0];
      if (got !== `Hello, n${i}!`) throw new Error(`expected Hello, n${i}!, got ${got}`);
      ok++;
    }
    return stop(ok);
  } finally {
    ws.close();
  }
}

async function wsLargeBinary(legacy) {
  let settle;
  const terminal = new Promise((resolve, reject) => (settle = { resolve, reject }));
  // Gen A names the job itself (protocol-notes §8.4): one job per socket, so the terminal update is ours.
  const ws = await openSocket(
    wsUrl(legacy, "predict"),
    (f) => {
      if (isTerminal(f)) settle.resolve(f);
      else if (f.error) settle.reject(new Error(JSON.stringify(f)));
    },
    (e) => settle.reject(e),
  );
  try {
    const stop = clock();
    ws.send(encode({ command: "run_job", data: { workflow_id: LARGE, params: {} } }));
    const f = await terminal;
    checkCompleted(f);
    let image = f.result?.image;
    if (Array.isArray(image)) image = image[0];
    return stop(checkLarge(image.data));
  } finally {
    ws.close();
  }
}

function post(url, body) {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function httpLargeBase64(legacy) {
  const stop = clock();
  const res = await post(`${legacy}api/workflows/${LARGE}/run`, { params: {} });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  let image = (await res.json()).image;
  if (Array.isArray(image)) image = image[0];
  const uri = image.uri;
  return stop(checkLarge(Buffer.from(uri.substring(uri.indexOf(",") + 1), "base64")));
}

// Calls onLine for every line of a streamed response body.
async function lines(res, onLine) {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of res.body) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const parts = text.split("\n");
    rest = parts.pop();
    for (const line of parts) onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
  }
  if (rest.length > 0) onLine(rest);
}

async function ndjson(legacy) {
  const stop = clock();
  let n = 0;
  const res = await post(`${legacy}api/workflows/${STREAM}/run?stream=true`, { params: {} });
  await lines(res, (line) => {
    if (line.length > 0 && JSON.parse(line).type !== undefined) n++;
  });
  return stop(atLeast(n, STREAM_LINES, "lines"));
}

async function sse(legacy) {
  const stop = clock();
  let n = 0;
  const res = await post(`${legacy}workflows/${STREAM}/run/stream`, { params: {} });
  await lines(res, (line) => {
    if (line.startsWith("data:")) {
      const data = line.substring(5).trim();
      if (data.startsWith("{") && typeof JSON.parse(data) === "object") n++;
    }
  });
  return stop(atLeast(n, STREAM_LINES, "events"));
}

async function coldStart(legacy) {
  const stop = clock();
  const res = await post(`${legacy}api/workflows/greeting/run`, { params: { name: "Ada" } });
  const greeting = (await res.json()).greeting;
  if (greeting !== "Hello, Ada!") throw new Error(`expected Hello, Ada!, got ${greeting}`);
  return stop(1);
}

const WORKLOADS = {
  "ws-firehose": wsFirehose,
  "ws-1000-jobs": thousandJobs,
  "ws-large-binary": wsLargeBinary,
  "http-large-base64": httpLargeBase64,
  ndjson,
  sse,
  "cold-start": coldStart,
};

async function main() {
  const [workload, legacyArg, currentArg, warmupsArg] = process.argv.slice(2);
  const run = WORKLOADS[workload];
  if (!run || !legacyArg || !currentArg) {
    console.error("usage: node client.mjs WORKLOAD LEGACY_URL CURRENT_URL [WARMUPS]");
    process.exit(2);
  }
  const legacy = slash(legacyArg);
  const current = slash(currentArg);
  const warmups = warmupsArg === undefined ? WARMUPS[workload] : Number(warmupsArg);
  try {
    let result;
    for (let i = 0; i <= warmups; i++) result = await run(legacy, current);
    console.log("RESULT " + JSON.stringify({ ok: true, ...result }));
    process.exit(0);
  } catch (e) {
    console.log("RESULT " + JSON.stringify({ ok: false, error: String(e?.stack ?? e) }));
    process.exit(1);
  }
}

main();
