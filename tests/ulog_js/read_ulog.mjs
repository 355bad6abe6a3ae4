// Reads a ULog file with an independent reader (@foxglove/ulog) and prints what it found as JSON:
//   { "version", "info": {key: value}, "params": {name: value}, "topic_count",
//     "topics": {"<format>:<multi_id>": {"name", "multi_id", "count",
//                "fields": {<numeric or bool scalar field>: {"first", "last"}}}},
//     "strings": [{"level" (0..7), "timestamp", "text"}] }
// Integers beyond ±(2^53 - 1) and non-finite floats are written as strings ("NaN", "Infinity").
//
//   node read_ulog.mjs FILE.ulg                 print the JSON
//   node read_ulog.mjs FILE.ulg --expect E.json  compare with E.json and exit 1 on a difference:
//     every key of E must be present with an equal value (exact for numbers); arrays must have
//     the same length. Keys that E leaves out are not checked.
import { readFileSync } from "node:fs";
import ulogPkg from "@foxglove/ulog";
import ulogNode from "@foxglove/ulog/node.js";

const { ULog, MessageType } = ulogPkg;
const { FileReader } = ulogNode;

function usage() {
  console.error("usage: node read_ulog.mjs FILE.ulg [--expect EXPECTED.json]");
  process.exit(2);
}

const args = process.argv.slice(2);
let file;
let expectPath;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--expect") {
    expectPath = args[++i];
    if (expectPath === undefined) usage();
  } else if (file === undefined) {
    file = args[i];
  } else {
    usage();
  }
}
if (file === undefined) usage();

const kMaxSafe = BigInt(Number.MAX_SAFE_INTEGER);
function jsonValue(v) {
  if (typeof v === "bigint") return v > kMaxSafe || v < -kMaxSafe ? v.toString() : Number(v);
  if (typeof v === "number" && !Number.isFinite(v)) return String(v); // NaN, Infinity, -Infinity
  if (Array.isArray(v)) return v.map(jsonValue);
  return v;
}

const kNumericTypes = new Set([
  "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t",
  "float", "double", "bool",
]);

async function read(path) {
  const ulog = new ULog(new FileReader(path));
  await ulog.open();
  const header = ulog.header;
  const out = { version: header.version, info: {}, params: {}, topic_count: 0, topics: {}, strings: [] };
  for (const [key, value] of header.information) out.info[key] = jsonValue(value);
  for (const [name, entry] of header.parameters) out.params[name] = jsonValue(entry.value);

  const topicByMsgId = new Map();
  for (const [msgId, sub] of ulog.subscriptions) {
    const scalars = sub.fields
      .filter((f) => !f.name.startsWith("_") && f.arrayLength === undefined && kNumericTypes.has(f.type))
      .map((f) => f.name);
    const key = `${sub.name}:${sub.multiId}`;
    const topic = { name: sub.name, multi_id: sub.multiId, count: 0, fields: {} };
    out.topics[key] = topic;
    topicByMsgId.set(msgId, { topic, scalars });
  }
  out.topic_count = topicByMsgId.size;

  // readMessages() yields in timestamp order (file order among equal timestamps); with
  // per-topic monotonic timestamps that is file order within each topic.
  for await (const msg of ulog.readMessages()) {
    if (msg.type === MessageType.Data) {
      const t = topicByMsgId.get(msg.msgId);
      if (t === undefined) throw new Error(`data for unknown msg_id ${msg.msgId}`);
      t.topic.count++;
      for (const name of t.scalars) {
        const v = jsonValue(msg.value[name]);
        const f = t.topic.fields[name];
        if (f === undefined) t.topic.fields[name] = { first: v, last: v };
        else f.last = v;
      }
    } else if (msg.type === MessageType.Log || msg.type === MessageType.LogTagged) {
      // PX4 stores the level as an ASCII digit '0'..'7'.
      const level = msg.logLevel >= 48 && msg.logLevel <= 55 ? msg.logLevel - 48 : msg.logLevel;
      out.strings.push({ level, timestamp: jsonValue(msg.timestamp), text: msg.message });
    }
  }
  const counts = ulog.dataMessageCounts();
  for (const [msgId, t] of topicByMsgId) {
    if ((counts.get(msgId) ?? 0) !== t.topic.count) {
      throw new Error(`msg_id ${msgId}: index counts ${counts.get(msgId)} but read ${t.topic.count}`);
    }
  }
  return out;
}

function compare(expected, actual, path, diffs) {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return diffs.push(`${path}: expected an array, got ${JSON.stringify(actual)}`);
    if (expected.length !== actual.length) {
      return diffs.push(`${path}: expected ${expected.length} elements, got ${actual.length}`);
    }
    expected.forEach((e, i) => compare(e, actual[i], `${path}[${i}]`, diffs));
  } else if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      return diffs.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
    }
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) diffs.push(`${path}.${key}: missing`);
      else compare(expected[key], actual[key], `${path}.${key}`, diffs);
    }
  } else if (expected !== actual) {
    diffs.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

try {
  const actual = await read(file);
  if (expectPath === undefined) {
    console.log(JSON.stringify(actual, null, 2));
  } else {
    const expected = JSON.parse(readFileSync(expectPath, "utf8"));
    const diffs = [];
    compare(expected, actual, "$", diffs);
    if (diffs.length > 0) {
      console.error(`${file}: @foxglove/ulog disagrees with the expectations in ${expectPath}:`);
      for (const d of diffs) console.error(`  ${d}`);
      process.exit(1);
    }
    const messages = Object.values(actual.topics).reduce((n, t) => n + t.count, 0);
    console.log(`${file}: @foxglove/ulog read ${actual.topic_count} topics, ${messages} messages, ` +
                `${actual.strings.length} strings; all expectations met`);
  }
} catch (e) {
  console.error(`${file}: @foxglove/ulog failed: ${e.message}`);
  process.exit(1);
}
