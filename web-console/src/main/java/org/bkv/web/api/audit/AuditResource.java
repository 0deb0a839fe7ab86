package org.bkv.web.api.audit;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.HexFormat;
import org.bkv.ejb.application.AuditService;
import org.bkv.ejb.domain.audit.AuditKeyUnavailableException;
import org.bkv.ejb.domain.audit.AuditQueryException;
import org.bkv.ejb.infrastructure.audit.AuditStoreException;
import org.bkv.web.api.ProblemException;
import org.bkv.web.api.audit.AuditViews.AuditKeyView;
import org.bkv.web.api.audit.AuditViews.ConsistencyProofView;
import org.bkv.web.api.audit.AuditViews.InclusionProofView;
import org.bkv.web.api.audit.AuditViews.SigningStatusView;
import org.bkv.web.api.audit.AuditViews.TreeHeadView;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The auditor API (docs/AUDIT.md §7). {@code /key} is public (verifiers pin it); everything else needs an auditor
 * ({@link AuditorAuthentication}: the audit token, or a security officer's console session). Errors are RFC 9457 problems built in one place, {@link #problem}.
 */
@Path("/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    /** JSON Lines media type of exports. */
    public static final String NDJSON = "application/x-ndjson";

    @EJB
    private AuditService audit;

    @Inject
    private AuditorAuthentication auditors;

    @Context
    private HttpServletRequest request;

    @GET
    @Path("/key")
    @Operation(summary = "The bkv-audit public key (PEM) and its SHA-256 fingerprint; public")
    public AuditKeyView key() {
        try {
            byte[] spki = audit.auditPublicKeySpki();
            return new AuditKeyView("bkv-audit", AuditViews.pem(spki),
                    HexFormat.of().formatHex(AuditorAuthentication.sha256(spki)));
        } catch (AuditKeyUnavailableException e) {
            throw problem(503, "hsm-unavailable", "HSM unavailable", "the audit key cannot be read right now");
        }
    }

    @GET
    @Path("/tree-heads/latest")
    @Operation(summary = "The latest signed tree head")
    public TreeHeadView latest() {
        requireAuditor();
        try {
            return audit.latestHead().map(TreeHeadView::of)
                    .orElseThrow(() -> problem(404, "no-tree-head", "No tree head yet", "no tree head has been signed yet"));
        } catch (AuditStoreException e) {
            throw storeProblem();
        }
    }

    @GET
    @Path("/status")
    @Operation(summary = "Whether tree heads are being signed: tree size, last signed head, events no head covers yet")
    public SigningStatusView status() {
        requireAuditor();
        return SigningStatusView.of(audit.signingStatus());
    }

    @GET
    @Path("/proofs/inclusion")
    @Operation(summary = "RFC 9162 inclusion proof of leaf index in the tree of treeSize leaves")
    public InclusionProofView inclusion(@QueryParam("index") String index, @QueryParam("treeSize") String treeSize) {
        requireAuditor();
        try {
            return InclusionProofView.of(audit.inclusionProof(number("index", index), number("treeSize", treeSize)));
        } catch (AuditQueryException e) {
            throw queryProblem(e);
        } catch (AuditStoreException e) {
            throw storeProblem();
        }
    }

    @GET
    @Path("/proofs/consistency")
    @Operation(summary = "RFC 9162 consistency proof from tree size `from` to tree size `to`")
    public ConsistencyProofView consistency(@QueryParam("from") String from, @QueryParam("to") String to) {
        requireAuditor();
        long first = number("from", from);
        long second = number("to", to);
        try {
            return ConsistencyProofView.of(first, second, audit.consistencyProof(first, second));
        } catch (AuditQueryException e) {
            throw queryProblem(e);
        } catch (AuditStoreException e) {
            throw storeProblem();
        }
    }

    @GET
    @Path("/export")
    @Produces(NDJSON)
    @Operation(summary = "Export of events [from, to) in bkv-audit-export-v1 (JSON Lines), streamed;"
            + " from defaults to 0, to to the latest signed head's size")
    public Response export(@QueryParam("from") String from, @QueryParam("to") String to) {
        requireAuditor();
        long first = from == null ? 0 : number("from", from);
        long end;
        try {
            end = to == null ? audit.latestHead().map(h -> h.head().size()).orElse(0L) : number("to", to);
            audit.checkExportRange(first, end);
        } catch (AuditQueryException e) {
            throw queryProblem(e);
        } catch (AuditStoreException e) {
            throw storeProblem();
        }
        StreamingOutput body = out -> {
            try {
                audit.export(first, end, out);
            } catch (AuditQueryException e) {
                // Checked just above; the log only grows, so this means the store changed under us.
                throw new IllegalStateException("export range became invalid while streaming: " + e.getMessage(), e);
            }
        };
        return Response.ok(body, NDJSON)
                .header("Content-Disposition", "attachment; filename=\"bkv-audit-" + first + "-" + end + ".jsonl\"")
                .build();
    }

    private void requireAuditor() {
        switch (auditors.access(request)) {
            case AUDITOR -> {
            }
            case CONSOLE_USER_WITHOUT_AUDIT_ROLE -> throw problem(403, "not-an-auditor", "Not an auditor",
                    "the audit log is read by security officers: this console account's role may not read it");
            case UNAUTHENTICATED -> throw problem(401, "unauthorized", "Auditor authentication required",
                    "send the audit token as a bearer token, or sign in to the console as a security officer");
        }
    }

    private static long number(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw problem(400, "missing-parameter", "Missing parameter", "query parameter " + name + " is required");
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw problem(400, "invalid-parameter", "Invalid parameter", name + " must not be negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw problem(400, "invalid-parameter", "Invalid parameter", name + " must be a non-negative integer");
        }
    }

    private static ProblemException queryProblem(AuditQueryException e) {
        return e.httpStatus() == 404
                ? problem(404, "unknown-tree-size", "Not in the log", e.getMessage())
                : problem(400, "invalid-range", "Invalid range", e.getMessage());
    }

    private static ProblemException storeProblem() {
        return problem(500, "audit-store", "Audit store damaged or unavailable",
                "the audit log could not be read completely; see the server log");
    }

    /** This resource's problems, through the API's one error mapper. */
    private static ProblemException problem(int status, String code, String title, String detail) {
        ProblemException problem = new ProblemException(status, code, title, detail);
        if (status == 401) {
            problem.header("WWW-Authenticate", "Bearer realm=\"bkv-audit\"");
        }
        if (status == 503) {
            problem.retryAfter(5);
        }
        return problem;
    }
}
