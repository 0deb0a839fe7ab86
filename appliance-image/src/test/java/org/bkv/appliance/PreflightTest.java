package org.bkv.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The port check of the launcher's preflight, on real loopback sockets (free ports, never the appliance's). */
class PreflightTest {

    @Test
    void aPortWithAListenerIsInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(true); // as Grizzly binds its listener: the check must refuse it all the same
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThatThrownBy(() -> Preflight.portFree("127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("port " + taken.getLocalPort()).hasMessageContaining("in use");
        }
    }

    /**
     * A listener that served connections and closed them first (as a stopping appliance does) leaves them in
     * TIME_WAIT on its port for a minute; the port is free for the next start all the same.
     */
    @Test
    void aPortWhoseListenerStoppedAfterServingConnectionsIsFree() throws Exception {
        int port;
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = listener.getLocalPort();
            for (int i = 0; i < 3; i++) {
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                     Socket served = listener.accept()) {
                    served.getOutputStream().write(1);
                    served.close(); // the server side closes first: its end goes to TIME_WAIT
                    assertThat(client.getInputStream().read()).isEqualTo(1);
                    assertThat(client.getInputStream().read()).isEqualTo(-1);
                }
            }
        }
        assertThat(timeWaitOn(port)).as("the test made TIME_WAIT connections on the port").isTrue();
        Preflight.portFree("127.0.0.1", port);
    }

    @Test
    void anAddressThatIsNotThisMachinesIsRefused() {
        assertThatThrownBy(() -> Preflight.portFree("192.0.2.1", 8443)) // TEST-NET-1: no interface has it
                .isInstanceOf(StartupException.class).hasMessageContaining("not bindable");
    }

    /**
     * Whether the kernel lists a TIME_WAIT (state 06) socket with this local port: in /proc/net/tcp6 when Java made
     * dual-stack sockets (its default), in /proc/net/tcp otherwise.
     */
    private static boolean timeWaitOn(int port) throws IOException {
        String local = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (Files.isReadable(file) && Files.readAllLines(file).stream().skip(1).map(String::trim)
                    .map(l -> l.split("\\s+")).anyMatch(f -> f[1].endsWith(local) && f[3].equals("06"))) {
                return true;
            }
        }
        return false;
    }
}
