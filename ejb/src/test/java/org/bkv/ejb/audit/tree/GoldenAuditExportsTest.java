package org.bkv.ejb.audit.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The golden exports under client/src/test/resources/audit/ are exactly what this module's writer produces:
 * the client verifies them, so the two sides agree on the format. To regenerate after a deliberate format change:
 * {@code mvn -o -pl ejb test -Dtest=GoldenAuditExportsTest -Dbkv.audit.writeGolden=../client/src/test/resources/audit}
 */
class GoldenAuditExportsTest {

    private static final Path CLIENT_COPY = Path.of("..", "client", "src", "test", "resources", "audit");

    @Test
    void theCommittedGoldenExportsAreWhatTheWriterProduces() throws IOException {
        Map<String, byte[]> files = new GoldenAuditExports().files();
        String writeTo = System.getProperty("bkv.audit.writeGolden");
        if (writeTo != null) {
            Files.createDirectories(Path.of(writeTo));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(Path.of(writeTo, file.getKey()), file.getValue());
            }
        }
        assertThat(CLIENT_COPY).as("the client module's golden copies, beside this module in every checkout").isDirectory();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertThat(CLIENT_COPY.resolve(file.getKey())).as(file.getKey()).hasBinaryContent(file.getValue());
        }
    }

    @Test
    void theGoldenSignaturesAreDeterministicAndVerify() {
        GoldenAuditExports.DeterministicSigner signer = new GoldenAuditExports.DeterministicSigner();
        TreeHead head = new TreeHead(1, MerkleHash.leaf(new byte[0]), GoldenAuditExports.START_MILLIS);
        SignedTreeHead signed = SignedTreeHead.sign(head, signer);
        assertThat(signed.signature()).isEqualTo(SignedTreeHead.sign(head, signer).signature());
        assertThat(signed.isSignedBy(signer.publicKey())).isTrue();
    }
}
