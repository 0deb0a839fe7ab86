package org.bkv.client.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bkv.client.cli.BkvCli;
import org.bkv.client.cli.CliEnvironment;
import org.bkv.client.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bkv audit verify} in-process: exit codes, what it prints, and no stack traces on bad input. */
class AuditVerifyCommandTest {

    @TempDir
    Path dir;

    private byte[] stdin = new byte[0];
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @Test
    void aGoldenExportVerifiesWithExitCodeZero() throws IOException {
        assertThat(bkv("audit", "verify", golden("golden-range.jsonl"), "--public-key", golden("bkv-audit-golden.pem")))
                .isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("verified: audit export").contains("entries:     13..39 (27 entries)")
                .contains("5 signed and verified").contains("size 45");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void aTamperedExportExitsWithSevenAndNamesTheLineAndIndex() throws IOException {
        List<String> lines = new ArrayList<>(GoldenExportsTest.lines("golden-full.jsonl"));
        lines.set(3, lines.get(3).replace("\\\"node\\\":\\\"bkv-1\\\"", "\\\"node\\\":\\\"bkv-9\\\""));
        Path tampered = Files.write(dir.resolve("tampered.jsonl"), TestExports.text(lines));
        assertThat(bkv("audit", "verify", tampered.toString(), "--public-key", golden("bkv-audit-golden.pem")))
                .isEqualTo(ExitCodes.AUDIT_REJECTED);
        assertThat(stderr()).contains("REJECTED").contains("line 4, index 1: entry altered")
                .contains("verified before it: entries 0..0 (1 entry)").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void anUnsignedTailNeedsTheFlag() throws IOException {
        String export = golden("golden-unsigned-tail.jsonl");
        String key = golden("bkv-audit-golden.pem");
        assertThat(bkv("audit", "verify", export, "--public-key", key)).isEqualTo(ExitCodes.AUDIT_REJECTED);
        assertThat(stderr()).contains("entries 8..9 come after the last signed tree head");
        assertThat(bkv("audit", "verify", export, "--public-key", key, "--allow-unsigned-tail")).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("warning: entries 8..9 (2 entries) come after the last signed tree head");
    }

    @Test
    void theExportCanComeFromStandardInput() throws IOException {
        stdin = GoldenExportsTest.resource("golden-full.jsonl");
        assertThat(bkv("audit", "verify", "-", "--public-key", golden("bkv-audit-golden.pem"))).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("(standard input)");
    }

    @Test
    void aKeyThatDidNotSignTheExportRejectsItsFirstHead() throws IOException {
        Path otherKey = Files.writeString(dir.resolve("other.pem"), new TestExports(1).publicKeyPem());
        assertThat(bkv("audit", "verify", golden("golden-full.jsonl"), "--public-key", otherKey.toString()))
                .isEqualTo(ExitCodes.AUDIT_REJECTED);
        assertThat(stderr()).contains("line 3: tree head not signed by this audit key");
    }

    @Test
    void garbageExportsAreRejectedWithAClearMessage() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.jsonl"), "hello, auditor\n");
        assertThat(bkv("audit", "verify", garbage.toString(), "--public-key", golden("bkv-audit-golden.pem")))
                .isEqualTo(ExitCodes.AUDIT_REJECTED);
        assertThat(stderr()).contains("line 1: not a bkv audit export").doesNotContain("Exception");
    }

    @Test
    void badPublicKeysAreUsageErrors() throws IOException {
        String export = golden("golden-full.jsonl");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "ssh-ed25519 AAAA... me@host\n");
        assertThat(bkv("audit", "verify", export, "--public-key", notPem.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("no PEM").doesNotContain("Exception");
        Path badBase64 = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN PUBLIC KEY-----\n***\n-----END PUBLIC KEY-----\n");
        assertThat(bkv("audit", "verify", export, "--public-key", badBase64.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("not valid base64");
        Path rsa = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n"
                + "-----END PUBLIC KEY-----\n");
        assertThat(bkv("audit", "verify", export, "--public-key", rsa.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("not an EC public key");
    }

    @Test
    void missingFilesAreIoErrorsAndMissingArgumentsUsageErrors() throws IOException {
        assertThat(bkv("audit", "verify", dir.resolve("missing.jsonl").toString(), "--public-key",
                golden("bkv-audit-golden.pem"))).isEqualTo(ExitCodes.IO_ERROR);
        assertThat(stderr()).contains("no such file");
        assertThat(bkv("audit", "verify", golden("golden-full.jsonl"), "--public-key", dir.resolve("missing.pem").toString()))
                .isEqualTo(ExitCodes.IO_ERROR);
        assertThat(bkv("audit", "verify", golden("golden-full.jsonl"))).isEqualTo(ExitCodes.USAGE);
        assertThat(bkv("audit")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("missing command: verify");
    }

    @Test
    void helpListsTheNewExitCode() {
        assertThat(bkv("audit", "verify", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("--public-key").contains("--allow-unsigned-tail").contains("7")
                .contains("audit export rejected");
    }

    private int bkv(String... args) {
        stdout.reset();
        stderr.reset();
        CliEnvironment environment = new CliEnvironment(new ByteArrayInputStream(stdin), stdout,
                new PrintStream(stderr, true, StandardCharsets.UTF_8), Map.of(), false, false);
        return BkvCli.commandLine(environment, args).execute(args);
    }

    private String golden(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            Files.write(file, GoldenExportsTest.resource(name));
        }
        return file.toString();
    }

    private String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
