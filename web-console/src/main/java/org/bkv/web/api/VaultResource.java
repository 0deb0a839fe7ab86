package org.bkv.web.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Set;
import org.bkv.ejb.application.LoginStarted;
import org.bkv.ejb.application.RecordService;
import org.bkv.ejb.application.Recovered;
import org.bkv.ejb.application.RecoveryService;
import org.bkv.ejb.application.Registered;
import org.bkv.ejb.application.RegistrationService;
import org.bkv.ejb.application.RegistrationStarted;
import org.bkv.ejb.domain.vault.Authorization;
import org.bkv.ejb.domain.vault.VaultException;
import org.bkv.opaque.Base64Url;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The vault endpoints of DESIGN §4.2: a thin adapter that reads the wire shapes, applies the rate limits and calls
 * the vault services, whose typed failures {@link ProblemMapper} turns into problem+json.
 */
@Path("/vault")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "vault", description = "Register a backup key under a password and recover it (OPAQUE, RFC 9807)")
public class VaultResource {

    public record RegistrationRequestBody(String identifier, String suite, String registrationRequest) {
    }

    public record RegistrationStartedView(String registrationId, String registrationResponse) {
    }

    public record RegistrationFinishBody(String registrationRecord, String sealedBackupKey) {
    }

    public record RegisteredView(String identifier, String state) {
    }

    public record LoginRequestBody(String identifier, String suite, String ke1) {
    }

    public record LoginStartedView(String loginId, String ke2) {
    }

    public record LoginFinishBody(String ke3) {
    }

    public record RecoveredView(String sealedBackupKey, String sessionToken, long expiresIn) {
    }

    @EJB
    private RegistrationService registrations;

    @EJB
    private RecoveryService recoveries;

    @EJB
    private RecordService records;

    @Inject
    private RateLimits limits;

    @Inject
    private ClientAddresses addresses;

    @Inject
    private CallerTokens tokens;

    @Context
    private HttpServletRequest request;

    @POST
    @Path("/registrations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a registration: the server's OPRF evaluation of the client's blinded password")
    @RequestBody(content = @Content(schema = @Schema(implementation = RegistrationRequestBody.class)))
    @APIResponse(responseCode = "200", description = "registration started; finish within registrationTtl",
            content = @Content(schema = @Schema(implementation = RegistrationStartedView.class)))
    @APIResponse(responseCode = "400", ref = "invalid-request")
    @APIResponse(responseCode = "401", ref = "client-not-authenticated")
    @APIResponse(responseCode = "413", ref = "payload-too-large")
    @APIResponse(responseCode = "429", ref = "rate-limited")
    @APIResponse(responseCode = "503", ref = "service-unavailable")
    public RegistrationStartedView startRegistration(InputStream body,
                                                     @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization)
            throws VaultException {
        String address = addresses.of(request);
        limits.checkAddress(address);
        JsonBody json = JsonBody.read(body, Set.of("identifier", "suite", "registrationRequest"));
        String identifier = json.string("identifier");
        String suite = json.string("suite");
        byte[] message = json.bytes("registrationRequest");
        limits.checkIdentifier(address, identifier);
        RegistrationStarted started = registrations.start(identifier, suite, message, tokens.authorization(authorization));
        return new RegistrationStartedView(started.registrationId(), Base64Url.encode(started.registrationResponse()));
    }

    @PUT
    @Path("/registrations/{registrationId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Finish a registration: store the record and the sealed backup key (replacing needs a session token)")
    @RequestBody(content = @Content(schema = @Schema(implementation = RegistrationFinishBody.class)))
    @APIResponse(responseCode = "201", description = "the record is ACTIVE",
            content = @Content(schema = @Schema(implementation = RegisteredView.class)))
    @APIResponse(responseCode = "400", ref = "invalid-request")
    @APIResponse(responseCode = "404", ref = "unknown-registration")
    @APIResponse(responseCode = "409", ref = "replace-not-authorised")
    @APIResponse(responseCode = "413", ref = "payload-too-large")
    @APIResponse(responseCode = "429", ref = "rate-limited")
    @APIResponse(responseCode = "503", ref = "service-unavailable")
    public Response finishRegistration(@PathParam("registrationId") String registrationId, InputStream body,
                                       @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization)
            throws VaultException {
        limits.checkAddress(addresses.of(request));
        JsonBody json = JsonBody.read(body, Set.of("registrationRecord", "sealedBackupKey"));
        byte[] record = json.bytes("registrationRecord");
        byte[] sealedBackupKey = json.bytes("sealedBackupKey");
        Registered registered = registrations.finish(registrationId, record, sealedBackupKey,
                tokens.authorization(authorization));
        return Response.status(Response.Status.CREATED)
                .entity(new RegisteredView(registered.identifier(), registered.state().name()))
                .build();
    }

