// Line-oriented JSON peer for org.bkv.opaque.SerenityInteropTest.
// Each input line: {"call": "client.startRegistration", "args": {...}}
// Each output line: {"ok": <result>} or {"error": "<message>"}; "ok": null means the call returned undefined.
import * as opaque from "@serenity-kit/opaque";
import { createInterface } from "node:readline";

await opaque.ready;

const calls = {
  "server.createSetup": () => opaque.server.createSetup(),
  "server.getPublicKey": (a) => opaque.server.getPublicKey(a.serverSetup),
  "server.createRegistrationResponse": (a) => opaque.server.createRegistrationResponse(a),
  "server.startLogin": (a) => opaque.server.startLogin(a),
  "server.finishLogin": (a) => opaque.server.finishLogin(a),
  "client.startRegistration": (a) => opaque.client.startRegistration(a),
  "client.finishRegistration": (a) => opaque.client.finishRegistration(a),
  "client.startLogin": (a) => opaque.client.startLogin(a),
  "client.finishLogin": (a) => opaque.client.finishLogin(a),
};

const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  let reply;
  try {
    const { call, args } = JSON.parse(line);
    const fn = calls[call];
    if (!fn) throw new Error("unknown call " + call);
    const result = fn(args ?? {});
    reply = { ok: result === undefined ? null : result };
  } catch (e) {
    reply = { error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
