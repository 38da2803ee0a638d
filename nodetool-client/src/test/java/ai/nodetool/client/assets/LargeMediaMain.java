package ai.nodetool.client.assets;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.AssetRef;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link LargeMediaMockTest} in a JVM with a 64 MiB heap: uploads {@code size} bytes from a file and
 * from a stream of unknown length, and downloads as many to a file and to a stream. Prints one line per step;
 * exits non-zero on any failure (or on OutOfMemoryError, which the launcher turns into an exit).
 */
public final class LargeMediaMain {
    private LargeMediaMain() {}

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        Path upload = Path.of(args[1]);
        Path downloadTo = Path.of(args[2]);
        long size = Long.parseLong(args[3]);
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl(baseUrl)
                .apiToken(null)
                .maxRetries(0)
                .build()) {
            UploadedAsset fromFile = client.assets().upload(upload);
            System.out.println("file upload: " + fromFile.size().orElse(-1L));
            try (InputStream in = Pattern.stream(size)) {
                UploadedAsset fromStream =
                        client.assets().uploadTemporary(in, UploadOptions.of("big.mp4", "video/mp4"));
                System.out.println("stream upload: " + fromStream.size().orElse(-1L));
            }

            ObjectNode ref = JsonNodeFactory.instance.objectNode();
            ref.put("type", "video");
            ref.put("uri", "/api/storage/temp/big.mp4");
            AssetRef video = AssetRef.of(ref);
            long written = client.assets().download(video, downloadTo);
            String wrong;
            try (InputStream in = Files.newInputStream(downloadTo)) {
                wrong = Pattern.verify(in, size);
            }
            if (written != size || wrong != null || Files.size(downloadTo) != size) {
                throw new AssertionError("file download: " + written + " bytes, " + wrong);
            }
            System.out.println("file download: " + written);

            long[] checked = {0};
            boolean[] ok = {true};
            OutputStream verifying = new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    for (int k = 0; k < len; k++) {
                        ok[0] &= b[off + k] == Pattern.at(checked[0] + k);
                    }
                    checked[0] += len;
                }
            };
            long streamed = client.download(video, verifying);
            if (streamed != size || checked[0] != size || !ok[0]) {
                throw new AssertionError("stream download: " + streamed + " bytes, pattern ok " + ok[0]);
            }
            System.out.println("stream download: " + streamed);
            System.out.println("max heap: " + Runtime.getRuntime().maxMemory());
        }
    }
}
