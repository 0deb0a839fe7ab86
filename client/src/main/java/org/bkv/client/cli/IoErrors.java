package org.bkv.client.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns I/O exceptions into short phrases a person understands. */
final class IoErrors {

    private IoErrors() {
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file: " + ((NoSuchFileException) e).getFile();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + ((AccessDeniedException) e).getFile();
        }
        if (e instanceof FileSystemException) {
            FileSystemException fs = (FileSystemException) e;
            String reason = fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
            return fs.getFile() != null ? reason + ": " + fs.getFile() : reason;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
