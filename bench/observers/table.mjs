// Prints bench/observers/run.sh's results (one JSON line per server and N) as a Markdown table,
// then the marginal cost: the CPU added per 100 more observers between consecutive N of a server,
// which leaves out what a server spends whatever the audience (idle threads, the JIT, the mixer).
import { readFileSync } from "node:fs";

const rows = readFileSync(process.argv[2], "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l))
  .map((r) => ({ ...r, server: r.target === "parley" ? `parley ${r.forward === "producer" ? "SFU" : "channel"}` : r.target }));
const head = ["server", "N receiving (silent)", "CPU %", "CPU % per 100", "mixer thread %", "CPU % per 100 without mixer",
  "packets/s received", "loss %", "listeners > 1 % loss", "packets/s per listener min / median",
  "RSS MiB", "client CPU %", "machine busy %"];
const table = [head, head.map(() => "---:")];
table[1][0] = "---";
for (const r of rows) {
  if (r.error) { table.push([r.server, r.listeners, `error: ${r.error}`]); continue; }
  const mixer = r.threadCpuPercent;
  table.push([r.server, r.silentListeners ? `${r.listeners} (${r.silentListeners})` : r.listeners, r.serverCpuPercent, r.serverCpuPer100, mixer ?? "–",
    mixer == null ? r.serverCpuPer100 : round(((r.serverCpuPercent - mixer) * 100) / r.listeners),
    r.packetsPerSecondReceived, r.lossPercent, r.listenersOver1PercentLoss,
    `${r.perListenerPps.min} / ${r.perListenerPps.median}`, r.serverRssMiB, r.clientCpuPercent, r.machineBusyPercent]);
}
for (const line of table) console.log(`| ${line.join(" | ")} |`);

const marginal = [];
for (const target of [...new Set(rows.map((r) => r.server))]) {
  const ok = rows.filter((r) => r.server === target && !r.error).sort((a, b) => a.listeners - b.listeners);
  for (let i = 1; i < ok.length; i++) {
    const [a, b] = [ok[i - 1], ok[i]];
    const per100 = ((b.serverCpuPercent - a.serverCpuPercent) * 100) / (b.listeners - a.listeners);
    marginal.push(`${target} ${a.listeners} → ${b.listeners}: ${round(per100)} % CPU per 100 more observers`);
  }
}
if (marginal.length) console.log(`\n${marginal.join("\n")}`);

function round(v) { return Math.round(v * 10) / 10; }
