package org.bkv.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The O_DIRECT writer's edges: a write that failed on its thread is thrown by the next call, not lost. */
class DirectWriteStreamTest {

    @TempDir(factory = OnBuildFileSystem.class)
    Path dir;

    @Test
    void aBackgroundWriteThatFailedIsThrownByTheNextCall() throws IOException {
        Path file = Files.createFile(dir.resolve("out"));
        Optional<DirectWriteStream> opened = DirectWriteStream.open(file);
        assertTrue(opened.isPresent(), "the build's file system takes O_DIRECT writes");
        DirectWriteStream stream = opened.get();
        stream.channel().close(); // the write of the first full buffer fails on the writer thread
        stream.write(new byte[DirectWriteStream.BUFFER]);
        assertThatThrownBy(stream::finish).isInstanceOf(IOException.class);
        stream.close();
    }

    @Test
    void theFileEndsAtTheLastByteWrittenNotAtTheBlock() throws IOException {
        Path file = Files.createFile(dir.resolve("out"));
        Optional<DirectWriteStream> opened = DirectWriteStream.open(file);
        assertTrue(opened.isPresent(), "the build's file system takes O_DIRECT writes");
        try (DirectWriteStream stream = opened.get()) {
            stream.write(new byte[] {1, 2, 3});
            stream.write(4);
            stream.flush(); // nothing yet: only whole blocks
            stream.finish();
        }
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3, 4);
    }
}
