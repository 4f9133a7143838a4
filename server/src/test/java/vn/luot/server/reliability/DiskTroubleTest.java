package vn.luot.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.Api;
import vn.luot.server.support.ServerProcess;

/**
 * The data folder on a real small filesystem that fills up, or that the kernel turns read-only after an error:
 * issuing answers a clear 503 and writes nothing, the server stays up and says so on /health, and once the disk is
 * writable again numbering carries on with no number lost or repeated. Needs root (it mounts a tmpfs and a
 * loop-mounted ext4 image); without it the test is skipped with the LUOT-MISSING-TOOL marker, which CI turns into
 * a failure.
 */
@DisplayName("A data folder whose disk fills up or turns read-only")
class DiskTroubleTest {
  static final String MISSING = "LUOT-MISSING-TOOL: mount (DiskTroubleTest needs root to mount a tmpfs and a loop"
      + " device; run the tests as root)";
  private static final List<String> SERVER_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  @TempDir Path dir;
  private Path disk;
  private boolean mounted;
  private final List<ServerProcess> started = new ArrayList<>();

  @BeforeEach
  void makeMountPoint() throws IOException {
    disk = Files.createDirectory(dir.resolve("disk"));
  }

  /** Servers first (they hold files on the mount), then the mount, whatever happened in the test. */
  @AfterEach
  void cleanUp() {
    started.forEach(ServerProcess::close);
    if (mounted) {
      String failed = run("umount", disk.toString());
      if (failed != null) System.out.println("could not unmount " + disk + ": " + failed);
    }
  }

  @Test
  @DisplayName("when the disk fills up: 503 SERVICE_UNAVAILABLE, nothing written, and it carries on once space returns")
  void diskFull() throws Exception {
    mountOrSkip("mount", "-t", "tmpfs", "-o", "size=8m,mode=0755", "luot-disk-full", disk.toString());
    Path data = disk.resolve("data");
    ServerProcess server = start(data);
    Api api = server.api();
    List<String> numbers = issueThree(api);
    String clerk = callOne(api);

    long filled = fill(disk.resolve("filler"));
    // SQLite may still reuse WAL pages it already holds: those issues are durable and answered. The first that
    // needs a new block of disk is refused.
    int before = numbers.size();
    Api.Response refused = issueUntilRefused(api, numbers);
    System.out.printf("disk full after %d bytes of filler; %d more tickets fitted in space SQLite held; log: %s%n",
        filled, numbers.size() - before, storageLogLine(server));
    assertStorageRefusal(refused, "disk full after " + filled + " bytes of filler");
    assertStillRefusedAndUp(api, clerk, "DISK_FULL");
    List<Long> seqsWhileFull = JournalFiles.seqs(data);
    assertSeqsContiguous(seqsWhileFull);

    Files.delete(disk.resolve("filler"));
    assertCarriesOn(api, clerk, numbers);
    server.stop();
    assertJournalWhole(data, numbers);
  }

  /**
   * A live filesystem cannot be remounted read-only while files on it are open for writing (the kernel answers
   * EBUSY), so the journal's disk turns read-only the way it does in production: ext4 (errors=remount-ro, Debian's
   * default) meets an error and the kernel stops all writes to it. That lasts until the filesystem is unmounted:
   * the operator stops the server, checks the disk, mounts it and starts the server again.
   */
  @Test
  @DisplayName("when the kernel turns the disk read-only: 503 SERVICE_UNAVAILABLE, nothing lost, and after a disk"
      + " check and restart it carries on")
  void diskTurnsReadOnly() throws Exception {
    Path image = dir.resolve("ext4.img");
    String made = run("truncate", "-s", "64M", image.toString());
    if (made == null) made = run("mkfs.ext4", "-q", "-F", image.toString());
    if (made != null) skip(made);
    mountOrSkip("mount", "-o", "loop,errors=remount-ro", image.toString(), disk.toString());
    Path data = disk.resolve("data");
    ServerProcess server = start(data);
    Api api = server.api();
    List<String> numbers = issueThree(api);
    String clerk = callOne(api);

    triggerFilesystemError();
    Api.Response refused = issueDd(api);
    System.out.println("read-only disk; log: " + storageLogLine(server));
    assertStorageRefusal(refused, "read-only disk");
    assertStillRefusedAndUp(api, clerk, "READ_ONLY");
    assertEquals(2, api.waiting("DD"), "the queue the server shows is the durable one (A001 called; A002, A003)");
    assertNotEquals(ServerProcess.SIGKILL_EXIT, server.stop(), "the server stops on SIGTERM\n" + server.logTail());

    // What an operator does: unmount, check the filesystem, mount it again, start the server.
    assertNull(run("umount", disk.toString()), "unmount the read-only disk");
    mounted = false;
    String checked = run("e2fsck", "-f", "-y", image.toString());
    assertTrue(checked == null || checked.contains(" exited 1:"), "e2fsck finds nothing or repairs: " + checked);
    mountOrSkip("mount", "-o", "loop,errors=remount-ro", image.toString(), disk.toString());
    server = start(data);
    api = server.api();
    assertCarriesOn(api, api.login("clerk1"), numbers);
    server.stop();
    assertJournalWhole(data, numbers);
  }

