#!/usr/bin/env python3
"""Writes ../resources/vectors/messages.json: one vector per message type the SDK models.

An independent MessagePack encoder (no library), shaped like NodeTool's msgpackr output
(PROTOCOL.md 4.2): map16 headers for every map, smallest int encodings, float64 for
non-integers, nil for null, bin for bytes. The JSON form of bytes is an array of integers,
as in NodeTool's JSON text mode. Run: python3 make_vectors.py
"""
import json
import os
import struct

def pack(v):
    if v is None:
        return b"\xc0"
    if v is True:
        return b"\xc3"
    if v is False:
        return b"\xc2"
    if isinstance(v, int):
        if 0 <= v <= 0x7F:
            return struct.pack("B", v)
        if -32 <= v < 0:
            return struct.pack("b", v)
        if 0 <= v <= 0xFF:
            return b"\xcc" + struct.pack(">B", v)
        if 0 <= v <= 0xFFFF:
            return b"\xcd" + struct.pack(">H", v)
        if 0 <= v <= 0xFFFFFFFF:
            return b"\xce" + struct.pack(">I", v)
        if v >= 0:
            return b"\xcf" + struct.pack(">Q", v)
        if v >= -0x80:
            return b"\xd0" + struct.pack(">b", v)
        if v >= -0x8000:
            return b"\xd1" + struct.pack(">h", v)
        if v >= -0x80000000:
            return b"\xd2" + struct.pack(">i", v)
        return b"\xd3" + struct.pack(">q", v)
    if isinstance(v, float):
        return b"\xcb" + struct.pack(">d", v)
    if isinstance(v, str):
        b = v.encode("utf-8")
        if len(b) < 32:
            return struct.pack("B", 0xA0 | len(b)) + b
        if len(b) <= 0xFF:
            return b"\xd9" + struct.pack("B", len(b)) + b
        return b"\xda" + struct.pack(">H", len(b)) + b
    if isinstance(v, bytes):
        if len(v) <= 0xFF:
            return b"\xc4" + struct.pack("B", len(v)) + v
        return b"\xc5" + struct.pack(">H", len(v)) + v
    if isinstance(v, list):
        out = struct.pack("B", 0x90 | len(v)) if len(v) < 16 else b"\xdc" + struct.pack(">H", len(v))
        return out + b"".join(pack(x) for x in v)
    if isinstance(v, dict):
        return b"\xde" + struct.pack(">H", len(v)) + b"".join(pack(k) + pack(x) for k, x in v.items())
    raise TypeError(type(v))

def to_json(v):
    if isinstance(v, bytes):
        return list(v)
    if isinstance(v, list):
        return [to_json(x) for x in v]
    if isinstance(v, dict):
        return {k: to_json(x) for k, x in v.items()}
    return v

PNG = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
R = {"job_id": "job-1", "workflow_id": "wf-1"}

def v(name, message, cls, fields, job_seq=None):
    expect = {"class": cls, "type": message["type"], "jobId": message.get("job_id"),
              "workflowId": message.get("workflow_id"), "jobSeq": job_seq, "fields": fields}
    return {"name": name, "message": message, "expect": expect}

