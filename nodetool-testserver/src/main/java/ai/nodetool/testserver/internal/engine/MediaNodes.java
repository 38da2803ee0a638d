package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Nodes that take media in: an image filter (invert, grayscale; real pixels through {@code javax.imageio})
 * and the length of a WAV. A media input is an asset reference with inline {@code data} (MessagePack
 * {@code bin}, a JSON int array or base64 text), a {@code data:} URI, or a {@code uri}/{@code asset_id}
 * the server's {@link MediaSource} can open (protocol-notes §10.1).
 */
final class MediaNodes {
    static final String INVERT = "nodetool.image.Invert";
    static final String GRAYSCALE = "nodetool.image.Grayscale";
    static final String AUDIO_DURATION = "nodetool.audio.Duration";

    private MediaNodes() {}

    static ObjectNode invert(NodeContext ctx) {
        return filter(ctx, rgb -> ~rgb & 0xFFFFFF);
    }

    static ObjectNode grayscale(NodeContext ctx) {
        return filter(ctx, rgb -> {
            int r = (rgb >> 16) & 0xFF;
            int g = (rgb >> 8) & 0xFF;
            int b = rgb & 0xFF;
            int y = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
            return (y << 16) | (y << 8) | y;
        });
    }

    private interface PixelOp {
        int apply(int rgb);
    }

    private static ObjectNode filter(NodeContext ctx, PixelOp op) {
        BufferedImage in;
        try (InputStream bytes = open(ctx, "image")) {
            in = ImageIO.read(bytes);
        } catch (IOException e) {
            throw new NodeFailure("Cannot read input 'image': " + e.getMessage());
        }
        if (in == null) {
            throw new NodeFailure("Input 'image' is not an image javax.imageio can decode");
        }
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < in.getHeight(); y++) {
            for (int x = 0; x < in.getWidth(); x++) {
                int argb = in.getRGB(x, y);
                out.setRGB(x, y, (argb & 0xFF000000) | op.apply(argb & 0xFFFFFF));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(out, "png", png);
        } catch (IOException e) {
            throw new NodeFailure("PNG encoding failed: " + e.getMessage());
        }
        ObjectNode ref = NodeContext.JSON.objectNode();
        ref.put("type", "image");
        ref.put("uri", "");
        ref.putNull("asset_id");
        ref.set("data", BinaryNode.valueOf(png.toByteArray()));
        ref.putNull("metadata");
        ObjectNode result = NodeContext.JSON.objectNode();
        result.set("output", ref);
        return result;
    }

    /** Reads the RIFF chunks up to {@code data}: seconds = data bytes / byte rate. Streams; skips the samples. */
    static ObjectNode audioDuration(NodeContext ctx) {
        double seconds;
        try (InputStream in = open(ctx, "audio")) {
            seconds = wavSeconds(in);
        } catch (IOException e) {
            throw new NodeFailure("Input 'audio' is not a WAV file: " + e.getMessage());
        }
        ObjectNode result = NodeContext.JSON.objectNode();
        result.set("output", DoubleNode.valueOf(seconds));
        return result;
    }

    static double wavSeconds(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] tag = new byte[4];
        in.readFully(tag);
        if (!new String(tag, StandardCharsets.US_ASCII).equals("RIFF")) {
            throw new IOException("no RIFF header");
        }
        in.readInt(); // RIFF size
        in.readFully(tag);
        if (!new String(tag, StandardCharsets.US_ASCII).equals("WAVE")) {
            throw new IOException("not a WAVE file");
        }
        long byteRate = -1;
        while (true) {
            try {
                in.readFully(tag);
            } catch (EOFException e) {
                throw new IOException("no data chunk");
            }
            long size = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            String id = new String(tag, StandardCharsets.US_ASCII);
            if (id.equals("fmt ")) {
                byte[] fmt = new byte[(int) Math.min(size, 1 << 16)];
                in.readFully(fmt);
                in.skipNBytes(size - fmt.length + (size & 1));
                if (fmt.length < 16) {
                    throw new IOException("short fmt chunk");
                }
                byteRate = (fmt[8] & 0xFFL) | (fmt[9] & 0xFFL) << 8 | (fmt[10] & 0xFFL) << 16 | (fmt[11] & 0xFFL) << 24;
            } else if (id.equals("data")) {
                if (byteRate <= 0) {
                    throw new IOException("data chunk before a valid fmt chunk");
                }
                return (double) size / byteRate;
            } else {
                in.skipNBytes(size + (size & 1));
            }
        }
    }

    /** The bytes of media input {@code name}. */
    private static InputStream open(NodeContext ctx, String name) {
        JsonNode ref = ctx.input(name);
        if (ref == null) {
            throw new NodeFailure("Input '" + name + "' is required");
        }
        JsonNode data = ref.isObject() ? ref.get("data") : null;
        if (data != null && !data.isNull()) {
            return new ByteArrayInputStream(inline(name, data));
        }
        String uri = ref.isTextual() ? ref.asText() : ref.path("uri").asText("");
        if (uri.startsWith("data:")) {
            int comma = uri.indexOf(',');
            if (comma < 0 || !uri.substring(0, comma).endsWith(";base64")) {
                throw new NodeFailure("Input '" + name + "': only base64 data: URIs are supported");
            }
            return new ByteArrayInputStream(base64(name, uri.substring(comma + 1)));
        }
        Optional<InputStream> stored;
        try {
            stored = ctx.media().open(ref);
        } catch (IOException e) {
            throw new NodeFailure("Input '" + name + "': " + e.getMessage());
        }
        return stored.orElseThrow(() -> new NodeFailure(
                "Input '" + name + "': no inline data, and " + (uri.isEmpty() ? "no uri" : "cannot read " + uri)));
    }

    private static byte[] inline(String name, JsonNode data) {
        try {
            if (data.isBinary()) {
                return data.binaryValue();
            }
        } catch (IOException e) {
            throw new NodeFailure("Input '" + name + "': " + e.getMessage());
        }
        if (data.isArray()) {
            byte[] bytes = new byte[data.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) data.get(i).asInt();
            }
            return bytes;
        }
        if (data.isTextual()) {
            return base64(name, data.asText());
        }
        throw new NodeFailure("Input '" + name + "': data must be bytes, an int array or base64 text");
    }

    private static byte[] base64(String name, String text) {
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new NodeFailure("Input '" + name + "': invalid base64");
        }
    }
}
