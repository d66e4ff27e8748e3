package io.cloudsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigLoader#load(Path)}: file handling. */
class ConfigLoaderFileTest {

  @TempDir
  Path dir;

  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

  @Test
  void missingFileIsItsOwnException() {
    Path file = dir.resolve("sync.json");
    assertThat(ConfigLoader.exists(file)).isFalse();
    MissingConfigException e = catchThrowableOfType(MissingConfigException.class,
        () -> loader.load(file));
    assertThat(e.getMessage()).isEqualTo(file + ": configuration file does not exist");
  }

  @Test
  void loadsFileAndNamesItInErrors() throws Exception {
    Path file = dir.resolve("sync.json");
    Files.writeString(file, "{\"devices\": \"/srv/node\"}");
    assertThat(ConfigLoader.exists(file)).isTrue();
    assertThat(loader.load(file).devices()).isEqualTo(Path.of("/srv/node"));

    Files.writeString(file, "{\"devics\": \"/srv/node\"}");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));
    assertThat(e).isNotInstanceOf(MissingConfigException.class);
    assertThat(e.getMessage()).startsWith(file + ": devics: unknown key; did you mean"
        + " \"devices\"?");
  }

  @Test
  void byteOrderMarkIsIgnored() throws Exception {
    Path file = dir.resolve("bom.json");
    Files.write(file, ("\uFEFF{\"workers\": 3}").getBytes(StandardCharsets.UTF_8));
    assertThat(loader.load(file).workers()).isEqualTo(3);
  }

  @Test
  void invalidUtf8IsAnError() throws Exception {
    Path file = dir.resolve("latin1.json");
    Files.write(file, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));
    assertThat(e.getMessage()).isEqualTo(file + ": is not valid UTF-8 text");
  }

  @Test
  void directoryIsAnError() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(dir));
    assertThat(e).isNotInstanceOf(MissingConfigException.class);
    assertThat(e.getMessage()).contains("is a directory");
  }

  @Test
  void unicodeNamesSurvive() throws Exception {
    Path file = dir.resolve("u.json");
    Files.writeString(file, "{\"containers\": [{\"account\": \"AUTH_tést\", \"container\":"
        + " \"unicodé-☯\", \"aws_bucket\": \"b\", \"aws_identity\": \"i\","
        + " \"aws_secret\": \"s\"}]}");
    MappingConfig m = loader.load(file).containers().get(0);
    assertThat(m.account()).isEqualTo("AUTH_tést");
    assertThat(m.container()).isEqualTo("unicodé-☯");
  }

  @Test
  void aHugeFileIsRefusedBeforeItIsRead() throws Exception {
    Path file = dir.resolve("huge.json");
    try (var out = Files.newOutputStream(file)) {
      byte[] spaces = new byte[1024 * 1024];
      Arrays.fill(spaces, (byte) ' ');
      out.write('{');
      for (int i = 0; i < 17; i++) {
        out.write(spaces);
      }
      out.write('}');
    }
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("huge.json").hasMessageContaining("at most 16 MiB");
  }
}
