package org.bkv.benchmarks.audit;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.h2.jdbcx.JdbcDataSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's audit page over a big log, end to end (docs/PERFORMANCE.md, "Console"): the appliance as it runs
 * ({@code bkv up}: Payara Micro uber-jar, HTTPS, SoftHSM, H2), a security officer signed in through headless Chromium,
 * times taken by the browser. Driven by {@code benchmarks/audit-page.sh}, which boots the appliance around two steps:
 *
 * <pre>
 * fill   DATA-DIR ROWS            appliance stopped: append ROWS sequenced events ({@link SyntheticAuditLog}) to its H2
 *                                 database, ending now; writes DATA-DIR/../fill.properties (rows, first event time)
 * browse DATA-DIR PORT TOKEN [N]  appliance running: create an administrator with the setup token and a security officer,
 *                                 sign the officer in, then time N times each (median, first):
 *                                 (a) the audit page loaded (a fresh GET) until the load event: Navigation Timing;
 *                                 (b) a page flip of the lazy table: performance.now() from the click to PrimeFaces'
 *                                     pfAjaxComplete (table replaced) and to the next painted frame;
 *                                 (c) a filter applied (the Apply form POST) until the new page's load event.
 * </pre>
 * Before each timed action one audit event is appended (a failed console sign-in), as on an appliance whose log grows:
 * H2 would otherwise answer a repeated identical query on an unchanged table from its result cache. A try that does
 * not render the table (an error page, an AJAX answer that does not replace it) is counted as a failure, with its
 * time and cause. Server time (request sent to first response byte, from Navigation/Resource Timing) is reported
 * beside each, so the browser's share is visible. Chromium trusts the appliance's self-signed certificate by its key only
 * ({@code --ignore-certificate-errors-spki-list}).
 */
public final class AuditPageLoad {

    private static final String ADMIN = "admin.bench";
    private static final String ADMIN_PW = "bench admin password";
    private static final String OFFICER = "officer.bench";
    private static final String OFFICER_PW = "bench officer password";
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    private final WebDriver browser;
    private final String base;
    private final LogActivity activity;

