package org.bkv.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output file, written with O_DIRECT where the file system allows it (here the build's: {@link OnBuildFileSystem})
 * and through the page cache with background syncs otherwise: every byte lands once, in order, at the exact length;
 * an abandoned one leaves nothing.
 */
class OutputFileTest {

    @TempDir(factory = OnBuildFileSystem.class)
    Path dir;

    @Test
    void dataWrittenAcrossSeveralBackgroundSyncsArrivesWholeAndInOrder() throws Exception {
        writeReadAndCompare(3 * OutputFile.SYNC_EVERY + 12_345, false);
    }

    @Test
    void dataWrittenDirectArrivesWholeAndInOrderAtItsExactLength() throws Exception {
        assertTrue(directPossibleHere(), "the build's file system takes O_DIRECT writes");
        for (long total : new long[] {0, 1, 4095, 4096, 4097, DirectWriteStream.BUFFER - 1, DirectWriteStream.BUFFER,
                5L * DirectWriteStream.BUFFER + 52}) {
            writeReadAndCompare(total, true);
            Files.delete(dir.resolve("out"));
        }
    }

    @Test
    void aDirectFileIsReplacedOnlyWhenAskedAndLeavesNothingWhenAbandoned() throws Exception {
        assertTrue(directPossibleHere(), "the build's file system takes O_DIRECT writes");
        Path target = Files.writeString(dir.resolve("out"), "old");
        try (OutputFile file = OutputFile.create(target, true)) {
            file.stream().write(new byte[3 * DirectWriteStream.BUFFER]);
        }
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(onlyFiles()).containsExactly("out");
        try (OutputFile file = OutputFile.create(target, true)) {
            file.stream().write("new".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            file.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("new");
    }

    private boolean directPossibleHere() throws Exception {
        try (OutputFile file = OutputFile.create(dir.resolve("probe"), false)) {
            return file.writesDirect();
        }
    }

    private void writeReadAndCompare(long total, boolean direct) throws Exception {
        Path target = dir.resolve("out");
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        Random random = new Random(7);
        byte[] chunk = new byte[1 << 20];
        try (OutputFile file = OutputFile.create(target, false, direct)) {
            assertThat(file.writesDirect()).isEqualTo(direct);
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
        assertThat(read.digest()).as("%d bytes", total).isEqualTo(written.digest());
        assertThat(onlyFiles()).containsExactly("out");
    }

    @Test
    void closingWithoutCommitWhileASyncRunsLeavesNoFile() throws Exception {
        Path target = dir.resolve("out");
        try (OutputFile file = OutputFile.create(target, false, false)) {
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
