package org.bkv.hsm;

import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;

/** CKR_ return values: their names, and which of them mean the token or module is gone. */
final class Pkcs11Codes {
    private Pkcs11Codes() {
    }

    static String name(PKCS11Exception e) {
        String name = e.getErrorName();
        return name != null && !name.isBlank() ? name : "CKR_0x" + Long.toHexString(e.getErrorCode());
    }

    /** Codes after which the session or the whole module must be re-established. */
    static boolean meansConnectionLost(long code) {
        return code == PKCS11Constants.CKR_DEVICE_ERROR
                || code == PKCS11Constants.CKR_DEVICE_MEMORY
                || code == PKCS11Constants.CKR_DEVICE_REMOVED
                || code == PKCS11Constants.CKR_SESSION_CLOSED
                || code == PKCS11Constants.CKR_SESSION_HANDLE_INVALID
                || code == PKCS11Constants.CKR_TOKEN_NOT_PRESENT
                || code == PKCS11Constants.CKR_TOKEN_NOT_RECOGNIZED
                || code == PKCS11Constants.CKR_USER_NOT_LOGGED_IN
                || code == PKCS11Constants.CKR_CRYPTOKI_NOT_INITIALIZED
                || code == PKCS11Constants.CKR_SLOT_ID_INVALID
                || code == PKCS11Constants.CKR_KEY_HANDLE_INVALID
                || code == PKCS11Constants.CKR_OBJECT_HANDLE_INVALID
                || code == PKCS11Constants.CKR_WRAPPING_KEY_HANDLE_INVALID
                || code == PKCS11Constants.CKR_UNWRAPPING_KEY_HANDLE_INVALID;
    }
}
