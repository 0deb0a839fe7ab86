package org.bkv.hsm;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

import org.bkv.hsm.ec.FullPointRecovery;
import org.bkv.hsm.ec.P256;
import org.bouncycastle.math.ec.ECPoint;
import org.xipki.pkcs11.wrapper.PKCS11Module;

/**
 * The appliance's connection to its HSM: one token, found by label, with the keys of DESIGN §5. Open one per
 * module per JVM (C_Initialize is process-wide); share it between threads; close it at shutdown.
 *
 * <pre>
 * try (Hsm hsm = Hsm.open(HsmConfig.fromProperties(config::get))) {
 *     hsm.provisionKeys();
 *     WrappedOprfKey k = hsm.oprfKeys().generate();
 *     byte[] evaluated = hsm.oprfKeys().evaluate(k, blindedElement);
 * }
 * </pre>
 */
public final class Hsm implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Hsm.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Modules loaded in this JVM (a library is loaded once) and those an open Hsm currently owns. */
    private static final Map<Path, PKCS11Module> LOADED = new HashMap<>();
    private static final Set<Path> IN_USE = new HashSet<>();

    private final HsmConfig config;
    private final Path moduleKey;
    private final SessionPool pool;
    private final OprfKeys oprfKeys;
    private final ServerStaticDh akeKey;
    private final Kek kek;
    private final IdentifierMac idMac;
    private final AuditSigner auditSigner;
    private final KeyImport keyImport;
    private final SuiteKeySealer suiteKeySealer;
    private volatile boolean closed;

    private Hsm(HsmConfig config, Path moduleKey, SessionPool pool) {
        this.config = config;
        this.moduleKey = moduleKey;
        this.pool = pool;
        this.oprfKeys = new Pkcs11OprfKeys(pool);
        this.akeKey = new Pkcs11ServerStaticDh(pool);
        this.kek = new Pkcs11Kek(pool);
        this.idMac = new Pkcs11IdentifierMac(pool);
        this.auditSigner = new Pkcs11AuditSigner(pool);
        this.keyImport = new Pkcs11KeyImport(pool);
        this.suiteKeySealer = new SuiteKeySealer(kek);
    }

    /**
     * Loads the module, finds the token by label, logs in and finds the keys (which may still be missing: see
     * {@link #provisionKeys()}).
     *
     * @throws HsmConfigurationException one line saying what is wrong and how to fix it: module missing or not a
     *         PKCS#11 library, no token with that label (the labels present are listed), PIN wrong or locked
     */
    public static Hsm open(HsmConfig config) {
        Objects.requireNonNull(config, "config");
        JulLogBridge.install();
        Path key = claimModule(config.module());
        boolean ok = false;
        try {
            PKCS11Module module = loadModule(key, config.module());
            SessionPool pool = SessionPool.open(module, config);
            Hsm hsm = new Hsm(config, key, pool);
            LOG.info("HSM token '" + config.tokenLabel() + "' opened through " + config.module() + " with "
                    + config.sessionPoolSize() + " sessions");
            ok = true;
            return hsm;
        } finally {
            if (!ok) {
                releaseModule(key);
            }
        }
    }

    private static synchronized Path claimModule(Path module) {
        if (!Files.isRegularFile(module)) {
            throw new HsmConfigurationException("PKCS#11 module " + module + " not found: set " + HsmConfig.MODULE_KEY
                    + " to the HSM vendor's PKCS#11 library (SoftHSM: " + HsmConfig.DEFAULT_MODULE + ")");
        }
        Path key;
        try {
            key = module.toRealPath();
        } catch (IOException e) {
            throw new HsmConfigurationException("PKCS#11 module " + module + " cannot be resolved (" + e.getClass().getSimpleName()
                    + "): set " + HsmConfig.MODULE_KEY + " to a readable library file");
        }
        if (!IN_USE.add(key)) {
            throw new HsmConfigurationException("PKCS#11 module " + module + " is already opened by another Hsm in this JVM: "
                    + "share that instance (C_Initialize is per process)");
        }
        return key;
    }

    private static synchronized void releaseModule(Path key) {
        IN_USE.remove(key);
    }

    private static synchronized PKCS11Module loadModule(Path key, Path configured) {
        PKCS11Module module = LOADED.get(key);
        if (module != null) {
            return module;
        }
        try {
            module = PKCS11Module.getInstance(key.toString());
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new HsmConfigurationException("file " + configured + " is not a loadable PKCS#11 library ("
                    + e.getClass().getSimpleName() + "): set " + HsmConfig.MODULE_KEY
                    + " to the vendor's PKCS#11 module (a .so exporting C_GetFunctionList)", e);
        }
        LOADED.put(key, module);
        return module;
    }

    /** Creates every missing DESIGN §5 key, never extractable ({@link KeyExportPolicy#NEVER}). Idempotent. */
    public KeyInventory provisionKeys() {
        return provisionKeys(KeyExportPolicy.NEVER);
    }

    /**
     * Creates every missing DESIGN §5 key with {@code policy}; keys already present are left as they are (found by
     * label). Token, private, sensitive, and only the usages each key needs:
     * KEK encrypt/decrypt/wrap/unwrap; id-mac sign; AKE derive; audit sign (public: verify).
     */
    public synchronized KeyInventory provisionKeys(KeyExportPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        int created = pool.call("key provisioning", SessionPool.OnFailure.ERROR, (session, c) -> {
            KeyHandles before = TokenKeys.find(session);
            int n = TokenKeys.provisionMissing(session, before, policy, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
            pool.refreshKeys(session, c);
            return n;
        });
        if (created > 0) {
            LOG.info("provisioned " + created + " key(s) on token '" + config.tokenLabel() + "' (" + policy + ")");
        }
        return keys();
    }

    /** The DESIGN §5 keys present on the token, with public keys, fingerprints and creation dates; creates nothing. */
    public KeyInventory keys() {
        return pool.call("key inventory", SessionPool.OnFailure.ERROR, (session, c) -> {
            KeyHandles handles = c.keys();
            Map<HsmKey, KeyInfo> present = new EnumMap<>(HsmKey.class);
            for (HsmKey key : HsmKey.values()) {
                if (handles.find(key).isEmpty()) {
                    continue;
                }
                byte[] spki = key.type() == KeyType.EC_P256 ? P256.spki(handles.publicPoint(key)) : null;
                present.put(key, new KeyInfo(key.label(), key.type(), TokenKeys.fingerprint(session, handles, key), spki,
                        TokenKeys.createdOn(session, key).orElse(null)));
            }
            return new KeyInventory(present);
        });
    }

    /**
     * The readiness check: for a random r and B = r·G, the HSM's skS·B (two derives with {@code bkv-ake-p256},
     * full-point recovery) must equal r·pkS. Needs no private key outside the token.
     *
     * @throws HsmUnavailableException the token does not answer
     * @throws HsmIntegrityException the token answers wrongly
     * @throws HsmConfigurationException the AKE key is not provisioned
     */
    public void selfTest() {
        BigInteger r;
        ECPoint b;
        do {
            r = new BigInteger(P256.N.bitLength(), RANDOM);
            b = r.signum() > 0 && r.compareTo(P256.N) < 0 ? P256.G.multiply(r).normalize() : null;
        } while (b == null || b.add(P256.G).isInfinity());
        ECPoint input = b;
        ECPoint bPlusG = FullPointRecovery.secondInput(input);
        BigInteger scalar = r;
        pool.call("self-test", SessionPool.OnFailure.ERROR, (session, c) -> {
            long key = c.keys().require(HsmKey.AKE_P256);
            ECPoint publicKey = c.keys().publicPoint(HsmKey.AKE_P256);
            byte[] fromHsm = P256.compressed(EcDerive.fullPoint(session, c, key, input, bPlusG, publicKey));
            byte[] expected = P256.compressed(publicKey.multiply(scalar));
            if (!MessageDigest.isEqual(fromHsm, expected)) {
                throw new HsmIntegrityException("HSM self-test failed: the token's Diffie-Hellman result does not match "
                        + "its public key");
            }
            return null;
        });
    }

    /** Per-record OPRF keys: generate (wrapped) and evaluate. */
    public OprfKeys oprfKeys() {
        return oprfKeys;
    }

    /** The OPAQUE 3DH server static key {@code bkv-ake-p256}. */
    public ServerStaticDh akeKey() {
        return akeKey;
    }

    /** AES-GCM with {@code bkv-kek}. */
    public Kek kek() {
        return kek;
    }

    /** HMAC-SHA256 with {@code bkv-id-mac}. */
    public IdentifierMac idMac() {
        return idMac;
    }

    /** ECDSA with {@code bkv-audit}. */
    public AuditSigner auditSigner() {
        return auditSigner;
    }

    /** Sealing of the ristretto255 suite's software keys under {@code bkv-kek}. */
    public SuiteKeySealer suiteKeySealer() {
        return suiteKeySealer;
    }

    /** Import of known key material (test vectors, migration). */
    public KeyImport keyImport() {
        return keyImport;
    }

    /** Whether calls currently reach the token (false while reconnecting or recycling). */
    public boolean available() {
        return !closed && pool.available();
    }

    /** Counters for metrics and the console. */
    public HsmStatus status() {
        return new HsmStatus(available(), pool.unavailableReason(), pool.size(), pool.objectsSinceRecycle(),
                pool.recycles(), pool.reconnects(), pool.lastRecycleMillis());
    }

    public HsmConfig config() {
        return config;
    }

    SessionPool pool() {
        return pool;
    }

    /** Closes every session and calls C_Finalize; stops the maintenance thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pool.close();
        } finally {
            releaseModule(moduleKey);
        }
    }
}
