package org.bkv.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories under the module's {@code target/}, on the checkout's disk file system, for tests of
 * {@code O_DIRECT} writes: the system's temporary directory may be a file system that refuses them (tmpfs before Linux
 * 6.6), and a test of direct writes must not pass by skipping.
 */
final class OnBuildFileSystem implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "direct-");
    }
}
