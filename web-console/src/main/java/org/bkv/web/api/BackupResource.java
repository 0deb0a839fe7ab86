package org.bkv.web.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
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
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bkv.ejb.application.BackupService;
import org.bkv.ejb.domain.backup.BackupId;
import org.bkv.ejb.domain.backup.BackupSlot;
import org.bkv.ejb.domain.backup.StoredCopy;
import org.bkv.ejb.domain.vault.Authorization;
import org.bkv.ejb.domain.vault.VaultException;
import org.bkv.ejb.infrastructure.backup.BlobStoreBinding;
import org.bkv.ejb.infrastructure.backup.FileBlobStore;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The backup blob store of DESIGN §4.3. Bodies stream to and from files, never whole in memory. An upload names its
 * total length ({@code Upload-Length}) and SHA-256 ({@code Repr-Digest}, RFC 9530) up front; it becomes the current
 * copy only when all of it arrived and matched, and a broken upload resumes at {@code Upload-Offset}. Downloads
 * resume with {@code Range}. Authorisation: the storage token derived from the backup key, of which the appliance
 * keeps only the hash.
 */
@Path("/backups")
@RequestScoped
@Tag(name = "backups", description = "Store and fetch end-to-end encrypted backups")
public class BackupResource {
    private static final Logger LOG = Logger.getLogger(BackupResource.class.getName());
    static final String UPLOAD_LENGTH = "Upload-Length";
    static final String UPLOAD_OFFSET = "Upload-Offset";
    static final String REPR_DIGEST = "Repr-Digest";
    /** The storage token when {@code Authorization} carries the identity token (client authentication JWT). */
    static final String STORAGE_TOKEN = "BKV-Storage-Token";

    /** Who calls: the storage token (the slot's capability) and what the identity token proved, if one was sent. */
    record Caller(String storageToken, Authorization identity) {
    }

    public record SlotRequestBody(String backupId) {
    }

    public record SlotView(String backupId, long maxBytes) {
    }

    public record StoredView(String backupId, long length, String sha256) {
    }

    public record UploadView(long uploadOffset, long uploadLength, String sha256) {
    }

    @EJB
    private BackupService backups;

    @Inject
    private BlobStoreBinding blobs;

    @Inject
    private RateLimits limits;

    @Inject
    private ClientAddresses addresses;

    @Inject
    private CallerTokens tokens;

    @Context
    private HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a backup slot for the bearer storage token (or confirm it exists for the same token)")
    @RequestBody(content = @Content(schema = @Schema(implementation = SlotRequestBody.class)))
    @APIResponse(responseCode = "201", description = "slot created", content = @Content(schema = @Schema(implementation = SlotView.class)))
    @APIResponse(responseCode = "200", description = "the slot exists for this token", content = @Content(schema = @Schema(implementation = SlotView.class)))
    @APIResponse(responseCode = "400", ref = "invalid-request")
    @APIResponse(responseCode = "401", ref = "invalid-authorization")
    @APIResponse(responseCode = "409", ref = "backup-exists")
    @APIResponse(responseCode = "429", ref = "rate-limited")
    @APIResponse(responseCode = "503", ref = "service-unavailable")
    public Response createSlot(InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
    @HeaderParam(STORAGE_TOKEN) String storageToken)
            throws VaultException {
        limits.checkAddress(addresses.of(request));
        Caller caller = caller(authorization, storageToken);
        JsonBody json = JsonBody.read(body, Set.of("backupId"));
        BackupService.SlotOpened opened = backups.open(json.string("backupId"), caller.storageToken(), caller.identity());
        SlotView view = new SlotView(opened.slot().id().value(), opened.maxBytes());
        return Response.status(opened.created() ? 201 : 200).type(MediaType.APPLICATION_JSON).entity(view).build();
    }