  // ---- steps ----

  private ServerProcess start(Path data) {
    ServerProcess s = ServerProcess.start(data, dir.resolve("server.log"), SERVER_JVM);
    started.add(s);
    return s;
  }

  private static List<String> issueThree(Api api) {
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 3; i++) numbers.add(api.issue("DD").getString("number"));
    return numbers;
  }

  /** clerk1 signs in and calls A001 at counter 1; the clerk's token. */
  private static String callOne(Api api) {
    String clerk = api.login("clerk1");
    assertEquals(200, api.counter("1", "call-next", clerk).status());
    return clerk;
  }

  /** Tells ext4 an error happened (its sysfs test hook), as a failing disk would; errors=remount-ro does the rest. */
  private void triggerFilesystemError() throws IOException {
    String source = output("findmnt", "-n", "-o", "SOURCE", disk.toString()).trim();
    Path hook = Path.of("/sys/fs/ext4", Path.of(source).getFileName().toString(), "trigger_fs_error");
    if (!Files.exists(hook)) skip("no " + hook + " (ext4's error hook)");
    Files.writeString(hook, "1");
    assertNotNull(run("touch", disk.resolve("probe").toString()), "the disk refuses writes now");
  }

  /** Issues DD tickets (noting the numbers answered) until one is refused; that refusal. */
  private static Api.Response issueUntilRefused(Api api, List<String> numbers) {
    for (int i = 0; i < 5_000; i++) {
      Api.Response r = issueDd(api);
      if (r.status() != 201) return r;
      numbers.add(r.json().getString("number"));
    }
    return fail("5000 tickets issued on a full disk");
  }

  /** A 503 with the stable code and the translated message (Vietnamese by default). */
  private static void assertStorageRefusal(Api.Response r, String when) {
    assertEquals(503, r.status(), when + ": " + r.body());
    assertEquals("SERVICE_UNAVAILABLE", r.errorCode(), when);
    String message = r.json().getJsonObject("error").getString("message");
    assertTrue(message.startsWith("Hệ thống tạm thời không ghi được dữ liệu"), "Vietnamese message: " + message);
  }

  /**
   * Refused again (issues, in English on request, and a clerk's call) while the disk stays as it is; /health says
   * DEGRADED and why; screens and kiosks still read the queue.
   */
  private static void assertStillRefusedAndUp(Api api, String clerk, String failure) {
    for (int i = 0; i < 3; i++) assertStorageRefusal(issueDd(api), "issue " + (i + 2) + " on the same disk");
    Api.Response english = api.send(HttpRequest.newBuilder(api.uri("/api/centers/default/tickets"))
        .header("Content-Type", "application/json").header("Accept-Language", "en")
        .POST(HttpRequest.BodyPublishers.ofString(ticketBody())), null);
    assertEquals(503, english.status(), english.body());
    assertTrue(english.json().getJsonObject("error").getString("message").startsWith("The system cannot record data"),
        english.body());
    Api.Response call = api.counter("1", "call-next", clerk);
    assertEquals(503, call.status(), "a call is refused too: " + call.body());

    Api.Response health = api.get("/health");
    assertEquals(200, health.status(), "reads still work, so the node stays in rotation: " + health.body());
    assertEquals("DEGRADED", health.json().getString("status"), health.body());
    assertEquals("FAILING", health.json().getString("writes"), health.body());
    assertEquals(failure, health.json().getString("writeFailure"), health.body());
    Api.Response center = api.get("/api/centers/default");
    assertEquals(200, center.status(), "screens and kiosks still read the queue: " + center.body());
  }

  /**
   * Issuing works again (the first try may meet the reload its refusal started), with the next number: the refused
   * issues used none up. Clerks call again, and /health is UP.
   */
  private static void assertCarriesOn(Api api, String clerk, List<String> numbers) throws InterruptedException {
    Api.Response next = api.issueOnceStorageIsBack("DD", Duration.ofSeconds(30));
    assertEquals(201, next.status(), "an issue is accepted once the disk is writable again: " + next.body());
    assertEquals(String.format("A%03d", numbers.size() + 1), next.json().getString("number"),
        "no number was used up by the refused issues (" + numbers.size() + " answered before)");
    numbers.add(next.json().getString("number"));
    assertEquals(200, api.counter("1", "call-next", clerk).status(), "clerks can call again");
    Api.Response health = api.get("/health");
    assertEquals(200, health.status());
    assertEquals("UP", health.json().getString("status"), "the first write that succeeds clears it: " + health.body());
    assertEquals("UP", health.json().getString("writes"), health.body());
  }

  /**
   * The journal runs seq 1..N; the tickets table holds exactly the answered DD tickets, numbered A001 on with no
   * gap; and it is the journal replayed.
   */
  private void assertJournalWhole(Path data, List<String> numbers) {
    assertSeqsContiguous(JournalFiles.seqs(data));
    List<String> inTable = JournalFiles.ticketTable(data).stream().map(r -> (String) r.get("number")).sorted().toList();
    assertEquals(numbers, inTable, "the tickets table holds exactly the answered tickets");
    for (int i = 0; i < numbers.size(); i++) {
      assertEquals(String.format("A%03d", i + 1), numbers.get(i), "DD numbers run on with no gap");
    }
    JournalFiles.assertTicketsAreTheJournalReplayed(data, dir.resolve("replay"));
  }

  private static void assertSeqsContiguous(List<Long> seqs) {
    assertEquals(LongStream.rangeClosed(1, seqs.size()).boxed().toList(), seqs, "journal seqs run 1..N with no gap");
  }

  /** The server log's first line naming SQLite's error, as an operator would find it. */
  private static String storageLogLine(ServerProcess server) {
    return String.join("\n  ", server.logTail().lines().filter(l -> l.contains("SQLITE_") || l.contains("SEVERE")
        || l.contains("WARNING")).limit(8).toList());
  }

  private static Api.Response issueDd(Api api) {
    return api.post("/api/centers/default/tickets", ticketBody());
  }

  private static String ticketBody() {
    return new JsonObject().put("field", "DD").put("kiosk", "K1").encode();
  }

  /** Writes a filler file until the filesystem says it is full; its size. */
  private static long fill(Path filler) {
    byte[] chunk = new byte[64 * 1024];
    long written = 0;
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
        written += chunk.length;
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) throw new UncheckedIOException(full);
    }
    return written;
  }

  // ---- mounting and commands ----

  private void mountOrSkip(String... command) {
    if (!"root".equals(System.getProperty("user.name"))) skip("not root");
    String failure = run(command);
    if (failure != null) skip(failure);
    mounted = true;
  }

  private static void skip(String why) {
    System.out.println(MISSING + ": " + why);
    Assumptions.abort(MISSING + ": " + why);
  }

  /** Runs a command; null when it succeeded, else what went wrong with its output. */
  static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + " did not finish";
      }
      return p.exitValue() == 0 ? null : String.join(" ", command) + " exited " + p.exitValue() + ": " + out.trim();
    } catch (IOException e) {
      return String.join(" ", command) + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The output of a command that must succeed. */
  private static String output(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out;
  }
}
