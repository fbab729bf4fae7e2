package io.sluice.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 client on a raw socket, for tests that need control a real client library hides: when to stop
 * reading, how small the receive buffer is, and when (and how abruptly) the connection dies. It keeps everything it
 * read as text; SSE frames are written one per chunk, so counting {@code data: } in it counts events.
 */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final StringBuilder seen = new StringBuilder();
    private long bytes;

    private RawClient(Socket socket) {
        this.socket = socket;
    }

    /** Sends a POST with a JSON body (and any extra headers), reading nothing yet. */
    static RawClient post(URI base, String path, String body, Map<String, String> headers, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the window is small from the start
            }
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                    + base.getPort() + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                    + "Content-Length: " + payload.length + "\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(payload);
            socket.getOutputStream().flush();
            return new RawClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RawClient post(URI base, String path, String body) {
        return post(base, path, body, Map.of(), 0);
    }

    /**
     * Reads until {@code done} holds for everything read so far, the server closes, or {@code millis} pass.
     *
     * @return whether {@code done} holds
     */
    boolean readUntil(Predicate<String> done, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            while (!done.test(seen.toString())) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(left, 200)));
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (n < 0) {
                    return done.test(seen.toString());
                }
                bytes += n;
                seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            return true;
        } catch (IOException e) {
            return done.test(seen.toString()); // reset by the server
        }
    }

    /** Reads to the end of the connection (or {@code millis}); true if the server closed or reset it. */
    boolean readToEnd(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            while (System.currentTimeMillis() < deadline) {
                socket.setSoTimeout(200);
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (n < 0) {
                    return true;
                }
                bytes += n;
                seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** True once a chunked response's last chunk arrived (the connection itself may stay open). */
    static boolean ended(String seen) {
        return seen.endsWith("\r\n0\r\n\r\n");
    }

    String seen() {
        return seen.toString();
    }

    long bytesRead() {
        return bytes;
    }

    /** The status code, once the status line arrived; -1 before. */
    int status() {
        String text = seen.toString();
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            return -1;
        }
        return Integer.parseInt(text.substring(9, 12));
    }

    /** The response headers (names lower-cased), once they arrived. */
    Map<String, String> headers() {
        String text = seen.toString();
        int end = text.indexOf("\r\n\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        if (end < 0) {
            return headers;
        }
        for (String line : text.substring(0, end).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    /** Number of {@code data: } events read so far. */
    int events() {
        return count(seen.toString(), "data: ");
    }

    /** Number of {@code : keep-alive} comments read so far. */
    int keepAlives() {
        return count(seen.toString(), ": keep-alive\n\n");
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    /** Keeps reading (and discarding) on a thread of its own, like a client that keeps up, until closed. */
    RawClient discardInBackground() {
        Thread.ofPlatform().daemon(true).name("test-reader").start(() -> {
            byte[] buffer = new byte[8192];
            try {
                socket.setSoTimeout(0);
                InputStream in = socket.getInputStream();
                while (in.read(buffer) >= 0) {
                    // discard
                }
            } catch (IOException ignored) {
                // closed by the test or the server
            }
        });
        return this;
    }

    /** Kills the connection as a crashed client would: a reset, no goodbye. */
    void kill() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
