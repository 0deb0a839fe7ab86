// A browser-style backup client that no one on the BKV team wrote the OPAQUE of: @serenity-kit/opaque
// (opaque-ke 4, ristretto255-SHA512) speaking to the appliance's REST API with fetch, as a web app would.
// Usage: node browser-client.mjs <apiBase> <identifier> <clientAddress>
// Prints one JSON line with what happened; ApiScenarios asserts on it.
import * as opaque from "@serenity-kit/opaque";
import { webcrypto, hkdfSync, randomBytes } from "node:crypto";

const [apiBase, identifier, clientAddress] = process.argv.slice(2);
const suite = "ristretto255-SHA512";
const keyStretching = { "argon2id-custom": { memory: 8, iterations: 1, parallelism: 1 } };
const b64u = (buf) => Buffer.from(buf).toString("base64url");
const unb64u = (s) => Buffer.from(s, "base64url");

async function call(method, path, body) {
  const response = await fetch(apiBase + path, {
    method,
    headers: { "Content-Type": "application/json", "X-Forwarded-For": clientAddress },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

// DESIGN §4.2: sealedBackupKey = iv ‖ AES-256-GCM(HKDF-SHA256(export_key, info "BKV backup key wrap"), backupKey)
function wrapKey(exportKey) {
  return Buffer.from(hkdfSync("sha256", unb64u(exportKey), Buffer.alloc(0), "BKV backup key wrap", 32));
}
async function seal(exportKey, backupKey) {
  const key = await webcrypto.subtle.importKey("raw", wrapKey(exportKey), "AES-GCM", false, ["encrypt"]);
  const iv = randomBytes(12);
  const ct = Buffer.from(await webcrypto.subtle.encrypt({ name: "AES-GCM", iv }, key, backupKey));
  return Buffer.concat([iv, ct]);
}
async function open(exportKey, sealed) {
  const key = await webcrypto.subtle.importKey("raw", wrapKey(exportKey), "AES-GCM", false, ["decrypt"]);
  return Buffer.from(await webcrypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.subarray(0, 12) }, key, sealed.subarray(12)));
}

async function login(password) {
  const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password });
  const started = await call("POST", "/vault/logins", { identifier, suite, ke1: startLoginRequest });
  if (started.status !== 200) return { started };
  const finished = opaque.client.finishLogin({ clientLoginState, loginResponse: started.json.ke2, password, keyStretching });
  return { started, finished };
}

await opaque.ready;
const result = {};
const password = "correct horse battery staple ✓";
const backupKey = randomBytes(32);

const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password });
const regStart = await call("POST", "/vault/registrations", { identifier, suite, registrationRequest });
result.registrationStart = regStart.status;
const reg = opaque.client.finishRegistration({
  clientRegistrationState, registrationResponse: regStart.json.registrationResponse, password, keyStretching });
const regFinish = await call("PUT", "/vault/registrations/" + regStart.json.registrationId, {
  registrationRecord: reg.registrationRecord, sealedBackupKey: b64u(await seal(reg.exportKey, backupKey)) });
result.registrationFinish = regFinish.status;

const good = await login(password);
const recovered = await call("POST", "/vault/logins/" + good.started.json.loginId + "/finish", { ke3: good.finished.finishLoginRequest });
result.recoveryFinish = recovered.status;
result.recoveredKeyMatches = (await open(good.finished.exportKey, unb64u(recovered.json.sealedBackupKey))).equals(backupKey);
result.sessionKeyLength = unb64u(good.finished.sessionKey).length;

// A wrong password: the client cannot finish (opaque-ke refuses the envelope) and sends no KE3 - the attempt
// was counted when KE2 left the appliance. A second wrong guess sends a KE3 anyway to learn what remains.
const wrong1 = await login("not the password");
result.wrongPasswordLoginStart = wrong1.started.status;
result.wrongPasswordRefusedByClient = wrong1.finished === undefined;
const wrong2 = await login("still not it");
const refused = await call("POST", "/vault/logins/" + wrong2.started.json.loginId + "/finish", { ke3: b64u(randomBytes(64)) });
result.wrongFinishStatus = refused.status;
result.wrongFinishCode = refused.json && refused.json.code;
result.attemptsRemaining = refused.json && refused.json.attemptsRemaining;

process.stdout.write(JSON.stringify(result) + "\n");
