package io.cloudsync.store.swift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cloudsync.largeobject.ManifestException;
import io.cloudsync.largeobject.SloEntry;
import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.store.ArchiveSeeder;
import io.cloudsync.store.TestBytes;
import io.cloudsync.swift.SwiftHttpClients;
import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.testing.SwiftClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * Archives into the remote account as {@link SwiftStore} lays objects out (per-account: local
 * container {@code c} in remote container {@code <prefix>c}), with a plain HTTP client: objects
 * under their own names with {@code X-Object-Meta-*} as UTF-8 bytes; an SLO as segments in
 * {@code <remote>_segments/<segment container>/<name>} and a manifest PUT with
 * {@code ?multipart-manifest=put} carrying the recorded manifest ETag.
 */
final class SwiftSeeder extends ArchiveSeeder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SwiftClient plain;
  private final String prefix;
  private final SwiftInspector inspector;

  SwiftSeeder(SwiftClient plain, String prefix) {
    this.plain = plain;
    this.prefix = prefix;
    this.inspector = new SwiftInspector(plain, prefix);
  }

  @Override
  public void createBucket() {
    inspector.createBucket();
  }

  @Override
  public void removeBucket() {
    inspector.removeBucket();
  }

  private String container(SwiftPath path) {
    String container = prefix + path.container();
    if (plain.request("HEAD", container, null, Map.of(), null).statusCode() == 404) {
      plain.createContainer(container);
    }
    return container;
  }

  /**
   * A PUT with HttpClient 5 (the JDK's client sends header bytes over 0x7F as {@code ?}, so it
   * cannot write UTF-8 metadata), with the plain client's token.
   */
  @Override
  public void put(SwiftPath path, byte[] body, String contentType, Map<String, String> metadata) {
    HttpPut put = new HttpPut(plain.url(container(path), path.object()));
    put.setHeader("X-Auth-Token", plain.token());
    put.setHeader("Content-Type", contentType);
    metadata.forEach((k, v) -> put.setHeader("X-Object-Meta-" + k, SwiftNames.unicodeToHeader(v)));
    put.setEntity(new ByteArrayEntity(body, null));
    try (CloseableHttpClient http = new SwiftHttpClients(1, 1, Duration.ofSeconds(10), Duration.ofSeconds(60))
        .build()) {
      int status = http.execute(put, response -> response.getCode());
      if (status != 201) {
        throw new IllegalStateException("PUT " + put.getRequestUri() + " -> " + status);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void putSlo(SwiftPath path, List<byte[]> segments, byte[] manifestJson, String sloEtag) {
    String container = container(path);
    String segmentsContainer = SwiftSettings.segmentsContainer(container);
    if (plain.request("HEAD", segmentsContainer, null, Map.of(), null).statusCode() == 404) {
      plain.createContainer(segmentsContainer);
    }
    List<SloEntry> entries;
    try {
      entries = SloManifest.parse(manifestJson).entries();
    } catch (ManifestException e) {
      throw new IllegalArgumentException(e);
    }
    ArrayNode put = JSON.createArrayNode();
    for (int i = 0; i < entries.size(); i++) {
      SloEntry.Segment segment = (SloEntry.Segment) entries.get(i);
      String name = segment.container() + "/" + segment.object();
      plain.put(segmentsContainer, name, segments.get(i), Map.of("Content-Type", "application/octet-stream"));
      put.addObject().put("path", "/" + segmentsContainer + "/" + name).put("etag", TestBytes.md5(segments.get(i)))
          .put("size_bytes", segments.get(i).length);
    }
    try {
      SwiftInspector.expect2xx(plain.request("PUT", plain.url(container, path.object()) + "?multipart-manifest=put",
          Map.of("X-Object-Meta-" + SwiftStore.SLO_ETAG, sloEtag), JSON.writeValueAsBytes(put)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String etag(SwiftPath path) {
    return SwiftInspector.expect2xx(plain.request("HEAD", prefix + path.container(), path.object(), Map.of(), null))
        .headers().firstValue("Etag").orElseThrow().replace("\"", "");
  }

  /** One byte over the SAIO's {@code max_object_name_length}. */
  @Override
  public String unstorableName(String account, String container) {
    return "n".repeat(1025);
  }

  @Override
  public boolean keepsManifestCopy() {
    return false;
  }

  /** The remote SLO's own ETag: the MD5 of its segments' ETags, against which a restore checks the manifest. */
  @Override
  public String readSloEtag(byte[] manifestJson, String recorded) {
    try {
      return SloManifest.parse(manifestJson).sloEtag();
    } catch (ManifestException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public List<String> errorWords(int status) {
    return List.of(String.valueOf(status), "transaction");
  }
}
