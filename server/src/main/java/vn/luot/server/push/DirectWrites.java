package vn.luot.server.push;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.nio.AbstractNioChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;

/**
 * Writes a socket's frames straight to its JDK channel while Netty has nothing queued for it, which is nearly always
 * for a screen: one {@code write} system call, without Netty's outbound-buffer entry, promise, pending-bytes
 * accounting and flush (a fifth of the event loops' user time in a thousand-screen fan-out, docs/BENCHMARKS.md).
 * What the kernel does not take, or anything while Netty has bytes queued, goes through Netty as before, so the
 * order of bytes on the socket is kept. Only for Netty's NIO transport (Vert.x's default); for another, null.
 */
final class DirectWrites {
  private static final MethodHandle JAVA_CHANNEL = javaChannel();

  private DirectWrites() {}

  /** The JDK channel of a Netty NIO socket channel, or null. */
  static SocketChannel of(Channel channel) {
    if (JAVA_CHANNEL == null || !(channel instanceof NioSocketChannel)) return null;
    try {
      return (SocketChannel) (SelectableChannel) JAVA_CHANNEL.invoke((AbstractNioChannel) channel);
    } catch (Throwable e) {
      return null;
    }
  }

  /**
   * Writes as much of {@code frames} as the kernel takes now, if nothing is queued in Netty for {@code channel};
   * true if all of it went (and {@code frames} was released), false if the rest is for Netty. On the channel's event
   * loop only.
   */
  static boolean write(Channel channel, SocketChannel socket, ByteBuf frames) {
    ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
    if (queued == null || !queued.isEmpty() || queued.totalPendingWriteBytes() != 0 || frames.nioBufferCount() != 1) {
      return false;
    }
    ByteBuffer bytes = frames.nioBuffer();
    try {
      socket.write(bytes);
    } catch (IOException e) {
      return false; // Netty meets the same error and closes the channel as it does for its own writes
    }
    if (bytes.hasRemaining()) {
      frames.skipBytes(bytes.position());
      return false;
    }
    frames.release();
    return true;
  }

  private static MethodHandle javaChannel() {
    try {
      return MethodHandles.privateLookupIn(AbstractNioChannel.class, MethodHandles.lookup())
          .findVirtual(AbstractNioChannel.class, "javaChannel", MethodType.methodType(SelectableChannel.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
