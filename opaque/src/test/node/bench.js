// Server-side cost of @serenity-kit/opaque (opaque-ke 4 as wasm, ristretto255-SHA512): server.startLogin +
// server.finishLogin per successful login, on the same machine as the JMH figures. Usage: node bench.js [seconds]
// Optionally benchmarks @serenity-kit/opaque-p256 if it is installed (npm install --no-save @serenity-kit/opaque-p256).
import * as ristretto from "@serenity-kit/opaque";

const seconds = Number(process.argv[2] ?? 5);
const ksf = { "argon2id-custom": { memory: 8, iterations: 1, parallelism: 1 } };

async function bench(name, opaque) {
  await opaque.ready;
  const password = "correct horse battery staple";
  const userIdentifier = "alice@example.org";
  const serverSetup = opaque.server.createSetup();
  const rs = opaque.client.startRegistration({ password });
  const { registrationResponse } = opaque.server.createRegistrationResponse({
    serverSetup, userIdentifier, registrationRequest: rs.registrationRequest,
  });
  const { registrationRecord } = opaque.client.finishRegistration({
    clientRegistrationState: rs.clientRegistrationState, registrationResponse, password, keyStretching: ksf,
  });
  // Pre-compute client sides so that only server work is timed.
  const logins = [];
  for (let i = 0; i < 200; i++) logins.push(opaque.client.startLogin({ password }));
  const runOnce = (l) => {
    const s = opaque.server.startLogin({ serverSetup, registrationRecord, startLoginRequest: l.startLoginRequest, userIdentifier });
    return s;
  };
  // Build valid KE3s for each prepared KE1 (server randomness differs per call, so pair them now).
  const pairs = logins.map((l) => {
    const s = runOnce(l);
    const f = opaque.client.finishLogin({ clientLoginState: l.clientLoginState, loginResponse: s.loginResponse, password, keyStretching: ksf });
    return { l, f };
  });
  // Timed loop: startLogin (KE1 -> KE2) + finishLogin. finishLogin is fed the KE3 of an earlier pairing, so it
  // fails its MAC check; the cost of the check is the same either way and the throw is caught.
  let n = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(seconds * 1e9);
  let startOnly = 0n;
  while (process.hrtime.bigint() < end) {
    const p = pairs[n % pairs.length];
    const t0 = process.hrtime.bigint();
    const s = runOnce(p.l);
    startOnly += process.hrtime.bigint() - t0;
    try {
      opaque.server.finishLogin({ serverLoginState: s.serverLoginState, finishLoginRequest: p.f.finishLoginRequest });
    } catch (e) {
      // expected: the KE3 belongs to another KE2
    }
    n++;
  }
  const total = Number(process.hrtime.bigint() - start) / 1e3 / n;
  console.log(`${name}: server login (startLogin + finishLogin) ${total.toFixed(1)} us/op, startLogin alone ${(Number(startOnly) / 1e3 / n).toFixed(1)} us/op, ${n} logins`);
}

await bench("@serenity-kit/opaque ristretto255", ristretto);
try {
  const p256 = await import("@serenity-kit/opaque-p256");
  await bench("@serenity-kit/opaque-p256 P-256", p256);
} catch (e) {
  console.log("@serenity-kit/opaque-p256 not installed: skipped (" + (e.code ?? e.message) + ")");
}
