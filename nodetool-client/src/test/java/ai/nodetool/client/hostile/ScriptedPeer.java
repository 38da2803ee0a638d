package ai.nodetool.client.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A hostile HTTP/1.1 peer on raw sockets: keep-alive connections, each request answered by a
 * script that may reply with any bytes, or drop the connection without a word. Records every
 * request (method, path, headers) with the number of the connection it came on.
 */
final class ScriptedPeer implements AutoCloseable {
    /** One received request. */
    record Request(int connection, String method, String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What to do with a request: bytes to write (null: drop the connection), and whether to go on. */
    record Reply(byte[] bytes, boolean keepAlive) {
        static Reply drop() {
            return new Reply(null, false);
        }

        static Reply of(int status, String reason, Map<String, String> headers, String body) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + reason + "\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(b.length).append("\r\n\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(b);
            return new Reply(out.toByteArray(), true);
        }

        static Reply json(int status, String body) {
            return of(status, "X", Map.of("Content-Type", "application/json"), body);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Function<Request, Reply> script;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    ScriptedPeer(Function<Request, Reply> script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "scripted-peer");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int port() {
        return server.getLocalPort();
    }

    long count(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).count();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                int number = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, number), "scripted-peer-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int number) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] lines = head.split("\r\n");
                String[] first = lines[0].split(" ");
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0) {
                        headers.put(
                                lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                lines[i].substring(colon + 1).trim());
                    }
                }
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                byte[] body = in.readNBytes(length);
                Request request = new Request(number, first[0], first[1], headers, body);
                requests.add(request);
                Reply reply = script.apply(request);
                if (reply.bytes() == null) {
                    return; // drop: close without an answer
                }
                out.write(reply.bytes());
                out.flush();
                if (!reply.keepAlive()) {
                    return;
                }
            }
        } catch (IOException e) {
            // peer gone
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            head.write(c);
            int n = head.size();
            if (n >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
