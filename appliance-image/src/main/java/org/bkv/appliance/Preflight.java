package org.bkv.appliance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that change nothing and that catch the usual mistakes before first boot touches anything. */
final class Preflight {

    static final int EXIT_PREFLIGHT = 3;

    private Preflight() {
    }

    /** The data directory exists and is writable, or it can be created. Probes with a real file. */
    static void dataDirectoryUsable(Path root) throws StartupException {
        Path existing = root.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new StartupException(EXIT_PREFLIGHT, "data directory " + root + " cannot be created: no existing parent");
        }
        if (!Files.isDirectory(existing)) {
            throw new StartupException(EXIT_PREFLIGHT, "data directory " + root + " cannot be created: "
                    + existing + " is a file, not a directory; choose another --data (or BKV_DATA)");
        }
        try {
            Path probe = Files.createTempFile(existing, ".bkv-write-probe", "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new StartupException(EXIT_PREFLIGHT, "data directory " + root + " is not writable ("
                    + existing + ": " + e.getClass().getSimpleName() + "); fix its permissions or choose another --data");
        }
    }

    /** The PKCS#11 module is a readable file (loading it happens in the HSM check). */
    static void moduleReadable(Path module) throws StartupException {
        if (!Files.isRegularFile(module)) {
            throw new StartupException(EXIT_PREFLIGHT, "PKCS#11 module " + module + " does not exist; install softhsm2"
                    + " (apt-get install softhsm2) or give the path of your HSM's library with --pkcs11-module");
        }
        if (!Files.isReadable(module)) {
            throw new StartupException(EXIT_PREFLIGHT, "PKCS#11 module " + module + " is not readable by this user");
        }
    }

    /**
     * Nothing else listens on the port; binding it briefly is the only reliable test. With SO_REUSEADDR, as the
     * appliance's own listener binds: a port whose last appliance has just stopped still has connections in TIME_WAIT
     * for a minute, which would refuse a bind without it (a restart right after a stop failed here), while a socket
     * that listens on the port refuses it either way.
     */
    static void portFree(String bindAddress, int port) throws StartupException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
        } catch (IOException e) {
            throw new StartupException(EXIT_PREFLIGHT, "port " + port + " on " + bindAddress
                    + " is in use (or not bindable: " + e.getMessage() + "); stop what uses it or choose --https-port");
        }
    }
}
