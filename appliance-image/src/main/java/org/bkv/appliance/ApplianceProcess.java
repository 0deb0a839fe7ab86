package org.bkv.appliance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One run of the Payara Micro uber-jar as a child process, supervised: it counts as started only
 * when /health/ready answers UP with the appliance's own checks in it (an empty deployment also
 * answers UP), and a start that does not get there in time is killed.
 */
final class ApplianceProcess {

    static final int EXIT_NOT_READY = 4;
    /** Deterministic: retrying would fail the same way. */
    static final int EXIT_DEPLOYMENT_FAILED = 5;
    private static final Duration DEPLOYMENT_GRACE = Duration.ofSeconds(20);
    private static final java.util.regex.Pattern MICRO_READY =
            java.util.regex.Pattern.compile("Payara Micro .* ready in");

    private final List<String> command;
    private final Map<String, String> environment;
    private final URI readyUri;
    private final HttpClient http;
    private volatile Process process;
    private volatile boolean microBooted;
    private volatile boolean stopping;

    ApplianceProcess(List<String> command, Map<String, String> environment, String host, int port,
                     X509Certificate certificate) throws GeneralSecurityException, IOException {
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.readyUri = URI.create("https://" + host + ":" + port + "/health/ready");
        this.http = HttpClient.newBuilder()
                .sslContext(trusting(certificate))
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** Starts the child and waits until it is ready; on failure the child is gone. */
    void startAndAwaitReady(Duration timeout) throws IOException, StartupException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        microBooted = false;
        stopping = false;
        process = builder.start();
        pumpOutput(process.getInputStream());
        Instant deadline = Instant.now().plus(timeout);
        Instant bootedAt = null;
        String lastAnswer = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (microBooted && bootedAt == null) {
                bootedAt = Instant.now();
            }
            if (bootedAt != null && Instant.now().isAfter(bootedAt.plus(DEPLOYMENT_GRACE))) {
                // Payara Micro says "ready" even when the application failed to deploy.
                stop();
                throw new StartupException(EXIT_DEPLOYMENT_FAILED, "the application failed to deploy (Payara Micro started"
                        + " without it); see the errors above. Last answer from " + readyUri + ": " + abbreviate(lastAnswer));
            }
            if (!process.isAlive()) {
                throw new StartupException(EXIT_NOT_READY,
                        "the appliance exited during start-up (exit code " + process.exitValue() + "); see its output above");
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(readyUri)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                lastAnswer = "HTTP " + answer.statusCode() + " " + answer.body();
                if (answer.statusCode() == 200 && hasApplianceChecks(answer.body())) {
                    return;
                }
            } catch (IOException e) {
                lastAnswer = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new StartupException(EXIT_NOT_READY, "interrupted during start-up");
            }
            sleep(Duration.ofSeconds(1));
        }
        stop();
        throw new StartupException(EXIT_NOT_READY, "the appliance was not ready within " + timeout.toSeconds()
                + " s (last answer from " + readyUri + ": " + abbreviate(lastAnswer) + ")");
    }

    /** Waits for the child to end; returns its exit code. */
    int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    /** SIGTERM, a grace period for a clean shutdown (HSM sessions, database), then SIGKILL. */
    void stop() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        stopping = true;
        current.destroy();
        try {
            if (!current.waitFor(30, TimeUnit.SECONDS)) {
                current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Copies the child's output to ours, line by line, noticing Payara Micro's own "ready". */
    private void pumpOutput(java.io.InputStream output) {
        Thread pump = new Thread(() -> {
            try (java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(output, java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println(line);
                    if (!microBooted && MICRO_READY.matcher(line).find()) {
                        microBooted = true;
                    }
                }
            } catch (IOException e) {
                if (!stopping) { // destroy() closes the stream: expected while stopping, news otherwise
                    System.err.println("bkv up: lost the appliance's output: " + e.getMessage());
                }
            }
        }, "bkv-appliance-output");
        pump.setDaemon(true);
        pump.start();
    }

    static boolean hasApplianceChecks(String healthBody) {
        String compact = healthBody.replace(" ", "");
        return compact.contains("\"status\":\"UP\"") && compact.contains("\"name\":\"hsm\"")
                && compact.contains("\"name\":\"database\"");
    }

    private static SSLContext trusting(X509Certificate certificate) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("appliance", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
