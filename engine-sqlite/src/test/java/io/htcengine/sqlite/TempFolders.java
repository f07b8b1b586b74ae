package io.htcengine.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temporary folders of the jqwik properties, which get no JUnit {@code @TempDir}: each try makes its own and removes
 * it, store, WAL and lock file included.
 */
final class TempFolders {
    private TempFolders() {
    }

    /** Deletes the files in {@code dir} (a flat folder), then {@code dir}. */
    static void delete(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
