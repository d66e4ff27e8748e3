package io.cloudsync.cli;

import io.cloudsync.config.MappingConfig;
import io.cloudsync.config.SyncConfig;
import io.cloudsync.status.StatusKey;
import io.cloudsync.sync.hold.DeleteHold;
import io.cloudsync.sync.hold.HoldStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cloudsync release-deletes}: lifts the delete holds ({@code max_deletes_per_pass}) of a
 * container on this node. It writes a release request beside the status files; the daemon picks
 * it up at its next pass (or at start-up) and performs the held deletes.
 */
@Command(name = "release-deletes", mixinStandardHelpOptions = true,
    description = "Lift the delete hold of a container on this node; the daemon performs the held deletes at its"
        + " next pass.")
final class ReleaseDeletesCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE")
  Path config;

  @Option(names = "--account", required = true, paramLabel = "A")
  String account;

  @Option(names = "--container", required = true, paramLabel = "C")
  String container;

  @Option(names = "--target", paramLabel = "ID",
      description = "only this target: its id (as `status` shows it) or its aws_bucket; default: every target")
  String target;

  @Override
  public Integer call() throws Exception {
    ConfigFiles.Loaded loaded = ConfigFiles.load(config, true, spec.commandLine().getErr());
    if (!loaded.ok()) {
      return loaded.exitCode();
    }
    SyncConfig conf = loaded.config();
    PrintWriter out = spec.commandLine().getOut();
    String targetId = null;
    if (target != null) {
      List<String> ids = conf.containers().stream()
          .filter(m -> m.account().equals(account) && (m.perAccount() || m.container().equals(container)))
          .filter(m -> m.targetId().equals(target) || target.equals(m.awsBucket()))
          .map(MappingConfig::targetId).distinct().toList();
      if (ids.size() != 1) {
        spec.commandLine().getErr().println("cloudsync: --target " + target + ": " + (ids.isEmpty()
            ? "no mapping of " + account + "/" + container + " in " + config + " has this target id or aws_bucket"
            : "several targets of " + account + "/" + container + " have this aws_bucket; give the target id"));
        return Main.USAGE;
      }
      targetId = ids.get(0);
    }
    int found = 0;
    for (Map.Entry<StatusKey, DeleteHold> e : HoldStore.read(conf.statusDir()).entrySet()) {
      StatusKey k = e.getKey();
      if (k.account().equals(account) && k.container().equals(container) && e.getValue().holding()
          && (targetId == null || targetId.equals(k.targetId()))) {
        out.printf("releasing %d held deletes of %s/%s (db %s, target %s), held since %s%n",
            e.getValue().deletesHeld(), account, container, k.dbId(), k.targetId(), e.getValue().heldSince());
        found++;
      }
    }
    if (found == 0) {
      out.println("no deletes are held for " + account + "/" + container
          + (targetId == null ? "" : " -> " + targetId) + " on this node (status_dir " + conf.statusDir() + ")");
      return Main.OK;
    }
    HoldStore.requestRelease(conf.statusDir(), account, container, targetId, Clock.systemUTC().instant());
    out.println("the daemon on this node performs them at its next pass");
    return Main.OK;
  }
}
