package org.bkv.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' raw HTTP view of the API: sends exactly the bytes a test wants (including garbage) and returns status,
 * headers and the JSON body. Every call comes "from" a client address of the test's choosing, through the
 * X-Forwarded-For of a trusted proxy (the ITs trust 127.0.0.1), so rate-limit windows stay per test.
 */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);

    final URI base;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    String clientAddress = freshAddress();

    Api(URI base) {
        this.base = base;
    }

    static String freshAddress() {
        int n = NEXT_ADDRESS.getAndIncrement();
        return "10.77." + (n / 250) + "." + (n % 250 + 1);
    }

    record Reply(int status, HttpResponse<byte[]> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(raw.body()), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        byte[] body() {
            return raw.body();
        }

        @Override
        public String toString() {
            return status + " " + new String(raw.body(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    Reply send(String method, String path, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(Duration.ofSeconds(60))
                .header("X-Forwarded-For", clientAddress)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    Reply json(String method, String path, Object body, String... headers) {
        byte[] bytes;
        try {
            bytes = body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return send(method, path, bytes, "application/json", pairs(headers));
    }

    Reply get(String path, String... headers) {
        return send("GET", path, null, null, pairs(headers));
    }

    static ObjectNode object(Object... keyValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return node;
    }

    static Map<String, String> pairs(String... headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return map;
    }

    /** Row counts of the tables the API can change. */
    Map<String, Long> rows() {
        Reply reply = send("GET", "/it/rows", null, null, Map.of());
        if (reply.status() != 200) {
            throw new AssertionError("row counts: " + reply);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String line : new String(reply.body()).split("\n")) {
            String[] kv = line.split("=");
            counts.put(kv[0], Long.parseLong(kv[1]));
        }
        return counts;
    }

    static Optional<String> bearer(String token) {
        return Optional.ofNullable(token).map(t -> "Bearer " + t);
    }
}
