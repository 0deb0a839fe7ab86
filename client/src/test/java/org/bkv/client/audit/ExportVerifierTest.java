package org.bkv.client.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/**
 * The verifier on exports built by {@link TestExports}: untouched exports verify; each kind of tampering is
 * rejected at the first bad line, named by line and index.
 */
class ExportVerifierTest {

    private final TestExports log = new TestExports(12);
    /** Header on line 1; heads after entries 3, 8 and 12. Lines: 2-4 events 0-2, 5 head(3), 6-10 events 3-7, 11 head(8), 12-15 events 8-11, 16 head(12). */
    private final List<String> export = log.export(3, 8, 12);

    @Test
    void anUntouchedExportVerifies() throws IOException {
        ExportVerification result = verify(export);
        assertThat(result.failure()).isEmpty();
        assertThat(result.eventsRead()).isEqualTo(12);
        assertThat(result.headsVerified()).isEqualTo(3);
        assertThat(result.vouchedEnd()).isEqualTo(12);
        assertThat(result.lastHead()).get().extracting(SignedTreeHead::size).isEqualTo(12L);
        assertThat(result.unsignedTail()).isZero();
    }

    @Test
    void changingOneFieldOfOneEventNamesThatEvent() throws IOException {
        List<String> tampered = new ArrayList<>(export);
        tampered.set(6, tampered.get(6).replace("\\\"actor\\\":\\\"client\\\"", "\\\"actor\\\":\\\"officer\\\""));
        assertThat(tampered.get(6)).isNotEqualTo(export.get(6));
        assertFailure(tampered, 7, 4, ExportProblem.ENTRY_HASH_MISMATCH);
    }

    @Test
    void changingAnEventAndItsRecordedHashIsCaughtByTheNextHeadWhichNamesTheRange() throws IOException {
        List<String> tampered = new ArrayList<>(export);
        String entry = TestExports.event(4, "officer");
        tampered.set(6, TestExports.eventLine(4, entry, TestExports.leaf(entry.getBytes(StandardCharsets.UTF_8))));
        ExportFailure failure = assertFailure(tampered, 11, -1, ExportProblem.HEAD_ROOT_MISMATCH);
        assertThat(failure.detail()).contains("entries 3..7 (lines 6..10)");
    }

