package vn.luot.printer.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network thermal printer for tests: a real TCP server (Vert.x NetServer on a free port) that records every byte
 * and answers DLE EOT n with configurable status bytes, as a real printer's real-time command processing does.
 * Status requests at the start of a connection are answered and kept apart; everything after is the job, handed
 * over when the client closes the connection.
 */
public final class FakePrinter implements AutoCloseable {
  /** What the printer does with a connection. */
  public enum Behaviour {
    /** Answer status requests with {@link #answer}'s bytes, record the job. */
    NORMAL,
    /** Never answer DLE EOT (many cheap printers), record the job. */
    SILENT,
    /** Close every connection at once, like a printer whose network stack is wedged. */
    HANG_UP
  }

  private final Vertx vertx;
  private final NetServer server;
  private final BlockingQueue<byte[]> jobs = new LinkedBlockingQueue<>();
  private final List<byte[]> allJobs = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream everything = new ByteArrayOutputStream();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger statusRequests = new AtomicInteger();
  private volatile byte[] status = {0x12, 0x12, 0x12};   // DLE EOT 1, 2, 4 answers of a healthy printer
  private volatile Behaviour behaviour = Behaviour.NORMAL;

  private FakePrinter(Vertx vertx, NetServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts on a free port of the loopback interface. */
  public static FakePrinter start(Vertx vertx) {
    FakePrinter[] holder = new FakePrinter[1];
    NetServer server = vertx.createNetServer().connectHandler(socket -> holder[0].accept(socket));
    holder[0] = new FakePrinter(vertx, server);
    await(server.listen(0, "127.0.0.1"));
    return holder[0];
  }

  public int port() { return server.actualPort(); }

  public String spec() { return "tcp://127.0.0.1:" + port(); }

  /** The answers to DLE EOT 1, 2 and 4 from now on. */
  public FakePrinter answer(int printer, int offlineCause, int rollPaper) {
    status = new byte[] {(byte) printer, (byte) offlineCause, (byte) rollPaper};
    return this;
  }

  public FakePrinter behave(Behaviour b) {
    behaviour = b;
    return this;
  }

  /** The next finished job's bytes, or null after the timeout. */
  public byte[] awaitJob(Duration timeout) throws InterruptedException {
    return jobs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Every job received so far. */
  public List<byte[]> jobs() { return List.copyOf(allJobs); }

  /** Every byte received on any connection, status requests included. */
  public synchronized byte[] received() { return everything.toByteArray(); }

  public int connections() { return connections.get(); }

  public int statusRequests() { return statusRequests.get(); }

  @Override
  public void close() {
    await(server.close());
  }

  private void accept(NetSocket socket) {
    connections.incrementAndGet();
    if (behaviour == Behaviour.HANG_UP) {
      socket.close();
      return;
    }
    ByteArrayOutputStream job = new ByteArrayOutputStream();
    boolean[] inJob = {false};
    Buffer[] pending = {Buffer.buffer()};
    socket.handler(data -> {
      synchronized (this) {
        everything.writeBytes(data.getBytes());
      }
      if (inJob[0]) {
        job.writeBytes(data.getBytes());
        return;
      }
      Buffer b = pending[0].appendBuffer(data);
      int i = 0;
      while (i < b.length()) {
        if (b.length() - i < 3 && isPrefixOfStatusRequest(b, i)) break;   // wait for the rest
        if (b.getByte(i) == 0x10 && b.getByte(i + 1) == 0x04) {
          int n = b.getByte(i + 2);
          statusRequests.incrementAndGet();
          if (behaviour == Behaviour.NORMAL && n >= 1 && n <= 4) {
            socket.write(Buffer.buffer(new byte[] {n == 3 ? 0x12 : status[n == 1 ? 0 : n == 2 ? 1 : 2]}));
          }
          i += 3;
        } else {
          inJob[0] = true;
          job.writeBytes(b.getBytes(i, b.length()));
          i = b.length();
        }
      }
      pending[0] = inJob[0] ? Buffer.buffer() : b.getBuffer(i, b.length());
    });
    socket.endHandler(v -> socket.close());
    socket.closeHandler(v -> {
      if (job.size() > 0) {
        byte[] bytes = job.toByteArray();
        allJobs.add(bytes);
        jobs.add(bytes);
      }
    });
  }

  private static boolean isPrefixOfStatusRequest(Buffer b, int i) {
    if (b.getByte(i) != 0x10) return false;
    return b.length() - i < 2 || b.getByte(i + 1) == 0x04;
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
