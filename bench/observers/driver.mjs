// Load driver of bench/observers/run.sh: N werift WebRTC listeners (one recvonly Opus m-line each)
// against one server, Parley (its signaling, PROTOCOL.md) or a Janus Streaming mountpoint (Janus's
// HTTP API), spread over worker processes; it measures the server process's CPU over one steady
// window while every listener receives, and prints one JSON line of results.
//
//   node --experimental-websocket driver.mjs --target parley --url ws://127.0.0.1:P/ws --meeting bench
//        --listeners 100 --server-pid PID [--publish-rtp-port U] [--channel fr/mixed/standard]
//   node driver.mjs --target janus --url http://127.0.0.1:P/janus --mountpoint 1 --listeners 100 --server-pid PID
//
// The main process only coordinates (and, for Parley, publishes the floor); the listeners live in
// --procs worker processes so that the client side can use both cores.
import { fork } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import dgram from "node:dgram";
import { fileURLToPath } from "node:url";
import {
  RTCPeerConnection,
  RTCRtpCodecParameters,
  MediaStreamTrack,
} from "werift";

const args = parseArgs(process.argv.slice(2));

function parseArgs(argv) {
  const out = {
    target: "parley", url: "", meeting: "bench", listeners: 100, procs: 2, concurrency: 8,
    warmup: 10, window: 30, serverPid: 0, mountpoint: 1, channel: "fr/mixed/standard",
    publishRtpPort: 0, forward: "channel", producerId: "", clkTck: 100, setupSeconds: 0, threadPrefix: "parley-mixer",
    first: 0, count: 0, worker: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--worker") { out.worker = true; continue; }
    if (!a.startsWith("--") || i + 1 >= argv.length) throw new Error(`bad argument ${a}`);
    const key = a.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(key in out)) throw new Error(`unknown option ${a}`);
    const v = argv[++i];
    out[key] = typeof out[key] === "number" ? Number(v) : v;
  }
  if (!out.setupSeconds) out.setupSeconds = 60 + out.listeners;
  return out;
}

// ---------------------------------------------------------------- peers

const OPUS = () => new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2 });

// Loopback only: werift leaves out internal interfaces unless told, and the pair filter keeps it
// from also checking the machine's other addresses.
function newPeer() {
  return new RTCPeerConnection({
    codecs: { audio: [OPUS()], video: [] },
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ["127.0.0.1"],
    iceFilterCandidatePair: (pair) => pair.localCandidate.host === "127.0.0.1",
  });
}

// What one listener has received: packets, and the extended highest sequence number (RFC 3550
// §A.1) so that loss = expected − received over a window.
class Reception {
  constructor() { this.received = 0; this.cycles = 0; this.maxSeq = -1; }
  onPacket(seq) {
    this.received++;
    if (this.maxSeq < 0) { this.maxSeq = seq; return; }
    const delta = (seq - this.maxSeq) & 0xffff;
    if (delta !== 0 && delta < 0x8000) {
      if (seq < this.maxSeq) this.cycles += 0x10000;
      this.maxSeq = seq;
    }
  }
  extendedMax() { return this.maxSeq < 0 ? -1 : this.cycles + this.maxSeq; }
}

function countInto(pc, reception) {
  pc.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => reception.onPacket(rtp.header.sequenceNumber));
  });
}

// One WebSocket of Parley's signaling: requests matched to replies by id, events ignored.
class Signaling {
  constructor(url) {
    this.ws = new WebSocket(url);
    this.nextId = 1;
    this.pending = new Map();
    this.opened = new Promise((resolve, reject) => {
      this.ws.onopen = resolve;
      this.ws.onerror = (e) => reject(new Error(`websocket ${url}: ${e.message ?? "error"}`));
    });
    this.ws.onmessage = (event) => {
      const msg = JSON.parse(event.data);
      if (msg.id == null) return;
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.type === "error") waiter.reject(new Error(`${msg.code}: ${msg.message}`));
      else waiter.resolve(msg);
    };
    this.ws.onclose = () => {
      for (const w of this.pending.values()) w.reject(new Error("websocket closed"));
      this.pending.clear();
    };
  }
  request(type, fields) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ type, id, ...fields }));
    });
  }
}

