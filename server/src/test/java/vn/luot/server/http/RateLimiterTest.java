package vn.luot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RateLimiter: token buckets by key on an injected clock, with a bounded key map")
class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  @DisplayName("a burst passes, the next is told how long to wait, and tokens are earned back at the rate")
  void bucket() {
    RateLimiter limiter = new RateLimiter(2, 3, 100, now::get);
    for (int i = 0; i < 3; i++) assertEquals(0, limiter.acquire("K1"));
    long wait = limiter.acquire("K1");
    assertEquals(TimeUnit.MILLISECONDS.toNanos(500), wait, "one token per half second at 2/s");
    assertEquals(0, limiter.acquire("K2"), "keys are independent");

    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(499));
    assertTrue(limiter.acquire("K1") > 0);
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
    assertEquals(0, limiter.acquire("K1"));
    assertTrue(limiter.acquire("K1") > 0);

    now.addAndGet(TimeUnit.SECONDS.toNanos(60));
    for (int i = 0; i < 3; i++) assertEquals(0, limiter.acquire("K1"), "refills only up to the burst");
    assertTrue(limiter.acquire("K1") > 0);
  }

  @Test
  @DisplayName("wait() does not take; refund() gives one back; reset() forgets")
  void waitRefundReset() {
    RateLimiter limiter = new RateLimiter(0.001, 2, 100, now::get);
    assertEquals(0, limiter.wait("u"));
    limiter.acquire("u");
    limiter.acquire("u");
    assertTrue(limiter.wait("u") > 0);
    assertTrue(limiter.wait("u") > 0, "waiting takes nothing, and gives nothing either");
    limiter.refund("u");
    assertEquals(0, limiter.wait("u"));
    limiter.acquire("u");
    limiter.reset("u");
    assertEquals(0, limiter.acquire("u"));
    assertEquals(0, limiter.acquire("u"));
  }

  @Test
  @DisplayName("the key map never holds more than its bound: the least recently used key is dropped")
  void bounded() {
    RateLimiter limiter = new RateLimiter(0.001, 1, 3, now::get);
    for (int i = 0; i < 1000; i++) limiter.acquire("addr-" + i);
    assertEquals(3, limiter.keys());
    assertTrue(limiter.acquire("addr-999") > 0, "a recent key keeps its state");
    assertEquals(0, limiter.acquire("addr-0"), "a dropped key starts again with a full bucket");
    assertEquals(3, limiter.keys());
  }
}
