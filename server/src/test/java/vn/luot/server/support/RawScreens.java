package vn.luot.server.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Thousands of screens on one thread of plain JDK NIO, for the reconnect storm. Each connects, upgrades to a
 * WebSocket, reads frames, answers pings and reconnects after a close or a refused connect with the display page's
 * backoff ({@link ScreenSocket#retryDelayMillis}), like {@link ScreenSocket}. What differs is the cost: a screen here
 * is a socket, a handshake written as fixed bytes and a frame parser, and it keeps each message's bytes as they
 * came, parsing them only when the test asks. Played by {@link Screens}' Vert.x client, 2,000 screens took 2.1–4.8 s
 * of CPU, most of it that JVM's JIT, inside the storm they measure, on the two cores the restarted server needs;
 * screens on devices of their own cost a server nothing of the kind.
 */
public final class RawScreens implements AutoCloseable {
  private static final byte[] SNAPSHOT_PREFIX = "{\"type\":\"snapshot\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Selector selector;
  private final Thread loop;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** Reconnects to come, by when they are due (System.nanoTime()); touched by the loop thread only. */
  private final PriorityQueue<Due> timers = new PriorityQueue<>();
  /** One buffer for every read: a read's bytes are used or copied before the next. */
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
  private final List<Screen> all = new ArrayList<>();
  private volatile boolean closing;

  private record Due(long nanos, Runnable task) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      return Long.compare(nanos, o.nanos);
    }
  }

  public RawScreens() {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    loop = new Thread(this::run, "raw-screens");
    loop.setDaemon(true);
    loop.start();
  }

  /** A screen on {@code path} that starts connecting at once, and reconnects as the display page does. */
  public synchronized Screen open(int port, String path) {
    Screen screen = new Screen(port, path);
    all.add(screen);
    execute(screen::connect);
    return screen;
  }

  public synchronized List<Screen> all() {
    return List.copyOf(all);
  }

  private void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  private void run() {
    while (!closing) {
      try {
        Due next = timers.peek();
        long waitMillis = next == null ? 0 : Math.max(1, (next.nanos() - System.nanoTime()) / 1_000_000);
        if (next != null && next.nanos() <= System.nanoTime()) selector.selectNow();
        else selector.select(waitMillis);
        for (SelectionKey key : selector.selectedKeys()) ((Screen) key.attachment()).ready(key);
        selector.selectedKeys().clear();
        for (Runnable task; (task = tasks.poll()) != null; ) task.run();
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().nanos() <= now) timers.poll().task().run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Switches every screen off (no reconnect), closes their sockets and stops the thread. */
  @Override
  public void close() {
    execute(() -> all().forEach(Screen::stop));
    execute(() -> closing = true);
    try {
      loop.join(10_000);
      selector.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A message as it arrived: its bytes, kept unparsed, and the {@link System#nanoTime()} of its arrival. */
  private record Message(byte[] payload, long nanos, boolean snapshot) {
    ScreenSocket.Received parsed() {
      return new ScreenSocket.Received(new JsonObject(new String(payload, StandardCharsets.UTF_8)), nanos);
    }
  }

  /**
   * One screen. Its socket is handled on the loop thread; the test reads through the synchronized getters, which
   * parse the messages they return.
   */
  public final class Screen {
    private final InetSocketAddress address;
    private final byte[] handshake;
    private final List<Message> received = new ArrayList<>();
    private final List<Long> opened = new ArrayList<>();
    private SocketChannel channel;
    private SelectionKey key;
    /** Bytes read and not yet used: the rest of the handshake's answer, or of a frame. */
    private ByteBuffer in = ByteBuffer.allocate(4096);
    private ByteBuffer out;
    private boolean upgraded;
    private boolean open;
    private boolean stopped;
    private int attempt;
    private long offlineSince;
    private long connectingSince;
    private String lastFailure;

    private Screen(int port, String path) {
      this.address = new InetSocketAddress("127.0.0.1", port);
      byte[] key = new byte[16];
      ThreadLocalRandom.current().nextBytes(key);
      this.handshake = ("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: " + java.util.Base64.getEncoder().encodeToString(key)
          + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private void connect() {
      synchronized (this) {
        if (stopped) return;
        connectingSince = System.nanoTime();
      }
      try {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        boolean connected = channel.connect(address);
        key = channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, this);
        out = ByteBuffer.wrap(handshake);
        upgraded = false;
        in.clear();
      } catch (IOException e) {
        lost(e);
      }
    }

    private void ready(SelectionKey key) {
      try {
        if (!key.isValid()) return;
        if (key.isConnectable()) {
          channel.finishConnect();
          key.interestOps(SelectionKey.OP_WRITE);
        }
        if (key.isValid() && key.isWritable()) {
          channel.write(out);
          if (!out.hasRemaining()) key.interestOps(SelectionKey.OP_READ);
        }
        if (key.isValid() && key.isReadable()) read();
      } catch (IOException e) {
        lost(e);
      }
    }

    private void read() throws IOException {
      readBuffer.clear();
      int n = channel.read(readBuffer);
      if (n < 0) {
        lost(null);
        return;
      }
      readBuffer.flip();
      if (in.remaining() < readBuffer.remaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(in.capacity() * 2, in.position() + readBuffer.remaining()));
        in.flip();
        bigger.put(in);
        in = bigger;
      }
      in.put(readBuffer);
      in.flip();
      long now = System.nanoTime();
      if (!upgraded && !upgrade(now)) {
        in.compact();
        return;
      }
      while (channel != null && frame(now)) {
        // one whole frame taken per turn
      }
      if (channel != null) in.compact();
    }

    /** Takes the handshake's answer if it is all here; false to wait for more. Fails the connection unless 101. */
    private boolean upgrade(long now) throws IOException {
      int end = indexOf(in, END_OF_HEADERS);
      if (end < 0) return false;
      String status = new String(in.array(), 0, Math.min(end, 32), StandardCharsets.US_ASCII);
      if (!status.startsWith("HTTP/1.1 101")) throw new IOException("handshake refused: " + status);
      in.position(end + END_OF_HEADERS.length);
      upgraded = true;
      synchronized (this) {
        open = true;
        attempt = 0;
        offlineSince = 0;
        connectingSince = 0;
        opened.add(now);
      }
      return true;
    }

    /** Takes one whole frame from {@code in} if it is all here (server frames are not masked). */
    private boolean frame(long now) throws IOException {
      int start = in.position();
      if (in.remaining() < 2) return false;
      int b0 = in.get(start) & 0xff;
      int b1 = in.get(start + 1) & 0x7f;
      int header = 2;
      long length = b1;
      if (b1 == 126) {
        if (in.remaining() < 4) return false;
        length = in.getShort(start + 2) & 0xffff;
        header = 4;
      } else if (b1 == 127) {
        if (in.remaining() < 10) return false;
        length = in.getLong(start + 2);
        header = 10;
      }
      if (in.remaining() < header + length) return false;
      byte[] payload = Arrays.copyOfRange(in.array(), start + header, start + header + (int) length);
      in.position(start + header + (int) length);
      switch (b0 & 0x0f) {
        case 0x1 -> {
          if ((b0 & 0x80) == 0) throw new IOException("fragmented text frame: the server sends whole messages");
          synchronized (this) {
            received.add(new Message(payload, now, startsWith(payload, SNAPSHOT_PREFIX)));
          }
        }
        case 0x8 -> {
          lost(null);
          return false;
        }
        case 0x9 -> pong(payload);
        default -> { }
      }
      return true;
    }

    /** Answers a ping; a client's frames are masked (here with a zero mask, which leaves the payload as it is). */
    private void pong(byte[] payload) throws IOException {
      ByteBuffer pong = ByteBuffer.allocate(6 + payload.length);
      pong.put((byte) 0x8a).put((byte) (0x80 | payload.length)).putInt(0).put(payload).flip();
      channel.write(pong);
    }

    private void lost(IOException cause) {
      if (key != null) key.cancel();
      try {
        if (channel != null) channel.close();
      } catch (IOException ignored) {
        // closing a socket that failed
      }
      channel = null;
      key = null;
      synchronized (this) {
        open = false;
        connectingSince = 0;
        if (cause != null) lastFailure = String.valueOf(cause);
        if (stopped) return;
        if (offlineSince == 0) offlineSince = System.nanoTime();
        long delay = ScreenSocket.retryDelayMillis(attempt++, System.nanoTime() - offlineSince);
        timers.add(new Due(System.nanoTime() + delay * 1_000_000, this::connect));
      }
    }

    private void stop() {
      synchronized (this) {
        stopped = true;
      }
      if (channel != null) lost(null);
    }

    /** Every message received so far, parsed. */
    public synchronized List<ScreenSocket.Received> received() {
      return received.stream().map(Message::parsed).toList();
    }

    /** Whether a snapshot came at or after {@code sinceNanos}: cheap, for polling while the storm lasts. */
    public synchronized boolean hasSnapshotSince(long sinceNanos) {
      for (int i = received.size() - 1; i >= 0 && received.get(i).nanos() >= sinceNanos; i--) {
        if (received.get(i).snapshot()) return true;
      }
      return false;
    }

    /** The snapshots received at or after {@code sinceNanos}, parsed. */
    public synchronized List<ScreenSocket.Received> snapshotsSince(long sinceNanos) {
      return received.stream().filter(m -> m.nanos() >= sinceNanos && m.snapshot()).map(Message::parsed).toList();
    }

    /** When each connection of this screen opened (its handshake answered). */
    public synchronized List<Long> openedAt() {
      return List.copyOf(opened);
    }

    public synchronized boolean isOpen() {
      return open;
    }

    /** What this screen is doing, for a failing test's message: its retries, the last failure, a connect in flight. */
    public synchronized String state() {
      return (open ? "open" : "closed") + ", " + attempt + " retries since the last open, last failure " + lastFailure
          + (connectingSince == 0 ? ", no connect in flight" : String.format(java.util.Locale.ROOT,
          ", a connect in flight for %.1f s", (System.nanoTime() - connectingSince) / 1e9));
    }
  }

  private static int indexOf(ByteBuffer buffer, byte[] what) {
    byte[] a = buffer.array();
    for (int i = buffer.position(); i <= buffer.limit() - what.length; i++) {
      if (Arrays.equals(a, i, i + what.length, what, 0, what.length)) return i;
    }
    return -1;
  }

  private static boolean startsWith(byte[] payload, byte[] prefix) {
    return payload.length >= prefix.length && Arrays.equals(payload, 0, prefix.length, prefix, 0, prefix.length);
  }
}