    @PUT
    @Path("/{backupId}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload (or resume uploading) the backup; it replaces the current copy once complete and verified")
    @APIResponse(responseCode = "201", description = "stored and verified; now the current copy",
            content = @Content(schema = @Schema(implementation = StoredView.class)))
    @APIResponse(responseCode = "202", description = "part stored; continue at uploadOffset",
            content = @Content(schema = @Schema(implementation = UploadView.class)))
    @APIResponse(responseCode = "400", ref = "invalid-request")
    @APIResponse(responseCode = "401", ref = "backup-token-invalid")
    @APIResponse(responseCode = "404", ref = "unknown-backup")
    @APIResponse(responseCode = "409", ref = "upload-offset-mismatch")
    @APIResponse(responseCode = "413", ref = "payload-too-large")
    @APIResponse(responseCode = "503", ref = "service-unavailable")
    public Response upload(@PathParam("backupId") String backupId, InputStream body,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @HeaderParam(STORAGE_TOKEN) String storageToken,
                           @HeaderParam(UPLOAD_LENGTH) String uploadLength,
                           @HeaderParam(UPLOAD_OFFSET) String uploadOffset,
                           @HeaderParam(REPR_DIGEST) String reprDigest) throws VaultException {
        limits.checkAddress(addresses.of(request));
        Caller caller = caller(authorization, storageToken);
        long length = nonNegative(UPLOAD_LENGTH, Optional.ofNullable(uploadLength)
                .orElseThrow(() -> ProblemException.badRequest("the Upload-Length header (total bytes of the backup) is missing")));
        long offset = uploadOffset == null ? 0 : nonNegative(UPLOAD_OFFSET, uploadOffset);
        String sha256 = HexFormat.of().formatHex(Digests.sha256(reprDigest));
        long maxBytes = backups.maxBytes();
        if (length > maxBytes) {
            throw ProblemException.payloadTooLarge("backups are at most " + maxBytes + " bytes here");
        }
        if (offset > length) {
            throw ProblemException.badRequest("Upload-Offset is beyond Upload-Length");
        }
        FileBlobStore store = store();
        FileBlobStore.UploadKey key = new FileBlobStore.UploadKey(length, sha256);
        try (AutoCloseable ignored = store.lock(BackupId.parse(backupId)).orElseThrow(() -> new ProblemException(409,
                "upload-in-progress", "Conflict", "another upload to this backup is in progress; try again later").retryAfter(5))) {
            BackupSlot slot = backups.authorise(backupId, caller.storageToken(), caller.identity()); // under the lock: the generation cannot move under us
            FileBlobStore.Progress progress = append(store, slot.id(), key, offset, body);
            if (progress.overran()) {
                throw new ProblemException(400, "length-mismatch", "Invalid request",
                        "the body is longer than Upload-Length; the upload was discarded");
            }
            if (!progress.complete()) {
                return Response.accepted(new UploadView(progress.offset(), length, sha256))
                        .type(MediaType.APPLICATION_JSON).header(UPLOAD_OFFSET, progress.offset()).build();
            }
            if (!progress.digestMatches()) {
                throw new ProblemException(400, "digest-mismatch", "Invalid request",
                        "the uploaded bytes do not match Repr-Digest; the upload was discarded and the previous backup kept");
            }
            StoredCopy copy = new StoredCopy(slot.generation() + 1, length, sha256, Instant.now());
            store.promote(slot.id(), key, copy.generation());
            BackupService.Stored stored;
            try {
                stored = backups.stored(backupId, caller.storageToken(), caller.identity(), copy);
            } catch (RuntimeException | VaultException e) {
                store.deleteCopy(slot.id(), copy.generation());
                throw e;
            }
            store.deleteCopiesBefore(slot.id(), stored.keepFrom());
            return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON)
                    .entity(new StoredView(slot.id().value(), length, sha256)).build();
        } catch (VaultException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw storageFailure(e);
        }
    }

    @GET
    @Path("/{backupId}/upload")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The upload in progress (to resume it): how many of its bytes are stored")
    @APIResponse(responseCode = "200", description = "an upload is in progress",
            content = @Content(schema = @Schema(implementation = UploadView.class)))
    @APIResponse(responseCode = "401", ref = "backup-token-invalid")
    @APIResponse(responseCode = "404", ref = "no-upload")
    public UploadView pendingUpload(@PathParam("backupId") String backupId,
                                    @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                    @HeaderParam(STORAGE_TOKEN) String storageToken) throws VaultException {
        limits.checkAddress(addresses.of(request));
        Caller caller = caller(authorization, storageToken);
        BackupSlot slot = backups.authorise(backupId, caller.storageToken(), caller.identity());
        FileBlobStore.Pending pending = store().pending(slot.id())
                .orElseThrow(() -> ProblemException.notFound("no-upload", "no upload to this backup is in progress"));
        return new UploadView(pending.offset(), pending.key().length(), pending.key().sha256());
    }

    @GET
    @Path("/{backupId}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download the current copy; Range: bytes=<start>- resumes an interrupted download")
    @APIResponse(responseCode = "200", description = "the whole backup")
    @APIResponse(responseCode = "206", description = "the requested range")
    @APIResponse(responseCode = "401", ref = "backup-token-invalid")
    @APIResponse(responseCode = "404", ref = "no-backup")
    @APIResponse(responseCode = "416", ref = "range-not-satisfiable")
    public Response download(@PathParam("backupId") String backupId,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                             @HeaderParam(STORAGE_TOKEN) String storageToken,
                             @HeaderParam("Range") String range, @HeaderParam("If-Range") String ifRange)
            throws VaultException {
        limits.checkAddress(addresses.of(request));
        Caller caller = caller(authorization, storageToken);
        FileBlobStore store = store();
        StoredCopy copy = backups.read(backupId, caller.storageToken(), caller.identity());
        BackupId id = new BackupId(backupId);
        Optional<ByteRange> requested = ByteRange.parse(range, copy.length());
        if (ifRange != null && !ifRange.equals(etag(copy))) {
            requested = Optional.empty(); // the copy changed since the client's partial download: send it whole
        }
        FileChannel channel;
        try {
            channel = store.open(id, copy.generation());
        } catch (IOException e) {
            throw storageFailure(e);
        }
        long start = requested.map(ByteRange::start).orElse(0L);
        long count = requested.map(ByteRange::length).orElse(copy.length());
        StreamingOutput body = out -> {
            try (FileChannel in = channel; WritableByteChannel target = Channels.newChannel(out)) {
                long position = start;
                long end = start + count;
                while (position < end) {
                    position += in.transferTo(position, end - position, target);
                }
            }
        };
        Response.ResponseBuilder response = Response.status(requested.isPresent() ? 206 : 200).entity(body)
                .type(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_LENGTH, count);
        requested.ifPresent(r -> response.header("Content-Range", "bytes " + r.start() + "-" + (r.start() + r.length() - 1)
                + "/" + copy.length()));
        return describe(response, copy).build();
    }

    @HEAD
    @Path("/{backupId}")
    @Operation(summary = "The current copy's length and digest, without the body")
    public Response head(@PathParam("backupId") String backupId,
                         @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @HeaderParam(STORAGE_TOKEN) String storageToken) throws VaultException {
        limits.checkAddress(addresses.of(request));
        Caller caller = caller(authorization, storageToken);
        BackupSlot slot = backups.authorise(backupId, caller.storageToken(), caller.identity());
        StoredCopy copy = slot.current()
                .orElseThrow(() -> ProblemException.notFound("no-backup", "this backup slot holds no backup yet"));
        return describe(Response.ok().type(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_LENGTH, copy.length()), copy).build();
    }

    @DELETE
    @Path("/{backupId}")
    @Operation(summary = "Delete the backup slot and every stored copy")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "401", ref = "backup-token-invalid")
    @APIResponse(responseCode = "404", ref = "unknown-backup")
    public Response delete(@PathParam("backupId") String backupId,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @HeaderParam(STORAGE_TOKEN) String storageToken) throws VaultException {
        limits.checkAddress(addresses.of(request));
        Caller caller = caller(authorization, storageToken);
        FileBlobStore store = store();
        BackupId id = backups.delete(backupId, caller.storageToken(), caller.identity());
        try {
            store.deleteSlot(id);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "backup slot {0} deleted, but its files could not all be removed: {1}",
                    new Object[] {id.prefix(), e.getClass().getSimpleName()});
        }
        return Response.noContent().build();
    }

    private static Response.ResponseBuilder describe(Response.ResponseBuilder response, StoredCopy copy) {
        return response.header(HttpHeaders.ETAG, etag(copy))
                .header(REPR_DIGEST, "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(copy.sha256())) + ":")
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.LAST_MODIFIED, java.util.Date.from(copy.storedAt()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static String etag(StoredCopy copy) {
        return "\"" + copy.sha256() + "\"";
    }

    private static FileBlobStore.Progress append(FileBlobStore store, BackupId id, FileBlobStore.UploadKey key,
                                                 long offset, InputStream body) {
        try {
            return store.append(id, key, offset, body);
        } catch (FileBlobStore.OffsetMismatch e) {
            throw new ProblemException(409, "upload-offset-mismatch", "Conflict",
                    "this upload continues at byte " + e.actual() + ", not at Upload-Offset")
                    .with("uploadOffset", e.actual());
        } catch (IOException e) {
            // Usually the client went away mid-body: what arrived stays staged for a resume.
            throw new ProblemException(400, "upload-interrupted", "Invalid request",
                    "the upload body could not be read to its end; resume it with GET …/upload and Upload-Offset");
        }
    }

    private FileBlobStore store() {
        return blobs.store().orElseThrow(() -> new ProblemException(503, "service-unavailable", "Service unavailable",
                "backup storage is not configured on this appliance").retryAfter(ProblemMapper.UNAVAILABLE_RETRY_AFTER));
    }

    /**
     * {@code Authorization: Bearer <storage token>}; or, with an identity token (client authentication JWT),
     * {@code Authorization: Bearer <identity token>} and {@code BKV-Storage-Token: <storage token>}.
     */
    private Caller caller(String authorization, String storageToken) {
        if (storageToken != null) {
            if (authorization == null || authorization.isBlank()) {
                throw new ProblemException(401, "invalid-authorization", "Unauthorized",
                        "BKV-Storage-Token goes with \"Authorization: Bearer <identity token>\"; without an identity token "
                        + "send the storage token as \"Authorization: Bearer <storage token>\"");
            }
            Authorization identity = tokens.authorization(authorization);
            if (identity.jwtSubject().isEmpty()) {
                throw new ProblemException(401, "invalid-authorization", "Unauthorized",
                        "with BKV-Storage-Token, the Authorization header must carry the identity token (a JWT)");
            }
            return new Caller(storageToken.strip(), identity);
        }
        if (authorization == null || authorization.isBlank()) {
            throw new ProblemException(401, "invalid-authorization", "Unauthorized",
                    "backup calls need \"Authorization: Bearer <storage token>\"");
        }
        return new Caller(CallerTokens.bearer(authorization), Authorization.NONE);
    }

    private static long nonNegative(String header, String value) {
        if (!value.matches("\\d{1,18}")) {
            throw ProblemException.badRequest(header + " must be a non-negative integer");
        }
        return Long.parseLong(value);
    }

    private static ProblemException storageFailure(Exception e) {
        LOG.log(Level.SEVERE, "backup storage failed: {0}", e.toString());
        return new ProblemException(503, "service-unavailable", "Service unavailable",
                "the backup storage failed; try again later").retryAfter(ProblemMapper.UNAVAILABLE_RETRY_AFTER);
    }
}
