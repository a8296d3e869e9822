package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard (issue 13) in the system's headless Chromium against the real local stack: sign
 * in, create a key and read its plaintext from the dialog, verify it at the validator, see its
 * request counted on its page, rotate with grace (both secrets verify), revoke with the typed
 * confirmation, export the audit, and a stale page's edit gets the conflict message. Selenium
 * Manager never runs: the driver executable is given. A failing test leaves a screenshot under
 * {@code target/}.
 */
@ExtendWith(SharedStack.class)
@ExtendWith(DashboardIT.Screenshots.class)
@Order(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static WebDriver driver;

    private LocalStack stack;
    private Api api;
    private String org;
    private String manager;

    @BeforeAll
    void start(LocalStack stack) {
        this.stack = stack;
        this.api = new Api(stack);
        this.org = api.createOrganization("dashboard", "professional");
        this.manager = api.createKey(org, "dashboard manager", List.of("keys:write", "keys:read", "audit:read")).key();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @Order(1)
    void aWrongKeyGetsAClearMessageAndTheRightOneShowsItsPermissions() {
        open();
        signIn("kl_live_not_a_key_at_all_0000000000");
        assertThat(waitFor(By.id("error")).getText()).contains("not accepted");
        signIn(manager);
        assertThat(waitFor(By.id("perms")).getText()).contains("keys:write", "keys:read", "audit:read");
        awaitListed("dashboard manager");
        Object stored = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return document.cookie + '|' + location.href");
        assertThat(String.valueOf(stored)).doesNotContain(manager);
    }

    @Test
    @Order(2)
    void createVerifyCountRotateWithGraceAndRevoke() throws Exception {
        openSignedIn();
        waitFor(By.id("create-key")).click();
        waitFor(By.id("f-name")).sendKeys("made in the browser");
        driver.findElement(By.id("f-permissions")).sendKeys("tasks:read");
        driver.findElement(By.id("create-submit")).click();
        String plaintext = waitFor(By.id("plaintext-key")).getText();
        assertThat(text("#dialog")).contains("will not be shown again");
        assertThat(plaintext).startsWith("kl_live_");
        SharedStack.remember(plaintext);
        driver.findElement(By.id("close-secret")).click();
        assertThat(driver.findElements(By.id("plaintext-key"))).as("closing forgets the plaintext").isEmpty();

        await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(200))
                .until(() -> api.verify(plaintext, List.of("tasks:read")).path("code").asText(), "VALID"::equals);

        // the key's page counts the request (counters refresh every 5 s)
        awaitListed("made in the browser");
        driver.findElement(By.linkText("made in the browser")).click();
        new WebDriverWait(driver, Duration.ofSeconds(90)).until(
                ExpectedConditions.textMatches(By.id("counters"), java.util.regex.Pattern.compile("Requests today: [1-9]")));
        screenshot("docs-key-page");

        // rotate with 15 minutes of grace: both secrets verify
        click(By.xpath("//button[text()='Rotate']"));
        waitFor(By.cssSelector("#rotate-form input[value='900']")).click();
        driver.findElement(By.cssSelector("#rotate-form button[type=submit]")).click();
        String rotated = waitFor(By.id("plaintext-key")).getText();
        SharedStack.remember(rotated);
        assertThat(rotated).isNotEqualTo(plaintext);
        driver.findElement(By.id("close-secret")).click();
        await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(200))
                .until(() -> api.verify(rotated, List.of("tasks:read")).path("code").asText(), "VALID"::equals);
        assertThat(api.verify(plaintext, List.of("tasks:read")).path("code").asText()).isEqualTo("VALID");

        // revoke: a wrong confirmation changes nothing, the key's name revokes it
        click(By.xpath("//button[text()='Revoke']"));
        waitFor(By.id("revoke-confirm")).sendKeys("not the name");
        driver.findElement(By.cssSelector("#revoke-form button[type=submit]")).click();
        assertThat(text("#status")).contains("does not match");
        WebElement confirm = driver.findElement(By.id("revoke-confirm"));
        confirm.clear();
        confirm.sendKeys("made in the browser");
        driver.findElement(By.cssSelector("#revoke-form button[type=submit]")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-record"), "revoked"));
        await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(200))
                .until(() -> api.verify(rotated, List.of("tasks:read")).path("code").asText(), "REVOKED"::equals);
    }

    @Test
    @Order(3)
    void aStalePagesEditGetsTheConflictMessage() {
        Api.Key key = api.createKey(org, "stale target", List.of("tasks:read"));
        openSignedIn();
        driver.get(stack.query("/").toString() + "#/keys/" + key.id());
        waitFor(By.xpath("//button[text()='Edit']"));
        // someone else changes the key behind the page's back
        Http.Answer other = Http.patch(stack.command("/v1/api-keys/" + key.id()), manager, Map.of("name", "changed elsewhere"));
        assertThat(other.status()).as(other.raw().body()).isEqualTo(200);
        click(By.xpath("//button[text()='Edit']"));
        WebElement name = waitFor(By.id("f-name"));
        name.clear();
        name.sendKeys("changed here");
        driver.findElement(By.id("edit-submit")).click();
        assertThat(waitFor(By.id("error")).getText()).contains("changed meanwhile");
    }

    @Test
    @Order(4)
    void theAuditExportDownloadsAFile() {
        openSignedIn();
        driver.get(stack.query("/").toString() + "#/audit");
        new Select(waitFor(By.id("export-format"))).selectByValue("ndjson");
        driver.findElement(By.id("export-submit")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textMatches(By.id("status"),
                java.util.regex.Pattern.compile("Exported [1-9][0-9]* bytes")));
        assertThat(driver.findElement(By.id("export-link")).getAttribute("download")).endsWith(".ndjson");
    }

    @Test
    @Order(5)
    void aPhoneWidthScreenStillShowsTheList() throws Exception {
        openSignedIn();
        screenshot("docs-key-list");
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            driver.navigate().refresh();
            assertThat(waitFor(By.cssSelector("#keys-table tbody tr")).isDisplayed()).isTrue();
            assertThat(text("#keys-table")).contains("dashboard manager");
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    @Order(6)
    void theOverviewShowsKeysByStatusTrafficMostUsedAndExpiringKeys() {
        Api.Key expiring = api.create(api.admin, Map.of("name", "expires soon", "organization_id", org,
                "permissions", List.of("tasks:read"), "expires_at", Instant.now().plus(Duration.ofDays(10)).toString()));
        openSignedIn();
        // the most used keys come from the attempt stream, the expiring key from the read model: reload until both show
        String[] seen = {"", ""};
        try {
            new WebDriverWait(driver, Duration.ofSeconds(90), Duration.ofSeconds(2)).until(d -> {
                d.get(stack.query("/").toString() + "#/overview?t=" + System.nanoTime());
                try {
                    new WebDriverWait(d, Duration.ofSeconds(10)).until(x -> x.findElements(By.cssSelector("#view li.loading")).isEmpty()
                            && !x.findElements(By.id("expiring")).isEmpty());
                } catch (RuntimeException e) {
                    return false;
                }
                seen[0] = d.findElement(By.id("top-keys")).getText();
                seen[1] = d.findElement(By.id("expiring")).getText();
                return seen[0].contains("made in the browser") && seen[1].contains("expires soon");
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("most used keys: [" + seen[0] + "]; expiring: [" + seen[1] + "]", e);
        }
        assertThat(text("#keys-by-status")).contains("revoked 1", "active");
        assertThat(driver.findElements(By.cssSelector("#view figure.chart svg"))).hasSize(2);
        assertThat(text("#expiring")).doesNotContain("dashboard manager");
        assertThat(driver.findElement(By.linkText("expires soon")).getAttribute("href")).endsWith("#/keys/" + expiring.id());
    }

    @Test
    @Order(7)
    void anAdminSeesEveryProjectionWithItsProgress() {
        signOutIfSignedIn();
        open();
        signIn(api.admin);
        driver.get(stack.query("/").toString() + "#/admin");
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textMatches(By.id("progress-text-keys-read-model"),
                java.util.regex.Pattern.compile("(up_to_date|catching_up|rebuilding) · [0-9]+ / [0-9]+")));
        assertThat(driver.findElements(By.cssSelector("#projections tbody tr"))).hasSize(3);
        assertThat(driver.findElement(By.id("rebuild-audit-index")).isEnabled()).isTrue();
        signOutIfSignedIn();
    }

    /** axe-core on the pages a person uses most: no "serious" or "critical" violation. */
    @Test
    @Order(8)
    void theSignInPageKeyListCreateDialogAndKeyPageHaveNoSeriousAccessibilityViolations() {
        signOutIfSignedIn();
        open();
        assertAccessible("the sign-in page");
        signIn(manager);
        awaitListed("dashboard manager");
        assertAccessible("the key list");
        waitFor(By.id("create-key")).click();
        waitFor(By.id("f-name"));
        assertAccessible("the create dialog");
        closeDialogs();
        driver.findElement(By.linkText("dashboard manager")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textMatches(By.id("counters"),
                java.util.regex.Pattern.compile("Requests today: [0-9]+")));
        waitFor(By.cssSelector("#timeline li"));
        assertAccessible("the key page");
        // the check can fail: an image without a text alternative is a critical violation
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "const i = document.createElement('img'); i.src = 'data:,'; document.querySelector('#view').append(i);");
        assertThat(new AxeBuilder().analyze(driver).getViolations()).extracting(Rule::getId).contains("image-alt");
    }

    /** The navigation's other pages read the command API; an answer the key may not get shows its problem detail. */
    @Test
    @Order(10)
    void keyRequestsListAndWebhooksShowTheCommandApisAnswer() {
        openSignedIn();
        driver.findElement(By.linkText("Key requests")).click();
        assertThat(waitFor(By.id("key-requests")).getText()).contains("Status");
        driver.findElement(By.linkText("Webhooks")).click();
        assertThat(waitFor(By.id("error")).getText()).contains("webhooks:read");
    }

    /**
     * The README's two screenshots, at 1280×800, only when asked for:
     * {@code -Ddashboard.screenshots=true} writes {@code docs/dashboard-keys.png} and
     * {@code docs/dashboard-key.png} (see query-service/README.md).
     */
    @Test
    @Order(9)
    void screenshotsForTheReadme() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("dashboard.screenshots"),
                "screenshots only with -Ddashboard.screenshots=true");
        Api.Key busy = api.createKey(org, "checkout service", List.of("orders:read", "orders:write", "payments:read"));
        api.createKey(org, "nightly export job", List.of("reports:read"));
        api.create(api.admin, Map.of("name", "mobile app (staging)", "organization_id", org, "environment", "test",
                "permissions", List.of("orders:read"), "owner", Map.of("type", "application", "id", "mobile-app"),
                "expires_at", Instant.now().plus(Duration.ofDays(21)).toString()));
        api.create(api.admin, Map.of("name", "partner integration", "organization_id", org,
                "permissions", List.of("orders:*"), "owner", Map.of("type", "user", "id", "ana@example.com"),
                "rate_limit", Map.of("per_minute", 100)));
        for (int i = 0; i < 12; i++) {
            api.verify(busy.key(), List.of(i % 4 == 0 ? "payments:write" : "orders:read"));
        }
        signOutIfSignedIn();
        openSignedIn();
        awaitListed("partner integration");
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        try {
            Path docs = Path.of(System.getProperty("keyledger.home", ".."), "docs");
            new WebDriverWait(driver, Duration.ofSeconds(90), Duration.ofSeconds(2)).until(d -> {
                d.navigate().refresh();
                return new WebDriverWait(d, WAIT).until(x -> x.findElements(By.cssSelector("#key-rows tr")).size() >= 5
                        && x.findElement(By.xpath("//tr[td/a[text()='checkout service']]/td[@class='today']")).getText().matches("[1-9][0-9]*"));
            });
            save(docs.resolve("dashboard-keys.png"));
            driver.findElement(By.linkText("checkout service")).click();
            new WebDriverWait(driver, Duration.ofSeconds(90)).until(ExpectedConditions.textMatches(By.id("counters"),
                    java.util.regex.Pattern.compile("Requests today: 1[2-9]")));
            waitFor(By.cssSelector("#timeline li"));
            save(docs.resolve("dashboard-key.png"));
            for (String name : List.of("dashboard-keys.png", "dashboard-key.png")) {
                java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(docs.resolve(name).toFile());
                assertThat(image.getWidth() + "x" + image.getHeight()).as(name).isEqualTo("1280x800");
            }
        } finally {
            ((ChromeDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private static void save(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Keyboard only: Enter opens the create dialog, Escape closes and empties it; no request left for another host. */
    @Test
    @Order(11)
    void theKeyboardOpensAndClosesTheCreateDialogAndNoRequestGoesElsewhere() {
        openSignedIn();
        waitFor(By.id("create-key")).sendKeys(Keys.ENTER);
        waitFor(By.id("f-name")).sendKeys("typed only");
        driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        new WebDriverWait(driver, WAIT).until(d -> !(Boolean) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return document.getElementById('dialog').open"));
        assertThat(driver.findElements(By.id("f-name"))).as("closing empties the dialog").isEmpty();
        Object hosts = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).origin))]");
        String commandOrigin = stack.command("/").toString().replaceAll("/$", "");
        String queryOrigin = stack.query("/").toString().replaceAll("/$", "");
        assertThat((List<?>) hosts).isNotEmpty().allSatisfy(origin ->
                assertThat(List.of(commandOrigin, queryOrigin)).contains(String.valueOf(origin)));
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Runs axe-core 4.10 (every rule it has) on the page as it stands and fails on serious or critical findings. */
    private static void assertAccessible(String page) {
        Results results = new AxeBuilder().analyze(driver);
        assertThat(results.getPasses()).as("axe-core ran on " + page).isNotEmpty();
        List<String> serious = new java.util.ArrayList<>();
        System.out.printf("axe-core on %s: %d rules passed, violations: %s%n", page, results.getPasses().size(),
                results.getViolations().stream().map(r -> r.getId() + " (" + r.getImpact() + ", " + r.getNodes().size() + ")").toList());
        for (Rule rule : results.getViolations()) {
            if ("serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())) {
                for (CheckedNode node : rule.getNodes()) {
                    serious.add(rule.getImpact() + " " + rule.getId() + " (" + rule.getHelp() + ") at "
                            + node.getTarget() + ": " + node.getHtml());
                }
            }
        }
        assertThat(serious).as("serious or critical axe-core violations on " + page).isEmpty();
    }

    /** Clicks what {@code by} finds, finding it again if the page re-rendered it in between. */
    private static void click(By by) {
        new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
                    if (element == null) {
                        return false;
                    }
                    element.click();
                    return true;
                });
    }

    private void signOutIfSignedIn() {
        closeDialogs();
        if (!driver.findElements(By.id("sign-out")).isEmpty() && driver.findElement(By.id("sign-out")).isDisplayed()) {
            driver.findElement(By.id("sign-out")).click();
        }
    }

    private static void closeDialogs() {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "document.querySelectorAll('dialog[open]').forEach(d => d.close())");
    }

    private void open() {
        driver.get(stack.query("/").toString());
        waitFor(By.id("api-key"));
    }

    private void openSignedIn() {
        // a dialog a former test left open would cover the page (and a hash change does not reload it)
        closeDialogs();
        driver.get(stack.query("/").toString() + "#/keys");
        if (!driver.findElements(By.id("api-key")).isEmpty() && driver.findElement(By.id("api-key")).isDisplayed()) {
            signIn(manager);
        }
        waitFor(By.cssSelector("#keys-table tbody tr"));
    }

    /**
     * The list is read from the read model, which follows the command side, and its rows come after
     * the table: wait for the key's row, reloading the page while it is not there.
     */
    private static void awaitListed(String name) {
        new WebDriverWait(driver, WAIT, Duration.ofSeconds(1)).until(d -> {
            if (d.findElements(By.linkText(name)).isEmpty()) {
                d.navigate().refresh();
                return false;
            }
            return true;
        });
    }

    private void signIn(String key) {
        WebElement input = waitFor(By.id("api-key"));
        input.clear();
        input.sendKeys(key);
        driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("error")).isDisplayed()
                || d.findElement(By.id("who")).isDisplayed());
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static String text(String css) {
        return waitFor(By.cssSelector(css)).getText();
    }

    static void screenshot(String name) throws IOException {
        Path target = Path.of("target", name + ".png");
        Files.createDirectories(target.getParent());
        File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A screenshot of the page as it stood when a test failed. */
    static final class Screenshots implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver != null) {
                try {
                    screenshot("DashboardIT-" + context.getRequiredTestMethod().getName());
                } catch (IOException | RuntimeException e) {
                    cause.addSuppressed(e);
                }
            }
        }
    }
}
