package org.bkv.ejb.infrastructure.audit;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.hsm.Hsm;
import org.bkv.hsm.HsmConfig;

/**
 * The writer JVM of {@link AuditCrashIT}: an appliance node reduced to its audit log. It opens the real SoftHSM token
 * (SOFTHSM2_CONF from its environment), then 4 threads record events through JpaAuditLog while the sequencer ticks
 * and signs every 50 ms; after each commit a thread appends the event's number to {@code committed-<node>.log}, so
 * the test knows what was committed before it killed this process. Mode {@code drain}: sequence and sign what is
 * there, then exit 0.
 *
 * <p>Arguments: H2 url, PIN file, token label, work directory, node name, mode ({@code write} or {@code drain}).
 */
public final class AuditWriterProcess {

    private AuditWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path pinFile = Path.of(args[1]);
        String label = args[2];
        Path dir = Path.of(args[3]);
        String node = args[4];
        boolean drain = "drain".equals(args[5]);

        Hsm hsm = Hsm.open(HsmConfig.fromProperties(Map.of(HsmConfig.MODULE_KEY, "/usr/lib/softhsm/libsofthsm2.so",
                HsmConfig.TOKEN_LABEL_KEY, label, HsmConfig.PIN_FILE_KEY, pinFile.toString())::get));
        hsm.provisionKeys();
        Files.write(dir.resolve("audit-key.der"), hsm.auditSigner().publicKeySpki());
        // H2 AUTO_SERVER: whoever opens the files first hosts them. Right after the test's own connection closed, or a
        // killed predecessor's lock, H2 refuses for a moment; wait for it, then hold a connection for our lifetime.
        Connection held = null;
        for (int attempt = 0; held == null; attempt++) {
            try {
                held = java.sql.DriverManager.getConnection(url, "bkv", "bkv");
            } catch (java.sql.SQLException e) {
                if (attempt > 120) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
        try (Connection keepOpen = held; AuditTestDatabase db = AuditTestDatabase.h2(url, node)) {
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                s.execute("SET WRITE_DELAY 0"); // as the appliance's Database does: a commit is written before it returns
            }
            AuditSequencing sequencing = db.sequencing(hsm::auditSigner, 100);
            if (drain) {
                AuditSigningStatus status;
                do {
                    Thread.sleep(120);
                    status = sequencing.tick();
                } while (status.unsigned() > 0 || JdbcAuditStoreAccess.pending(db));
                System.out.println("drained: " + status.treeSize() + " events, last head " + status.lastSigned().orElseThrow());
                hsm.close();
                return;
            }
            ExecutorService writers = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.submit(() -> {
                    try (OutputStream log = new FileOutputStream(dir.resolve("committed-" + node + "-" + thread + ".log").toFile(), true)) {
                        for (long n = 0; ; n++) {
                            String id = node + "/" + thread + "/" + n;
                            List<AuditEvent> events = new ArrayList<>();
                            for (int k = 0; k <= n % 3; k++) {
                                events.add(AuditEvent.of(AuditEventType.ATTEMPT_COUNTED, Instant.now(), "crash", id + "/" + k));
                            }
                            db.record(events);
                            log.write((id + " " + events.size() + "\n").getBytes(StandardCharsets.UTF_8));
                            log.flush();
                        }
                    } catch (IOException | RuntimeException e) {
                        e.printStackTrace();
                        System.exit(3);
                    }
                    return null;
                });
            }
            // Progress goes to a file, not through the database: the test must not open the H2 files while a writer
            // runs, or (AUTO_SERVER) the test would host them and a killed writer would be a dropped client.
            Path status = dir.resolve("status-" + node + ".txt");
            Path statusTmp = dir.resolve("status-" + node + ".tmp");
            while (true) {
                AuditSigningStatus now = sequencing.tick();
                long mine;
                try (Connection c = db.connection();
                     java.sql.PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM audit_tree_head WHERE signed_by = ?")) {
                    q.setString(1, node);
                    try (java.sql.ResultSet rs = q.executeQuery()) {
                        rs.next();
                        mine = rs.getLong(1);
                    }
                }
                Files.writeString(statusTmp, now.treeSize() + " " + mine + "\n");
                Files.move(statusTmp, status, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Thread.sleep(50);
            }
        }
    }

    /** Pending-event check for drain mode. */
    private static final class JdbcAuditStoreAccess {
        static boolean pending(AuditTestDatabase db) throws java.sql.SQLException {
            try (Connection c = db.connection()) {
                return JdbcAuditStore.hasPending(c);
            }
        }
    }
}