vectors = [
    v("job_update_queued", {"type": "job_update", "status": "queued", **R, "queue_position": 2,
                            "message": "Queued (#2)", "job_seq": 1},
      "JobUpdate", {"status": "queued", "queuePosition": 2, "message": "Queued (#2)", "isTerminal": False}, 1),
    v("job_update_running_gen_c", {"type": "job_update", "status": "running", **R, "job_seq": 2},
      "JobUpdate", {"status": "running", "result": None, "error": None}, 2),
    v("job_update_completed_gen_a", {"type": "job_update", "status": "completed", **R,
                                     "message": "Workflow wf-1 completed in 1.5 seconds",
                                     "result": {"result": ["hello"]}},
      "JobUpdate", {"status": "completed", "result": {"result": ["hello"]}, "isTerminal": True}),
    v("job_update_completed_gen_c_with_media", {"type": "job_update", "status": "completed", **R, "error": None,
                                                "result": {"outputs": {"image": [{"type": "image", "uri": "",
                                                "asset_id": None, "data": PNG, "metadata": None}]}},
                                                "duration": 1.25, "job_seq": 9},
      "JobUpdate", {"status": "completed", "duration": 1.25, "error": None}, 9),
    v("job_update_failed_with_issues", {"type": "job_update", "status": "failed", **R, "error": "Missing input",
                                        "error_code": "INVALID_INPUT", "validation_issues": [
                                            {"node_id": "n1", "property": "text", "message": "required"}]},
      "JobUpdate", {"status": "failed", "error": "Missing input", "errorCode": "INVALID_INPUT", "isTerminal": True}),
    v("job_update_worker_sse_nested", {"type": "job_update", "data": {"type": "job_update", "status": "running", **R}},
      "JobUpdate", {"status": "running"}),
    v("node_update_completed", {"type": "node_update", "node_id": "n1", "node_name": "Upper",
                                "node_type": "nodetool.text.Upper", "status": "completed",
                                "result": {"output": "HI"}, "properties": {"x": 1}, **R, "job_seq": 5},
      "NodeUpdate", {"nodeId": "n1", "nodeName": "Upper", "nodeType": "nodetool.text.Upper",
                     "status": "completed", "result": {"output": "HI"}, "error": None}, 5),
    v("node_update_error", {"type": "node_update", "node_id": "n2", "node_name": "Boom", "node_type": "test.Fail",
                            "status": "error", "error": "kaputt", "error_detail": {"code": "E1"}, **R},
      "NodeUpdate", {"status": "error", "error": "kaputt"}),
    v("node_progress_with_unknown_field", {"type": "node_progress", "node_id": "n3", "progress": 3, "total": 4,
                                           "chunk": "", **R, "future": {"a": [1, 2]}},
      "NodeProgress", {"nodeId": "n3", "progress": 3.0, "total": 4.0, "fraction": 0.75, "chunk": ""}),
    v("output_update_text", {"type": "output_update", "node_id": "out1", "node_name": "Output",
                             "output_name": "result", "value": "hello", "output_type": "str", "metadata": {},
                             "disposition": "append", "done": False, **R, "job_seq": 7},
      "OutputUpdate", {"outputName": "result", "value": "hello", "javaValue": "hello", "outputType": "str",
                       "disposition": "append", "done": False}, 7),
    v("output_update_image_bin", {"type": "output_update", "node_id": "out2", "node_name": "Image Output",
                                  "output_name": "image", "value": {"type": "image", "uri": "", "asset_id": None,
                                  "data": PNG}, "output_type": "image", "metadata": {}, **R},
      "OutputUpdate", {"outputName": "image", "outputType": "image", "assetBytesHex": PNG.hex()}),
    v("output_update_worker_sse", {"type": "output_update", "node_name": "String Output", "value": "HI"},
      "OutputUpdate", {"nodeName": "String Output", "outputName": None, "value": "HI"}),
    v("preview_update", {"type": "preview_update", "node_id": "p1", "value": {"w": 2}, **R},
      "PreviewUpdate", {"nodeId": "p1", "value": {"w": 2}}),
    v("edge_update_quirk", {"type": "edge_update", "edge_id": "e1", "status": "active", "counter": 3,
                            "workflow_id": "job-1", "job_id": "job-1"},
      "EdgeUpdate", {"edgeId": "e1", "status": "active", "counter": 3}),
    v("log_update", {"type": "log_update", "node_id": "n1", "node_name": "Upper", "content": "did it",
                     "severity": "info", **R},
      "LogUpdate", {"nodeId": "n1", "nodeName": "Upper", "content": "did it", "severity": "info"}),
    v("notification", {"type": "notification", "node_id": "", "content": "heads up", "severity": "warning", **R},
      "Notification", {"nodeId": "", "content": "heads up", "severity": "warning"}),
    v("error_gen_c_message", {"type": "error", "message": "This server is restarting. Reconnect and try again."},
      "ErrorMessage", {"message": "This server is restarting. Reconnect and try again."}),
    v("error_gen_a_error", {"type": "error", "error": "Node failed", **R},
      "ErrorMessage", {"message": "Node failed"}),
    v("chunk_text", {"type": "chunk", "node_id": "llm", "content": "Hel", "content_type": "text",
                     "content_metadata": {"k": "v"}, "done": False, "thinking": True, **R, "job_seq": 4},
      "Chunk", {"nodeId": "llm", "content": "Hel", "contentType": "text", "done": False, "thinking": True,
                "contentMetadata": {"k": "v"}}, 4),
    v("job_resumed", {"type": "job_resumed", **R, "status": "running", "last_seq": 12, "replay_count": 3,
                      "replay_incomplete": True},
      "JobResumed", {"status": "running", "lastSeq": 12, "replayCount": 3, "replayIncomplete": True}),
    v("prediction", {"type": "prediction", "id": "pred-1", "user_id": "1", "node_id": "n1", "status": "running",
                     "provider": "openai", "model": "gpt", "cost": 0.5, **R},
      "Prediction", {"id": "pred-1", "userId": "1", "nodeId": "n1", "status": "running"}),
    v("ping", {"type": "ping", "ts": 1767225600.5}, "Ping", {"ts": 1767225600.5}),
    v("sdk_execution_target", {"type": "sdk_execution_target", "runner_id": "runner-9"},
      "SdkExecutionTarget", {"runnerId": "runner-9"}),
    v("job_completed_ndjson", {"type": "job_completed", "job_id": "abc123"}, "JobCompleted", {}),
    v("job_failed_ndjson", {"type": "job_failed", "job_id": "abc123", "error": "boom"},
      "JobFailed", {"error": "boom"}),
    v("worker_complete", {"type": "complete", "results": {"String Output": "HI"}},
      "WorkerComplete", {"results": {"String Output": "HI"}}),
    v("unknown_system_stats", {"type": "system_stats", "stats": {"cpu": 12.5, "mem": [1, 2, 3]}},
      "UnknownMessage", {"type": "system_stats"}),
    v("big_numbers", {"type": "node_progress", "node_id": "n", "progress": 4294967296, "total": 8589934592,
                      "job_seq": 4294967297, **R},
      "NodeProgress", {"progress": 4294967296.0, "total": 8589934592.0}, 4294967297),
]

# The SSE wrapper carries the routing fields inside `data`; the decoder unwraps it.
for vec in vectors:
    if vec["name"] == "job_update_worker_sse_nested":
        vec["expect"]["jobId"] = "job-1"
        vec["expect"]["workflowId"] = "wf-1"

for vec in vectors:
    raw = vec["message"]
    vec["messagepack_hex"] = pack(raw).hex()
    vec["message"] = to_json(raw)

out = {"description": "The SDK's own message vectors: each 'message' (JSON form; bytes as integer arrays) "
                      "and 'messagepack_hex' (msgpackr-style: map16 headers, bin for bytes) must decode to "
                      "equal typed messages with the 'expect'ed class and fields. Generated by "
                      "src/test/vectors-src/make_vectors.py.",
       "frames": vectors}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "vectors", "messages.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", len(vectors), "vectors to", os.path.normpath(path))
