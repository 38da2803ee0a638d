// Runs one workflow over the NodeTool test server's WebSocket, the way NodeTool's browser clients do
// (PROTOCOL.md section 8.1): binary MessagePack frames, a run_job request without job_id, the job id
// learned from the first job_update, the result taken from the terminal job_update.
//
// Usage: node client.mjs <ws-url> [workflow_id] [params-json]
//   ws-url  ws://127.0.0.1:7777/predict (legacy) or ws://127.0.0.1:7777/ws (current);
//           a token goes in the URL as ?api_key=<token>
// Prints the result as JSON and exits 0; exits 1 when the job fails, 2 on a protocol or timeout error.
import WebSocket from "ws";
import { encode, decode } from "@msgpack/msgpack";

const [url, workflowId = "greeting", paramsJson = "{}"] = process.argv.slice(2);
if (!url) {
  console.error("usage: node client.mjs <ws-url> [workflow_id] [params-json]");
  process.exit(2);
}
const params = JSON.parse(paramsJson);
const current = new URL(url).pathname === "/ws";

function fail(code, message) {
  console.error(message);
  process.exit(code);
}

const timer = setTimeout(() => fail(2, "timed out waiting for the job to finish"), 30000);
const socket = new WebSocket(url);
socket.binaryType = "arraybuffer";
let jobId = null;

socket.on("open", () => {
  socket.send(encode({
    command: "run_job",
    data: {
      type: "run_job_request",
      api_url: url.replace(/^ws/, "http").replace(/\/(predict|ws)(\?.*)?$/, "/api"),
      workflow_id: workflowId,
      job_type: "workflow",
      auth_token: "local_token",
      params,
    },
  }));
});

socket.on("message", (data, isBinary) => {
  if (!isBinary) {
    fail(2, "unexpected text frame: " + data.toString());
  }
  const message = decode(new Uint8Array(data));
  if (message.type === undefined) {
    // A command reply or rejection (untyped, section 4.4/4.6).
    if (message.error) {
      fail(2, "rejected: " + JSON.stringify(message));
    }
    return;
  }
  if (message.job_id && !jobId && message.type === "job_update") {
    jobId = message.job_id;
  }
  if (message.type === "error") {
    fail(1, "error: " + (message.error ?? message.message));
  }
  if (message.type !== "job_update") {
    return;
  }
  switch (message.status) {
    case "completed":
      // Gen A: the result map directly; Gen C: the second completed frame carries result.outputs.
      if (message.result == null) {
        return;
      }
      clearTimeout(timer);
      console.log(JSON.stringify({ job_id: jobId, result: current ? message.result.outputs : message.result }));
      socket.close(1000);
      break;
    case "failed":
    case "error":
      fail(1, "job failed: " + message.error);
      break;
    case "cancelled":
      fail(1, "job was cancelled");
      break;
    default:
      break;
  }
});

socket.on("close", () => process.exit(process.exitCode ?? 0));
socket.on("error", (error) => fail(2, "socket error: " + error.message));
