package org.bkv.opaque;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the official RFC vector files from the directory in system property {@code bkv.vectors.dir}. */
public final class Vectors {
    public static final String PROPERTY = "bkv.vectors.dir";

    private Vectors() {
    }

    public static JsonNode load(String fileName) {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) {
            fail("System property " + PROPERTY + " is not set: point it at the directory holding " + fileName
                    + " (the parent pom sets it for surefire)");
        }
        Path file = Path.of(dir, fileName);
        if (!Files.isRegularFile(file)) {
            fail("Vector file " + file.toAbsolutePath() + " not found (" + PROPERTY + "=" + dir + ")");
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
