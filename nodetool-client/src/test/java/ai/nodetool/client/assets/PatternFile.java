package ai.nodetool.client.assets;

import ai.nodetool.testserver.Workloads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** For the forked large-media mains: checks a written file against the test server's byte pattern. */
final class PatternFile {
    private PatternFile() {}

    /**
     * @return null when {@code file} holds exactly {@code size} bytes of {@code Workloads}' pattern, else what is
     *     wrong ("size N" or "byte N", the first wrong offset)
     */
    static String mismatch(Path file, long size) throws IOException {
        if (Files.size(file) != size) {
            return "size " + Files.size(file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] block = new byte[1024 * 1024];
            long at = 0;
            for (int n; (n = in.readNBytes(block, 0, block.length)) > 0; ) {
                long mismatch = Workloads.firstPatternMismatch(at, block, 0, n);
                if (mismatch >= 0) {
                    return "byte " + mismatch;
                }
                at += n;
            }
        }
        return null;
    }
}