async function parleyListener(index, reception) {
  const sig = new Signaling(args.url);
  await sig.opened;
  // A channel listener joins as an anonymous observer (listen-only, outside the roster: no join
  // events to anyone). The SFU path (subscribe to a participant's producer) is refused to observers,
  // so there the listener is an anonymous delegate that only receives: the same media path, plus a
  // participantJoined to everyone already in.
  const listenOnly = args.forward !== "producer";
  await sig.request("join", { meeting: args.meeting, name: `observer-${index}`, listenOnly });
  const pc = newPeer();
  countInto(pc, reception);
  const transceiver = pc.addTransceiver("audio", { direction: "recvonly" });
  await pc.setLocalDescription(await pc.createOffer());
  const answer = await sig.request("offer", { sdp: pc.localDescription.sdp });
  await pc.setRemoteDescription({ type: "answer", sdp: answer.sdp });
  if (args.forward === "producer") {
    // The SFU path alone: the floor publisher's own stream, as a Janus mountpoint forwards one.
    await sig.request("subscribe", { mid: transceiver.mid, producerId: args.producerId });
  } else {
    const [language, variant, tier] = args.channel.split("/");
    await sig.request("subscribeChannel", { mid: transceiver.mid, language, variant, tier });
  }
  return { pc, sig };
}

async function janusPost(path, body) {
  const response = await fetch(args.url + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ transaction: Math.random().toString(36).slice(2), ...body }),
  });
  const reply = await response.json();
  if (reply.janus === "error") throw new Error(`janus ${reply.error.code}: ${reply.error.reason}`);
  return reply;
}

async function janusListener(index, reception) {
  const session = (await janusPost("", { janus: "create" })).data.id;
  const handle = (await janusPost(`/${session}`, { janus: "attach", plugin: "janus.plugin.streaming" })).data.id;
  await janusPost(`/${session}/${handle}`, { janus: "message", body: { request: "watch", id: args.mountpoint } });
  let offer = null;
  const deadline = Date.now() + 30_000;
  while (!offer) {
    if (Date.now() > deadline) throw new Error(`janus: no offer for listener ${index}`);
    const events = await (await fetch(`${args.url}/${session}?maxev=5`)).json();
    for (const e of Array.isArray(events) ? events : [events]) {
      if (e.janus === "event" && e.plugindata?.data?.error) throw new Error(`janus: ${e.plugindata.data.error}`);
      if (e.jsep?.type === "offer") offer = e.jsep;
    }
  }
  const pc = newPeer();
  countInto(pc, reception);
  await pc.setRemoteDescription(offer);
  await pc.setLocalDescription(await pc.createAnswer());
  await janusPost(`/${session}/${handle}`, {
    janus: "message", body: { request: "start" }, jsep: { type: "answer", sdp: pc.localDescription.sdp },
  });
  return { pc };
}

// ---------------------------------------------------------------- worker

