package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's first-render figures (issue 13, "Figures"): an organization with 10,000 keys and
 * a month of usage, the key list and a key page opened in headless Chromium, times read from the
 * page's Performance timeline. Not a test and not run by {@code verify} (its name does not end in
 * IT); run it alone:
 *
 * <pre>
 * ./mvnw -o -q -B package -DskipTests
 * ./mvnw -o -B -pl e2e-tests verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=DashboardRenderBenchmark -Dfailsafe.failIfNoSpecifiedTests=false [-Dbench.keys=10000 -Dbench.runs=5]
 * </pre>
 *
 * <p>Seeding: the keys are created through the command API (real events, real projection, 16
 * concurrent calls). The month of usage is written into the usage collection directly, as copies
 * of the documents the real pipeline wrote for one verified key (same fields, same ids as the
 * sink computes): a day window per key for each of the last 30 days, and for the key whose page is
 * opened also a minute window for each of the last 60 minutes and an hour window for each of the
 * last 48 hours; the organization gets the matching day and hour windows. Pushing 300,000 dated
 * attempts through Kafka Streams would reach the same documents but takes longer than the
 * benchmark's budget on this machine.
 *
 * <p>Figures: {@code keys-list-rendered} and {@code key-page-rendered} are {@code performance.mark}s
 * the page sets when the list's first page of rows, and the key's record, counters and three charts,
 * are in the DOM; their {@code startTime} is milliseconds since the navigation started (a full page
 * load: sign-in check, configuration, modules, API reads). {@code key-history-rendered} is when the
 * audit timeline (read from the event store) is in as well.
 */
class DashboardRenderBenchmark {

    static final int KEYS = Integer.getInteger("bench.keys", 10_000);
    static final int RUNS = Integer.getInteger("bench.runs", 5);
    static final long DAY = Duration.ofDays(1).toMillis();
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long MINUTE = Duration.ofMinutes(1).toMillis();