    @POST
    @Path("/logins")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a recovery: one password guess. The attempt is counted before KE2 is returned")
    @RequestBody(content = @Content(schema = @Schema(implementation = LoginRequestBody.class)))
    @APIResponse(responseCode = "200", description = "KE2; finish within loginTtl",
            content = @Content(schema = @Schema(implementation = LoginStartedView.class)))
    @APIResponse(responseCode = "400", ref = "invalid-request")
    @APIResponse(responseCode = "401", ref = "client-not-authenticated")
    @APIResponse(responseCode = "413", ref = "payload-too-large")
    @APIResponse(responseCode = "423", ref = "record-locked")
    @APIResponse(responseCode = "429", ref = "rate-limited")
    @APIResponse(responseCode = "503", ref = "service-unavailable")
    public LoginStartedView startLogin(InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization)
            throws VaultException {
        String address = addresses.of(request);
        limits.checkAddress(address);
        JsonBody json = JsonBody.read(body, Set.of("identifier", "suite", "ke1"));
        String identifier = json.string("identifier");
        String suite = json.string("suite");
        byte[] ke1 = json.bytes("ke1");
        limits.checkIdentifier(address, identifier);
        LoginStarted started = recoveries.start(identifier, suite, ke1, tokens.authorization(authorization));
        return new LoginStartedView(started.loginId(), Base64Url.encode(started.ke2()));
    }

    @POST
    @Path("/logins/{loginId}/finish")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Finish a recovery with KE3: on a valid MAC the sealed backup key and a session token")
    @RequestBody(content = @Content(schema = @Schema(implementation = LoginFinishBody.class)))
    @APIResponse(responseCode = "200", description = "recovered; attempts reset to 0",
            content = @Content(schema = @Schema(implementation = RecoveredView.class)))
    @APIResponse(responseCode = "400", ref = "invalid-request")
    @APIResponse(responseCode = "401", ref = "recovery-failed")
    @APIResponse(responseCode = "404", ref = "unknown-login")
    @APIResponse(responseCode = "413", ref = "payload-too-large")
    @APIResponse(responseCode = "429", ref = "rate-limited")
    @APIResponse(responseCode = "503", ref = "service-unavailable")
    public RecoveredView finishLogin(@PathParam("loginId") String loginId, InputStream body) throws VaultException {
        limits.checkAddress(addresses.of(request));
        JsonBody json = JsonBody.read(body, Set.of("ke3"));
        byte[] ke3 = json.bytes("ke3");
        Recovered recovered = recoveries.finish(loginId, ke3);
        return new RecoveredView(Base64Url.encode(recovered.sealedBackupKey()), recovered.sessionToken(),
                recovered.expiresIn().toSeconds());
    }

    @DELETE
    @Path("/records/{identifier}")
    @Operation(summary = "Delete a record: its key material is overwritten. Needs the session token of a recovery")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "400", ref = "invalid-request")
    @APIResponse(responseCode = "401", ref = "session-required")
    @APIResponse(responseCode = "429", ref = "rate-limited")
    @APIResponse(responseCode = "503", ref = "service-unavailable")
    public Response delete(@PathParam("identifier") String identifier,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) throws VaultException {
        String address = addresses.of(request);
        limits.checkAddress(address);
        limits.checkIdentifier(address, identifier);
        records.delete(identifier, tokens.authorization(authorization));
        return Response.noContent().build();
    }
}
