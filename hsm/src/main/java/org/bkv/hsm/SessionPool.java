package org.bkv.hsm;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_NOT_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_EXPIRED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_INCORRECT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_LEN_RANGE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_LOCKED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_PIN_NOT_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;
import org.xipki.pkcs11.wrapper.TokenInfo;

/**
 * The one HSM session pool: a fixed set of sessions on one token, logged in once, lent to one caller at a time.
 *
 * <p>Lifecycle. Every call holds the read side of a fair lock for its duration; C_Initialize/C_Finalize happen
 * only under the write side, so they never race a call in flight. When a call shows that the token or module is
 * gone, the pool drops the connection, fails every further call at once with {@link HsmUnavailableException},
 * and reconnects in the background (finalize, initialize, find the token by label, log in, find keys again)
 * with a capped back-off. After {@code recycleAfterObjects} created objects it recycles the module the same way,
 * planned: the fair lock lets calls in flight finish, newly arriving calls wait the few milliseconds it takes.
 */
final class SessionPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SessionPool.class.getName());
    /** How long a call waits for a free session or for a recycle to finish before reporting the HSM unavailable. */
    static final long WAIT_MILLIS = 10_000;
    private static final long MAX_BACKOFF_MILLIS = 2_000;
    /**
     * With {@link SessionKeyCopies} most calls no longer touch a token object, so a token that goes away (SoftHSM's
     * directory gone) would go unnoticed: a token key is read this often instead, and a failure drops the connection.
     */
    static final long TOKEN_WATCH_MILLIS = 200;

    @FunctionalInterface
    interface Work<T> {
        T run(Session session, Connection connection) throws TokenException;
    }

    /** What a PKCS#11 failure means when the token is otherwise healthy. */
    enum OnFailure {
        /** An operation that should not fail: report a generic {@link HsmException}. */
        ERROR,
        /** A verification (GCM tag, unwrap of stored data): report {@link HsmIntegrityException}. */
        INTEGRITY
    }

    private final PKCS11Module module;
    private final HsmConfig config;
    private final char[] pin;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock(true);
    private final ScheduledExecutorService maintenance;
    private final AtomicLong recycles = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    /** Calls that reached the pool (tests use it to prove that bad input never does). */
    private final AtomicLong calls = new AtomicLong();
    private volatile long lastRecycleMillis = -1;
    private volatile Connection current;
    /** The connection whose module state must be torn down before the next C_Initialize (guarded by write lock). */
    private Connection lastInitialised;
    private volatile String unavailableReason;
    private volatile boolean permanentFailure;
    private volatile boolean closed;
    private long backoffMillis = 100;

    private SessionPool(PKCS11Module module, HsmConfig config, char[] pin) {
        this.module = module;
        this.config = config;
        this.pin = pin;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bkv-hsm-maintenance");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects for the first time; every problem is reported to the caller as a configuration error. */
    static SessionPool open(PKCS11Module module, HsmConfig config) {
        char[] pin = config.pin().read();
        SessionPool pool = new SessionPool(module, config, pin);
        boolean ok = false;
        try {
            pool.lifecycle.writeLock().lock();
            try {
                pool.current = pool.connect();
            } finally {
                pool.lifecycle.writeLock().unlock();
            }
            ok = true;
            if (config.sessionKeyCopies()) {
                pool.maintenance.scheduleWithFixedDelay(pool::watchToken, TOKEN_WATCH_MILLIS, TOKEN_WATCH_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
            return pool;
        } catch (HsmUnavailableException e) {
            throw new HsmConfigurationException(e.getMessage(), e);
        } finally {
            if (!ok) {
                pool.close();
            }
        }
    }

    /** Runs {@code work} on a session of the current connection. */
    <T> T call(String operation, OnFailure onFailure, Work<T> work) {
        calls.incrementAndGet();
        Lock read = lifecycle.readLock();
        Connection c = current;
        if (c == null) {
            throw unavailable();
        }
        try {
            if (!read.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new HsmUnavailableException("HSM busy: the session pool is being re-established; retry shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HsmUnavailableException("interrupted while waiting for the HSM");
        }
        try {
            c = current;
            if (c == null) {
                throw unavailable();
            }
            Session session = borrow(c);
            boolean replace = false;
            try {
                return work.run(session, c);
            } catch (PKCS11Exception e) {
                String code = Pkcs11Codes.name(e);
                if (Pkcs11Codes.meansConnectionLost(e.getErrorCode()) || !healthy(session, c)) {
                    connectionLost(c, operation + " failed with " + code);
                    throw new HsmUnavailableException("HSM unavailable: " + operation + " failed with " + code
                            + "; reconnecting in the background", e);
                }
                replace = true;
                throw failure(onFailure, operation + " failed (" + code + ")", e);
            } catch (TokenException e) {
                if (!healthy(session, c)) {
                    connectionLost(c, operation + " failed");
                    throw new HsmUnavailableException("HSM unavailable: " + operation + " failed; reconnecting in the background", e);
                }
                replace = true;
                throw failure(onFailure, operation + " failed (" + e.getClass().getSimpleName() + ")", e);
            } catch (HsmException | IllegalArgumentException e) {
                replace = true;
                throw e;
            } catch (RuntimeException e) {
                if (!healthy(session, c)) {
                    connectionLost(c, operation + " failed");
                    throw new HsmUnavailableException("HSM unavailable: " + operation + " failed; reconnecting in the background", e);
                }
                replace = true;
                throw new HsmException(operation + " failed (" + e.getClass().getSimpleName() + ")", e);
            } finally {
                if (replace && !c.lost.get()) {
                    replaceSession(session, c);
                } else {
                    c.idle.offer(session);
                }
            }
        } finally {
            read.unlock();
            maybeRecycle(c);
        }
    }

    /** Waits for a free session, giving up at once if the connection is lost meanwhile. */
    private Session borrow(Connection c) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        try {
            while (true) {
                Session session = c.idle.poll(50, TimeUnit.MILLISECONDS);
                if (session != null) {
                    return session;
                }
                if (c.lost.get()) {
                    throw unavailable();
                }
                if (System.nanoTime() > deadline) {
                    throw new HsmUnavailableException("no HSM session free within " + WAIT_MILLIS + " ms: the token is overloaded");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HsmUnavailableException("interrupted while waiting for an HSM session");
        }
    }

    /**
     * A failed call can leave an operation active on its session (SoftHSM answers the next C_*Init with
     * CKR_OPERATION_ACTIVE), so the session is closed and a fresh one takes its place; the login is per token,
     * so the new session is logged in already.
     */
    private void replaceSession(Session broken, Connection c) {
        c.sessions.remove(broken);
        try {
            broken.closeSession();
        } catch (TokenException | RuntimeException e) {
            LOG.fine("closing a failed session: " + e.getClass().getSimpleName());
        }
        try {
            Session fresh = c.token.openSession(true);
            c.sessions.add(fresh);
            c.idle.offer(fresh);
        } catch (PKCS11Exception | RuntimeException e) {
            connectionLost(c, "cannot open a session (" + (e instanceof PKCS11Exception p ? Pkcs11Codes.name(p)
                    : e.getClass().getSimpleName()) + ")");
        }
    }

    private static HsmException failure(OnFailure onFailure, String message, Exception cause) {
        return onFailure == OnFailure.INTEGRITY ? new HsmIntegrityException(message, cause) : new HsmException(message, cause);
    }

    /** After an unexplained failure: can the session still talk to the token and see a token key? */
    private static boolean healthy(Session session, Connection c) {
        try {
            session.getSessionInfo();
            for (Long handle : c.keys().handles().values()) {
                session.getAttrValues(handle, org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_CLASS);
                break;
            }
            return true;
        } catch (TokenException | RuntimeException e) {
            return false;
        }
    }

    /** Maintenance thread: reads a token key's class through the keeper session; a failure means the token is gone. */
    private void watchToken() {
        Connection c = current;
        if (c == null || c.keeper == null || c.lost.get() || !lifecycle.readLock().tryLock()) {
            return;
        }
        try {
            if (current != c) {
                return;
            }
            Long handle = c.keys().handles().values().stream().findFirst().orElse(null);
            if (handle == null) {
                return;
            }
            synchronized (c.keeper) {
                c.keeper.getAttrValues(handle, org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_CLASS);
            }
        } catch (PKCS11Exception e) {
            connectionLost(c, "token check failed with " + Pkcs11Codes.name(e));
        } catch (TokenException | RuntimeException e) {
            connectionLost(c, "token check failed (" + e.getClass().getSimpleName() + ")");
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private HsmUnavailableException unavailable() {
        if (closed) {
            return new HsmUnavailableException("HSM connection is closed");
        }
        String reason = unavailableReason;
        return new HsmUnavailableException("HSM unavailable: " + (reason == null ? "reconnecting" : reason)
                + (permanentFailure ? "" : "; reconnecting in the background"));
    }

    private void connectionLost(Connection c, String reason) {
        if (c.lost.compareAndSet(false, true)) {
            unavailableReason = "token '" + config.tokenLabel() + "': " + reason;
            if (current == c) {
                current = null;
            }
            LOG.warning("HSM connection lost (" + unavailableReason + "); reconnecting in the background");
            schedule(this::reconnect, 0);
        }
    }

    private void maybeRecycle(Connection c) {
        if (c == null) {
            return;
        }
        long threshold = config.recycleAfterObjects();
        if (threshold > 0 && c.objectsCreated.get() >= threshold && !c.lost.get()
                && c.recycleRequested.compareAndSet(false, true)) {
            schedule(() -> recycle(c), 0);
        }
    }

    private void schedule(Runnable task, long delayMillis) {
        if (closed) {
            return;
        }
        try {
            maintenance.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** Planned: drain, C_Finalize (frees SoftHSM's destroyed objects), C_Initialize, log in, find keys. */
    private void recycle(Connection c) {
        Lock write = lifecycle.writeLock();
        long started = System.nanoTime(); // includes the drain of calls in flight
        write.lock();
        try {
            if (closed || current != c) {
                return;
            }
            // current keeps pointing at c: calls queue on the read lock instead of failing, and pick up the new one
            try {
                teardown();
                current = connect();
            } catch (HsmException e) {
                current = null;
                throw e;
            }
            unavailableReason = null;
            recycles.incrementAndGet();
            lastRecycleMillis = (System.nanoTime() - started) / 1_000_000;
            LOG.fine(() -> "HSM module recycled after " + c.objectsCreated.get() + " objects in " + lastRecycleMillis + " ms");
        } catch (HsmException e) {
            unavailableReason = e.getMessage();
            LOG.warning("HSM module recycle failed (" + e.getMessage() + "); reconnecting in the background");
            schedule(this::reconnect, backoffMillis);
        } finally {
            write.unlock();
        }
    }

    private void reconnect() {
        if (closed || permanentFailure) {
            return;
        }
        Lock write = lifecycle.writeLock();
        write.lock();
        try {
            if (current != null || closed) {
                return;
            }
            teardown();
            current = connect();
            unavailableReason = null;
            backoffMillis = 100;
            reconnects.incrementAndGet();
            LOG.info("HSM connection to token '" + config.tokenLabel() + "' re-established");
            return;
        } catch (HsmConfigurationException e) {
            unavailableReason = e.getMessage();
            if (e.getCause() instanceof PKCS11Exception p && isPinProblem(p.getErrorCode())) {
                permanentFailure = true; // retrying a rejected PIN would lock the token
                LOG.severe("HSM login failed, not retrying: " + e.getMessage());
                return;
            }
        } catch (HsmException e) {
            unavailableReason = e.getMessage();
        } finally {
            write.unlock();
        }
        LOG.fine(() -> "HSM still unavailable: " + unavailableReason);
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        schedule(this::reconnect, delay);
    }

    private static boolean isPinProblem(long code) {
        return code == CKR_PIN_INCORRECT || code == CKR_PIN_LOCKED || code == CKR_PIN_LEN_RANGE
                || code == CKR_PIN_EXPIRED || code == CKR_USER_PIN_NOT_INITIALIZED;
    }

    /** Initialise the module, find the token by label, open and log in the sessions, find the keys. Write lock held. */
    private Connection connect() {
        try {
            module.initialize();
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw new HsmUnavailableException("PKCS#11 module " + config.module() + " failed to initialise ("
                        + Pkcs11Codes.name(e) + ")" + softHsmHint(), e);
            }
            LOG.warning("PKCS#11 module " + config.module() + " was already initialised in this process (CKR_CRYPTOKI_ALREADY_INITIALIZED)");
        } catch (RuntimeException e) {
            throw new HsmUnavailableException("PKCS#11 module " + config.module() + " failed to initialise ("
                    + e.getClass().getSimpleName() + ")" + softHsmHint(), e);
        }
        List<Session> opened = new ArrayList<>();
        boolean ok = false;
        try {
            Token token = findToken();
            for (int i = 0; i < config.sessionPoolSize(); i++) {
                opened.add(token.openSession(true));
            }
            Session keeper = config.sessionKeyCopies() ? token.openSession(true) : null;
            if (keeper != null) {
                opened.add(keeper);
            }
            login(opened.get(0));
            List<Session> lent = keeper == null ? opened : opened.subList(0, opened.size() - 1);
            Connection c = new Connection(token, List.copyOf(lent), keeper, KeyHandles.NONE);
            c.keys(TokenKeys.find(opened.get(0)));
            lastInitialised = c;
            ok = true;
            return c;
        } catch (PKCS11Exception e) {
            throw new HsmUnavailableException("token '" + config.tokenLabel() + "' did not answer (" + Pkcs11Codes.name(e) + ")", e);
        } catch (TokenException e) {
            throw new HsmUnavailableException("token '" + config.tokenLabel() + "' did not answer", e);
        } finally {
            if (!ok) {
                closeQuietly(opened);
                finalizeQuietly();
            }
        }
    }

    private String softHsmHint() {
        return config.module().getFileName().toString().contains("softhsm")
                ? ": check that SOFTHSM2_CONF names a readable softhsm2.conf whose tokendir exists" : ": check the HSM client configuration";
    }

    private Token findToken() throws PKCS11Exception {
        Slot[] slots = module.getSlotList(true);
        List<String> labels = new ArrayList<>();
        Token match = null;
        int matches = 0;
        for (Slot slot : slots) {
            Token token = slot.getToken();
            TokenInfo info = token.getTokenInfo();
            if (!info.isTokenInitialized()) {
                continue;
            }
            String label = info.getLabel() == null ? "" : info.getLabel().strip();
            labels.add("'" + label + "'");
            if (label.equals(config.tokenLabel())) {
                match = token;
                matches++;
            }
        }
        if (matches > 1) {
            throw new HsmConfigurationException(matches + " tokens are labelled '" + config.tokenLabel()
                    + "' in module " + config.module() + ": give each token a distinct label");
        }
        if (match == null) {
            throw new HsmConfigurationException("no token labelled '" + config.tokenLabel() + "' in module " + config.module()
                    + " (tokens present: " + (labels.isEmpty() ? "none" : String.join(", ", labels)) + "): set "
                    + HsmConfig.TOKEN_LABEL_KEY + " to one of them or initialise the token (softhsm2-util --init-token --free --label "
                    + config.tokenLabel() + ")");
        }
        return match;
    }

    private void login(Session session) throws PKCS11Exception {
        try {
            session.login(CKU_USER, pin);
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() == CKR_USER_ALREADY_LOGGED_IN) {
                LOG.warning("token '" + config.tokenLabel() + "': user already logged in (CKR_USER_ALREADY_LOGGED_IN), continuing");
                return;
            }
            HsmConfigurationException explained = loginFailure(e, config.tokenLabel(), config.pin().describe());
            if (explained != null) {
                throw explained;
            }
            throw e;
        }
    }

    /** One-line explanation of a C_Login failure caused by the PIN, or null for other failures. Never shows the PIN. */
    static HsmConfigurationException loginFailure(PKCS11Exception e, String tokenLabel, String pinSource) {
        long code = e.getErrorCode();
        String token = "token '" + tokenLabel + "'";
        if (code == CKR_PIN_INCORRECT) {
            return new HsmConfigurationException(token + " rejected the user PIN from " + pinSource
                    + " (CKR_PIN_INCORRECT): put the token's user PIN there; repeated wrong PINs can lock the token", e);
        } else if (code == CKR_PIN_LOCKED) {
            return new HsmConfigurationException("the user PIN of " + token + " is locked (CKR_PIN_LOCKED): the security officer "
                    + "must reset it (pkcs11-tool --init-pin --login --login-type so), then restart", e);
        } else if (code == CKR_PIN_LEN_RANGE) {
            return new HsmConfigurationException("the user PIN from " + pinSource + " has a length " + token
                    + " does not accept (CKR_PIN_LEN_RANGE): check that it holds only the PIN", e);
        } else if (code == CKR_USER_PIN_NOT_INITIALIZED) {
            return new HsmConfigurationException(token + " has no user PIN yet (CKR_USER_PIN_NOT_INITIALIZED): "
                    + "the security officer must set one (pkcs11-tool --init-pin)", e);
        } else if (code == CKR_PIN_EXPIRED) {
            return new HsmConfigurationException("the user PIN of " + token + " has expired (CKR_PIN_EXPIRED): change it with the "
                    + "token's tools and update " + pinSource, e);
        }
        return null;
    }

    /** Closes the sessions of the last connection and finalises the module. Write lock held. */
    private void teardown() {
        Connection c = lastInitialised;
        lastInitialised = null;
        if (c != null) {
            closeQuietly(c.sessions);
        }
        finalizeQuietly();
    }

    private static void closeQuietly(java.util.Collection<Session> sessions) {
        for (Session s : sessions) {
            try {
                s.closeSession();
            } catch (TokenException | RuntimeException e) {
                // already gone with the token or module
            }
        }
    }

    private void finalizeQuietly() {
        try {
            module.finalize(null);
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != CKR_CRYPTOKI_NOT_INITIALIZED) {
                LOG.log(Level.FINE, "C_Finalize: " + Pkcs11Codes.name(e));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "C_Finalize: " + e.getClass().getSimpleName());
        }
    }

    /** Refreshes the key handles of the current connection (after provisioning or import). */
    void refreshKeys(Session session, Connection c) throws TokenException {
        c.keys(TokenKeys.find(session));
    }

    /** Test hook: finalises the module behind the pool's back, as a crashed HSM client would. */
    void finalizeModuleBehindPoolForTest() {
        Lock write = lifecycle.writeLock();
        write.lock();
        try {
            module.finalize(null);
        } catch (PKCS11Exception e) {
            LOG.fine("test finalize: " + Pkcs11Codes.name(e));
        } finally {
            write.unlock();
        }
    }

    boolean available() {
        return current != null;
    }

    String unavailableReason() {
        return unavailableReason;
    }

    long recycles() {
        return recycles.get();
    }

    long lastRecycleMillis() {
        return lastRecycleMillis;
    }

    long calls() {
        return calls.get();
    }

    long reconnects() {
        return reconnects.get();
    }

    long objectsSinceRecycle() {
        Connection c = current;
        return c == null ? 0 : c.objectsCreated.get();
    }

    int size() {
        return config.sessionPoolSize();
    }

    @Override
    public void close() {
        closed = true;
        maintenance.shutdownNow();
        try {
            if (!maintenance.awaitTermination(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warning("HSM maintenance thread did not stop within " + WAIT_MILLIS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Lock write = lifecycle.writeLock();
        write.lock();
        try {
            current = null;
            teardown();
        } finally {
            write.unlock();
            Arrays.fill(pin, '\0');
        }
    }
}