    @Test
    void firstRenderOfTheKeyListAndAKeyPage() throws Exception {
        try (LocalStack stack = new LocalStack(SharedStack.newDataDir("render-bench"))
                .withEnv("KEYLEDGER_KEYS_MAX_PER_ORGANIZATION", String.valueOf(KEYS + 100))
                .start()) {
            Api api = new Api(stack);
            String org = api.createOrganization("render benchmark", "enterprise");
            String reader = api.createKey(org, "dashboard reader", List.of("keys:read", "audit:read")).key();

            long t0 = System.nanoTime();
            List<String> ids = createKeys(api, org, KEYS);
            System.out.printf("seed: %d keys created through the command API in %.1f s%n", ids.size(), seconds(t0));
            t0 = System.nanoTime();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Http.get(stack.query("/v1/organizations/" + org + "/summary"), reader).body().at("/keys/total").asLong()
                            >= KEYS + 1);
            System.out.printf("seed: read model holds them %.1f s later%n", seconds(t0));

            // the key whose page is opened: the newest one (first row of the list), verified once for real
            Api.Key pageKey = api.createKey(org, "busy key", List.of("tasks:read"));
            assertThat(api.verify(pageKey.key(), List.of("tasks:read")).path("code").asText()).isEqualTo("VALID");
            t0 = System.nanoTime();
            long inserted = seedUsage(stack, org, ids, pageKey.id());
            System.out.printf("seed: %d usage documents written in %.1f s%n", inserted, seconds(t0));

            measure(stack, reader, pageKey.id());
        }
    }

    private static List<String> createKeys(Api api, String org, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger next = new AtomicInteger();
        List<Future<List<String>>> parts = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            parts.add(pool.submit(() -> {
                List<String> made = new ArrayList<>();
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    Map<String, Object> body = Map.of("name", "service " + i, "organization_id", org,
                            "permissions", List.of(i % 3 == 0 ? "tasks:*" : "tasks:read"),
                            "environment", i % 5 == 0 ? "test" : "live",
                            "owner", Map.of("type", "application", "id", "app-" + (i % 200)));
                    made.add(api.create(api.admin, body).id());
                }
                return made;
            }));
        }
        List<String> ids = new ArrayList<>(n);
        for (Future<List<String>> part : parts) {
            ids.addAll(part.get());
        }
        pool.shutdown();
        return ids;
    }

    /** Copies of the real windows of {@code pageKey} (and of the organization) for every key and period. */
    private static long seedUsage(LocalStack stack, String org, List<String> ids, String pageKey) {
        try (MongoClient client = Stores.mongo(stack)) {
            MongoCollection<Document> usage = usageCollection(client);
            await().atMost(Api.PROPAGATION).until(() -> usage.find(Filters.regex("_id", "^organization\\|" + org + "\\|hour\\|")).first() != null);
            await().atMost(Api.PROPAGATION).until(() -> usage.find(Filters.regex("_id", "^key\\|" + pageKey + "\\|day\\|")).first() != null);
            Document keyTemplate = usage.find(Filters.regex("_id", "^key\\|" + pageKey + "\\|day\\|")).first();
            Document orgTemplate = usage.find(Filters.regex("_id", "^organization\\|" + org + "\\|hour\\|")).first();
            long now = System.currentTimeMillis();
            Random random = new Random(13);
            List<Document> batch = new ArrayList<>();
            long written = 0;
            List<String> all = new ArrayList<>(ids);
            all.add(pageKey);
            long orgDay[] = new long[31];
            for (String id : all) {
                for (int d = 0; d <= 30; d++) {
                    long start = Math.floorDiv(now, DAY) * DAY - d * DAY;
                    int requests = id.equals(pageKey) ? 5_000 + random.nextInt(5_000) : random.nextInt(400);
                    orgDay[d] += requests;
                    batch.add(window(keyTemplate, "key", id, "day", start, DAY, requests, random));
                }
                written += flush(usage, batch, false);
            }
            for (int m = 0; m < 60; m++) {
                batch.add(window(keyTemplate, "key", pageKey, "minute", Math.floorDiv(now, MINUTE) * MINUTE - m * MINUTE,
                        MINUTE, random.nextInt(20), random));
            }
            for (int hr = 0; hr < 48; hr++) {
                long start = Math.floorDiv(now, HOUR) * HOUR - hr * HOUR;
                batch.add(window(keyTemplate, "key", pageKey, "hour", start, HOUR, 200 + random.nextInt(300), random));
                batch.add(window(orgTemplate, "organization", org, "hour", start, HOUR, 100_000 + random.nextInt(50_000), random));
            }
            for (int d = 0; d <= 30; d++) {
                batch.add(window(orgTemplate, "organization", org, "day", Math.floorDiv(now, DAY) * DAY - d * DAY, DAY,
                        (int) orgDay[d], random));
            }
            written += flush(usage, batch, true);
            return written;
        }
    }

    private static MongoCollection<Document> usageCollection(MongoClient client) {
        for (String name : client.listDatabaseNames()) {
            MongoDatabase db = client.getDatabase(name);
            for (String collection : db.listCollectionNames()) {
                if (collection.equals("usage")) {
                    return db.getCollection("usage");
                }
            }
        }
        throw new IllegalStateException("no usage collection in the read model");
    }

    /** A copy of {@code template} as the window {@code scope|subject|interval|start}, ~3 % of it denied. */
    private static Document window(Document template, String scope, String subject, String interval, long start,
                                   long size, int requests, Random random) {
        Document doc = new Document(template);
        int denied = requests == 0 ? 0 : random.nextInt(Math.max(1, requests / 30));
        doc.put("_id", scope + "|" + subject + "|" + interval + "|" + start);
        doc.put("subject", subject);
        doc.put("interval", interval);
        doc.put("start", new Date(start));
        doc.put("end", new Date(start + size));
        doc.put("requests", (long) requests);
        doc.put("allowed", (long) (requests - denied));
        doc.put("denied", (long) denied);
        doc.put("byCode", new Document("VALID", (long) (requests - denied)).append("FORBIDDEN", (long) denied));
        doc.put("lastAt", new Date(Math.min(start + size - 1, System.currentTimeMillis())));
        return doc;
    }

    /** Inserts the batch once it is large (or when told to); a window the pipeline already wrote is kept. */
    private static long flush(MongoCollection<Document> usage, List<Document> batch, boolean force) {
        if (batch.isEmpty() || !force && batch.size() < 5_000) {
            return 0;
        }
        long n = batch.size();
        try {
            usage.insertMany(batch, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException duplicates) {
            n -= duplicates.getWriteErrors().size();
        }
        batch.clear();
        return n;
    }

    private static void measure(LocalStack stack, String reader, String pageKey) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(stack.query("/").toString());
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")))
                    .sendKeys(reader);
            driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(
                    ExpectedConditions.presenceOfElementLocated(By.cssSelector("#keys-table tbody tr")));
            List<double[]> list = new ArrayList<>();
            List<double[]> page = new ArrayList<>();
            // run 0 warms the JVMs and the browser's module cache up; it is printed, not counted
            for (int run = 0; run <= RUNS; run++) {
                double[] l = load(driver, stack.query("/") + "#/keys", "keys-list-rendered", null);
                double[] k = load(driver, stack.query("/") + "#/keys/" + pageKey, "key-page-rendered", "key-history-rendered");
                System.out.printf("run %d%s: key list rendered %.0f ms (DOMContentLoaded %.0f ms); key page rendered %.0f ms,"
                        + " with its audit timeline %.0f ms (DOMContentLoaded %.0f ms)%n", run, run == 0 ? " (warm-up)" : "",
                        l[0], l[2], k[0], k[1], k[2]);
                if (run > 0) {
                    list.add(l);
                    page.add(k);
                }
            }
            System.out.printf("keys in the organization: %d; runs: %d%n", KEYS + 2, RUNS);
            System.out.printf("key list first render: median %.0f ms, max %.0f ms%n", median(list, 0), max(list, 0));
            System.out.printf("key page first render: median %.0f ms, max %.0f ms; with the audit timeline: median %.0f ms,"
                    + " max %.0f ms%n", median(page, 0), max(page, 0), median(page, 1), max(page, 1));
        } finally {
            driver.quit();
        }
    }

    /** A full load of {@code url}; the mark's (and the second mark's) time since navigation start, and DOMContentLoaded. */
    private static double[] load(ChromeDriver driver, String url, String mark, String second) {
        driver.get("about:blank");
        driver.get(url);
        JavascriptExecutor js = driver;
        String read = "const e = performance.getEntriesByName(arguments[0]); return e.length ? e[0].startTime : null;";
        Number first = new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> (Number) js.executeScript(read, mark));
        Number then = second == null ? first
                : new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> (Number) js.executeScript(read, second));
        Number dcl = (Number) js.executeScript(
                "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;");
        if (mark.equals("keys-list-rendered")) {
            assertThat(driver.findElements(By.cssSelector("#key-rows tr"))).as("the first page's rows").hasSize(50);
        }
        return new double[] {first.doubleValue(), then.doubleValue(), dcl.doubleValue()};
    }

    private static double median(List<double[]> runs, int i) {
        double[] v = runs.stream().mapToDouble(r -> r[i]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double max(List<double[]> runs, int i) {
        return runs.stream().mapToDouble(r -> r[i]).max().orElse(Double.NaN);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
