package vn.luot.server.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import vn.luot.server.config.ClusterSettings;

/**
 * The one place the cluster is configured: Hazelcast joins by the explicit TCP/IP member list on the chosen
 * interface (multicast and cloud auto-detection off), and the clustered event bus binds to the same interface.
 * Hazelcast only carries hints and screen traffic: numbering never depends on its view of the cluster.
 */
public final class ClusterNode {
  /** Heartbeats every second, a member silent this long is dropped: quick to notice a killed node on a LAN. */
  static final int MAX_NO_HEARTBEAT_SECONDS = 10;

  private final HazelcastClusterManager manager;

  public ClusterNode(ClusterSettings settings) {
    this.manager = new HazelcastClusterManager(hazelcastConfig(settings));
  }

  public HazelcastClusterManager manager() {
    return manager;
  }

  /** The event bus of a cluster node listens on the cluster interface, on a free port it tells the others. */
  public static VertxOptions withEventBus(VertxOptions options, ClusterSettings settings) {
    return options.setEventBusOptions(new EventBusOptions().setHost(settings.host()).setPort(0)
        .setClusterPublicHost(settings.host()));
  }

  static Config hazelcastConfig(ClusterSettings s) {
    // Starts from vertx-hazelcast's own settings (its maps for subscriptions and node info, with backups).
    Config cfg = ConfigUtil.loadConfig();
    cfg.setClusterName(s.name());
    cfg.setProperty("hazelcast.phone.home.enabled", "false");
    cfg.setProperty("hazelcast.logging.type", "jdk");
    cfg.setProperty("hazelcast.shutdownhook.enabled", "false"); // Vert.x leaves the cluster in its own close
    cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
    cfg.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    cfg.setProperty("hazelcast.tcp.join.port.try.count", "10");
    cfg.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    cfg.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
    cfg.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    cfg.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    NetworkConfig net = cfg.getNetworkConfig();
    net.setPort(s.port()).setPortAutoIncrement(true).setPortCount(10);
    net.getInterfaces().setEnabled(true).addInterface(s.host());
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
    // No list: look for members on this host's ports (several nodes on one machine, or a first node alone).
    if (s.members().isEmpty()) join.getTcpIpConfig().addMember(s.host());
    for (String m : s.members()) join.getTcpIpConfig().addMember(m);
    return cfg;
  }

  /** This node and the members it sees now, for /health. */
  public JsonObject describe() {
    JsonObject out = new JsonObject().put("mode", "cluster").put("nodeId", manager.getNodeId());
    HazelcastInstance hz = manager.getHazelcastInstance();
    if (hz == null || !hz.getLifecycleService().isRunning()) return out.put("members", new JsonArray()).put("joined", false);
    JsonArray members = new JsonArray();
    for (Member m : hz.getCluster().getMembers()) {
      members.add(new JsonObject().put("address", m.getAddress().getHost() + ":" + m.getAddress().getPort())
          .put("self", m.localMember()));
    }
    return out.put("joined", true).put("members", members);
  }
}
