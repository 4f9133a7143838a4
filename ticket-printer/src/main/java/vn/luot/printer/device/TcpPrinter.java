package vn.luot.printer.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import vn.luot.printer.escpos.EscPos;
import vn.luot.printer.escpos.PrinterStatus;
import vn.luot.printer.escpos.RealTimeStatus;
import vn.luot.printer.escpos.StatusReport;

/**
 * A network printer on its raw port (9100). Plain blocking sockets: the agent prints a few tickets a minute from one
 * thread, so an event loop would add nothing. A connection per ticket: printers often serve one client at a time,
 * and a fresh connection survives the printer being power-cycled between tickets.
 *
 * <p>Each print first asks DLE EOT 1, 2, 4 on the same connection. A printer that is out of paper or open gets no
 * bytes (they would sit in its buffer and print, unexpectedly, after someone refills it, perhaps long after the
 * citizen left); a printer that does not answer within the status timeout is printed to anyway. After the bytes,
 * the agent half-closes and waits briefly for the printer to close too, which tells it the printer received all.
 */
public final class TcpPrinter implements PrinterConnection {
  /**
   * @param connect how long to wait for the TCP connection
   * @param status  how long to wait for each DLE EOT answer
   * @param job     the longest a whole ticket may take to send; a printer that stops reading (paper out in the middle)
   *                would otherwise block the write for ever
   * @param drain   how long to wait, after sending, for the printer to close its side
   */
  public record Timeouts(Duration connect, Duration status, Duration job, Duration drain) {
    public static Timeouts defaults() {
      return new Timeouts(Duration.ofSeconds(3), Duration.ofMillis(800), Duration.ofSeconds(30), Duration.ofSeconds(2));
    }
  }

  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "luot-printer-watchdog");
    t.setDaemon(true);
    return t;
  });

  private final String host;
  private final int port;
  private final Timeouts timeouts;

  public TcpPrinter(String host, int port, Timeouts timeouts) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
  }

  @Override
  public void print(Printout printout) throws PrintException {
    try (Socket socket = connect()) {
      StatusReport before = query(socket);
      if (before.status().blocksPrinting()) throw new PrintException(before.status(), before.detail());
      ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(socket), timeouts.job().toMillis(),
          TimeUnit.MILLISECONDS);
      try {
        OutputStream out = socket.getOutputStream();
        out.write(printout.escPos());
        out.flush();
        socket.shutdownOutput();
      } catch (IOException e) {
        if (socket.isClosed()) {
          throw new PrintException(PrinterStatus.OFFLINE,
              "printer took no data for " + timeouts.job().toSeconds() + " s at " + description(), e);
        }
        throw new PrintException(PrinterStatus.OFFLINE, "connection to " + description() + " broke: " + e.getMessage(), e);
      } finally {
        watchdog.cancel(false);
      }
      awaitClose(socket);
    } catch (PrintException e) {
      throw e;
    } catch (IOException e) {
      throw new PrintException(PrinterStatus.OFFLINE, "cannot reach " + description() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public StatusReport status() {
    try (Socket socket = connect()) {
      return query(socket);
    } catch (IOException e) {
      return StatusReport.of(PrinterStatus.OFFLINE, "cannot reach " + description() + ": " + e.getMessage());
    }
  }

  @Override
  public String description() {
    return "tcp://" + host + ":" + port;
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), (int) timeouts.connect().toMillis());
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** DLE EOT 1, 2, 4, one answer byte each; UNKNOWN as soon as one does not come. */
  private StatusReport query(Socket socket) throws IOException {
    socket.setSoTimeout((int) timeouts.status().toMillis());
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    int[] answers = new int[3];
    EscPos.StatusRequest[] requests = {
        EscPos.StatusRequest.PRINTER, EscPos.StatusRequest.OFFLINE_CAUSE, EscPos.StatusRequest.ROLL_PAPER};
    for (int i = 0; i < requests.length; i++) {
      out.write(EscPos.transmitRealTimeStatus(requests[i]));
      out.flush();
      try {
        answers[i] = in.read();
      } catch (SocketTimeoutException silent) {
        return StatusReport.of(PrinterStatus.UNKNOWN, "no answer to DLE EOT " + requests[i].n() + " from " + description());
      }
      if (answers[i] < 0) throw new IOException("printer closed the connection");
    }
    return RealTimeStatus.decode(answers[0], answers[1], answers[2]);
  }

  /** Reads until the printer closes (it then has every byte) or the drain time passes; either way the job is sent. */
  private void awaitClose(Socket socket) {
    try {
      socket.setSoTimeout((int) timeouts.drain().toMillis());
      InputStream in = socket.getInputStream();
      byte[] ignored = new byte[256];
      while (in.read(ignored) >= 0) {
        // a printer with automatic status back may talk here; nothing to act on
      }
    } catch (IOException timeoutOrReset) {
      // sent is sent: the bytes left our side in order before the FIN
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing to unblock a stuck write; nothing else to do
    }
  }
}
