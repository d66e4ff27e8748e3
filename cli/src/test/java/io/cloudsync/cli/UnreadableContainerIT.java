package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.testing.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container whose DB on this node cannot be read (not SQLite), as {@code <hash>.db} or as a
 * sharded root's {@code <hash>_<epoch>.db}: {@code sync --once} exits 1 and says which container
 * and file, instead of passing the container silently. The DBs live in a devices directory of the
 * test's own, placed where the SAIO's ring puts node 1's replica.
 */
class UnreadableContainerIT {
  static EmbeddedS3 s3;

  @TempDir
  Path dir;

  @BeforeAll
  static void startS3() {
    s3 = EmbeddedS3.start();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @Test
  void anUnreadableDbOrEpochDbMakesOnceExit1() throws Exception {
    SyncFixture fx = new SyncFixture(dir);
    String container = unique("unreadable-it");
    String bucket = unique("unreadable-bucket");
    s3.createBucket(bucket);
    Path devices = dir.resolve("devices");
    LocalReplica replica = new ReplicaLocator(fx.saio.swiftDir(), devices, fx.saio.bindIp(1),
        fx.saio.containerPort(1)).find(fx.saio.account(), container).get(0);
    Files.createDirectories(replica.dbFile().getParent());
    Files.writeString(replica.dbFile(), "not a container DB", StandardCharsets.UTF_8);
    ObjectNode config = fx.config(1, fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY,
        EmbeddedS3.SECRET));
    config.put("devices", devices.toString());
    Path conf = fx.write("sync.json", config);

    SyncFixture.Run plain = fx.syncOnce(conf);
    assertThat(plain.exitCode()).as("unreadable <hash>.db").isEqualTo(1);

    // a sharded root keeps only <hash>_<epoch>.db: that is the file read, and it fails the same way
    Path epochFile = replica.dbFile().resolveSibling(replica.hash() + "_1700000000.00000.db");
    Files.move(replica.dbFile(), epochFile);
    SyncFixture.Run sharded = fx.syncOnce(conf);
    assertThat(sharded.exitCode()).as("unreadable <hash>_<epoch>.db").isEqualTo(1);

    // nothing on this node at all is not an error
    Files.delete(epochFile);
    assertThat(fx.syncOnce(conf).exitCode()).isZero();
  }
}
