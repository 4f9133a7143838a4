package vn.luot.server.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Direct writes on a real loopback connection of Netty's NIO transport (the server side, as a screen's socket is),
 * read by a plain socket: the bytes arrive whole and in order whether they went straight to the kernel or, with
 * something queued in Netty or a full socket, through Netty.
 */
@DisplayName("Writing a screen's frames straight to the socket while Netty has nothing queued")
class DirectWritesTest {
  private EventLoopGroup group;
  private Channel server;
  private Socket client;
  private Channel accepted;

  @BeforeEach
  void connect() throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    CompletableFuture<Channel> child = new CompletableFuture<>();
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        // A small send buffer, so a client that does not read fills it soon.
        .childOption(ChannelOption.SO_SNDBUF, 4096)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            child.complete(ch);
          }
        }).bind("127.0.0.1", 0).sync().channel();
    client = new Socket();
    client.setReceiveBufferSize(4096);
    client.connect(server.localAddress(), 5_000);
    client.setSoTimeout(10_000);
    accepted = child.get(10, TimeUnit.SECONDS);
    assertTrue(accepted instanceof NioSocketChannel);
  }

  @AfterEach
  void close() throws Exception {
    client.close();
    server.close().sync();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  @DisplayName("With nothing queued, the frames go straight to the kernel and arrive whole")
  void straight() throws Exception {
    SocketChannel socket = DirectWrites.of(accepted);
    assertNotNull(socket, "the JDK channel of a NIO socket channel");
    ByteBuf frames = bytes(300, 1);
    boolean went = onLoop(() -> DirectWrites.write(accepted, socket, frames));
    assertTrue(went);
    assertEquals(0, frames.refCnt(), "released once written");
    assertArrayEquals(array(bytes(300, 1)), read(300));
  }

  @Test
  @DisplayName("With bytes queued in Netty, it leaves the frames to Netty, behind them")
  void behindNetty() throws Exception {
    SocketChannel socket = DirectWrites.of(accepted);
    ByteBuf frames = bytes(100, 2);
    boolean went = onLoop(() -> {
      accepted.write(bytes(50, 1)); // queued, not flushed
      boolean direct = DirectWrites.write(accepted, socket, frames);
      if (!direct) accepted.writeAndFlush(frames);
      return direct;
    });
    assertFalse(went);
    byte[] expected = new byte[150];
    System.arraycopy(array(bytes(50, 1)), 0, expected, 0, 50);
    System.arraycopy(array(bytes(100, 2)), 0, expected, 50, 100);
    assertArrayEquals(expected, read(150));
  }

  @Test
  @DisplayName("What a full socket does not take goes through Netty, and the reader gets every byte in order")
  void fullSocket() throws Exception {
    SocketChannel socket = DirectWrites.of(accepted);
    int size = 4 << 20; // far more than both buffers hold
    ByteBuf frames = bytes(size, 3);
    boolean went = onLoop(() -> {
      boolean direct = DirectWrites.write(accepted, socket, frames);
      if (!direct) accepted.writeAndFlush(frames);
      return direct;
    });
    assertFalse(went, "the kernel took only part of it");
    ByteBuf next = bytes(1000, 4);
    boolean nextWent = onLoop(() -> {
      boolean direct = DirectWrites.write(accepted, socket, next);
      if (!direct) accepted.writeAndFlush(next);
      return direct;
    });
    assertFalse(nextWent, "Netty still holds the rest of the first, so the next queues behind it");
    byte[] got = read(size + 1000);
    byte[] expected = new byte[size + 1000];
    System.arraycopy(array(bytes(size, 3)), 0, expected, 0, size);
    System.arraycopy(array(bytes(1000, 4)), 0, expected, size, 1000);
    assertArrayEquals(expected, got);
  }

  @Test
  @DisplayName("Not a NIO socket channel (another transport): no JDK channel, Netty writes")
  void otherTransport() {
    EmbeddedChannel embedded = new EmbeddedChannel();
    try {
      assertNull(DirectWrites.of(embedded));
    } finally {
      embedded.finishAndReleaseAll();
    }
  }

  private <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
    return accepted.eventLoop().submit(task).get(10, TimeUnit.SECONDS);
  }

  private byte[] read(int length) throws IOException {
    byte[] b = new byte[length];
    new DataInputStream(client.getInputStream()).readFully(b);
    return b;
  }

  /** {@code length} bytes in a direct buffer, a pattern that starts from {@code seed}. */
  private static ByteBuf bytes(int length, int seed) {
    ByteBuf b = Unpooled.directBuffer(length);
    for (int i = 0; i < length; i++) b.writeByte((seed * 31 + i) & 0xFF);
    return b;
  }

  private static byte[] array(ByteBuf b) {
    byte[] a = new byte[b.readableBytes()];
    b.getBytes(b.readerIndex(), a);
    b.release();
    return a;
  }
}
