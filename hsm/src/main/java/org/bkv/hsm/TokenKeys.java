package org.bkv.hsm;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_START_DATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_DATA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_ATTRIBUTE_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_ATTRIBUTE_TYPE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_GENERIC_SECRET;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_GCM;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_GENERIC_SECRET_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256_HMAC;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.bkv.hsm.ec.P256;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.encoders.Hex;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.TokenException;
import org.xipki.pkcs11.wrapper.params.GCM_PARAMS;

/**
 * Finds the DESIGN §5 keys by label, creates the missing ones with the attributes each needs, and computes their
 * fingerprints and creation dates. Every method runs on a session the caller owns.
 *
 * <p>Creation dates: every key object gets CKA_START_DATE (the UTC day it was generated), and the date is read back
 * from a <em>public</em> object only, because SoftHSM 2.6.1 stores CKA_START_DATE of private objects in clear but
 * decrypts it when read, answering CKR_GENERAL_ERROR (SoftHSMv2 issues 655 and 804): for an EC key from its public key
 * object, for a secret key (which has no public half) from a public CKO_DATA object labelled like the key
 * ({@link #CREATED_APPLICATION}, value the CK_DATE text YYYYMMDD). Keys without either are "not recorded".
 */
final class TokenKeys {
    /** Fixed input of the key check values of secret keys. */
    static final byte[] CHECK_VALUE_INPUT = "BKV key check value v1".getBytes(StandardCharsets.US_ASCII);
    /** CKA_APPLICATION of the public data object that records when a secret key was created. */
    static final String CREATED_APPLICATION = "bkv key created";
    /** CK_DATE as text: eight ASCII digits YYYYMMDD. */
    private static final DateTimeFormatter CK_DATE = DateTimeFormatter.ofPattern("uuuuMMdd");

    private TokenKeys() {
    }

    /** Finds every DESIGN §5 key present on the token (token objects only), by label. */
    static KeyHandles find(Session session) throws TokenException {
        Map<HsmKey, Long> handles = new EnumMap<>(HsmKey.class);
        Map<HsmKey, ECPoint> points = new EnumMap<>(HsmKey.class);
        for (HsmKey key : HsmKey.values()) {
            if (key.type() == KeyType.EC_P256) {
                Long priv = findOne(session, AttributeVector.newECPrivateKey().token(true).label(key.label()), key);
                Long pub = findOne(session, AttributeVector.newECPublicKey().token(true).label(key.label()), key);
                if (priv != null && pub == null) {
                    throw new HsmConfigurationException("token has the private key " + key.label()
                            + " but not its public key object: restore the key pair from the key backup");
                }
                if (priv != null) {
                    handles.put(key, priv);
                    points.put(key, readPublicPoint(session, pub));
                }
            } else {
                AttributeVector template = key.type() == KeyType.AES_256
                        ? AttributeVector.newAESSecretKey() : AttributeVector.newSecretKey(CKK_GENERIC_SECRET);
                Long handle = findOne(session, template.token(true).label(key.label()), key);
                if (handle != null) {
                    handles.put(key, handle);
                }
            }
        }
        return new KeyHandles(handles, points);
    }

    /** Creates the keys {@code existing} lacks, dated {@code today} (UTC); returns how many it created. */
    static int provisionMissing(Session session, KeyHandles existing, KeyExportPolicy policy, LocalDate today)
            throws TokenException {
        Instant startDate = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        int created = 0;
        for (HsmKey key : HsmKey.values()) {
            if (existing.find(key).isPresent()) {
                continue;
            }
            switch (key) {
                case KEK -> session.generateKey(new Mechanism(CKM_AES_KEY_GEN), secretTemplate(
                        AttributeVector.newAESSecretKey(), key, policy, startDate).encrypt(true).decrypt(true).wrap(true)
                        .unwrap(true).sign(false).verify(false).derive(false));
                case ID_MAC -> session.generateKey(new Mechanism(CKM_GENERIC_SECRET_KEY_GEN), secretTemplate(
                        AttributeVector.newSecretKey(CKK_GENERIC_SECRET), key, policy, startDate).sign(true).verify(false)
                        .encrypt(false).decrypt(false).wrap(false).unwrap(false).derive(false));
                case AKE_P256 -> generateEcPair(session, key, policy, true, startDate);
                case AUDIT -> generateEcPair(session, key, policy, false, startDate);
                default -> throw new IllegalStateException(key.name());
            }
            if (key.type() != KeyType.EC_P256) {
                recordCreated(session, key, today);
            }
            created++;
        }
        return created;
    }

    private static AttributeVector secretTemplate(AttributeVector base, HsmKey key, KeyExportPolicy policy,
                                                  Instant startDate) {
        boolean ceremony = policy == KeyExportPolicy.CEREMONY_WRAP_ONLY;
        return base.token(true).private_(true).sensitive(true).extractable(ceremony).wrapWithTrusted(ceremony)
                .valueLen(32).label(key.label()).id(keyId(key)).startDate(startDate);
    }

    private static void generateEcPair(Session session, HsmKey key, KeyExportPolicy policy, boolean derive,
                                       Instant startDate) throws TokenException {
        boolean ceremony = policy == KeyExportPolicy.CEREMONY_WRAP_ONLY;
        AttributeVector priv = AttributeVector.newECPrivateKey().token(true).private_(true).sensitive(true)
                .extractable(ceremony).wrapWithTrusted(ceremony).label(key.label()).id(keyId(key))
                .derive(derive).sign(!derive).decrypt(false).unwrap(false).startDate(startDate);
        AttributeVector pub = AttributeVector.newECPublicKey().token(true).private_(false).ecParams(P256.EC_PARAMS_DER)
                .label(key.label()).id(keyId(key)).derive(false).verify(!derive).encrypt(false).wrap(false)
                .startDate(startDate);
        session.generateKeyPair(new Mechanism(CKM_EC_KEY_PAIR_GEN), new KeyPairTemplate(priv, pub));
    }

