package vn.luot.server.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import vn.luot.server.support.ServerProcess;

/**
 * An open-loop load at a fixed offered rate, shared by every system the benchmarks compare. Requests have intended
 * send times {@code start + i / rate}, whatever happened to earlier ones; each latency runs from the intended time to
 * the answer, so a stalled system is charged for every request that should have been sent while it stalled (no
 * coordinated omission). Requests intended after the warm-up and before the end of the window are measured, however
 * late they finish; a request still unanswered after the drain counts as an error.
 *
 * <p>A target may also deliver each request to subscribers (a screen, a LISTENer, a SUBSCRIBEr): {@link #delivered}
 * records "intended send → subscriber has it" for measured requests, one clock, one JVM.
 */
final class OpenLoop {
  static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);
  /** How long after the window the answers to measured requests are still awaited. */
  static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(20);

  final double rate;
  final long start;
  final long from;
  final long until;
  final Histogram latency = new SynchronizedHistogram(MAX_LATENCY_MICROS, 3);
  final Histogram delivery = new SynchronizedHistogram(MAX_LATENCY_MICROS, 3);
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong outstanding = new AtomicLong();
  /** Measured requests not answered yet: errors if still so after the drain. */
  private final AtomicLong measuredOutstanding = new AtomicLong();
  private final AtomicLong deliveries = new AtomicLong();
  private final AtomicLong lastAnswer = new AtomicLong(Long.MIN_VALUE);
  /** The server's CPU seconds so far (all its processes), read as the window opens and closes; null: not measured. */
  private final DoubleSupplier serverCpu;
  private double cpuAtFrom = Double.NaN;
  private double cpuAtUntil = Double.NaN;
  /** This JVM's CPU seconds (its publishers and subscribers) as the window opens and closes. */
  private double ownCpuAtFrom = Double.NaN;
  private double ownCpuAtUntil = Double.NaN;
  private boolean windowOpened;

  OpenLoop(double rate, int warmupSeconds, int seconds) {
    this(rate, warmupSeconds, seconds, null);
  }

  /** @param serverCpu the server's CPU seconds so far, to measure what the window cost it; null for none */
  OpenLoop(double rate, int warmupSeconds, int seconds, DoubleSupplier serverCpu) {
    if (rate <= 0) throw new IllegalArgumentException("rate must be positive");
    this.serverCpu = serverCpu;
    this.rate = rate;
    this.start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    this.from = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
    this.until = from + TimeUnit.SECONDS.toNanos(seconds);
  }

  boolean measured(long intended) {
    return intended >= from && intended < until;
  }

  /**
   * Gives {@code send} every intended send time from the start to the end of the window, on this thread, each at its
   * time. When the thread falls behind, the late ones go at once with their own (earlier) intended times. Then waits
   * for the answers, at most {@link #DRAIN_NANOS}.
   */
  void run(LongConsumer send) throws InterruptedException {
    double period = 1e9 / rate;
    for (long i = 0; ; i++) {
      long intended = start + Math.round(i * period);
      if (intended >= until) break;
      long wait = intended - System.nanoTime();
      if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
      if (!windowOpened && intended >= from) {
        windowOpened = true;
        ownCpuAtFrom = ServerProcess.ownCpuSeconds();
        if (serverCpu != null) cpuAtFrom = serverCpu.getAsDouble();
      }
      outstanding.incrementAndGet();
      if (measured(intended)) measuredOutstanding.incrementAndGet();
      send.accept(intended);
    }
    // This JVM's reading last, as in ScreenFanout: both of the server's readings fall inside its window.
    if (serverCpu != null) cpuAtUntil = serverCpu.getAsDouble();
    ownCpuAtUntil = ServerProcess.ownCpuSeconds();
    long drainUntil = System.nanoTime() + DRAIN_NANOS;
    while (outstanding.get() > 0 && System.nanoTime() < drainUntil) TimeUnit.MILLISECONDS.sleep(20);
  }

  /**
   * After {@link #run}: waits until every subscriber has every answered measured request, at most
   * {@link #DRAIN_NANOS}, so deliveries still on their way when the last answer came are counted (or missing).
   */
  void awaitDeliveries(int subscribers) throws InterruptedException {
    long until = System.nanoTime() + DRAIN_NANOS;
    while (deliveries.get() < answered.get() * subscribers && System.nanoTime() < until) TimeUnit.MILLISECONDS.sleep(20);
  }

  /** The answer to the request intended at {@code intended} arrived now; {@code ok} if it succeeded. */
  void answered(long intended, boolean ok) {
    long now = System.nanoTime();
    outstanding.decrementAndGet();
    if (!measured(intended)) return;
    measuredOutstanding.decrementAndGet();
    if (ok) {
      latency.recordValue(micros(now - intended));
      answered.incrementAndGet();
    } else {
      errors.incrementAndGet();
    }
    lastAnswer.accumulateAndGet(now, Math::max);
  }

  /** One subscriber got the request intended at {@code intended}. */
  void delivered(long intended) {
    long now = System.nanoTime();
    if (!measured(intended)) return;
    delivery.recordValue(micros(now - intended));
    deliveries.incrementAndGet();
  }

  long answered() {
    return answered.get();
  }

  /** Failed answers plus measured requests never answered. */
  long errors() {
    return errors.get() + measuredOutstanding.get();
  }

  long deliveries() {
    return deliveries.get();
  }

  /**
   * Successful answers per second: over the window, or until the last answer if the system fell behind and answered
   * the window's requests after its end.
   */
  double achievedPerSecond() {
    long end = Math.max(until, lastAnswer.get());
    return answered.get() / ((end - from) / 1e9);
  }

  /**
   * The server's CPU time in the window per message it delivered to one subscriber, in microseconds: from the
   * window's first send to its last, divided by the sends of the window times {@code subscribers}. The window's
   * warm-up fan-outs ending inside it and its own ending after it about balance at a steady rate. NaN if not measured.
   */
  double serverMicrosPerDelivery(int subscribers) {
    return microsPerDelivery(cpuAtUntil - cpuAtFrom, subscribers);
  }

  /**
   * The same for this JVM, the benchmark's side: its publishers and the subscribers' clients. They share the cores
   * with the server, so a system whose clients cost more per message has less CPU left for its server.
   */
  double clientMicrosPerDelivery(int subscribers) {
    return microsPerDelivery(ownCpuAtUntil - ownCpuAtFrom, subscribers);
  }

  private double microsPerDelivery(double cpuSeconds, int subscribers) {
    long sends = Math.round(rate * (until - from) / 1e9);
    return cpuSeconds * 1e6 / ((double) sends * subscribers);
  }

  /** Measured values in milliseconds: p50, p99, p99.9 and max, or NaN when there are none. */
  static double[] percentiles(Histogram h) {
    if (h.getTotalCount() == 0) return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    return new double[] {h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3};
  }

  private static long micros(long nanos) {
    return Math.min(MAX_LATENCY_MICROS, Math.max(0, nanos / 1_000));
  }
}
