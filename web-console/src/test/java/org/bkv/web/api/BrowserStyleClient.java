package org.bkv.web.api;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/node/browser-client.mjs: @serenity-kit/opaque over fetch against the appliance's API. Needs node and
 * npm (./bkv test installs them); fails, never skips, without them.
 */
final class BrowserStyleClient {

    private BrowserStyleClient() {
    }

    static JsonNode run(String apiBase, String identifier, String clientAddress) throws IOException, InterruptedException {
        Path dir = Path.of("src", "test", "node").toAbsolutePath();
        String node = executable("node");
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("@serenity-kit").resolve("opaque"))) {
            Process ci = new ProcessBuilder(executable("npm"), "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("npm-ci.log").toFile()).start();
            if (!ci.waitFor(5, TimeUnit.MINUTES) || ci.exitValue() != 0) {
                ci.destroyForcibly();
                fail("npm ci failed in " + dir + "; see " + dir.resolve("npm-ci.log"));
            }
        }
        Process client = new ProcessBuilder(node, "browser-client.mjs", apiBase, identifier, clientAddress)
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = client.getInputStream().readAllBytes();
        if (!client.waitFor(2, TimeUnit.MINUTES) || client.exitValue() != 0) {
            client.destroyForcibly();
            fail("browser-client.mjs failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return Api.JSON.readTree(out);
    }

    private static String executable(String name) {
        for (String d : List.of("/usr/bin", "/usr/local/bin")) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                File f = new File(d, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return fail(name + " not found: the browser-style client test needs Node 20 and npm (./bkv test installs them)");
    }
}
