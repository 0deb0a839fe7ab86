package org.bkv.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium against the real WAR in a real Payara Micro (SoftHSM token, H2), plus
 * hand-crafted HTTP requests for what a browser would not send. The tests build on each other, in order: first-run
 * set-up, sign-in, accounts, lockout, roles, policy dual control, records, audit log. Screenshots go to docs/screenshots.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    static final String ADMIN = "admin.one";
    static final String ADMIN_PW = "admin password one";
    static final String OFFICER = "officer.one";
    static final String OFFICER_PW = "officer password one";
    static final String CUSTODIAN = "custodian.one";
    static final String CUSTODIAN_PW = "custodian password one";
    static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");

    private static WebDriver browser;
    /** The UTC day the test's token was made: the HSM keys are provisioned at the deployment's start, not before. */
    private static java.time.LocalDate deployedOn;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive appliance() {
        Path hsmDir = Path.of(System.getProperty("bkv.it.hsmDir"));
        deleteRecursively(hsmDir);
        deleteRecursively(Path.of(System.getProperty("bkv.it.dbDir")));
        deployedOn = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        try {
            SoftHsmToken.create(hsmDir, "bkv-it").writeUserPinFile(hsmDir.resolve("user.pin"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the test's SoftHSM token", e);
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/bkv-web-console.war"))
                .addClasses(ConsoleProbeServlet.class, org.bkv.web.vault.TestRecords.class)
                .addClass("org.bkv.web.vault.VaultClient").addClass("org.bkv.web.vault.VaultClient$Login").addClass("org.bkv.web.api.Seal");
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        Path profile = Files.createDirectories(Path.of("target", "chromium-profile"));
        deleteRecursively(profile);
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1300", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    // ---- first run ------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void firstRunSetupTakesTheSetupTokenOnceAndCreatesTheFirstAdministrator() throws Exception {
        String token = Files.readString(Path.of(System.getenv("BKV_SETUPTOKENFILE")), StandardCharsets.US_ASCII).strip();
        RawSession anonymous = new RawSession(base.toString());

        open("console/index.xhtml");
        assertThat(browser.getCurrentUrl()).contains("/console/login.xhtml");
        assertThat(browser.findElement(By.id("setupHint")).getText()).contains("first administrator");

        open("console/setup.xhtml");
        screenshot("setup");
        fillSetup("0000-0000-0000-0000-0000-0000-0000-0000-0000-0000", ADMIN, ADMIN_PW, ADMIN_PW);
        assertThat(messageBeside("setup:token")).contains("not the current setup token");
        fillSetup(token, "A", ADMIN_PW, ADMIN_PW);
        assertThat(messageBeside("setup:username")).contains("lowercase letters");
        fillSetup(token, ADMIN, "short", "short");
        assertThat(messageBeside("setup:password")).contains("12 to 128");
        fillSetup(token, ADMIN, ADMIN_PW, ADMIN_PW + "x");
        assertThat(messageBeside("setup:repeat")).contains("differ");
        assertThat(anonymous.probe("count")).isEqualTo("ok:0");
        assertThat(anonymous.probe("count", "SETUP_TOKEN_SPENT")).isEqualTo("ok:0");

        fillSetup(token, ADMIN, ADMIN_PW, ADMIN_PW);
        assertThat(browser.getCurrentUrl()).contains("/console/login.xhtml");
        assertThat(browser.findElement(By.id("pageMessages")).getText()).contains("Administrator admin.one created");
        assertThat(anonymous.probe("count")).isEqualTo("ok:1");
        assertThat(anonymous.probe("count", "SETUP_TOKEN_SPENT", ADMIN)).isEqualTo("ok:1");
        assertThat(anonymous.probe("count", "CONSOLE_USER_CREATED", ADMIN)).isEqualTo("ok:1");

        open("console/setup.xhtml");
        assertThat(browser.findElement(By.id("closed")).getText()).contains("Set-up is closed");
        assertThat(browser.findElements(By.id("setup:token"))).isEmpty();
        HttpResponse<String> replay = anonymous.get("console/setup.xhtml");
        assertThat(replay.body()).doesNotContain("setup:token");
        assertThat(anonymous.probe("count")).isEqualTo("ok:1");
    }

    // ---- sign-in ----------------------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void signInAndOutWithASecureSessionCookie() throws Exception {
        HttpResponse<String> loginPage = new RawSession(base.toString()).get("console/login.xhtml");
        String cookie = loginPage.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + loginPage.headers().map()));
        assertThat(cookie.toLowerCase()).contains("httponly").contains("secure").contains("samesite=strict");
        assertThat(loginPage.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");

        open("console/login.xhtml");
        screenshot("login");
        signIn(ADMIN, "not the password");
        assertThat(messageBeside("login:password")).contains("Sign-in failed");
        String before = browser.manage().getCookieNamed("JSESSIONID").getValue();
        signIn(ADMIN, ADMIN_PW);
        assertThat(browser.getCurrentUrl()).contains("/console/index.xhtml");
        assertThat(browser.findElement(By.id("who")).getText()).isEqualTo(ADMIN);
        assertThat(browser.manage().getCookieNamed("JSESSIONID").getValue()).as("new session id at sign-in").isNotEqualTo(before);

        signOut();
        assertThat(browser.getCurrentUrl()).contains("/console/login.xhtml");
        assertThat(browser.findElement(By.id("signedOut")).getText()).contains("signed out");
        open("console/index.xhtml");
        assertThat(browser.getCurrentUrl()).contains("/console/login.xhtml");

        RawSession probe = new RawSession(base.toString());
        assertThat(probe.probe("sessionTimeout")).as("15 idle minutes").isEqualTo("ok:900");
        assertThat(probe.probe("count", "CONSOLE_LOGIN", ADMIN)).isEqualTo("ok:1");
        assertThat(probe.probe("count", "CONSOLE_LOGOUT", ADMIN)).isEqualTo("ok:1");
        assertThat(probe.probe("count", "CONSOLE_LOGIN_FAILED", ADMIN)).isEqualTo("ok:1");
    }

    // ---- accounts ---------------------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void administratorCreatesAccountsAndBadInputChangesNothing() throws Exception {
        signIn(ADMIN, ADMIN_PW);
        nav("navUsers");
        RawSession probe = new RawSession(base.toString());

        createAccount("Bad Name", "SECURITY_OFFICER", OFFICER_PW);
        assertThat(messageBeside("create:username")).contains("lowercase letters");
        createAccount(OFFICER, "SECURITY_OFFICER", "too short");
        assertThat(messageBeside("create:password")).contains("12 to 128");
        createAccount(OFFICER, null, OFFICER_PW);
        assertThat(messageBeside("create:role")).isNotBlank();
        assertThat(probe.probe("count")).isEqualTo("ok:1");

        createAccount(OFFICER, "SECURITY_OFFICER", OFFICER_PW);
        assertThat(browser.findElement(By.id("pageMessages")).getText()).contains("officer.one created");
        createAccount("officer.two", "SECURITY_OFFICER", "officer password two");
        createAccount(CUSTODIAN, "CUSTODIAN", CUSTODIAN_PW);
        createAccount("admin.two", "ADMINISTRATOR", "admin password two");
        createAccount(OFFICER, "CUSTODIAN", OFFICER_PW);
        assertThat(messageBeside("create:username")).contains("exists");
        assertThat(probe.probe("count")).isEqualTo("ok:5");
        assertThat(probe.probe("count", "CONSOLE_USER_CREATED", ADMIN)).as("set-up's and these four").isEqualTo("ok:5");

        List<String> names = browser.findElements(By.cssSelector("#accounts\\:list .username")).stream().map(WebElement::getText).toList();
        assertThat(names).containsExactly("admin.one", "admin.two", "custodian.one", "officer.one", "officer.two");
        screenshot("users");

        // disable admin.two; it can no longer sign in, and its open session ends at its next request
        RawSession adminTwo = RawSession.signIn(base.toString(), "admin.two", "admin password two");
        assertThat(adminTwo.get("console/index.xhtml").statusCode()).isEqualTo(200);
        WebElement row = browser.findElement(By.xpath("//span[@class='username' and text()='admin.two']/ancestor::tr"));
        submit(row.findElement(By.xpath(".//button[contains(@id,'disable')]")));
        assertThat(browser.findElement(By.id("pageMessages")).getText()).contains("admin.two disabled");
        assertThat(new RawSession(base.toString()).tryLogin("admin.two", "admin password two").headers()
                .firstValue("Location")).isEmpty();
        assertThat(probe.probe("count", "CONSOLE_USER_DISABLED", ADMIN)).isEqualTo("ok:1");
        HttpResponse<String> afterDisable = adminTwo.get("console/index.xhtml");
        assertThat(afterDisable.statusCode()).isEqualTo(302);
        assertThat(afterDisable.headers().firstValue("Location").orElse("")).contains("/console/login.xhtml");
        assertThat(adminTwo.probe("listUsers")).as("the old session carries no role any more").isEqualTo("refused:EJBAccessException");

        // my account: change own password, bad input first
        nav("navAccount");
        changeOwnPassword("wrong current one", "admin password 1b", "admin password 1b");
        assertThat(messageBeside("password:current")).contains("not your current password");
        changeOwnPassword(ADMIN_PW, "admin password 1b", "admin password 1c");
        assertThat(messageBeside("password:repeat")).contains("differ");
        screenshot("account");
        changeOwnPassword(ADMIN_PW, "admin password 1b", "admin password 1b");
        assertThat(browser.findElement(By.id("pageMessages")).getText()).contains("password was changed");
        changeOwnPassword("admin password 1b", ADMIN_PW, ADMIN_PW);
        assertThat(probe.probe("count", "CONSOLE_PASSWORD_CHANGED", ADMIN)).isEqualTo("ok:2");
        signOut();
    }

    @Test
    @Order(4)
    void fiveWrongPasswordsLockAnAccountUntilAnAdministratorResetsIt() throws Exception {
        RawSession attacker = new RawSession(base.toString());
        for (int i = 0; i < 5; i++) {
            assertThat(attacker.tryLogin(CUSTODIAN, "guess number " + i).headers().firstValue("Location")).isEmpty();
        }
        assertThat(attacker.tryLogin(CUSTODIAN, CUSTODIAN_PW).headers().firstValue("Location"))
                .as("the right password is refused while the account is locked").isEmpty();
        assertThat(attacker.probe("count", "CONSOLE_LOGIN_FAILED", CUSTODIAN)).isEqualTo("ok:6");
        assertThat(attacker.probe("count", "CONSOLE_LOGIN", CUSTODIAN)).isEqualTo("ok:0");

        signIn(ADMIN, ADMIN_PW);
        nav("navUsers");
        assertThat(browser.findElement(By.xpath("//span[@class='username' and text()='custodian.one']/ancestor::tr")).getText())
                .contains("locked");
        choose("reset:username", CUSTODIAN);
        type("reset:newPassword", "short");
        submit(By.id("reset:submit"));
        assertThat(messageBeside("reset:newPassword")).contains("12 to 128");
        choose("reset:username", CUSTODIAN);
        type("reset:newPassword", CUSTODIAN_PW + " new");
        submit(By.id("reset:submit"));
        assertThat(browser.findElement(By.id("pageMessages")).getText()).contains("custodian.one reset");
        signOut();
        RawSession.signIn(base.toString(), CUSTODIAN, CUSTODIAN_PW + " new");
    }

    // ---- roles ------------------------------------------------------------------------------------------------------

    @Test
    @Order(5)
    void eachRoleSeesOnlyItsPagesAndIsRefusedTheOthers() throws Exception {
        Map<String, String> passwords = Map.of(ADMIN, ADMIN_PW, OFFICER, OFFICER_PW, CUSTODIAN, CUSTODIAN_PW + " new");
        Map<String, List<String>> navFor = Map.of(
                ADMIN, List.of("Dashboard", "Policy", "Records", "Users", "My account"),
                OFFICER, List.of("Dashboard", "Policy", "Records", "Audit log", "My account"),
                CUSTODIAN, List.of("Dashboard", "My account"));
        Map<String, List<String>> forbidden = Map.of(
                ADMIN, List.of("console/audit.xhtml", "console/audit-export?format=csv"),
                OFFICER, List.of("console/users.xhtml"),
                CUSTODIAN, List.of("console/users.xhtml", "console/policy.xhtml", "console/records.xhtml",
                        "console/audit.xhtml", "console/audit-export?format=csv", "console/audit-export?format=jsonl"));
        for (String user : List.of(ADMIN, OFFICER, CUSTODIAN)) {
            signIn(user, passwords.get(user));
            List<String> links = browser.findElements(By.cssSelector("#nav a")).stream().map(WebElement::getText).toList();
            assertThat(links).as(user).containsExactlyElementsOf(navFor.get(user));
            for (String link : navFor.get(user)) {
                WebElement html = browser.findElement(By.tagName("html"));
                browser.findElement(By.linkText(link)).click();
                waitForNewPage(html);
                assertThat(browser.findElement(By.cssSelector("main h1")).getText()).as(user + " " + link)
                        .isEqualTo(link.equals("Users") ? "Console users" : link);
            }
            if (user.equals(CUSTODIAN)) {
                nav("navDashboard");
                screenshot("dashboard-custodian");
            }
            signOut();
            RawSession raw = RawSession.signIn(base.toString(), user, passwords.get(user));
            for (String page : forbidden.get(user)) {
                assertThat(raw.get(page).statusCode()).as(user + " GET " + page).isEqualTo(403);
            }
        }
        assertThat(new RawSession(base.toString()).get("console/policy.xhtml").statusCode()).as("anonymous").isEqualTo(302);
        HttpResponse<String> withoutToken = RawSession.signIn(base.toString(), ADMIN, ADMIN_PW).get("console/users.xhtml");
        assertThat(withoutToken.body()).as("protected view without the console's token")
                .contains("opens only from the console's own links").doesNotContain("create:username");
    }

    @Test
    @Order(6)
    void servicesRefuseEveryForbiddenActionEvenWhenThePagesAreBypassed() throws Exception {
        RawSession anonymous = new RawSession(base.toString());
        RawSession admin = RawSession.signIn(base.toString(), ADMIN, ADMIN_PW);
        RawSession officer = RawSession.signIn(base.toString(), OFFICER, OFFICER_PW);
        RawSession custodian = RawSession.signIn(base.toString(), CUSTODIAN, CUSTODIAN_PW + " new");
        assertThat(admin.probe("whoami")).isEqualTo(ADMIN);
        assertThat(officer.probe("whoami")).isEqualTo(OFFICER);

        // the matrix, row by row: allowed calls answer, forbidden ones are refused by the EJB container
        assertThat(admin.probe("listUsers")).isEqualTo("ok:5");
        for (RawSession notAdmin : List.of(anonymous, officer, custodian)) {
            assertThat(notAdmin.probe("listUsers")).isEqualTo("refused:EJBAccessException");
            assertThat(notAdmin.probe("createUser", "intruder", "ADMINISTRATOR")).isEqualTo("refused:EJBAccessException");
            assertThat(notAdmin.probe("disableUser", ADMIN)).isEqualTo("refused:EJBAccessException");
            assertThat(notAdmin.probe("resetPassword", ADMIN)).isEqualTo("refused:EJBAccessException");
            assertThat(notAdmin.probe("propose", "3")).isEqualTo("refused:EJBAccessException");
            assertThat(notAdmin.probe("delete", "someone@example.org")).isEqualTo("refused:EJBAccessException");
        }
        for (RawSession notOfficer : List.of(anonymous, admin, custodian)) {
            assertThat(notOfficer.probe("approve", "1")).isEqualTo("refused:EJBAccessException");
            assertThat(notOfficer.probe("reject", "1")).isEqualTo("refused:EJBAccessException");
        }
        for (RawSession notOfficer : List.of(anonymous, admin, custodian)) {
            for (String op : List.of("auditCount", "auditVerify", "auditCsv", "auditJsonl")) {
                assertThat(notOfficer.probe(op)).as(op).isEqualTo("refused:EJBAccessException");
            }
        }
        assertThat(officer.probe("auditCount")).startsWith("ok:");
        assertThat(officer.probe("count", "AUDIT_EXPORTED")).as("refused exports write nothing").isEqualTo("ok:0");
        assertThat(custodian.probe("lookUp", "someone@example.org")).isEqualTo("refused:EJBAccessException");
        assertThat(custodian.probe("pending")).isEqualTo("refused:EJBAccessException");
        assertThat(anonymous.probe("dashboard")).isEqualTo("refused:EJBAccessException");
        assertThat(custodian.probe("dashboard")).startsWith("ok:");
        assertThat(officer.probe("lookUp", "someone@example.org")).isEqualTo("ok:none");
        assertThat(officer.probe("pending")).isEqualTo("ok:none");

        // a form of the administrator's users page, replayed with the officer's session: refused, nothing created
        signIn(ADMIN, ADMIN_PW);
        nav("navUsers");
        String page = browser.getPageSource();
        String adminSession = browser.manage().getCookieNamed("JSESSIONID").getValue();
        String action = browser.findElement(By.id("create")).getAttribute("action");
        String path = action.substring(action.indexOf("/console/") + 1);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("create", "create");
        form.put("create:username", "intruder");
        form.put("create:role_input", "ADMINISTRATOR");
        form.put("create:password", "intruder password");
        form.put("create:submit", "");
        form.put("jakarta.faces.ViewState", RawSession.viewState(page));
        assertThat(officer.post(path, form).statusCode()).isEqualTo(403);
        assertThat(custodian.post(path, form).statusCode()).isEqualTo(403);
        assertThat(anonymous.post(path, form).statusCode()).isEqualTo(302);
        // the administrator's own session without the page's view state (a cross-site forged POST): nothing created
        RawSession forged = new RawSession(base.toString());
        forged.useSessionOf(adminSession);
        Map<String, String> noViewState = new LinkedHashMap<>(form);
        noViewState.put("jakarta.faces.ViewState", "-1234567890:987654321");
        forged.post(path, noViewState);
        noViewState.remove("jakarta.faces.ViewState");
        forged.post(path, noViewState);
        assertThat(admin.probe("count")).isEqualTo("ok:5");
        assertThat(admin.probe("count", "CONSOLE_USER_CREATED")).isEqualTo("ok:5");
        signOut();
    }

    // ---- policy -----------------------------------------------------------------------------------------------------

    @Test
    @Order(7)
    void policyChangesNeedASecurityOfficerWhoIsNotTheProposer() throws Exception {
        RawSession probe = RawSession.signIn(base.toString(), OFFICER, OFFICER_PW);
        signIn(ADMIN, ADMIN_PW);
        nav("navPolicy");
        assertThat(browser.findElement(By.id("currentVersion")).getText()).isEqualTo("0");
        proposeMaxAttempts("500");
        assertThat(messageBeside("propose:maxAttempts")).contains("between 1 and 100");
        proposeMaxAttempts("seven");
        assertThat(messageBeside("propose:maxAttempts")).contains("whole number");
        type("propose:loginTtlSeconds", "0");
        proposeMaxAttempts("7");
        assertThat(messageBeside("propose:loginTtlSeconds")).contains("between 1 and");
        assertThat(probe.probe("pending")).isEqualTo("ok:none");
        type("propose:loginTtlSeconds", "60");
        proposeMaxAttempts("7");
        assertThat(browser.findElement(By.id("pageMessages")).getText()).contains("waits for a security officer");
        assertThat(browser.findElement(By.id("pendingSummary")).getText()).contains("admin.one").contains("7 attempts");
        assertThat(browser.findElements(By.id("decide:approve"))).as("no approve button for the proposer").isEmpty();
        assertThat(browser.findElement(By.id("inForceMaxAttempts")).getText()).isEqualTo("10");
        String firstId = probe.probe("pending").substring(3);
        signOut();

        signIn(OFFICER, OFFICER_PW);
        nav("navPolicy");
        submit(By.id("decide:reject"));
        assertThat(messageBeside("decide:reason")).contains("3 to 256");
        assertThat(probe.probe("pending")).isEqualTo("ok:" + firstId);
        type("decide:reason", "too strict for now");
        submit(By.id("decide:reject"));
        assertThat(browser.findElement(By.id("pageMessages")).getText()).contains("rejected");
        assertThat(browser.findElement(By.id("history")).getText()).contains("REJECTED").contains("officer.one").contains("too strict for now");
        assertThat(browser.findElement(By.id("currentVersion")).getText()).isEqualTo("0");
        signOut();

        signIn(ADMIN, ADMIN_PW);
        nav("navPolicy");
        proposeMaxAttempts("7");
        signOut();
        signIn(OFFICER, OFFICER_PW);
        nav("navPolicy");
        screenshot("policy-pending");
        submit(By.id("decide:approve"));
        assertThat(browser.findElement(By.id("pageMessages")).getText()).contains("version 1 is in force");
        assertThat(browser.findElement(By.id("currentVersion")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("inForceMaxAttempts")).getText()).isEqualTo("7");
        assertThat(browser.findElement(By.id("history")).getText()).contains("APPROVED").contains("version 1");
        screenshot("policy");
        signOut();

        assertThat(probe.probe("count", "POLICY_PROPOSED", ADMIN)).isEqualTo("ok:2");
        assertThat(probe.probe("count", "POLICY_REJECTED", OFFICER)).isEqualTo("ok:1");
        assertThat(probe.probe("count", "POLICY_APPROVED", OFFICER)).isEqualTo("ok:1");
        assertThat(probe.probe("count", "POLICY_CHANGED", OFFICER)).isEqualTo("ok:1");
        assertThat(probe.probe("approve", firstId)).as("a decided proposal stays decided").startsWith("refused:");
    }

    // ---- records and dashboard --------------------------------------------------------------------------------------

    @Test
    @Order(8)
    void recordsAreLookedUpByIdentifierAndDeletedOnlyWithAReasonAndConfirmation() throws Exception {
        RawSession admin = RawSession.signIn(base.toString(), ADMIN, ADMIN_PW);
        String alice = "alice-console-it@example.org";
        String mallory = "mallory-console-it@example.org";
        assertThat(admin.probe("register", alice, "alice's password")).isEqualTo("ok");
        assertThat(admin.probe("recover", alice, "alice's password")).isEqualTo("ok");
        assertThat(admin.probe("register", mallory, "mallory's password")).isEqualTo("ok");
        assertThat(admin.probe("guessWrong", mallory, "7")).isEqualTo("ok");
        assertThat(admin.probe("lookUp", mallory)).isEqualTo("ok:LOCKED");

        signIn(ADMIN, ADMIN_PW);
        nav("navRecords");
        lookUp("");
        assertThat(messageBeside("lookup:identifier")).isNotBlank();
        lookUp("nobody-console-it@example.org");
        assertThat(browser.findElement(By.id("notFound")).getText()).contains("No record");
        lookUp(alice);
        assertThat(browser.findElement(By.id("foundState")).getText()).isEqualTo("ACTIVE");
        assertThat(browser.findElement(By.id("foundAttempts")).getText()).isEqualTo("0 of 7");
        assertThat(browser.getPageSource()).as("the identifier is not shown back").doesNotContain(alice);
        screenshot("records");
        lookUp(mallory);
        assertThat(browser.findElement(By.id("foundState")).getText()).isEqualTo("LOCKED");
        assertThat(browser.findElement(By.id("foundAttempts")).getText()).isEqualTo("7 of 7");
        assertThat(browser.getPageSource()).doesNotContain(mallory);
        assertThat(browser.findElements(By.xpath("//button[contains(., 'nlock')]"))).as("no unlock, for anyone").isEmpty();

        type("delete:reason", "user asked for erasure");
        submit(By.id("delete:submit"));
        assertThat(messageBeside("delete:confirmed")).contains("confirm");
        assertThat(admin.probe("lookUp", mallory)).isEqualTo("ok:LOCKED");
        type("delete:reason", "");
        browser.findElement(By.cssSelector("[id='delete:confirmed'] .ui-chkbox-box")).click();
        submit(By.id("delete:submit"));
        assertThat(messageBeside("delete:reason")).contains("3 to 200");
        assertThat(admin.probe("lookUp", mallory)).isEqualTo("ok:LOCKED");
        type("delete:reason", "user asked for erasure");
        submit(By.id("delete:submit"));
        assertThat(browser.findElement(By.id("pageMessages")).getText()).contains("deleted");
        assertThat(admin.probe("lookUp", mallory)).isEqualTo("ok:DELETED");
        assertThat(admin.probe("count", "RECORD_DELETED", ADMIN)).isEqualTo("ok:1");
        for (org.bkv.ejb.domain.vault.DecoyId decoy : org.bkv.ejb.domain.vault.DecoyId.all()) {
            assertThat(admin.probe("deleteRecordId", decoy.value())).as("no record id names a decoy row")
                    .isEqualTo("refused:ConsoleInputException");
        }
        String decoyId = org.bkv.ejb.domain.vault.DecoyId.all().get(0).value();
        assertThat(admin.probe("lookUp", decoyId)).as("typed as an identifier, a decoy's id is an unknown identifier")
                .isEqualTo("ok:none");
        assertThat(admin.probe("dashboard")).as("decoy rows are no records").isEqualTo("ok:{ACTIVE=1, DELETED=1}");

        nav("navDashboard");
        assertThat(browser.findElement(By.id("recordsByState")).getText()).contains("ACTIVE 1").contains("DELETED 1");
        assertThat(browser.findElement(By.id("activityTotals")).getText()).isEqualTo("1 recoveries, 1 lockouts");
        assertThat(browser.findElement(By.id("health")).getText()).contains("answering");
        assertThat(browser.findElement(By.id("keys")).getText()).contains("bkv-kek").contains("bkv-audit");
        Map<String, String> createdByLabel = new LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("[id='keys_data'] tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            createdByLabel.put(cells.get(0).getText(), cells.get(3).getText());
        }
        assertThat(createdByLabel).as("every HSM key with the day it was provisioned (at this appliance's first start)")
                .containsOnlyKeys("bkv-kek", "bkv-ake-p256", "bkv-id-mac", "bkv-audit")
                .allSatisfy((label, created) -> assertThat(java.time.LocalDate.parse(created))
                        .isBetween(deployedOn, java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
        assertThat(browser.findElements(By.cssSelector(".warning"))).extracting(WebElement::getText)
                .anyMatch(w -> w.contains("Client authentication is OPEN"));
        assertThat(browser.findElements(By.cssSelector("#activity canvas"))).isNotEmpty();
        screenshot("dashboard");
        signOut();

        signIn(OFFICER, OFFICER_PW);
        nav("navRecords");
        lookUp(alice);
        assertThat(browser.findElement(By.id("foundState")).getText()).isEqualTo("ACTIVE");
        assertThat(browser.findElements(By.id("delete:submit"))).as("officers look up, never delete").isEmpty();
        signOut();
    }

    // ---- audit log ----------------------------------------------------------------------------------------------------

    @Test
    @Order(9)
    void officerFiltersPagesVerifiesAndExportsTheAuditLogAndOthersAreRefused() throws Exception {
        RawSession anonymous = new RawSession(base.toString());
        for (int i = 0; i < 30; i++) {
            anonymous.tryLogin("nobody." + i, "not a password " + i);
        }
        long failed = Long.parseLong(anonymous.probe("count", "CONSOLE_LOGIN_FAILED").substring(3));
        assertThat(failed).isGreaterThan(30);
        RawSession officer = RawSession.signIn(base.toString(), OFFICER, OFFICER_PW);
        signIn(OFFICER, OFFICER_PW);
        long total = waitUntilSequencedAndSigned(officer);
        nav("navAudit");
        assertThat(browser.findElement(By.id("headSignature")).getText()).isEqualTo("valid (audit key)");
        String fingerprint = browser.findElement(By.id("keyFingerprint")).getText();
        assertThat(fingerprint).matches("[0-9a-f]{64}");
        String pem = browser.findElement(By.id("keyPem")).getText();
        assertThat(pageReport()).startsWith("1–25 of ");
        assertThat(Long.parseLong(pageReport().substring("1–25 of ".length()))).isGreaterThanOrEqualTo(total);

        type("filter:from", "yesterday");
        submit(By.id("filter:apply"));
        assertThat(messageBeside("filter:from")).contains("2026-11-27");
        assertThat(pageReport()).as("a bad filter changes nothing").startsWith("1–25 of ");
        assertThat(columnTexts(3).stream().distinct().count()).as("still unfiltered").isGreaterThan(1);

        type("filter:from", "");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter:type"))).selectByValue("CONSOLE_LOGIN_FAILED");
        submit(By.id("filter:apply"));
        assertThat(pageReport()).isEqualTo("1–25 of " + failed);
        List<String> firstPage = columnTexts(1);
        assertThat(columnTexts(3)).hasSize(25).containsOnly("CONSOLE_LOGIN_FAILED");
        screenshot("audit");

        String before = pageReport();
        browser.findElement(By.cssSelector("[id='list:events'] .ui-paginator-next")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !pageReport().equals(before));
        assertThat(pageReport()).isEqualTo("26–" + Math.min(50, failed) + " of " + failed);
        List<String> secondPage = columnTexts(1);
        assertThat(columnTexts(3)).isNotEmpty().containsOnly("CONSOLE_LOGIN_FAILED");
        assertThat(Long.parseLong(secondPage.get(0))).as("newest first, page after page")
                .isLessThan(Long.parseLong(firstPage.get(firstPage.size() - 1)));

        browser.findElement(By.id("verify:verifyNow")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("verify:verifySummary")).isEmpty());
        assertThat(browser.findElement(By.id("verify:verifySummary")).getText()).startsWith("Verified");

        String csvLink = browser.findElement(By.id("exportCsv")).getAttribute("href");
        String jsonlLink = browser.findElement(By.id("exportJsonl")).getAttribute("href");
        assertThat(csvLink).endsWith("format=csv&type=CONSOLE_LOGIN_FAILED");
        HttpResponse<String> csv = officer.get(csvLink.substring(base.toString().length()));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo(AuditCsvHeader.LINE);
        assertThat(lines).hasSize((int) failed + 1);
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l.split(",")[2]).isEqualTo("CONSOLE_LOGIN_FAILED"));
        assertThat(csv.body()).doesNotContain("not a password");

        HttpResponse<String> jsonl = officer.get(jsonlLink.substring(base.toString().length()));
        assertThat(jsonl.statusCode()).isEqualTo(200);
        org.bkv.client.audit.ExportVerification verified = new org.bkv.client.audit.ExportVerifier(
                org.bkv.client.audit.AuditPublicKey.fromPem(pem), false)
                .verify(new java.io.ByteArrayInputStream(jsonl.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(verified.failure()).isEmpty();
        assertThat(verified.verified()).isTrue();
        assertThat(org.bkv.client.audit.AuditPublicKey.fromPem(pem).fingerprint()).isEqualTo(fingerprint);
        assertThat(jsonl.body()).contains("CONSOLE_LOGIN_FAILED").doesNotContain("not a password");
        assertThat(officer.probe("count", "AUDIT_EXPORTED", OFFICER)).as("each export audited with the actor").isEqualTo("ok:2");
        signOut();

        RawSession custodian = RawSession.signIn(base.toString(), CUSTODIAN, CUSTODIAN_PW + " new");
        RawSession admin = RawSession.signIn(base.toString(), ADMIN, ADMIN_PW);
        for (RawSession other : List.of(custodian, admin)) {
            assertThat(other.get("console/audit.xhtml").statusCode()).isEqualTo(403);
            assertThat(other.get(csvLink.substring(base.toString().length())).statusCode()).isEqualTo(403);
            assertThat(other.get("console/audit-export?format=jsonl&from=2000-01-01").statusCode()).isEqualTo(403);
            assertThat(other.probe("auditCsv")).isEqualTo("refused:EJBAccessException");
        }
        assertThat(new RawSession(base.toString()).get("console/audit-export?format=csv").statusCode())
                .as("anonymous: to the sign-in page").isEqualTo(302);
        HttpResponse<String> failedOnly = anonymous.get("console/audit-export?format=csv");
        assertThat(failedOnly.headers().firstValue("Content-Type").orElse(""))
                .as("a session whose sign-ins all failed gets no export: " + failedOnly.statusCode() + " "
                        + failedOnly.body().substring(0, Math.min(200, failedOnly.body().length())))
                .doesNotStartWith("text/csv");
        assertThat(failedOnly.body()).doesNotContain(AuditCsvHeader.LINE);
        assertThat(officer.get("console/audit-export?format=csv&from=yesterday").statusCode()).as("bad filter").isEqualTo(400);
        assertThat(officer.probe("count", "AUDIT_EXPORTED")).as("refusals export and audit nothing").isEqualTo("ok:2");

        signIn(ADMIN, ADMIN_PW);
        assertThat(browser.findElement(By.id("auditKeyFingerprint")).getText()).as("dashboard shows the same key").isEqualTo(fingerprint);
        assertThat(Long.parseLong(browser.findElement(By.id("auditHeadSize")).getText()))
                .as("dashboard shows the latest signed tree head").isPositive();
        assertThat(browser.findElement(By.id("auditHeadRoot")).getText()).matches("[0-9a-f]{64}");
        signOut();
    }

    // ---- the auditor API with a console session --------------------------------------------------------------------

    @Test
    @Order(10)
    void theAuditorApiLetsInASecurityOfficersSessionAndRefusesOtherRolesWithoutEverMakingASession() throws Exception {
        String latest = "api/v1/audit/tree-heads/latest";
        List<String> reads = List.of(latest, "api/v1/audit/status", "api/v1/audit/proofs/inclusion?index=0&treeSize=1",
                "api/v1/audit/export?from=0&to=1");

        RawSession officer = new RawSession(base.toString());
        HttpResponse<String> signedIn = officer.tryLogin(OFFICER, OFFICER_PW);
        assertThat(signedIn.headers().allValues("Set-Cookie")).as("the signed-in session's cookie never leaves this site")
                .anySatisfy(c -> assertThat(c.toLowerCase()).startsWith("jsessionid=").contains("samesite=strict"));
        String officerSession = officer.sessionId().orElseThrow();
        for (String read : reads) {
            HttpResponse<String> r = officer.get(read);
            assertThat(r.statusCode()).as(read + ": " + r.body()).isEqualTo(200);
            assertThat(r.headers().allValues("Set-Cookie")).as(read + " sets no cookie").isEmpty();
        }
        assertThat(officer.sessionId()).contains(officerSession);
        assertThat(officer.get(latest).body()).contains("\"size\":", "\"signature\":");

        RawSession admin = RawSession.signIn(base.toString(), ADMIN, ADMIN_PW);
        RawSession custodian = RawSession.signIn(base.toString(), CUSTODIAN, CUSTODIAN_PW + " new");
        for (RawSession other : List.of(admin, custodian)) {
            String before = other.sessionId().orElseThrow();
            for (String read : reads) {
                HttpResponse<String> r = other.get(read);
                assertThat(r.statusCode()).as(read).isEqualTo(403);
                assertProblem(r, 403, "not-an-auditor");
                assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
            }
            assertThat(other.sessionId()).contains(before);
        }

        RawSession nobody = new RawSession(base.toString());
        RawSession forgedCookie = new RawSession(base.toString());
        forgedCookie.useSessionOf("0123456789abcdef0123456789ab");
        RawSession notSignedIn = new RawSession(base.toString());
        notSignedIn.get("console/login.xhtml"); // a session, but nobody signed in to it
        for (RawSession none : List.of(nobody, forgedCookie, notSignedIn)) {
            for (String read : reads) {
                HttpResponse<String> r = none.get(read);
                assertThat(r.statusCode()).as(read).isEqualTo(401);
                assertProblem(r, 401, "unauthorized");
                assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
                assertThat(r.headers().allValues("Set-Cookie")).as("an API call never makes a session").isEmpty();
            }
        }
        assertThat(nobody.sessionId()).isEmpty();

        // the audit token still works, with no session at all
        HttpResponse<String> withToken = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + latest)).header("Authorization", "Bearer bkv-it-audit-token") // AuditApiH2IT.TOKEN, hash in failsafe's environment
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.headers().allValues("Set-Cookie")).isEmpty();

        // a disabled officer's session, and a signed-out one, no longer read the log
        RawSession officerTwo = RawSession.signIn(base.toString(), "officer.two", "officer password two");
        assertThat(officerTwo.get(latest).statusCode()).isEqualTo(200);
        assertThat(admin.probe("disableUser", "officer.two")).isEqualTo("ok");
        assertThat(officerTwo.get(latest).statusCode()).as("disabled").isEqualTo(401);
        signIn(OFFICER, OFFICER_PW);
        RawSession browserSession = new RawSession(base.toString());
        browserSession.useSessionOf(browser.manage().getCookieNamed("JSESSIONID").getValue());
        assertThat(browserSession.get(latest).statusCode()).isEqualTo(200);
        signOut();
        assertThat(browserSession.get(latest).statusCode()).as("signed out").isEqualTo(401);
        assertThat(officer.get(latest).statusCode()).as("another session of the same officer lives on").isEqualTo(200);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String code) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"status\":" + status, "\"code\":\"" + code + "\"");
    }

    private static final class AuditCsvHeader {
        static final String LINE = "leaf_index,time,type,actor_kind,actor,outcome,node,subject,detail";
    }

    /** Waits until every audit event is sequenced and covered by a signed head; returns the number of events. */
    private static long waitUntilSequencedAndSigned(RawSession officer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            long rows = Long.parseLong(officer.probe("countAll").substring(3));
            long sequenced = Long.parseLong(officer.probe("auditCount").substring(3));
            if (rows == sequenced && "ok:true".equals(officer.probe("auditVerify")) && headCovers(officer, sequenced)) {
                return sequenced;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("audit log not sequenced and signed in 30 s: " + rows + " rows, " + sequenced + " sequenced");
            }
            Thread.sleep(200);
        }
    }

    private static boolean headCovers(RawSession officer, long size) throws Exception {
        return ("ok:" + size).equals(officer.probe("headSize"));
    }

    private String pageReport() {
        return browser.findElement(By.cssSelector("[id='list:events'] .ui-paginator-current")).getText();
    }

    private List<String> columnTexts(int column) {
        return browser.findElements(By.cssSelector("[id='list:events_data'] tr td:nth-child(" + column + ")")).stream()
                .map(WebElement::getText).toList();
    }

    /** The last page each test saw, for reading after a failure. */
    @org.junit.jupiter.api.AfterEach
    void keepLastPage(org.junit.jupiter.api.TestInfo test) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "console-pages"));
        Files.writeString(dir.resolve(test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test") + ".html"),
                browser.getCurrentUrl() + "\n" + browser.getPageSource());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private void open(String path) {
        browser.get(base + path);
    }

    private void signIn(String user, String password) {
        open("console/login.xhtml");
        type("login:username", user);
        type("login:password", password);
        submit(By.id("login:submit"));
    }

    private void signOut() {
        submit(By.id("signout:logout"));
    }

    private void nav(String linkId) {
        WebElement link = browser.findElement(By.id(linkId));
        WebElement html = browser.findElement(By.tagName("html"));
        link.click();
        waitForNewPage(html);
    }

    private void fillSetup(String token, String user, String password, String repeat) {
        type("setup:token", token);
        type("setup:username", user);
        type("setup:password", password);
        type("setup:repeat", repeat);
        submit(By.id("setup:submit"));
    }

    private void createAccount(String user, String role, String password) {
        type("create:username", user);
        choose("create:role", role == null ? "" : role);
        type("create:password", password);
        submit(By.id("create:submit"));
    }

    private void changeOwnPassword(String current, String next, String repeat) {
        type("password:current", current);
        type("password:next", next);
        type("password:repeat", repeat);
        submit(By.id("password:submit"));
    }

    private void proposeMaxAttempts(String value) {
        type("propose:maxAttempts", value);
        submit(By.id("propose:submit"));
    }

    private void lookUp(String identifier) {
        type("lookup:identifier", identifier);
        submit(By.id("lookup:submit"));
    }

    private void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /** A PrimeFaces selectOneMenu: selects the option through the widget's own API ("" = the empty choice). */
    private void choose(String id, String value) {
        Object chosen = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "var w = PrimeFaces.getWidgetById(arguments[0]); w.selectValue(arguments[1]);"
                        + " return document.getElementById(arguments[0] + '_input').value;", id, value);
        assertThat(chosen).as("option " + value + " of " + id).isEqualTo(value);
    }

    private void submit(By button) {
        submit(browser.findElement(button));
    }

    private void submit(WebElement button) {
        WebElement html = browser.findElement(By.tagName("html"));
        button.click();
        waitForNewPage(html);
    }

    /** Until the old page is gone (Chromium may report a detached node either way) and the new one has loaded. */
    private static void waitForNewPage(WebElement oldHtml) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            try {
                oldHtml.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                return String.valueOf(e.getMessage()).contains("does not belong to the document");
            }
        });
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> "complete".equals(
                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** The error message PrimeFaces shows in the same field block as the input. */
    private String messageBeside(String inputId) {
        List<WebElement> messages = browser.findElements(By.xpath("//*[@id='" + inputId
                + "']/ancestor::div[contains(@class,'field')][1]//*[contains(@class,'ui-message-error')]"));
        if (messages.isEmpty()) {
            messages = browser.findElements(By.xpath("//*[@id='" + inputId + "' and contains(@class,'ui-message-error')]"));
        }
        assertThat(messages).as("a message beside " + inputId + " in " + browser.getCurrentUrl()).isNotEmpty();
        return messages.get(0).getText();
    }

    private static void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
