package org.bkv.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The client API for backup clients, under /api/v1. The OpenAPI document (at /openapi) describes every endpoint
 * and, as the shared responses below, every problem code {@link ProblemMapper} produces (docs/API.md).
 */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(info = @Info(title = "BKV Backup Key Vault API", version = "1",
        description = "Register a backup key under a password (OPAQUE, RFC 9807), recover it,"
                + " and store end-to-end encrypted backups. Errors are RFC 9457 problem+json with a stable code."),
        components = @Components(responses = {
                @APIResponse(name = "invalid-request", responseCode = "400", description = "The request is malformed: a member missing, of the wrong type, not base64url, an invalid protocol message or point, an unknown or disallowed suite. Also invalid-json, digest-mismatch, length-mismatch, upload-interrupted.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "client-not-authenticated", responseCode = "401", description = "Client authentication is JWT and no valid identity token whose subject is the identifier came with the call.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "invalid-authorization", responseCode = "401", description = "The Authorization header is missing or not \"Bearer <token>\".",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "recovery-failed", responseCode = "401", description = "KE3 did not verify: the attempt stays counted. attemptsRemaining is present when the policy reveals lockout.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "session-required", responseCode = "401", description = "Deleting a record needs the session token of a recovery of it.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "backup-token-invalid", responseCode = "401", description = "The storage token does not open this backup slot.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "unknown-registration", responseCode = "404", description = "No pending registration has this id (or it expired).",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "unknown-login", responseCode = "404", description = "No login has this id, or it expired or was used.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "unknown-backup", responseCode = "404", description = "No backup slot has this id.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "no-backup", responseCode = "404", description = "The backup slot holds no stored copy yet.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "no-upload", responseCode = "404", description = "No upload to this backup is in progress.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "replace-not-authorised", responseCode = "409", description = "A record exists for this identifier: replacing it needs a session token of a recovery of it.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "backup-exists", responseCode = "409", description = "A backup slot with this id belongs to another storage token.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "upload-offset-mismatch", responseCode = "409", description = "The upload continues elsewhere: uploadOffset says where. Also upload-in-progress and backup-conflict.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "payload-too-large", responseCode = "413", description = "The body is larger than allowed (vault requests 16 KiB, backups maxBackupBytes).",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "range-not-satisfiable", responseCode = "416", description = "The Range header selects nothing of the backup; size gives its length.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "record-locked", responseCode = "423", description = "The record used all its attempts (only when the policy reveals lockout).",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "rate-limited", responseCode = "429", description = "Too many calls per minute from this address or for this identifier; Retry-After says when to try again.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class))),
                @APIResponse(name = "service-unavailable", responseCode = "503", description = "The HSM, the database or the backup storage is not available; Retry-After says when to try again.",
                        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiApplication.Problem.class)))
        }))
public class ApiApplication extends Application {

    /** The shape of every error body (RFC 9457), for the OpenAPI document. */
    @Schema(name = "Problem", description = "RFC 9457 problem details with a stable code. Extension members:"
            + " attemptsRemaining (recovery-failed, when the policy reveals lockout), uploadOffset"
            + " (upload-offset-mismatch: where the upload continues), size (range-not-satisfiable: the backup's length)")
    public record Problem(String type, String title, int status, String detail, String code,
                          Integer attemptsRemaining, Long uploadOffset, Long size) {
    }
}