    /** Template matching the public data objects that record the creation date of secret key {@code key}. */
    private static AttributeVector createdRecord(HsmKey key) {
        return new AttributeVector().class_(CKO_DATA).token(true).label(key.label()).application(CREATED_APPLICATION);
    }

    /** Records the creation day of a new secret key, replacing any record left behind by a deleted key of that label. */
    private static void recordCreated(Session session, HsmKey key, LocalDate day) throws TokenException {
        for (long stale : session.findAllObjectsSingle(createdRecord(key))) {
            session.destroyObject(stale);
        }
        session.createObject(createdRecord(key).private_(false).modifiable(false)
                .value(CK_DATE.format(day).getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The UTC day {@code key} was created, read from its public object; empty when the token has no date for it (keys
     * imported, restored, or provisioned before BKV recorded dates) or the module will not return it.
     */
    static Optional<LocalDate> createdOn(Session session, HsmKey key) throws TokenException {
        try {
            if (key.type() == KeyType.EC_P256) {
                long[] pub = session.findObjectsSingle(AttributeVector.newECPublicKey().token(true).label(key.label()), 2);
                if (pub.length != 1) {
                    return Optional.empty();
                }
                Instant start = session.getAttrValues(pub[0], CKA_START_DATE).startDate();
                return Optional.ofNullable(start).map(i -> LocalDate.ofInstant(i, ZoneOffset.UTC));
            }
            long[] records = session.findObjectsSingle(createdRecord(key), 2);
            if (records.length != 1) {
                return Optional.empty();
            }
            byte[] text = session.getAttrValues(records[0], CKA_VALUE).value();
            return text == null ? Optional.empty()
                    : Optional.of(LocalDate.parse(new String(text, StandardCharsets.US_ASCII), CK_DATE));
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() == CKR_ATTRIBUTE_TYPE_INVALID || e.getErrorCode() == CKR_ATTRIBUTE_SENSITIVE) {
                return Optional.empty();
            }
            throw e;
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty(); // a date that is not one (e.g. blanks): as good as none
        }
    }

    /** CKA_ID: first 16 bytes of SHA-256(label), so other PKCS#11 tools can pair private and public objects. */
    static byte[] keyId(HsmKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.label().getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(d, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fingerprint of a key: SHA-256 of the SPKI for EC keys, a check value computed inside the HSM otherwise. */
    static String fingerprint(Session session, KeyHandles keys, HsmKey key) throws TokenException {
        return switch (key.type()) {
            case EC_P256 -> P256.fingerprint(keys.publicPoint(key));
            case AES_256 -> Hex.toHexString(aesCheckValue(session, keys.require(key)));
            case HMAC_SHA256 -> Hex.toHexString(Arrays.copyOf(
                    session.signSingle(new Mechanism(CKM_SHA256_HMAC), keys.require(key), CHECK_VALUE_INPUT), 16));
        };
    }

    /**
     * AES-GCM tag of a zero block under an all-zero IV with the fixed constant as AAD: 16 bytes. The IV is never
     * used by {@link Kek} seals (random 96-bit IVs), and the input is always the same, so nothing leaks.
     */
    private static byte[] aesCheckValue(Session session, long handle) throws TokenException {
        GCM_PARAMS params = new GCM_PARAMS(new byte[12], CHECK_VALUE_INPUT, 128);
        byte[] out = session.encryptSingle(new Mechanism(CKM_AES_GCM, params), handle, new byte[16]);
        return Arrays.copyOfRange(out, out.length - 16, out.length);
    }

    static ECPoint readPublicPoint(Session session, long publicHandle) throws TokenException {
        byte[] ecPoint = session.getAttrValues(publicHandle, CKA_EC_POINT).ecPoint();
        if (ecPoint == null) {
            throw new HsmConfigurationException("an EC public key object on the token has no CKA_EC_POINT: restore the key pair");
        }
        return P256.decode(unwrapOctetString(ecPoint));
    }

    /** CKA_EC_POINT is DER OCTET STRING (04 41 04‖X‖Y) per the standard; some modules return the raw point. */
    static byte[] unwrapOctetString(byte[] ecPoint) {
        if (ecPoint.length == P256.UNCOMPRESSED_BYTES + 2 && ecPoint[0] == 0x04 && ecPoint[1] == P256.UNCOMPRESSED_BYTES) {
            return Arrays.copyOfRange(ecPoint, 2, ecPoint.length);
        }
        if (ecPoint.length == P256.COMPRESSED_BYTES + 2 && ecPoint[0] == 0x04 && ecPoint[1] == P256.COMPRESSED_BYTES) {
            return Arrays.copyOfRange(ecPoint, 2, ecPoint.length);
        }
        return ecPoint;
    }

    private static Long findOne(Session session, AttributeVector template, HsmKey key) throws PKCS11Exception {
        long[] found = session.findObjectsSingle(template, 2);
        if (found.length > 1) {
            throw new HsmConfigurationException("token holds more than one object labelled " + key.label()
                    + " of the same class: remove the duplicate with the token's tools (e.g. pkcs11-tool --delete-object)");
        }
        return found.length == 0 ? null : found[0];
    }
}
