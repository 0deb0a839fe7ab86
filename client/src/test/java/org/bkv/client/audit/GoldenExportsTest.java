package org.bkv.client.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Exports written by the server's ExportWriter (org.bkv.ejb.audit.tree, GoldenAuditExports) and signed with a
 * test-only key: the client verifies them and rejects tampered copies, so both sides agree on the format.
 */
class GoldenExportsTest {

    @Test
    void theServersGoldenExportsVerify() throws Exception {
        ExportVerification full = verify(lines("golden-full.jsonl"), false);
        assertThat(full.failure()).isEmpty();
        assertThat(full.eventsRead()).isEqualTo(23);
        assertThat(full.headsVerified()).isEqualTo(7);

        ExportVerification range = verify(lines("golden-range.jsonl"), false);
        assertThat(range.failure()).isEmpty();
        assertThat(range.firstIndex()).isEqualTo(13);
        assertThat(range.eventsRead()).isEqualTo(27);
        assertThat(range.lastHead()).get().extracting(SignedTreeHead::size).isEqualTo(45L);
    }

    @Test
    void theGoldenExportWithAnUnsignedTailVerifiesOnlyWhenThatIsAllowed() throws Exception {
        ExportVerification strict = verify(lines("golden-unsigned-tail.jsonl"), false);
        assertThat(strict.failure()).get().satisfies(failure -> {
            assertThat(failure.problem()).isEqualTo(ExportProblem.UNSIGNED_TAIL);
            assertThat(failure.index()).hasValue(8);
        });
        ExportVerification lenient = verify(lines("golden-unsigned-tail.jsonl"), true);
        assertThat(lenient.verified()).isTrue();
        assertThat(lenient.unsignedTail()).isEqualTo(2);
    }

    @Test
    void tamperedCopiesOfTheGoldenExportAreRejectedAtTheRightLine() throws Exception {
        List<String> golden = lines("golden-full.jsonl");
        int eventLine = lineOf(golden, "\"index\":9,");

        List<String> changed = new ArrayList<>(golden);
        changed.set(eventLine, changed.get(eventLine).replace("\\\"outcome\\\":\\\"SUCCESS\\\"", "\\\"outcome\\\":\\\"REFUSED\\\""));
        assertThat(changed).isNotEqualTo(golden);
        assertRejected(changed, eventLine + 1, ExportProblem.ENTRY_HASH_MISMATCH);

        List<String> deleted = new ArrayList<>(golden);
        deleted.remove(eventLine);
        assertRejected(deleted, eventLine + 1, ExportProblem.MISSING_INDEX);

        List<String> reordered = new ArrayList<>(golden);
        Collections.swap(reordered, eventLine, eventLine + 1);
        assertRejected(reordered, eventLine + 1, ExportProblem.OUT_OF_ORDER_INDEX);

        List<String> truncated = new ArrayList<>(golden.subList(0, golden.size() - 3));
        assertRejected(truncated, truncated.size() + 1, ExportProblem.TRUNCATED);

        int headLine = lineOf(golden, "\"kind\":\"treeHead\",\"size\":11,");
        List<String> forged = new ArrayList<>(golden);
        forged.set(headLine, forged.get(headLine).replace("\"size\":11,", "\"size\":10,"));
        assertRejected(forged, headLine + 1, ExportProblem.HEAD_SIGNATURE_INVALID);

        List<String> range = lines("golden-range.jsonl");
        List<String> badPrefix = new ArrayList<>(range);
        badPrefix.set(0, badPrefix.get(0).replace("\"prefix\":[\"Y", "\"prefix\":[\"Z"));
        assertRejected(badPrefix, 2, ExportProblem.HEAD_ROOT_MISMATCH);
    }

    private static void assertRejected(List<String> lines, long line, ExportProblem problem) throws Exception {
        ExportVerification result = verify(lines, false);
        assertThat(result.failure()).get().satisfies(failure -> {
            assertThat(failure.problem()).as(failure.toString()).isEqualTo(problem);
            assertThat(failure.line()).as(failure.toString()).isEqualTo(line);
        });
    }

    private static int lineOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + marker);
    }

    static ExportVerification verify(List<String> lines, boolean allowUnsignedTail) throws Exception {
        return new ExportVerifier(goldenKey(), allowUnsignedTail).verify(new ByteArrayInputStream(TestExports.text(lines)));
    }

    static AuditPublicKey goldenKey() throws IOException, AuditKeyException {
        return AuditPublicKey.fromPem(new String(resource("bkv-audit-golden.pem"), StandardCharsets.US_ASCII));
    }

    static List<String> lines(String name) throws IOException {
        return List.of(new String(resource(name), StandardCharsets.UTF_8).split("\n"));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = GoldenExportsTest.class.getResourceAsStream("/audit/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