async function runWorker() {
  const receptions = [];
  const peers = [];
  const failures = [];
  const indices = Array.from({ length: args.count }, (_, k) => args.first + k);
  for (let k = 0; k < args.count; k++) receptions.push(new Reception());
  let next = 0;
  const connect = args.target === "janus" ? janusListener : parleyListener;
  async function lane() {
    while (next < indices.length) {
      const k = next++;
      try {
        peers[k] = await connect(indices[k], receptions[k]);
      } catch (e) {
        failures.push(`${indices[k]}: ${e.message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: args.concurrency }, lane));
  process.send({ kind: "connected", failures });
  process.on("message", (msg) => {
    if (msg.kind === "snapshot") {
      const cpu = process.cpuUsage();
      process.send({
        kind: "snapshot", seq: msg.seq, cpuMicros: cpu.user + cpu.system,
        received: receptions.map((r) => r.received), extendedMax: receptions.map((r) => r.extendedMax()),
        // Where a listener that receives nothing is stuck: ICE, DTLS, or neither.
        states: peers.map((p, k) => receptions[k].received < 5
          ? `${p?.pc.iceConnectionState ?? "none"}/${p?.pc.connectionState ?? "none"}` : null),
      });
    } else if (msg.kind === "stop") {
      for (const p of peers) p?.pc.close().catch(() => {});
      setTimeout(() => process.exit(0), 500);
    }
  });
}

// ---------------------------------------------------------------- main

function procTimes(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (proc(5) fields 14, 15)
}

function threadTimes(pid, prefix) {
  let ticks = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      if (readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").startsWith(prefix)) {
        ticks += procTimes(`${pid}/task/${tid}`);
      }
    } catch { /* thread ended */ }
  }
  return ticks;
}

function rssKib(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}

function machineTicks() {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  return { total: cpu.reduce((a, b) => a + b, 0), idle };
}

// Parley's floor: one publisher that forwards the Opus RTP arriving on a local UDP port (the same
// ffmpeg stream the Janus mountpoint gets) as its microphone.
async function startPublisher() {
  const sig = new Signaling(args.url);
  await sig.opened;
  await sig.request("join", { meeting: args.meeting, name: "floor" });
  const pc = newPeer();
  const track = new MediaStreamTrack({ kind: "audio" });
  pc.addTransceiver(track, { direction: "sendonly" });
  await pc.setLocalDescription(await pc.createOffer());
  const answer = await sig.request("offer", { sdp: pc.localDescription.sdp });
  await pc.setRemoteDescription({ type: "answer", sdp: answer.sdp });
  const socket = dgram.createSocket("udp4");
  socket.on("message", (packet) => track.writeRtp(packet));
  await new Promise((resolve) => socket.bind(args.publishRtpPort, "127.0.0.1", resolve));
  return { pc, sig, socket, producerId: answer.producers[0] };
}

async function runMain() {
  const t0 = Date.now();
  const log = (m) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}\n`);
  let publisher = null;
  if (args.target === "parley" && args.publishRtpPort) {
    publisher = await startPublisher();
    args.producerId = publisher.producerId;
    log(`floor publisher connected: ${publisher.producerId}`);
  }
  const procs = Math.max(1, Math.min(args.procs, args.listeners));
  const workers = [];
  const self = fileURLToPath(import.meta.url);
  for (let w = 0; w < procs; w++) {
    const first = Math.floor((args.listeners * w) / procs);
    const count = Math.floor((args.listeners * (w + 1)) / procs) - first;
    const passed = Object.entries(args)
      .filter(([k]) => !["worker", "first", "count"].includes(k))
      .flatMap(([k, v]) => [`--${k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`, String(v)]);
    const child = fork(self, ["--worker", ...passed, "--first", String(first), "--count", String(count)],
      { execArgv: process.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    workers.push({ child, count, connected: null, pending: new Map() });
    child.on("message", (msg) => {
      const worker = workers[w];
      if (msg.kind === "connected") worker.connected = msg;
      else if (msg.kind === "snapshot") worker.pending.get(msg.seq)?.(msg);
    });
  }
  let seq = 0;
  const snapshot = async () => {
    const s = ++seq;
    const replies = await Promise.all(workers.map((w) => new Promise((resolve) => {
      w.pending.set(s, resolve);
      w.child.send({ kind: "snapshot", seq: s });
    })));
    const own = process.cpuUsage();
    return {
      at: process.hrtime.bigint(),
      server: procTimes(args.serverPid),
      threads: threadTimes(args.serverPid, args.threadPrefix),
      machine: machineTicks(),
      clientMicros: replies.reduce((a, r) => a + r.cpuMicros, 0) + own.user + own.system,
      received: replies.flatMap((r) => r.received),
      extendedMax: replies.flatMap((r) => r.extendedMax),
      states: replies.flatMap((r) => r.states),
    };
  };
  const stop = (code) => {
    for (const w of workers) w.child.send({ kind: "stop" });
    publisher?.pc.close().catch(() => {});
    publisher?.socket.close();
    setTimeout(() => process.exit(code), 1000);
  };

  // Setup: every worker has tried each of its listeners, then every listener must be receiving.
  const deadline = Date.now() + args.setupSeconds * 1000;
  while (workers.some((w) => !w.connected)) {
    if (Date.now() > deadline) { log("setup deadline passed"); stop(1); return; }
    await sleep(200);
  }
  const failures = workers.flatMap((w) => w.connected.failures);
  log(`signaling done: ${args.listeners - failures.length} of ${args.listeners} negotiated`);
  if (failures.length) log(`failures (first 5): ${failures.slice(0, 5).join("; ")}`);
  let silent = args.listeners;
  let states = {};
  while (Date.now() < deadline) {
    const s = await snapshot();
    silent = s.received.filter((r) => r < 5).length;
    states = {};
    for (const st of s.states) if (st) states[st] = (states[st] ?? 0) + 1;
    if (silent === 0) break;
    await sleep(500);
  }
  log(`receiving: ${args.listeners - silent} of ${args.listeners}${silent ? `; the others (ICE/connection state): ${JSON.stringify(states)}` : ""}`);
  // Listeners that never received (ICE failed, an offer refused) are left out of the figures and
  // counted; with none receiving there is nothing to measure.
  const receiving = (await snapshot()).received.map((r) => r >= 5);
  const live = receiving.filter(Boolean).length;
  if (live === 0) {
    console.log(JSON.stringify({ target: args.target, forward: args.forward, listeners: args.listeners, error: "no listener receives" }));
    stop(1);
    return;
  }

  await sleep(args.warmup * 1000);
  const a = await snapshot();
  const rssStart = rssKib(args.serverPid);
  await sleep(args.window * 1000);
  const b = await snapshot();
  const rssEnd = rssKib(args.serverPid);

  const seconds = Number(b.at - a.at) / 1e9;
  const rates = b.received.map((r, i) => (r - a.received[i]) / seconds).filter((_, i) => receiving[i]);
  const perListenerRate = [...rates].sort((x, y) => x - y);
  const median = perListenerRate[perListenerRate.length >> 1];
  // The listeners well below the others, to tell one starved listener from a slow stream for all.
  const slowListeners = b.received.map((r, i) => ({ i, pps: round((r - a.received[i]) / seconds, 1), expected: b.extendedMax[i] - a.extendedMax[i] }))
    .filter((l, i) => receiving[i] && l.pps < 0.9 * median).slice(0, 5);
  let expected = 0, received = 0, lossy = 0;
  for (let i = 0; i < b.received.length; i++) {
    if (!receiving[i]) continue;
    const e = b.extendedMax[i] - a.extendedMax[i];
    const r = b.received[i] - a.received[i];
    expected += e;
    received += r;
    if (e > 0 && (e - r) / e > 0.01) lossy++;
  }
  const cpu = (ticks) => (100 * ticks) / args.clkTck / seconds;
  const serverCpu = cpu(b.server - a.server);
  const machineBusy = 100 * (1 - (b.machine.idle - a.machine.idle) / (b.machine.total - a.machine.total));
  const result = {
    target: args.target,
    listeners: live,
    silentListeners: args.listeners - live,
    windowSeconds: round(seconds, 1),
    serverCpuPercent: round(serverCpu, 1),
    serverCpuPer100: round((serverCpu * 100) / live, 1),
    threadCpuPercent: args.target === "parley" ? round(cpu(b.threads - a.threads), 1) : null,
    packetsPerSecondReceived: Math.round(received / seconds),
    lossPercent: round(expected > 0 ? (100 * Math.max(0, expected - received)) / expected : 100, 2),
    listenersOver1PercentLoss: lossy,
    perListenerPps: { min: round(perListenerRate[0], 1), median: round(median, 1) },
    slowListeners,
    serverRssMiB: round(rssEnd / 1024, 1),
    serverRssGrowthMiB: round((rssEnd - rssStart) / 1024, 1),
    clientCpuPercent: round((b.clientMicros - a.clientMicros) / 1e4 / seconds, 1),
    machineBusyPercent: round(machineBusy, 1),
  };
  if (args.target === "parley") result.forward = args.forward;
  console.log(JSON.stringify(result));
  stop(0);
}

function round(v, digits) { const f = 10 ** digits; return Math.round(v * f) / f; }
function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

// Last, so that every class above is initialised before it runs.
if (args.worker) {
  await runWorker();
} else {
  await runMain();
}
