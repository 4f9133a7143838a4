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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Thousands of screens on one thread of plain JDK NIO, for the reconnect storm. Each connects, upgrades to a
 * WebSocket, reads frames, answers pings and reconnects after a close or a refused connect with the display page's
 * backoff ({@link ScreenSocket#retryDelayMillis}), like {@link ScreenSocket}. What differs is the cost: a screen here
 * is a socket, a handshake written from a template and a frame parser, and it keeps each message's bytes as they
 * came, parsing them only when the test asks. Played by {@link Screens}' Vert.x client, 2,000 screens took 2.0–4.4 s
 * of CPU inside the storm they measure, most of it that JVM's JIT, on the two cores the restarted server needs; this
 * client takes 0.5–2.0 s. Real screens run on their own devices, so the server's cores carry none of that cost.
 * It still checks what a browser checks: the 101 answer and its Sec-WebSocket-Accept, unmasked frames, no RSV bits.
 */
public final class RawScreens implements AutoCloseable {
  private static final byte[] SNAPSHOT_PREFIX = "{\"type\":\"snapshot\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final Selector selector;
  private final Thread loop;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** Reconnects to come, by when they are due (System.nanoTime()); touched by the loop thread only. */
  private final PriorityQueue<Due> timers = new PriorityQueue<>();
  /** One buffer for every read: a read's bytes are used or copied before the next. */
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
  private final List<Screen> all = new ArrayList<>();
  private volatile boolean closing;
  /** What stopped the loop thread, if anything did; every screen's {@link Screen#state()} names it. */
  private volatile Throwable died;

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
    try {
      while (!closing) {
        Due next = timers.peek();
        long waitMillis = next == null ? 0 : Math.max(1, (next.nanos() - System.nanoTime()) / 1_000_000);
        if (next != null && next.nanos() <= System.nanoTime()) selector.selectNow();
        else selector.select(waitMillis);
        for (SelectionKey key : selector.selectedKeys()) ((Screen) key.attachment()).ready(key);
        selector.selectedKeys().clear();
        for (Runnable task; (task = tasks.poll()) != null; ) task.run();
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().nanos() <= now) timers.poll().task().run();
      }
    } catch (Throwable e) {
      died = e;
    } finally {
      for (SelectionKey key : selector.keys()) {
        try {
          key.channel().close();
        } catch (IOException ignored) {
          // closing every socket, whatever state it is in
        }
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // the thread ends either way
      }
    }
  }

  /** Switches every screen off (no reconnect), closes their sockets and stops the thread. */
  @Override
  public void close() {
    execute(() -> {
      all().forEach(Screen::stop);
      closing = true;
    });
    try {
      loop.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (died != null) throw new IllegalStateException("the screens' thread died", died);
  }

  /**
   * A message as it arrived: its bytes, kept unparsed, the {@link System#nanoTime()} of its arrival, and whether it
   * is a snapshot: whether it starts with {@code {"type":"snapshot"} (the server writes {@code type} first).
   */
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
    private final String path;
    /** This connection's Sec-WebSocket-Key, new for each (RFC 6455, 4.1). */
    private String key64;
    private final List<Message> received = new ArrayList<>();
    private final List<Long> opened = new ArrayList<>();
    private SocketChannel channel;
    private SelectionKey key;
    /** The frames of a text message split in several, joined until its last (the server splits over 64 KiB). */
    private java.io.ByteArrayOutputStream partial;
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
      this.path = path;
    }

    private byte[] handshake() {
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      key64 = Base64.getEncoder().encodeToString(nonce);
      return RawWebSocket.upgradeRequest(address.getPort(), path, key64);
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
        out = ByteBuffer.wrap(handshake());
        upgraded = false;
        partial = null;
        in.clear();
      } catch (IOException e) {
        lost(e);
      }
    }

    private void ready(SelectionKey key) {
      try {
        if (!key.isValid()) return;
        if (key.isConnectable()) {
          if (!channel.finishConnect()) return;
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
        lost(new IOException("end of stream"));
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

    /**
     * Takes the handshake's answer if it is all here; false to wait for more. Fails the connection unless it is a
     * 101 with the Sec-WebSocket-Accept that this connection's key asks for.
     */
    private boolean upgrade(long now) throws IOException {
      int end = indexOf(in, END_OF_HEADERS);
      if (end < 0) return false;
      String head = new String(in.array(), in.position(), end - in.position(), StandardCharsets.ISO_8859_1);
      int status;
      Map<String, String> headers;
      try {
        status = HttpHead.status(head);
        headers = HttpHead.headers(head);
      } catch (RuntimeException malformed) {
        // A lost connection like any other, not an end to the thread every screen runs on.
        throw new IOException("a malformed handshake answer: " + head, malformed);
      }
      if (status != 101) throw new IOException("handshake refused: " + head.lines().findFirst().orElse(""));
      if (!accept(key64).equals(headers.get("sec-websocket-accept"))) {
        throw new IOException("handshake with a wrong or missing Sec-WebSocket-Accept: " + head);
      }
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
      int second = in.get(start + 1) & 0xff;
      if ((b0 & 0x70) != 0 || (second & 0x80) != 0) {
        throw new IOException("a server frame with RSV or mask bits set: " + b0 + "/" + second);
      }
      int b1 = second & 0x7f;
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
      if (length < 0 || length > Integer.MAX_VALUE - header) throw new IOException("frame length " + length);
      if (in.remaining() < header + length) return false;
      byte[] payload = Arrays.copyOfRange(in.array(), start + header, start + header + (int) length);
      in.position(start + header + (int) length);
      boolean last = (b0 & 0x80) != 0;
      switch (b0 & 0x0f) {
        case 0x1 -> {
          if (last) {
            record(payload, now);
          } else {
            partial = new java.io.ByteArrayOutputStream();
            partial.writeBytes(payload);
          }
        }
        case 0x0 -> {
          if (partial == null) throw new IOException("a continuation frame without a first frame");
          partial.writeBytes(payload);
          if (last) {
            record(partial.toByteArray(), now);
            partial = null;
          }
        }
        case 0x8 -> {
          lost(new IOException("closed by the server, code "
              + (payload.length >= 2 ? ((payload[0] & 0xff) << 8 | (payload[1] & 0xff)) : "none")));
          return false;
        }
        case 0x9 -> pong(payload);
        default -> { }
      }
      return true;
    }

    private synchronized void record(byte[] payload, long now) {
      received.add(new Message(payload, now, startsWith(payload, SNAPSHOT_PREFIX)));
    }

    /**
     * Answers a ping. A client masks its frames; a zero mask, which leaves the payload as it is, is valid on the wire
     * though not the unpredictable key RFC 6455 (5.3) asks of a browser: enough for a test. The server's pings are
     * empty, so the pong fits any socket's empty send buffer in one write.
     */
    private void pong(byte[] payload) throws IOException {
      ByteBuffer pong = ByteBuffer.allocate(6 + payload.length);
      pong.put((byte) 0x8a).put((byte) (0x80 | payload.length)).putInt(0).put(payload).flip();
      channel.write(pong);
      if (pong.hasRemaining()) throw new IOException("a pong not written whole");
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

    /** How many snapshots came at or after {@code sinceNanos}: cheap (nothing parsed), for polling in the storm. */
    public synchronized int snapshotCountSince(long sinceNanos) {
      int n = 0;
      for (int i = received.size() - 1; i >= 0 && received.get(i).nanos() >= sinceNanos; i--) {
        if (received.get(i).snapshot()) n++;
      }
      return n;
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
      return (died != null ? "the screens' thread died: " + died + ", " : "")
          + ScreenSocket.describe(open, attempt, lastFailure, connectingSince);
    }
  }

  /** The Sec-WebSocket-Accept a server owes a key (RFC 6455, 4.2.2). */
  private static String accept(String key64) {
    try {
      byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1")
          .digest((key64 + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
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