    private AuditPageLoad(WebDriver browser, String base, LogActivity activity) {
        this.browser = browser;
        this.base = base;
        this.activity = activity;
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("fill")) {
            fill(Path.of(args[1]), Long.parseLong(args[2]));
        } else if (args.length >= 4 && args[0].equals("browse")) {
            browse(Path.of(args[1]), Integer.parseInt(args[2]), args[3], args.length > 4 ? Integer.parseInt(args[4]) : 10);
        } else {
            System.err.println("usage: AuditPageLoad fill DATA-DIR ROWS | browse DATA-DIR PORT SETUP-TOKEN [REPEATS]"
                    + "  (run through benchmarks/audit-page.sh)");
            System.exit(2);
        }
    }

    // ---- fill (appliance stopped) -------------------------------------------------------------------------------------

    private static void fill(Path data, long rows) throws Exception {
        Properties settings = new Properties();
        try (InputStream in = Files.newInputStream(data.resolve("bkv-data.properties"))) {
            settings.load(in);
        }
        String url = settings.getProperty("db.url");
        String user = settings.getProperty("db.user");
        String passwordFile = settings.getProperty("db.passwordFile");
        String password = passwordFile == null ? null : Files.readString(Path.of(passwordFile)).strip();
        javax.sql.DataSource ds;
        if (url != null && url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            ds = h2;
        } else if (url != null && url.startsWith("jdbc:postgresql:")) {
            org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
            pg.setUrl(url);
            pg.setUser(user);
            pg.setPassword(password);
            ds = pg;
        } else {
            throw new IllegalArgumentException("the data directory's database is neither H2 nor PostgreSQL: " + url);
        }
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusMillis(rows * 100);
        long t0 = System.nanoTime();
        long size = SyntheticAuditLog.append(ds, rows, start);
        System.out.printf(Locale.ROOT, "audit-page: appended %,d sequenced events in %.0f s; tree size now %,d%n", rows,
                (System.nanoTime() - t0) / 1e9, size);
        Properties fill = new Properties();
        fill.setProperty("rows", Long.toString(rows));
        fill.setProperty("start", start.toString());
        try (var out = Files.newOutputStream(data.resolveSibling("fill.properties"))) {
            fill.store(out, "written by AuditPageLoad fill");
        }
    }

    // ---- browse (appliance running) -----------------------------------------------------------------------------------

    private static void browse(Path data, int port, String setupToken, int repeats) throws Exception {
        Properties fill = new Properties();
        try (InputStream in = Files.newInputStream(data.resolveSibling("fill.properties"))) {
            fill.load(in);
        }
        long rows = Long.parseLong(fill.getProperty("rows"));
        Instant firstEvent = Instant.parse(fill.getProperty("start"));
        Path profile = Files.createTempDirectory("bkv-audit-page-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1300", "--user-data-dir=" + profile,
                "--ignore-certificate-errors-spki-list=" + tlsKeyPin(data));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
            browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
            String base = "https://127.0.0.1:" + port + "/";
            AuditPageLoad run = new AuditPageLoad(browser, base, new LogActivity(base, applianceCertificate(data)));
            if (!setupToken.equals("-")) { // "-": a data directory whose accounts exist (BKV_AUDIT_PAGE_KEEP)
                run.createAccounts(setupToken);
            }
            run.signIn(OFFICER, OFFICER_PW);
            run.require(!browser.findElements(By.id("navAudit")).isEmpty(), "the officer's dashboard has no audit link");
            run.measure(rows, firstEvent, repeats);
        } finally {
            browser.quit();
            try (var walk = Files.walk(profile)) {
                walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** base64 SHA-256 of the TLS certificate's SubjectPublicKeyInfo: what Chromium's SPKI list takes. */
    private static String tlsKeyPin(Path data) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(applianceCertificate(data).getPublicKey().getEncoded()));
    }

    private static Certificate applianceCertificate(Path data) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        char[] password = Files.readString(data.resolve("tls/keystore.pass"), StandardCharsets.UTF_8).strip().toCharArray();
        try (InputStream in = Files.newInputStream(data.resolve("tls/keystore.p12"))) {
            keys.load(in, password);
        }
        return keys.getCertificate(keys.aliases().nextElement());
    }

    /**
     * A live log: one audit event (a console sign-in with an unknown name fails and is audited) before each timed load,
     * as on an appliance whose log grows. Without it, repeated identical queries on an unchanged table would be answered
     * from H2's per-connection result cache and time nothing.
     */
    private static final class LogActivity {
        private static final java.util.regex.Pattern VIEW_STATE =
                java.util.regex.Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");
        private final java.net.http.HttpClient http;
        private final String base;
        private int count;

        LogActivity(String base, Certificate appliance) throws Exception {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("appliance", appliance);
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            this.http = java.net.http.HttpClient.newBuilder().sslContext(tls).cookieHandler(new java.net.CookieManager())
                    .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
            this.base = base;
        }

        /** Appends one event and waits until the sequencer has had time to take it (ticks every 250 ms). */
        void oneEvent() {
            try {
                String page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "console/login.xhtml"))
                        .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                java.util.regex.Matcher m = VIEW_STATE.matcher(page);
                if (!m.find()) {
                    throw new IllegalStateException("no view state on the sign-in page");
                }
                String form = "login=login&login%3Ausername=nobody.bench." + (count++ % 1000)
                        + "&login%3Apassword=not+a+password&login%3Asubmit=&jakarta.faces.ViewState="
                        + java.net.URLEncoder.encode(m.group(1).replace("&#58;", ":"), StandardCharsets.UTF_8);
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "console/login.xhtml"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                Thread.sleep(600);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void createAccounts(String setupToken) {
        open("console/setup.xhtml");
        type("setup:token", setupToken);
        type("setup:username", ADMIN);
        type("setup:password", ADMIN_PW);
        type("setup:repeat", ADMIN_PW);
        submit(By.id("setup:submit"));
        require(browser.getCurrentUrl().contains("/console/login.xhtml"), "set-up did not create the administrator");
        signIn(ADMIN, ADMIN_PW);
        nav("navUsers");
        type("create:username", OFFICER);
        Object chosen = js("var w = PrimeFaces.getWidgetById('create:role'); w.selectValue('SECURITY_OFFICER');"
                + " return document.getElementById('create:role_input').value;");
        require("SECURITY_OFFICER".equals(chosen), "could not choose the role");
        type("create:password", OFFICER_PW);
        submit(By.id("create:submit"));
        require(browser.findElement(By.id("pageMessages")).getText().contains("created"), "the officer was not created");
        submit(By.id("signout:logout"));
    }

    private void measure(long rows, Instant firstEvent, int repeats) {
        // a protected view: a GET needs the per-session token the console's own links carry
        String auditPage = browser.findElement(By.id("navAudit")).getAttribute("href");
        System.out.printf(Locale.ROOT, "audit-page: %s; signed in as %s; %,d events filled; %s%n",
                browser instanceof org.openqa.selenium.HasCapabilities c ? "Chromium " + c.getCapabilities().getBrowserVersion()
                        : "browser", OFFICER, rows, load());
        System.out.printf(Locale.ROOT, "%n%-62s %9s %9s %9s %7s %s%n", "measurement (ms; ok = rendered)", "median",
                "first", "server", "ok/n", "failures (median ms, what)");

        // (a) the page loaded: the count of the whole log (one row: the tree size) and page 1, newest first
        Timings veryFirst = new Timings();
        nav("navAudit");
        veryFirst.add(navigation());
        veryFirst.print("(a) audit page, first visit (link from dashboard)");
        Timings load = new Timings();
        for (int i = 0; i < repeats; i++) {
            activity.oneEvent();
            browser.get(auditPage);
            load.add(navigation());
        }
        load.print("(a) audit page load, unfiltered (GET to load event)");
        if (rendered(auditPage)) {
            String report = pageReport();
            require(Long.parseLong(report.replaceFirst("^\\d+–\\d+ of ", "")) >= rows, "fewer events than filled: " + report);
            // (b) page flips of the lazy table (keyset: leaf_index below the last one shown)
            flips("(b) page flip, unfiltered (click to table replaced)", repeats);
        } else {
            System.out.println("(b) page flip, unfiltered: not measured, the page never rendered");
        }

        // (c) filters applied (the form POST renders page 1 of the filter, with its count)
        LocalDateTime hour = LocalDateTime.ofInstant(firstEvent.plusMillis(rows * 50), ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        String[][] filters = {
                {"type RECOVERY_FAILED (1 in 200)", "", "", "RECOVERY_FAILED", ""},
                {"type ATTEMPT_COUNTED (3 in 8)", "", "", "ATTEMPT_COUNTED", ""},
                {"actor " + SyntheticAuditLog.CONSOLE_ACTOR + " (1 in 1000)", "", "", "", SyntheticAuditLog.CONSOLE_ACTOR},
                {"one hour (" + MINUTE.format(hour) + ")", MINUTE.format(hour), MINUTE.format(hour.plusHours(1)), "", ""}};
        for (String[] f : filters) {
            if (!rendered(auditPage)) {
                System.out.println("(c) filter " + f[0] + ": not measured, the audit page (with the form) never rendered");
                continue;
            }
            Timings applied = new Timings();
            String matches = "";
            for (int i = 0; i < repeats; i++) {
                activity.oneEvent();
                applyFilter(f[1], f[2], f[3], f[4]);
                Sample sample = navigation();
                applied.add(sample);
                if (sample.ok()) {
                    matches = pageReport().replaceFirst("^\\d+–\\d+ of ", "") + " match";
                } else if (!rendered(auditPage)) {
                    break;
                }
            }
            applied.print("(c) filter " + f[0] + ": " + matches);
            if (!f[3].isEmpty() || !f[4].isEmpty()) {
                if (!browser.findElements(By.cssSelector("[id='list:events'] .ui-paginator-next")).isEmpty()) {
                    flips("(b) page flip, filter " + f[0], repeats);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%naudit-page: %s%n", load());
    }

    /** Whether the current page shows the audit table; if not, loads it again (up to 5 times) until it does. */
    private boolean rendered(String auditPage) {
        for (int i = 0; i < 6; i++) {
            if (!browser.findElements(By.cssSelector("[id='list:events_data'] tr")).isEmpty()) {
                return true;
            }
            if (i < 5) {
                browser.get(auditPage);
            }
        }
        return false;
    }

    private void flips(String label, int repeats) {
        Timings table = new Timings();
        Timings painted = new Timings();
        for (int i = 0; i < repeats; i++) {
            activity.oneEvent();
            String before = pageReport();
            @SuppressWarnings("unchecked")
            Map<String, Object> t = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                    + "const report = () => document.querySelector(\"[id='list:events'] .ui-paginator-current\").textContent;"
                    + "performance.clearResourceTimings();"
                    + "const t0 = performance.now();"
                    + "$(document).one('pfAjaxComplete', function () {"
                    + "  const replaced = performance.now() - t0;"
                    + "  requestAnimationFrame(() => requestAnimationFrame(() => {"
                    + "    const xhr = performance.getEntriesByType('resource').filter(e => e.initiatorType === 'xmlhttprequest').pop();"
                    + "    done({replaced: replaced, painted: performance.now() - t0, report: report(),"
                    + "          server: xhr ? xhr.responseStart - xhr.requestStart : -1,"
                    + "          status: xhr && xhr.responseStatus ? xhr.responseStatus : 0});"
                    + "  }));"
                    + "});"
                    + "document.querySelector(\"[id='list:events'] .ui-paginator-next\").click();");
            boolean ok = !before.equals(t.get("report"));
            String failure = ok ? "" : "table not replaced (HTTP " + (long) number(t.get("status")) + ")";
            table.add(new Sample(number(t.get("replaced")), number(t.get("server")), ok, failure));
            painted.add(new Sample(number(t.get("painted")), number(t.get("server")), ok, failure));
        }
        table.print(label);
        painted.print("    ... to the next painted frame");
    }

    private void applyFilter(String from, String to, String type, String actor) {
        type("filter:from", from);
        type("filter:to", to);
        new Select(browser.findElement(By.id("filter:type"))).selectByValue(type);
        type("filter:actor", actor);
        submit(By.id("filter:apply"));
        require(browser.findElements(By.cssSelector(".ui-message-error")).isEmpty(), "the filter was refused");
    }

    /**
     * Navigation Timing of the current document (load event end; server = request sent to first byte) and whether it
     * is the audit page with its table (an error page is a failure, with its HTTP status).
     */
    private Sample navigation() {
        new WebDriverWait(browser, Duration.ofSeconds(180)).until(d -> number(js(
                "return performance.getEntriesByType('navigation')[0].loadEventEnd")) > 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> n = (Map<String, Object>) js("return performance.getEntriesByType('navigation')[0].toJSON()");
        long status = (long) number(n.getOrDefault("responseStatus", 0));
        boolean ok = !browser.findElements(By.cssSelector("[id='list:events_data'] tr")).isEmpty();
        String failure = ok ? "" : "HTTP " + status;
        if (!ok && status >= 500) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b\\w+Exception\\b")
                    .matcher(browser.findElement(By.tagName("body")).getText());
            java.util.Set<String> causes = new java.util.LinkedHashSet<>();
            while (m.find()) {
                causes.add(m.group());
            }
            failure += causes.isEmpty() ? "" : " " + causes;
        }
        return new Sample(number(n.get("loadEventEnd")), number(n.get("responseStart")) - number(n.get("requestStart")),
                ok, failure);
    }

    /** One timed try: total and server milliseconds, whether it rendered what was asked, and if not, why. */
    private record Sample(double total, double server, boolean ok, String failure) {
    }

    /** Medians and first of a series of samples; failures are counted and shown apart. */
    private static final class Timings {
        private final List<Sample> samples = new ArrayList<>();

        void add(Sample sample) {
            samples.add(sample);
        }

        void print(String label) {
            double[] ok = samples.stream().filter(Sample::ok).mapToDouble(Sample::total).sorted().toArray();
            double[] server = samples.stream().filter(Sample::ok).mapToDouble(Sample::server).filter(v -> v >= 0).sorted().toArray();
            double[] failed = samples.stream().filter(x -> !x.ok()).mapToDouble(Sample::total).sorted().toArray();
            Sample first = samples.get(0);
            String failures = failed.length == 0 ? "" : String.format(Locale.ROOT, "%d after %.0f ms: %s", failed.length,
                    failed[failed.length / 2], samples.stream().filter(x -> !x.ok()).map(Sample::failure).distinct()
                            .reduce((a, b) -> a + " | " + b).orElse(""));
            System.out.printf(Locale.ROOT, "%-62s %9s %9s %9s %7s %s%n", label,
                    ok.length == 0 ? "-" : String.format(Locale.ROOT, "%.0f", ok[ok.length / 2]),
                    String.format(Locale.ROOT, "%.0f%s", first.total(), first.ok() ? "" : "!"),
                    server.length == 0 ? "-" : String.format(Locale.ROOT, "%.0f", server[server.length / 2]),
                    ok.length + "/" + samples.size(), failures);
        }
    }

    // ---- browser helpers ------------------------------------------------------------------------------------------------

    private void signIn(String user, String password) {
        open("console/login.xhtml");
        type("login:username", user);
        type("login:password", password);
        submit(By.id("login:submit"));
        require(browser.getCurrentUrl().contains("/console/index.xhtml"), user + " could not sign in");
    }

    private String pageReport() {
        return browser.findElement(By.cssSelector("[id='list:events'] .ui-paginator-current")).getText();
    }

    private void open(String path) {
        browser.get(base + path);
    }

    private void nav(String linkId) {
        WebElement html = browser.findElement(By.tagName("html"));
        browser.findElement(By.id(linkId)).click();
        waitForNewPage(html);
    }

    private void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private void submit(By button) {
        WebElement html = browser.findElement(By.tagName("html"));
        browser.findElement(button).click();
        waitForNewPage(html);
    }

    private void waitForNewPage(WebElement oldHtml) {
        new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> {
            try {
                oldHtml.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                return String.valueOf(e.getMessage()).contains("does not belong to the document");
            }
        });
        new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> "complete".equals(js("return document.readyState")));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String load() {
        try {
            return "load average " + String.join(" ", Arrays.copyOf(
                    Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (java.io.IOException e) {
            return "load average unknown";
        }
    }

    private void require(boolean condition, String problem) {
        if (!condition) {
            String text = browser.findElement(By.tagName("body")).getText();
            throw new IllegalStateException(problem + " (at " + browser.getCurrentUrl() + ", title \"" + browser.getTitle()
                    + "\", page text: " + text.substring(0, Math.min(400, text.length())).replace('\n', ' ') + ")");
        }
    }
}
