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
 * Server time (request sent to first response byte, from Navigation/Resource Timing) is reported beside each, so the
 * browser's share is visible. Chromium trusts the appliance's self-signed certificate by its key only
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

    private AuditPageLoad(WebDriver browser, String base) {
        this.browser = browser;
        this.base = base;
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
        if (url == null || !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("the data directory's database is not the embedded H2 one: " + url);
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser(settings.getProperty("db.user"));
        h2.setPassword(Files.readString(Path.of(settings.getProperty("db.passwordFile"))).strip());
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusMillis(rows * 100);
        long t0 = System.nanoTime();
        long size = SyntheticAuditLog.append(h2, rows, start);
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
            AuditPageLoad run = new AuditPageLoad(browser, "https://127.0.0.1:" + port + "/");
            run.createAccounts(setupToken);
            run.signIn(OFFICER, OFFICER_PW);
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
        KeyStore keys = KeyStore.getInstance("PKCS12");
        char[] password = Files.readString(data.resolve("tls/keystore.pass"), StandardCharsets.UTF_8).strip().toCharArray();
        try (InputStream in = Files.newInputStream(data.resolve("tls/keystore.p12"))) {
            keys.load(in, password);
        }
        Certificate certificate = keys.getCertificate(keys.aliases().nextElement());
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(certificate.getPublicKey().getEncoded()));
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
        nav("navAudit");
        // a protected view: a GET needs the per-session token the console's own links carry
        String auditPage = browser.findElement(By.id("navAudit")).getAttribute("href");
        String report = pageReport();
        Timings veryFirst = new Timings();
        veryFirst.add(navigation());
        System.out.printf(Locale.ROOT, "audit-page: %s; signed in as %s; the page says \"%s\"; %s%n",
                browser instanceof org.openqa.selenium.HasCapabilities c ? "Chromium " + c.getCapabilities().getBrowserVersion()
                        : "browser", OFFICER, report, load());
        require(report.startsWith("1–25 of "), "the audit page did not render its table: " + report);
        require(Long.parseLong(report.substring("1–25 of ".length())) >= rows, "fewer events than filled: " + report);

        System.out.printf(Locale.ROOT, "%n%-64s %10s %10s %12s %10s%n", "measurement (ms)", "median", "first",
                "server med.", "n");
        veryFirst.print("(a) audit page, first visit (link from dashboard)");
        // (a) first load: a fresh GET of the page, new view, the count of the whole log and page 1
        Timings firstLoad = new Timings();
        for (int i = 0; i < repeats; i++) {
            browser.get(auditPage);
            firstLoad.add(navigation());
        }
        firstLoad.print("(a) audit page load, unfiltered (GET to load event)");

        // (b) page flips of the lazy table
        flips("(b) page flip, unfiltered (click to table replaced)", repeats);

        // (c) filters applied (the form POST renders page 1 of the filter, with its count)
        LocalDateTime hour = LocalDateTime.ofInstant(firstEvent.plusMillis(rows * 50), ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        String[][] filters = {
                {"type RECOVERY_FAILED (1 in 200)", "", "", "RECOVERY_FAILED", ""},
                {"type ATTEMPT_COUNTED (3 in 8)", "", "", "ATTEMPT_COUNTED", ""},
                {"actor " + SyntheticAuditLog.CONSOLE_ACTOR + " (1 in 1000)", "", "", "", SyntheticAuditLog.CONSOLE_ACTOR},
                {"one hour of time (" + MINUTE.format(hour) + ")", MINUTE.format(hour), MINUTE.format(hour.plusHours(1)), "", ""}};
        for (String[] f : filters) {
            browser.get(auditPage);
            Timings applied = new Timings();
            String matches = "";
            for (int i = 0; i < repeats; i++) {
                applyFilter(f[1], f[2], f[3], f[4]);
                applied.add(navigation());
                matches = pageReport();
            }
            applied.print("(c) filter " + f[0] + ": " + matches.replaceFirst("^\\d+–\\d+ of ", "") + " match");
            if (f[3].equals("ATTEMPT_COUNTED")) {
                flips("(b) page flip, filter type ATTEMPT_COUNTED", repeats);
            }
        }
        System.out.printf(Locale.ROOT, "%naudit-page: %s%n", load());
    }

    private void flips(String label, int repeats) {
        Timings table = new Timings();
        Timings painted = new Timings();
        for (int i = 0; i < repeats; i++) {
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
                    + "          server: xhr ? xhr.responseStart - xhr.requestStart : -1});"
                    + "  }));"
                    + "});"
                    + "document.querySelector(\"[id='list:events'] .ui-paginator-next\").click();");
            require(!before.equals(t.get("report")), "the page flip did not change the table: " + before);
            table.add(new double[] {number(t.get("replaced")), number(t.get("server"))});
            painted.add(new double[] {number(t.get("painted")), number(t.get("server"))});
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

    /** Navigation Timing of the current document: {load event end, server time (request sent to first byte)}. */
    private double[] navigation() {
        new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> number(js(
                "return performance.getEntriesByType('navigation')[0].loadEventEnd")) > 0);
        require(!browser.findElements(By.cssSelector("[id='list:events_data'] tr")).isEmpty(), "no table rows");
        @SuppressWarnings("unchecked")
        Map<String, Object> n = (Map<String, Object>) js("return performance.getEntriesByType('navigation')[0].toJSON()");
        return new double[] {number(n.get("loadEventEnd")), number(n.get("responseStart")) - number(n.get("requestStart"))};
    }

    /** Medians and first of a series of {total, server} times. */
    private static final class Timings {
        private final List<double[]> values = new ArrayList<>();

        void add(double[] totalAndServer) {
            values.add(totalAndServer);
        }

        void print(String label) {
            double[] total = values.stream().mapToDouble(v -> v[0]).sorted().toArray();
            double[] server = values.stream().mapToDouble(v -> v[1]).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-64s %10.0f %10.0f %12s %10d%n", label, total[total.length / 2],
                    values.get(0)[0], server[0] < 0 ? "-" : String.format(Locale.ROOT, "%.0f", server[server.length / 2]),
                    values.size());
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
            throw new IllegalStateException(problem + " (at " + browser.getCurrentUrl() + ")");
        }
    }
}
