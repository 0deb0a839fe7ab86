package org.bkv.web.api;

import jakarta.ejb.EJBException;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bkv.ejb.domain.backup.BackupConflictException;
import org.bkv.ejb.domain.backup.BackupExistsException;
import org.bkv.ejb.domain.backup.BackupTokenInvalidException;
import org.bkv.ejb.domain.vault.ClientNotAuthenticatedException;
import org.bkv.ejb.domain.vault.InvalidRequestException;
import org.bkv.ejb.domain.vault.RecordLockedException;
import org.bkv.ejb.domain.vault.RecoveryFailedException;
import org.bkv.ejb.domain.vault.ReplaceNotAuthorisedException;
import org.bkv.ejb.domain.vault.SessionRequiredException;
import org.bkv.ejb.domain.vault.UnknownLoginException;
import org.bkv.ejb.domain.vault.UnknownRegistrationException;
import org.bkv.ejb.domain.vault.VaultException;
import org.bkv.hsm.HsmException;

/**
 * The API's one error mapper (DESIGN §11): every failure leaves as RFC 9457 {@code application/problem+json} with a
 * stable {@code code}. The table of codes is docs/API.md. Details never carry secrets: our exceptions are written
 * that way, and anything unexpected becomes a bare 500 whose cause stays in the server log.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
    /** Made once, as {@link JsonBody}'s reader factory: {@code Json.createObjectBuilder} looks the provider up per call. */
    private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());


    public static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");
    /** Seconds a client should wait when the HSM or the database is down. */
    static final long UNAVAILABLE_RETRY_AFTER = 5;

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable thrown) {
        return response(problem(thrown));
    }

    static Response response(ProblemException problem) {
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(PROBLEM_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(body(problem));
        problem.retryAfterSeconds().ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds));
        problem.headers().forEach(response::header);
        return response.build();
    }

    /** The RFC 9457 body: the standard members, {@code code}, then the problem's extension members. */
    static String body(ProblemException problem) {
        JsonObjectBuilder body = BUILDERS.createObjectBuilder()
                .add("type", "https://bkv.example/problems/" + problem.code())
                .add("title", problem.title())
                .add("status", problem.status())
                .add("detail", problem.detail() == null ? problem.title() : problem.detail())
                .add("code", problem.code());
        for (Map.Entry<String, Object> member : problem.extensions().entrySet()) {
            Object value = member.getValue();
            if (value instanceof Integer i) {
                body.add(member.getKey(), i);
            } else if (value instanceof Long l) {
                body.add(member.getKey(), l);
            } else {
                body.add(member.getKey(), String.valueOf(value));
            }
        }
        return body.build().toString();
    }

    static ProblemException problem(Throwable thrown) {
        Throwable cause = unwrap(thrown);
        if (cause instanceof ProblemException p) {
            return p;
        }
        if (cause instanceof VaultException v) {
            return vault(v);
        }
        if (cause instanceof HsmException) {
            LOG.log(Level.WARNING, "HSM unavailable for an API call: {0}", cause.getClass().getSimpleName());
            return new ProblemException(503, "service-unavailable", "Service unavailable",
                    "the appliance's HSM is not available; try again later").retryAfter(UNAVAILABLE_RETRY_AFTER);
        }
        SQLException sql = find(thrown, SQLException.class);
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
            return new ProblemException(409, "conflict", "Conflict",
                    "a concurrent request changed the same data; try again");
        }
        if (databaseDown(cause)) {
            LOG.log(Level.WARNING, "database unavailable for an API call: {0}", cause.getClass().getSimpleName());
            return new ProblemException(503, "service-unavailable", "Service unavailable",
                    "the appliance's database is not available; try again later").retryAfter(UNAVAILABLE_RETRY_AFTER);
        }
        ProblemException tooLarge = find(thrown, ProblemException.class);
        if (tooLarge != null) {
            return tooLarge; // e.g. a body limit tripped while JSON-B was reading
        }
        if (cause instanceof JsonbException || find(thrown, JsonbException.class) != null
                || cause instanceof ProcessingException) {
            return new ProblemException(400, "invalid-json", "Invalid JSON",
                    "the request body is not a JSON object of the documented shape");
        }
        if (cause instanceof WebApplicationException w) {
            return web(w);
        }
        LOG.log(Level.SEVERE, "unexpected failure in an API call", cause);
        return new ProblemException(500, "internal-error", "Internal error",
                "the appliance could not complete the request; the cause is in its log");
    }

    private static ProblemException vault(VaultException v) {
        String code;
        if (v.code().isPresent()) {
            code = v.code().get();
        } else if (v instanceof BackupTokenInvalidException) {
            code = "backup-token-invalid";
        } else if (v instanceof BackupExistsException) {
            code = "backup-exists";
        } else if (v instanceof BackupConflictException) {
            code = "backup-conflict";
        } else if (v instanceof InvalidRequestException) {
            code = "invalid-request";
        } else if (v instanceof UnknownRegistrationException) {
            code = "unknown-registration";
        } else if (v instanceof UnknownLoginException) {
            code = "unknown-login";
        } else if (v instanceof SessionRequiredException) {
            code = "session-required";
        } else if (v instanceof ClientNotAuthenticatedException) {
            code = "client-not-authenticated";
        } else if (v instanceof RecordLockedException) {
            code = "record-locked";
        } else if (v instanceof ReplaceNotAuthorisedException) {
            code = "replace-not-authorised";
        } else if (v instanceof RecoveryFailedException) {
            code = "recovery-failed";
        } else {
            code = "vault-error";
        }
        ProblemException problem = new ProblemException(v.httpStatus(), code, title(v.httpStatus()), v.getMessage());
        if (v instanceof RecoveryFailedException failed) {
            failed.attemptsRemaining().ifPresent(n -> problem.with("attemptsRemaining", n));
        }
        return problem;
    }

    private static ProblemException web(WebApplicationException w) {
        int status = w.getResponse().getStatus();
        if (w instanceof NotFoundException) {
            return ProblemException.notFound("not-found", "there is no such resource");
        }
        if (w instanceof NotAllowedException) {
            return new ProblemException(405, "method-not-allowed", "Method not allowed",
                    "this resource does not accept that method");
        }
        if (w instanceof NotSupportedException) {
            return new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                    "send application/json (or application/octet-stream for backup bodies)");
        }
        if (w instanceof NotAcceptableException) {
            return new ProblemException(406, "not-acceptable", "Not acceptable", "this resource answers application/json");
        }
        if (status >= 400 && status < 500) {
            return new ProblemException(status, "invalid-request", title(status), "the request is not valid here");
        }
        LOG.log(Level.SEVERE, "unexpected web failure in an API call", w);
        return new ProblemException(500, "internal-error", "Internal error",
                "the appliance could not complete the request; the cause is in its log");
    }

    /**
     * The database failed, or so did the commit of the transaction that wrote to it: the transaction manager reports
     * that as a SystemException from the data source's XA or JCA layer, not always with the SQLException as a cause
     * (seen on a full disk: H2 fails its chunk write at commit). The database is the only transactional resource here.
     */
    private static boolean databaseDown(Throwable cause) {
        if (cause instanceof PersistenceException) {
            return true;
        }
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException || t instanceof jakarta.transaction.SystemException
                    || t instanceof javax.transaction.xa.XAException || t instanceof jakarta.resource.ResourceException) {
                return true;
            }
        }
        return false;
    }

    /** The container wraps application failures (EJBException, transaction rollbacks): look through them. */
    static Throwable unwrap(Throwable thrown) {
        Throwable t = thrown;
        for (int depth = 0; depth < 12 && t != null; depth++) {
            if (t instanceof ProblemException || t instanceof VaultException || t instanceof HsmException) {
                return t;
            }
            t = next(t);
        }
        t = thrown;
        for (int depth = 0; depth < 12 && isWrapper(t) && next(t) != null; depth++) {
            t = next(t);
        }
        return t;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof EJBException || t instanceof jakarta.transaction.RollbackException
                || t instanceof java.lang.reflect.UndeclaredThrowableException
                || t instanceof java.lang.reflect.InvocationTargetException;
    }

    private static Throwable next(Throwable t) {
        Throwable next = t instanceof EJBException e && e.getCausedByException() != null ? e.getCausedByException() : t.getCause();
        return next == t ? null : next;
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        Throwable t = thrown;
        for (int depth = 0; depth < 12 && t != null; depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return null;
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Invalid request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            case 413 -> "Payload too large";
            case 415 -> "Unsupported media type";
            case 416 -> "Range not satisfiable";
            case 423 -> "Locked";
            case 429 -> "Too many requests";
            case 503 -> "Service unavailable";
            default -> "Error";
        };
    }
}
