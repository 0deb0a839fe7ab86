package org.bkv.ejb.application;

import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.ejb.domain.vault.InvalidRequestException;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.KE1;
import org.bkv.opaque.KE3;
import org.bkv.opaque.RegistrationRecord;
import org.bkv.opaque.RegistrationRequest;
import org.bkv.opaque.Suite;

/** Parses the protocol bytes a vault call brings; anything malformed is a 400 before anything is stored. */
final class Messages {
    static final int MAX_SEALED_BACKUP_KEY = 1024;

    private Messages() {
    }

    static Suite allowedSuite(PolicySettings policy, String wireName) throws InvalidRequestException {
        Suite suite;
        try {
            suite = Suite.fromWireName(wireName);
        } catch (InvalidEncodingException e) {
            throw new InvalidRequestException("suite must be \"P256-SHA256\" or \"ristretto255-SHA512\"");
        }
        if (!policy.allowedSuites().contains(suite)) {
            throw new InvalidRequestException("suite " + suite.wireName() + " is not allowed by policy");
        }
        return suite;
    }

    static RegistrationRequest registrationRequest(Suite suite, byte[] bytes) throws InvalidRequestException {
        try {
            return RegistrationRequest.deserialize(suite, bytes);
        } catch (InvalidEncodingException e) {
            throw new InvalidRequestException("registrationRequest is invalid: " + e.getMessage());
        }
    }

    static RegistrationRecord registrationRecord(Suite suite, byte[] bytes) throws InvalidRequestException {
        try {
            return RegistrationRecord.deserialize(suite, bytes);
        } catch (InvalidEncodingException e) {
            throw new InvalidRequestException("registrationRecord is invalid: " + e.getMessage());
        }
    }

    static byte[] sealedBackupKey(byte[] bytes) throws InvalidRequestException {
        if (bytes == null || bytes.length == 0 || bytes.length > MAX_SEALED_BACKUP_KEY) {
            throw new InvalidRequestException("sealedBackupKey must be 1 to 1024 bytes");
        }
        return bytes;
    }

    static KE1 ke1(Suite suite, byte[] bytes) throws InvalidRequestException {
        try {
            return KE1.deserialize(suite, bytes);
        } catch (InvalidEncodingException e) {
            throw new InvalidRequestException("ke1 is invalid: " + e.getMessage());
        }
    }

    static KE3 ke3(Suite suite, byte[] bytes) throws InvalidRequestException {
        try {
            return KE3.deserialize(suite, bytes);
        } catch (InvalidEncodingException e) {
            throw new InvalidRequestException("ke3 is invalid: " + e.getMessage());
        }
    }
}
