package org.bkv.appliance;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The appliance's data directory and where everything lives in it.
 *
 * <pre>
 * data/                  mode 700
 *   bkv-data.properties  marker: created when first boot completed
 *   hsm/softhsm2.conf    this appliance's own SoftHSM configuration (never the system token store)
 *   hsm/tokens/          SoftHSM token files
 *   hsm/user.pin         user PIN (600);  hsm/so.pin  security-officer PIN (600)
 *   db/                  H2 database files; db/password (600)
 *   tls/keystore.p12     self-signed TLS key and certificate; tls/keystore.pass (600)
 *   run/                 per-run files: system.properties (600), preboot.asadmin, setup-token
 * </pre>
 */
record DataDirectory(Path root) {

    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    Path marker() { return root.resolve("bkv-data.properties"); }
    Path hsmDir() { return root.resolve("hsm"); }
    Path softHsmConf() { return hsmDir().resolve("softhsm2.conf"); }
    Path userPin() { return hsmDir().resolve("user.pin"); }
    Path soPin() { return hsmDir().resolve("so.pin"); }
    Path dbDir() { return root.resolve("db"); }
    Path dbFile() { return dbDir().resolve("bkv"); }
    Path dbPassword() { return dbDir().resolve("password"); }
    Path tlsDir() { return root.resolve("tls"); }
    Path keystore() { return tlsDir().resolve("keystore.p12"); }
    Path keystorePassword() { return tlsDir().resolve("keystore.pass"); }
    Path backupDir() { return root.resolve("backups"); }
    Path runDir() { return root.resolve("run"); }
    Path systemProperties() { return runDir().resolve("system.properties"); }
    Path preboot() { return runDir().resolve("preboot.asadmin"); }
    Path setupTokenFile() { return runDir().resolve("setup-token"); }

    /** True once a first boot completed here. */
    boolean initialised() {
        return Files.isRegularFile(marker());
    }

    /** Empty or absent: first boot may create everything, and remove everything on failure. */
    boolean absentOrEmpty() throws IOException {
        if (!Files.exists(root)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.findAny().isEmpty();
        }
    }

    static void createOwnerOnlyDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
    }

    static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        Files.writeString(file, content);
    }

    static String randomSecret(int bytes) {
        byte[] raw = new byte[bytes];
        new SecureRandom().nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }

    /** Undo a failed first boot: the directory goes back to absent (or empty, if it existed). */
    void removeContents(boolean removeRootToo) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(root) || removeRootToo) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Remove the per-run files; they belong to one run only. */
    void clearRunDirectory() throws IOException {
        if (!Files.exists(runDir())) {
            return;
        }
        Files.walkFileTree(runDir(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
