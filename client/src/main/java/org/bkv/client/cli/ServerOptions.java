package org.bkv.client.cli;

import org.bkv.client.sdk.BkvClient;
import org.bkv.client.sdk.ServerTrust;
import org.bkv.client.sdk.TransferProgress;
import org.bkv.opaque.Ksf;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;

/** Options of every command that talks to the appliance: where it is, how to trust it, progress. */
final class ServerOptions {

    @Option(names = "--server", paramLabel = "URI", required = true,
            description = "The appliance, e.g. https://bkv.example.org:8443 (https only).")
    URI server;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Trust trust;

    static final class Trust {
        @Option(names = "--ca-file", paramLabel = "FILE",
                description = "Trust the CA (or self-signed appliance) certificates in this PEM file; the host name"
                        + " in --server must match the certificate. Default: the JDK's CA certificates.")
        Path caFile;

        @Option(names = "--pin-sha256", paramLabel = "FINGERPRINT",
                description = "Trust exactly the appliance certificate with this SHA-256 fingerprint (64 hex digits,"
                        + " colons allowed, as `openssl x509 -noout -fingerprint -sha256` prints it). No CA and no"
                        + " host name check, so an IP address works in --server.")
        String pinSha256;
    }

    @Option(names = "--identity-token-file", paramLabel = "FILE",
            description = "For an appliance with client authentication JWT: a file holding the identity token (a JWT"
                    + " from your identity provider whose subject is the identifier). Read again for every request,"
                    + " so a token agent may renew it.")
    Path identityTokenFile;

    @Option(names = "--progress", description = "Show progress bars even when stderr is not a terminal.")
    boolean progress;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars.")
    boolean quiet;

    /** A client for the appliance; option problems are usage errors. */
    BkvClient client(Ksf ksf) {
        try {
            BkvClient.Builder builder = BkvClient.builder(server).ksf(ksf);
            if (trust != null && trust.caFile != null) {
                builder.trust(ServerTrust.certificatesFrom(trust.caFile));
            } else if (trust != null && trust.pinSha256 != null) {
                builder.trust(ServerTrust.pinnedSha256(trust.pinSha256));
            }
            if (identityTokenFile != null) {
                Path file = identityTokenFile;
                readIdentityToken(file);
                builder.identityTokens(() -> readIdentityToken(file));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        } catch (CertificateException e) {
            throw new CliFailure(ExitCodes.USAGE, "--ca-file " + trust.caFile + " holds no usable certificate: "
                    + e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.IO_ERROR, "cannot read --ca-file: " + IoErrors.describe(e));
        }
    }

    /** The identity token in {@code file} (its first line); a file that does not hold one stops the command. */
    static String readIdentityToken(Path file) {
        String token;
        try {
            token = Files.readAllLines(file, StandardCharsets.US_ASCII).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.IO_ERROR, "cannot read --identity-token-file: " + IoErrors.describe(e));
        }
        if (!token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*")) {
            throw new CliFailure(ExitCodes.USAGE, "--identity-token-file " + file
                    + " does not hold a JWT (header.payload.signature in base64url) on its first line");
        }
        return token;
    }

    /** A progress bar on stderr for a transfer, or none (quiet, or stderr not a terminal without --progress). */
    Meter meter(BkvCli bkv, String label) {
        boolean show = !quiet && (progress || bkv.environment().stderrIsTerminal());
        return new Meter(show ? ProgressMeter.detached(label, bkv.err(), System::nanoTime) : null);
    }

    /** Adapts a {@link ProgressMeter} to the SDK's {@link TransferProgress}. */
    static final class Meter implements TransferProgress {
        private final ProgressMeter meter;

        Meter(ProgressMeter meter) {
            this.meter = meter;
        }

        @Override
        public void update(long bytesDone, long bytesTotal) {
            if (meter != null) {
                meter.update(bytesDone, bytesTotal);
            }
        }

        void finish() {
            if (meter != null) {
                meter.finish();
            }
        }
    }
}
