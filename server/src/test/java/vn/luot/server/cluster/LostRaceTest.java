package vn.luot.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.Api;
import vn.luot.server.support.Postgres;
import vn.luot.server.support.TestServer;

/**
 * Two servers on one PostgreSQL journal and nothing telling either of the other's appends (no cluster bus): the worst case of a
 * lost hint or a split. Every append of the slower one loses its seq on the journal's key; its engine catches up
 * from the journal and decides again, so every client still gets its ticket, and the numbers stay unique.
 */
@DisplayName("Engines that lose the race for a seq")
class LostRaceTest {
  @TempDir Path dir;
  static Postgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) postgres.close();
  }

  @Test
  @DisplayName("two servers issuing at once on one journal: every issue answered 201, numbers exactly A001…A060")
  void twoServersOneJournal() throws Exception {
    int perServer = 30;
    String url = postgres.url(postgres.newDatabase());
    try (TestServer a = TestServer.startOnPostgres(url, dir.resolve("a"));
         TestServer b = TestServer.startOnPostgres(url, dir.resolve("b"))) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<String>> numbers = new ArrayList<>();
        for (int i = 0; i < perServer; i++) {
          for (Api api : List.of(a.api(), b.api())) numbers.add(pool.submit(() -> api.issue("DD").getString("number")));
        }
        TreeSet<String> issued = new TreeSet<>();
        for (Future<String> n : numbers) issued.add(n.get(60, TimeUnit.SECONDS));
        TreeSet<String> expected = new TreeSet<>();
        for (int i = 1; i <= 2 * perServer; i++) expected.add(String.format("A%03d", i));
        assertEquals(expected, issued, "each number once, none skipped");
        // Both engines now agree with the journal: the next issue on either follows on.
        assertEquals(String.format("A%03d", 2 * perServer + 1), b.api().issue("DD").getString("number"));
        assertEquals(String.format("A%03d", 2 * perServer + 2), a.api().issue("DD").getString("number"));
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
