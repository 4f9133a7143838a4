package vn.luot.server.http;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a kiosk, an address, a username): each key holds up to {@code burst} tokens and earns
 * {@code perSecond} back. Pure and thread-safe (one instance serves every event loop of a node). The map is bounded:
 * when full, the least recently used key is dropped, which at worst forgives a forgotten client, never blocks a new
 * one, so memory cannot grow with the number of addresses an attacker can forge.
 */
public final class RateLimiter {
  private final double perNano;
  private final double burst;
  private final int maxKeys;
  private final LongSupplier nanoTime;
  private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

  private static final class Bucket {
    double tokens;
    long at;
  }

  /**
   * @param perSecond tokens earned back per second (may be fractional: 5 per 300 s is 1/60)
   * @param burst     the most tokens a key can hold, and what a new key starts with
   * @param maxKeys   the most keys remembered
   * @param nanoTime  the clock ({@code System::nanoTime}; a test passes its own)
   */
  public RateLimiter(double perSecond, int burst, int maxKeys, LongSupplier nanoTime) {
    if (perSecond <= 0 || burst < 1 || maxKeys < 1) throw new IllegalArgumentException("rate, burst and keys must be positive");
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.maxKeys = maxKeys;
    this.nanoTime = nanoTime;
  }

  /** Takes one token of {@code key}: 0 when granted, else the nanoseconds until one is earned back. */
  public synchronized long acquire(String key) {
    Bucket b = refill(key);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano));
  }

  /** Like {@link #acquire} without taking: 0 when a token is there. */
  public synchronized long wait(String key) {
    Bucket b = refill(key);
    return b.tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano));
  }

  /** Gives back one token (an attempt that turned out fine). */
  public synchronized void refund(String key) {
    Bucket b = refill(key);
    b.tokens = Math.min(burst, b.tokens + 1);
  }

  /** Forgets {@code key}: it starts again with a full bucket. */
  public synchronized void reset(String key) {
    buckets.remove(key);
  }

  public synchronized int keys() {
    return buckets.size();
  }

  private Bucket refill(String key) {
    long now = nanoTime.getAsLong();
    Bucket b = buckets.get(key);
    if (b == null) {
      b = new Bucket();
      b.tokens = burst;
      b.at = now;
      if (buckets.size() >= maxKeys) evict();
      buckets.put(key, b);
      return b;
    }
    b.tokens = Math.min(burst, b.tokens + (now - b.at) * perNano);
    b.at = now;
    return b;
  }

  /** Makes room by dropping the least recently used key (idle the longest, so most likely refilled anyway). */
  private void evict() {
    Iterator<String> oldest = buckets.keySet().iterator();
    while (buckets.size() >= maxKeys && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }
}
