package org.bkv.ejb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests: {@code initdb} into a temporary directory, {@code pg_ctl start} on a free
 * loopback port with trust authentication, {@link #close()} stops it and deletes everything. Uses Debian's server
 * binaries ({@code /usr/lib/postgresql/<version>/bin}, overridable with system property {@code bkv.pg.bin}); never the
 * machine's own cluster. PostgreSQL refuses to run as root: as root the commands run as the {@code postgres} user.
 * If no server binaries exist the test FAILS with the line that says how to install them.
 */
public final class PostgresCluster implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private volatile boolean stopped;

    private PostgresCluster(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Starts a fresh cluster on a free port. */
    public static PostgresCluster start() {
        return start(freePort());
    }

    private static final java.util.Map<Integer, PostgresCluster> BY_PORT = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The cluster this JVM runs on {@code port}, started on first use, with an empty {@code public} schema: test
     * classes that share a build-reserved port (failsafe's "postgres" execution) each begin on a fresh database.
     */
    public static synchronized PostgresCluster startOrReuse(int port) {
        PostgresCluster cluster = BY_PORT.computeIfAbsent(port, PostgresCluster::start);
        cluster.emptyPublicSchema();
        return cluster;
    }

    /** Drops every table, sequence and function of the {@code public} schema (Flyway then migrates from scratch). */
    public void emptyPublicSchema() {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl(), user(), "");
             java.sql.Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot empty the throwaway PostgreSQL's public schema", e);
        }
    }

    /** Starts a fresh cluster on this port (e.g. one reserved by the build). */
    public static PostgresCluster start(int port) {
        Path bin = serverBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir;
        try {
            dir = Files.createTempDirectory("bkv-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for PostgreSQL", e);
        }
        PostgresCluster cluster = new PostgresCluster(bin, dir, port, root);
        boolean ok = false;
        try {
            if (root) {
                cluster.run(List.of("chown", "postgres:", dir.toString()), false, 30);
            }
            cluster.run(List.of(bin.resolve("initdb").toString(), "-D", cluster.data().toString(), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--no-sync", "--locale=C"), true, 120);
            cluster.run(List.of(bin.resolve("pg_ctl").toString(), "-D", cluster.data().toString(), "-l",
                    dir.resolve("server.log").toString(), "-w", "-t", "120", "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200"
                            + " -c shared_buffers=128MB", "start"), true, 180);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop throwaway PostgreSQL"));
            ok = true;
            return cluster;
        } finally {
            if (!ok) {
                cluster.close();
            }
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}, user postgres, no password (trust). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    /** Bytes on disk of the cluster's data directory (tables, indexes, WAL). */
    public Path dataDirectory() {
        return data();
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (Files.exists(data().resolve("postmaster.pid"))) {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop"), true, 60);
            }
        } catch (RuntimeException e) {
            System.err.println("could not stop the throwaway PostgreSQL cleanly: " + e.getMessage());
        } finally {
            deleteRecursively(dir);
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void run(List<String> command, boolean postgresUser, int timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (postgresUser && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("commands.log").toFile().exists()
                            ? ProcessBuilder.Redirect.appendTo(dir.resolve("commands.log").toFile())
                            : ProcessBuilder.Redirect.to(dir.resolve("commands.log").toFile()))
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + p.exitValue()
                        + ":\n" + tail(dir.resolve("commands.log")) + tail(dir.resolve("server.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static Path serverBinaries() {
        String configured = System.getProperty("bkv.pg.bin");
        if (configured != null) {
            return requireBinaries(Path.of(configured));
        }
        Path preferred = Path.of("/usr/lib/postgresql/15/bin");
        if (Files.isExecutable(preferred.resolve("initdb"))) {
            return preferred;
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder()).orElseThrow(PostgresCluster::missing);
        } catch (IOException e) {
            throw missing();
        }
    }

    private static Path requireBinaries(Path bin) {
        if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw missing();
        }
        return bin;
    }

    private static IllegalStateException missing() {
        return new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin:"
                + " install them with `apt-get install postgresql` (./bkv test does) or set -Dbkv.pg.bin");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())) + "\n";
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
