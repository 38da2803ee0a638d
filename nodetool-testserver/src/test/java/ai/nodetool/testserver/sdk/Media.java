package ai.nodetool.testserver.sdk;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;

/** Test media: a small PNG with distinct pixels and a PCM WAV of a given length. */
final class Media {
    private Media() {}

    /** A 3x2 PNG with six different colours (alpha 255). */
    static byte[] png() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        int[] colours = {0xFF102030, 0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0xFFFFFFFF, 0xFF7F8081};
        for (int i = 0; i < colours.length; i++) {
            image.setRGB(i % 3, i / 3, colours[i]);
        }
        return encode(image);
    }

    static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new AssertionError("not an image: " + png.length + " bytes");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code inverted} is {@code original} with every RGB channel inverted. */
    static void assertInverted(byte[] original, byte[] inverted) {
        BufferedImage a = decode(original);
        BufferedImage b = decode(inverted);
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new AssertionError("size changed");
        }
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int want = (a.getRGB(x, y) & 0xFF000000) | (~a.getRGB(x, y) & 0xFFFFFF);
                if (b.getRGB(x, y) != want) {
                    throw new AssertionError("pixel " + x + "," + y + ": " + Integer.toHexString(b.getRGB(x, y))
                            + " != " + Integer.toHexString(want));
                }
            }
        }
    }

    /** A 16-bit mono PCM WAV of {@code frames} frames at {@code rate} Hz, with a LIST chunk before data. */
    static byte[] wav(int rate, int frames) {
        int dataSize = frames * 2;
        byte[] list = "INFOISFT\u0004\u0000\u0000\u0000test".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ByteBuffer b =
                ByteBuffer.allocate(12 + 24 + 8 + list.length + 8 + dataSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(rate * 2);
        b.putShort((short) 2).putShort((short) 16);
        b.put("LIST".getBytes()).putInt(list.length).put(list);
        b.put("data".getBytes()).putInt(dataSize);
        for (int i = 0; i < frames; i++) {
            b.putShort((short) (Math.sin(i / 8.0) * 8000));
        }
        return b.array();
    }
}
