package org.bkv.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bkv} script's start of the client: its class-data archive (AppCDS) is made on first use in the user's
 * cache directory and used afterwards, and a run is the same, byte for byte and exit code, when the archive cannot be
 * written or is damaged. The client is {@link FakeClientMain} in a jar of its own ({@code BKV_CLIENT_JAR}).
 */
class BkvScriptTest {
    private static final Path SCRIPT = Path.of("..", "bkv").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private Path jar;

    @BeforeEach
    void fakeClientJar() throws IOException {
        assertTrue(Files.isExecutable(SCRIPT), "the bkv script is beside the client module: " + SCRIPT);
        jar = dir.resolve("fake-client.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeClientMain.class.getName());
        String entry = FakeClientMain.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             var classFile = FakeClientMain.class.getResourceAsStream("/" + entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
        }
    }

    @Test
    void theFirstRunMakesTheArchiveAndEveryRunPrintsOnlyTheClientsOutput() throws Exception {
        Path cache = dir.resolve("cache");
        Run first = bkv(cache, 0, "encrypt", "-q", "in");
        assertThat(first).isEqualTo(new Run(0, "client encrypt -q in\n", ""));
        assertThat(archives(cache)).hasSize(1);
        Path archive = archives(cache).get(0);
        long made = Files.getLastModifiedTime(archive).toMillis();

        assertThat(bkv(cache, 0, "decrypt", "x")).isEqualTo(new Run(0, "client decrypt x\n", ""));
        assertThat(archives(cache)).containsExactly(archive);
        assertThat(Files.getLastModifiedTime(archive).toMillis()).as("used, not made again").isEqualTo(made);
        assertThat(bkv(cache, 4, "decrypt", "x").exitCode()).isEqualTo(4);
    }

    @Test
    void aCacheThatCannotBeWrittenChangesNothing() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Path cache = notADirectory.resolve("cache"); // mkdir fails even for root
        assertThat(bkv(cache, 0, "encrypt", "in")).isEqualTo(new Run(0, "client encrypt in\n", ""));
        assertThat(bkv(cache, 5, "keygen")).isEqualTo(new Run(5, "client keygen\n", ""));
    }

    @Test
    void aDamagedOrForeignArchiveIsIgnoredSilently() throws Exception {
        Path cache = dir.resolve("cache");
        bkv(cache, 0, "keygen");
        Path archive = archives(cache).get(0);
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-------"));
        Files.write(archive, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThat(bkv(cache, 0, "encrypt", "in")).isEqualTo(new Run(0, "client encrypt in\n", ""));

        // Another jar's archive under this jar's name: the JVM warns, and by default it warns on stdout.
        Path otherCache = dir.resolve("other-cache");
        Path ownJar = jar;
        jar = Files.copy(ownJar, Files.createDirectory(dir.resolve("other")).resolve("client.jar"));
        bkv(otherCache, 0, "keygen");
        Path foreign = archives(otherCache).get(0);
        jar = ownJar;
        Files.copy(foreign, archive, StandardCopyOption.REPLACE_EXISTING);
        assertThat(bkv(cache, 0, "encrypt", "in")).isEqualTo(new Run(0, "client encrypt in\n", ""));
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private Run bkv(Path cache, int clientExit, String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of(SCRIPT.toString()), Stream.of(args)).toList();
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("BKV_CLIENT_JAR", jar.toString());
        env.put("XDG_CACHE_HOME", cache.toString());
        env.put("HOME", dir.toString());
        env.put("FAKE_EXIT", Integer.toString(clientExit));
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        int exit = builder.start().waitFor();
        return new Run(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<Path> archives(Path cache) throws IOException {
        Path dir = cache.resolve("bkv");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).sorted().toList();
        }
    }
}