    @Test
    void withAHeadAfterEveryEventARecomputedHashIsNamedExactly() throws IOException {
        List<String> perEvent = log.export(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        int line = perEvent.indexOf(perEvent.stream().filter(l -> l.contains("\"index\":5,")).findFirst().orElseThrow());
        String entry = TestExports.event(5, "officer");
        perEvent.set(line, TestExports.eventLine(5, entry, TestExports.leaf(entry.getBytes(StandardCharsets.UTF_8))));
        ExportFailure failure = assertFailure(perEvent, line + 2, -1, ExportProblem.HEAD_ROOT_MISMATCH);
        assertThat(failure.detail()).contains("entries 5..5 (lines " + (line + 1) + ".." + (line + 1) + ")");
    }

    @Test
    void deletingAnEventNamesTheMissingIndex() throws IOException {
        List<String> tampered = new ArrayList<>(export);
        tampered.remove(6); // index 4
        ExportFailure failure = assertFailure(tampered, 7, 4, ExportProblem.MISSING_INDEX);
        assertThat(failure.detail()).contains("index 3 is followed by index 5");
    }

    @Test
    void deletingAnEventAndRenumberingTheRestIsCaughtByTheNextHead() throws IOException {
        List<String> tampered = new ArrayList<>(export);
        tampered.remove(6);
        for (int line = 6; line < 9; line++) {
            tampered.set(line, tampered.get(line).replaceFirst("\"index\":(\\d+)",
                    "\"index\":" + (Integer.parseInt(tampered.get(line).replaceAll(".*\"index\":(\\d+),.*", "$1")) - 1)));
        }
        ExportFailure failure = assertFailure(tampered, 10, -1, ExportProblem.HEAD_OUT_OF_PLACE);
        assertThat(failure.detail()).contains("entries 7..7 are missing before it");
    }

    @Test
    void reorderingTwoEventsNamesWhereTheFirstOneWentMissingAndWhereItIs() throws IOException {
        List<String> tampered = new ArrayList<>(export);
        Collections.swap(tampered, 6, 8); // indexes 4 and 6
        ExportFailure failure = assertFailure(tampered, 7, 4, ExportProblem.OUT_OF_ORDER_INDEX);
        assertThat(failure.detail()).contains("index 6 is where index 4 belongs").contains("on line 9");
    }

    @Test
    void swappingTheContentOfTwoEventsIsCaughtByTheNextHead() throws IOException {
        List<String> tampered = new ArrayList<>(export);
        String four = tampered.get(6);
        String six = tampered.get(8);
        tampered.set(6, six.replace("\"index\":6,", "\"index\":4,"));
        tampered.set(8, four.replace("\"index\":4,", "\"index\":6,"));
        assertFailure(tampered, 11, -1, ExportProblem.HEAD_ROOT_MISMATCH);
    }

    @Test
    void aDuplicatedEventIsNamed() throws IOException {
        List<String> tampered = new ArrayList<>(export);
        tampered.add(7, tampered.get(6));
        assertFailure(tampered, 8, 4, ExportProblem.DUPLICATE_INDEX);
    }

    @Test
    void truncatingTheTailIsNamedFromTheHeader() throws IOException {
        List<String> tampered = new ArrayList<>(export.subList(0, 13)); // up to index 9, last head (size 12) gone
        ExportFailure failure = assertFailure(tampered, 14, 10, ExportProblem.TRUNCATED);
        assertThat(failure.detail()).contains("entries 10..11 are missing");
    }

    @Test
    void truncatingTheTailAndRewritingTheHeaderLeavesEventsNoHeadVouchesFor() throws IOException {
        List<String> tampered = new ArrayList<>(export.subList(0, 13));
        tampered.set(0, tampered.get(0).replace("\"endIndex\":12", "\"endIndex\":10"));
        assertFailure(tampered, 12, 8, ExportProblem.UNSIGNED_TAIL);
        ExportVerification allowed = new ExportVerifier(log.publicKey(), true).verify(new ByteArrayInputStream(TestExports.text(tampered)));
        assertThat(allowed.verified()).isTrue();
        assertThat(allowed.unsignedTail()).isEqualTo(2);
        assertThat(allowed.vouchedEnd()).isEqualTo(8);
    }

    @Test
    void truncationExactlyAtASignedHeadIsOnlyVisibleAsAShorterLog() throws IOException {
        // The honest limit: a prefix that ends at a signed head is a valid export. Compare its last head with a
        // head obtained independently (console, API) to see that it is not the latest.
        List<String> tampered = new ArrayList<>(export.subList(0, 11));
        tampered.set(0, tampered.get(0).replace("\"endIndex\":12", "\"endIndex\":8"));
        ExportVerification result = verify(tampered);
        assertThat(result.verified()).isTrue();
        assertThat(result.lastHead()).get().extracting(SignedTreeHead::size).isEqualTo(8L);
    }

    @Test
    void aHeadSignedByAnotherKeyIsAForgery() throws IOException {
        KeyPair other = TestExports.newKeyPair();
        List<String> tampered = new ArrayList<>(export);
        tampered.set(10, TestExports.treeHead(8, log.root(8), TestExports.time(8, 1), other));
        ExportFailure failure = assertFailure(tampered, 11, -1, ExportProblem.HEAD_SIGNATURE_INVALID);
        assertThat(failure.detail()).contains("forged or altered");
    }

    @Test
    void aHeadWithAlteredSizeRootOrTimestampIsAForgery() throws IOException {
        String head = export.get(10);
        String otherRoot = TestExports.b64(log.root(9));
        for (String altered : List.of(head.replace("\"size\":8", "\"size\":9"),
                head.replaceFirst("\"rootHash\":\"[^\"]+\"", "\"rootHash\":\"" + otherRoot + "\""),
                head.replaceFirst("\"timestamp\":(\\d+)", "\"timestamp\":1"),
                head.replaceFirst("\"signature\":\"[^\"]+\"", "\"signature\":\"MAYCAQECAQE\""))) {
            List<String> tampered = new ArrayList<>(export);
            tampered.set(10, altered);
            assertFailure(tampered, 11, -1, ExportProblem.HEAD_SIGNATURE_INVALID);
        }
    }

    @Test
    void aGenuineHeadMovedElsewhereIsOutOfPlace() throws IOException {
        List<String> tampered = new ArrayList<>(export);
        String head = tampered.remove(10);
        tampered.add(12, head);
        assertFailure(tampered, 13, -1, ExportProblem.HEAD_OUT_OF_PLACE);
    }

    @Test
    void headsThatGoBackInTimeAreRejected() throws IOException {
        List<String> tampered = new ArrayList<>(export);
        tampered.set(10, TestExports.treeHead(8, log.root(8), TestExports.time(3, 0) - 1, log.keys));
        assertFailure(tampered, 11, -1, ExportProblem.HEAD_GOES_BACK);
    }

    @Test
    void aRangeWithAPrefixAndALaterHeadVerifies() throws IOException {
        TestExports longer = new TestExports(45);
        ExportVerification result = verify(longer, longer.export(13, 40, new long[] {13, 20, 31, 37}, 45));
        assertThat(result.failure()).isEmpty();
        assertThat(result.firstIndex()).isEqualTo(13);
        assertThat(result.eventsRead()).isEqualTo(27);
        assertThat(result.vouchedEnd()).isEqualTo(40);
        assertThat(result.headsVerified()).isEqualTo(5);
        // Without heads inside the range, the later head alone vouches for every entry and the prefix.
        assertThat(verify(longer, longer.export(5, 9, new long[] {}, 33)).verified()).isTrue();
    }

    @Test
    void aWrongPrefixIsCaughtByTheFirstHead() throws IOException {
        TestExports longer = new TestExports(45);
        List<String> range = new ArrayList<>(longer.export(13, 40, new long[] {20}, -1));
        range.set(0, range.get(0).replace(TestExports.b64(longer.frontier(13).get(2)), TestExports.b64(longer.root(1))));
        ExportFailure failure = assertFailure(longer, range, 9, -1, ExportProblem.HEAD_ROOT_MISMATCH);
        assertThat(failure.detail()).contains("prefix");
    }

    @Test
    void aLaterHeadWhoseConsistencyProofFailsIsRejected() throws IOException {
        TestExports longer = new TestExports(45);
        List<String> range = new ArrayList<>(longer.export(13, 40, new long[] {37}, 45));
        int last = range.size() - 1;
        range.set(last, range.get(last).replaceFirst("\"consistency\":\\[\"[^\"]+\"",
                "\"consistency\":[\"" + TestExports.b64(longer.root(2)) + "\""));
        assertFailure(longer, range, last + 1, -1, ExportProblem.CONSISTENCY_PROOF_INVALID);
        List<String> altered = new ArrayList<>(longer.export(13, 40, new long[] {37}, 45));
        String entry = TestExports.event(38, "officer");
        int line = altered.size() - 3;
        altered.set(line, TestExports.eventLine(38, entry, TestExports.leaf(entry.getBytes(StandardCharsets.UTF_8))));
        ExportFailure failure = assertFailure(longer, altered, last + 1, -1, ExportProblem.CONSISTENCY_PROOF_INVALID);
        assertThat(failure.detail()).contains("entries 37..39");
    }

    @Test
    void anEmptyRangeVerifies() throws IOException {
        assertThat(verify(log.export(0, 0, new long[] {}, -1)).verified()).isTrue();
        assertThat(verify(log.export(5, 5, new long[] {5}, 9)).verified()).isTrue();
    }

    @Test
    void garbageIsAClearRejectionNamingTheLine() throws IOException {
        assertGarbage(List.of("this is not json"), 1, ExportProblem.BAD_HEADER, "expected '{'");
        assertGarbage(List.of("{\"kind\":\"event\",\"index\":0}"), 1, ExportProblem.BAD_HEADER, "must be the header");
        assertGarbage(List.of(export.get(0).replace("bkv-audit-export-v1", "bkv-audit-export-v9")), 1,
                ExportProblem.BAD_HEADER, "not supported");
        assertGarbage(List.of(export.get(0), "[1,2,3]"), 2, ExportProblem.MALFORMED_LINE, "expected '{'");
        assertGarbage(List.of(export.get(0), "{\"kind\":\"comment\"}"), 2, ExportProblem.MALFORMED_LINE, "unknown kind");
        assertGarbage(List.of(export.get(0), export.get(1).replace("\"leafHash\":\"", "\"leafHash\":\"*")), 2,
                ExportProblem.MALFORMED_LINE, "base64url");
        assertGarbage(List.of(export.get(0), export.get(1).replaceFirst("\"leafHash\":\"([^\"]+)\"", "\"leafHash\":\"$1=\"")), 2,
                ExportProblem.MALFORMED_LINE, "base64url");
        assertGarbage(List.of(export.get(0), export.get(1).replaceFirst("\"leafHash\":\"([^\"]+)\"", "\"leafHash\":\"AAAA\"")), 2,
                ExportProblem.MALFORMED_LINE, "32-byte hash");
        assertGarbage(List.of(export.get(0), export.get(1).replace(",\"leafHash\"", ",\"extra\":\"x\",\"leafHash\"")), 2,
                ExportProblem.MALFORMED_LINE, "unknown member \"extra\"");
        assertGarbage(List.of(export.get(0), export.get(1).replace("\"index\":0", "\"index\":0.0")), 2,
                ExportProblem.MALFORMED_LINE, "fraction");
        assertGarbage(List.of(export.get(0), export.get(1).replace("\"index\":0", "\"index\":0,\"index\":0")), 2,
                ExportProblem.MALFORMED_LINE, "duplicate member");
        assertGarbage(List.of(export.get(0), export.get(0)), 2, ExportProblem.MALFORMED_LINE, "second header");
        assertGarbage(List.of(), 1, ExportProblem.BAD_HEADER, "empty");
    }

    @Test
    void bytesThatAreNotUtf8OrAnUnfinishedLastLineAreRejected() throws IOException {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, '\n'};
        ExportVerification result = new ExportVerifier(log.publicKey(), false).verify(new ByteArrayInputStream(binary));
        assertThat(result.failure()).get().satisfies(f -> assertThat(f.detail()).contains("not UTF-8"));
        byte[] cut = TestExports.text(export);
        result = new ExportVerifier(log.publicKey(), false).verify(new ByteArrayInputStream(java.util.Arrays.copyOf(cut, cut.length - 1)));
        assertThat(result.failure()).get().satisfies(f -> {
            assertThat(f.line()).isEqualTo(16);
            assertThat(f.detail()).contains("cut short");
        });
    }

