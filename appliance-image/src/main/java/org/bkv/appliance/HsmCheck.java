package org.bkv.appliance;

import org.bkv.hsm.Hsm;
import org.bkv.hsm.HsmConfig;
import org.bkv.hsm.HsmException;
import org.bkv.hsm.KeyInfo;
import org.bkv.hsm.KeyInventory;

/**
 * Runs in a child JVM before the appliance starts (SoftHSM reads SOFTHSM2_CONF only from the
 * process environment, and a PKCS#11 module is global to its process): opens the token with the
 * appliance's settings, creates any missing key of DESIGN §5, runs the self-test and prints the
 * key inventory as {@code key <label> <type> <fingerprint>} lines.
 *
 * <p>Exit 0 when the HSM is ready; 3 with one line on standard error when it is not.
 */
public final class HsmCheck {

    private HsmCheck() {
    }

    public static void main(String[] args) {
        try (Hsm hsm = Hsm.open(HsmConfig.fromProperties(System::getProperty))) {
            KeyInventory inventory = hsm.provisionKeys();
            hsm.selfTest();
            for (KeyInfo key : inventory.present().values()) {
                System.out.println("key " + key.label() + " " + key.type() + " " + key.fingerprint());
            }
            System.out.flush();
        } catch (HsmException e) {
            System.err.println(e.getMessage());
            System.exit(Preflight.EXIT_PREFLIGHT);
        }
    }
}
