package org.bkv.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output file across background syncs: every byte lands once, in order; an abandoned one leaves nothing. */
class OutputFileTest {

    @TempDir
    Path dir;

    @Test
    void dataWrittenAcrossSeveralBackgroundSyncsArrivesWholeAndInOrder() throws Exception {
        Path target = dir.resolve("out");
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        long total = 3 * OutputFile.SYNC_EVERY + 12_345;
        Random random = new Random(7);
        byte[] chunk = new byte[1 << 20];
        try (OutputFile file = OutputFile.create(target, false)) {
            OutputStream out = file.stream();
            for (long left = total; left > 0; ) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length - (left % 3), left); // uneven writes across the sync points
                out.write(chunk, 0, n);
                written.update(chunk, 0, n);
                left -= n;
            }
            file.commit();
        }
        assertThat(Files.size(target)).isEqualTo(total);
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(target)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.update(buffer, 0, n);
            }
        }
        assertThat(read.digest()).isEqualTo(written.digest());
        assertThat(onlyFiles()).containsExactly("out");
    }

    @Test
    void closingWithoutCommitWhileASyncRunsLeavesNoFile() throws Exception {
        Path target = dir.resolve("out");
        try (OutputFile file = OutputFile.create(target, false)) {
            file.stream().write(new byte[(int) OutputFile.SYNC_EVERY + 1]); // starts a background sync
        }
        assertThat(onlyFiles()).isEmpty();
    }

    private String[] onlyFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toArray(String[]::new);
        }
    }
}
