package org.bkv.hsm;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * One lifetime of the module between C_Initialize and C_Finalize: the token, its logged-in sessions and the key
 * handles found after login. Counts the objects created so the pool knows when to recycle.
 */
final class Connection {
    final Token token;
    /** Every open session of this connection, idle or lent (replaced sessions are removed). */
    final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    final BlockingQueue<Session> idle;
    /** Never lent: creates and owns the {@link SessionKeyCopies} (null when they are off). Also in {@link #sessions}. */
    final Session keeper;
    final AtomicLong objectsCreated = new AtomicLong();
    final AtomicBoolean lost = new AtomicBoolean();
    final AtomicBoolean recycleRequested = new AtomicBoolean();
    private volatile KeyHandles keys;

    Connection(Token token, List<Session> sessions, Session keeper, KeyHandles keys) {
        this.token = token;
        this.sessions.addAll(sessions);
        this.idle = new ArrayBlockingQueue<>(sessions.size(), false, sessions);
        this.keeper = keeper;
        if (keeper != null) {
            this.sessions.add(keeper);
        }
        this.keys = keys;
    }

    KeyHandles keys() {
        return keys;
    }

    /** Replaces the handles after provisioning or import, copying new keys into session objects when copies are on. */
    void keys(KeyHandles refreshed) throws TokenException {
        if (keeper == null) {
            this.keys = refreshed;
            return;
        }
        synchronized (keeper) {
            this.keys = SessionKeyCopies.make(keeper, this, refreshed, keys);
        }
    }

    /** Records objects created on the token (derived secrets, unwrapped or generated keys), destroyed or not. */
    void created(int count) {
        objectsCreated.addAndGet(count);
    }
}
