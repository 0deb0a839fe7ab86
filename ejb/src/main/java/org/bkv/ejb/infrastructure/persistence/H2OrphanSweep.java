package org.bkv.ejb.infrastructure.persistence;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Removes, when an embedded H2 database is opened, the fragments of transactions that no longer exist.
 *
 * <p>Why: a statement's change is two B-tree writes, the undo-log record, then the row or index entry marked with its
 * transaction's number. H2 writes a file chunk by taking its maps one after another while statements go on, so a chunk
 * can hold the entry without its undo record. A process killed then leaves, after H2's recovery has rolled back every
 * transaction it knows of, an uncommitted entry that no transaction owns. Other sessions do not see it, but the next
 * session to get that transaction number takes it for its own write: found by {@code H2AtomicCommitsCrashIT}, an
 * index entry without its row counted after a kill, and a writer that never got the lock of a row whose orphaned
 * entry claimed it. ({@link H2AtomicCommits} keeps commits whole; this is the other half: what was never committed.)
 *
 * <p>What: right after H2 opened the file, with no transaction open, every entry still marked uncommitted is an
 * orphan, and is put back to its committed value (removed if it had none), as a rollback would have. Then a chunk is
 * written. The scan reads every entry of every map once per open: measured in docs/OPERATIONS.md.
 *
 * <p>H2 has no API for this; the store's maps and H2's value types are reached by reflection (written for H2 2.2 and
 * 2.5, as {@link H2FileMaintenance}).
 */
final class H2OrphanSweep {

    private H2OrphanSweep() {
    }

    /**
     * Sweeps the database behind this {@code org.h2.mvstore.db.Store}; returns the number of orphaned entries put
     * back. Refuses (returns -1) when a transaction is open: its uncommitted entries are not orphans.
     */
    static long sweep(Object store) throws SQLException {
        try {
            Object transactionStore = store.getClass().getMethod("getTransactionStore").invoke(store);
            List<?> open = (List<?>) transactionStore.getClass().getMethod("getOpenTransactions").invoke(transactionStore);
            if (!open.isEmpty()) {
                return -1;
            }
            Object mvStore = store.getClass().getMethod("getMvStore").invoke(store);
            ClassLoader h2 = mvStore.getClass().getClassLoader();
            Class<?> versioned = Class.forName("org.h2.value.VersionedValue", false, h2);
            Method operationId = versioned.getMethod("getOperationId");
            Method committedValue = versioned.getMethod("getCommittedValue");
            Committed committed = Committed.of(h2, versioned);
            Field mapsField = mvStore.getClass().getDeclaredField("maps");
            mapsField.setAccessible(true);
            long swept = 0;
            for (Object map : List.copyOf(((Map<?, ?>) mapsField.get(mvStore)).values())) {
                swept += sweepMap(map, versioned, operationId, committedValue, committed);
            }
            if (swept > 0) {
                mvStore.getClass().getMethod("commit").invoke(mvStore);
            }
            return swept;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SQLException("cannot sweep H2 for orphaned uncommitted entries (written for H2 2.2 and 2.5): " + e, e);
        }
    }

    private static long sweepMap(Object map, Class<?> versioned, Method operationId, Method committedValue,
                                 Committed committed) throws ReflectiveOperationException {
        Iterator<?> cursor = (Iterator<?>) map.getClass().getMethod("cursor", Object.class).invoke(map, (Object) null);
        Method getValue = cursor.getClass().getMethod("getValue");
        getValue.setAccessible(true);
        List<Object[]> orphans = new ArrayList<>();
        while (cursor.hasNext()) {
            Object key = cursor.next();
            Object value = getValue.invoke(cursor);
            if (!versioned.isInstance(value)) {
                return 0; // not a table or index map (meta, undo logs, ...): their values are of other types
            }
            if ((Long) operationId.invoke(value) != 0) {
                orphans.add(new Object[] {key, value});
            }
        }
        Method put = map.getClass().getMethod("put", Object.class, Object.class);
        Method remove = map.getClass().getMethod("remove", Object.class);
        for (Object[] orphan : orphans) {
            Object before = committedValue.invoke(orphan[1]);
            if (before == null) {
                remove.invoke(map, orphan[0]);
            } else {
                put.invoke(map, orphan[0], committed.of(before, orphan[1]));
            }
        }
        return orphans.size();
    }

    /** H2's committed-value factory: {@code VersionedValueCommitted.getInstance}, keeping 2.5's entry id. */
    private record Committed(Method withEntryId, Method plain, Method entryId) {
        static Committed of(ClassLoader h2, Class<?> versioned) throws ReflectiveOperationException {
            Class<?> type = Class.forName("org.h2.mvstore.tx.VersionedValueCommitted", false, h2);
            Method plain = type.getDeclaredMethod("getInstance", Object.class);
            plain.setAccessible(true);
            Method withEntryId = null;
            Method entryId = null;
            try {
                withEntryId = type.getDeclaredMethod("getInstance", Object.class, long.class);
                withEntryId.setAccessible(true);
                entryId = versioned.getMethod("getEntryId");
            } catch (NoSuchMethodException e) {
                // H2 2.2: values have no entry id
            }
            return new Committed(withEntryId, plain, entryId);
        }

        Object of(Object value, Object orphan) throws ReflectiveOperationException {
            return withEntryId == null ? plain.invoke(null, value)
                    : withEntryId.invoke(null, value, entryId.invoke(orphan));
        }
    }
}
