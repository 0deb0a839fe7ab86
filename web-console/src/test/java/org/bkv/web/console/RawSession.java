package org.bkv.web.console;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A console session driven by hand-made HTTP requests (no browser, no JavaScript): what an attacker crafting requests
 * sees. Keeps the session cookie itself (java.net's CookieManager would drop a Secure cookie over plain HTTP).
 */
final class RawSession {

    private static final Pattern VIEW_STATE = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private String sessionId;

    RawSession(String base) {
        this.base = base;
    }

    /** Signs in through the real login form; the session is signed in if the answer redirects to the dashboard. */
    static RawSession signIn(String base, String username, String password) throws Exception {
        RawSession s = new RawSession(base);
        HttpResponse<String> outcome = s.tryLogin(username, password);
        if (outcome.statusCode() != 302 || !outcome.headers().firstValue("Location").orElse("").contains("/console/index.xhtml")) {
            throw new AssertionError(username + " could not sign in: " + outcome.statusCode() + " " + outcome.headers().map());
        }
        return s;
    }

    HttpResponse<String> tryLogin(String username, String password) throws Exception {
        HttpResponse<String> form = get("console/login.xhtml");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("login", "login");
        fields.put("login:username", username);
        fields.put("login:password", password);
        fields.put("login:submit", "");
        fields.put("jakarta.faces.ViewState", viewState(form.body()));
        return post("console/login.xhtml", fields);
    }

    static String viewState(String html) {
        Matcher m = VIEW_STATE.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no view state in the page");
        }
        return m.group(1).replace("&#58;", ":");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return remember(http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return remember(http.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Calls the test-only probe servlet as this session's caller. */
    String probe(String op, String... args) throws IOException, InterruptedException {
        StringBuilder q = new StringBuilder("it-probe/").append(op);
        for (int i = 0; i < args.length; i++) {
            q.append(i == 0 ? '?' : '&').append(i == 0 ? "a=" : "b=").append(URLEncoder.encode(args[i], StandardCharsets.UTF_8));
        }
        return get(q.toString()).body();
    }

    Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    void useSessionOf(String otherSessionId) {
        this.sessionId = otherSessionId;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (sessionId != null) {
            b.header("Cookie", "JSESSIONID=" + sessionId);
        }
        return b;
    }

    private HttpResponse<String> remember(HttpResponse<String> response) {
        for (String cookie : response.headers().allValues("Set-Cookie")) {
            Matcher m = SESSION.matcher(cookie);
            if (m.find()) {
                sessionId = m.group(1);
            }
        }
        return response;
    }
}
