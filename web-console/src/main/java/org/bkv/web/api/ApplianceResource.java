package org.bkv.web.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.bkv.ejb.application.ApplianceStatus;
import org.bkv.hsm.KeyInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Public facts about this appliance that clients and verifiers may pin: its public keys. */
@Path("/appliance")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApplianceResource {

    /** A public key the appliance holds in its HSM, as a client or auditor would pin it. */
    public record PublicKeyView(String label, String type, String fingerprint, String subjectPublicKeyInfo) {
    }

    /** The appliance's public keys: its OPAQUE server key and its audit signing key. */
    public record ApplianceView(String product, List<PublicKeyView> publicKeys) {
    }

    @EJB
    private ApplianceStatus status;

    @GET
    @Operation(summary = "The appliance's public keys (SHA-256 fingerprints of their SubjectPublicKeyInfo)")
    public ApplianceView appliance() {
        List<PublicKeyView> keys = status.keyInventory().present().values().stream()
                .filter(key -> key.publicKeySpki().isPresent())
                .map(ApplianceResource::view)
                .toList();
        return new ApplianceView("BKV Backup Key Vault", keys);
    }

    private static PublicKeyView view(KeyInfo key) {
        return new PublicKeyView(key.label(), key.type().name(), key.fingerprint(),
                java.util.Base64.getEncoder().encodeToString(key.publicKeySpki().orElseThrow()));
    }
}
