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

/**
 * One lifetime of the module between C_Initialize and C_Finalize: the token, its logged-in sessions and the key
 * handles found after login. Counts the objects created so the pool knows when to recycle.
 */
final class Connection {
    final Token token;
    /** Every open session of this connection, idle or lent (replaced sessions are removed). */
    final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    final BlockingQueue<Session> idle;
    final AtomicLong objectsCreated = new AtomicLong();
    final AtomicBoolean lost = new AtomicBoolean();
    final AtomicBoolean recycleRequested = new AtomicBoolean();
    private volatile KeyHandles keys;

    Connection(Token token, List<Session> sessions, KeyHandles keys) {
        this.token = token;
        this.sessions.addAll(sessions);
        this.idle = new ArrayBlockingQueue<>(sessions.size(), false, sessions);
        this.keys = keys;
    }

    KeyHandles keys() {
        return keys;
    }

    void keys(KeyHandles refreshed) {
        this.keys = refreshed;
    }

    /** Records objects created on the token (derived secrets, unwrapped or generated keys), destroyed or not. */
    void created(int count) {
        objectsCreated.addAndGet(count);
    }
}