    private void assertGarbage(List<String> lines, long line, ExportProblem problem, String detail) throws IOException {
        ExportVerification result = new ExportVerifier(log.publicKey(), false).verify(
                new ByteArrayInputStream(lines.isEmpty() ? new byte[0] : TestExports.text(lines)));
        assertThat(result.failure()).as(String.join("\n", lines)).get().satisfies(failure -> {
            assertThat(failure.line()).isEqualTo(line);
            assertThat(failure.problem()).isEqualTo(problem);
            assertThat(failure.detail()).contains(detail);
        });
    }

    private ExportVerification verify(List<String> lines) throws IOException {
        return verify(log, lines);
    }

    private static ExportVerification verify(TestExports log, List<String> lines) throws IOException {
        return new ExportVerifier(log.publicKey(), false).verify(new ByteArrayInputStream(TestExports.text(lines)));
    }

    private ExportFailure assertFailure(List<String> lines, long line, long index, ExportProblem problem) throws IOException {
        return assertFailure(log, lines, line, index, problem);
    }

    private static ExportFailure assertFailure(TestExports log, List<String> lines, long line, long index,
                                               ExportProblem problem) throws IOException {
        ExportVerification result = verify(log, lines);
        assertThat(result.failure()).as("verdict").isPresent();
        ExportFailure failure = result.failure().get();
        assertThat(failure.problem()).as(failure.toString()).isEqualTo(problem);
        assertThat(failure.line()).as(failure.toString()).isEqualTo(line);
        assertThat(failure.index()).as(failure.toString()).isEqualTo(index < 0 ? OptionalLong.empty() : OptionalLong.of(index));
        return failure;
    }
}
