package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.InvalidInputException;
import dev.tern.server.ServerSettings;
import dev.tern.server.ops.ConfigFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tern server --config FILE}: the file sets what the options leave, and options win. */
class ServerConfigTest {
  @TempDir Path home;

  ServerCommand parsed(String... args) {
    ServerCommand command = new ServerCommand(Map.of("TERN_HOME", home.toString()));
    new CommandLine(command).parseArgs(args);
    return command;
  }

  Path config(String text) throws Exception {
    Path file = home.resolve("tern-server.conf");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void theFileSetsWhatTheOptionsLeaveAndOptionsWin() throws Exception {
    Path file =
        config(
            "port = 7801\nhost = 127.0.0.1\nkeep-ops = 500\nhttp-port = 9101\n"
                + "max-connections = 300\nmax-queued-bytes = 16000000\nhello-timeout-seconds = 3\n");
    ServerCommand fromFile = parsed("--config", file.toString());
    ConfigFile config = fromFile.config();
    ServerSettings settings = fromFile.settings(config);
    assertThat(settings.port()).isEqualTo(7801);
    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.keepOps()).isEqualTo(500);
    assertThat(settings.maxConnections()).isEqualTo(300);
    assertThat(settings.maxQueuedBytes()).isEqualTo(16_000_000);
    assertThat(settings.helloTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(fromFile.httpPort(config)).isEqualTo(9101);

    ServerCommand overridden =
        parsed(
            "--config",
            file.toString(),
            "--port",
            "7900",
            "--keep-ops",
            "0",
            "--http-port",
            "9200",
            "--max-connections",
            "10");
    settings = overridden.settings(config);
    assertThat(settings.port()).isEqualTo(7900);
    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.keepOps()).isZero();
    assertThat(settings.maxConnections()).isEqualTo(10);
    assertThat(overridden.httpPort(config)).isEqualTo(9200);
  }

  @Test
  void withoutAFileTheDefaultsHoldAndHttpIsOff() {
    ServerCommand command = parsed();
    ServerSettings settings = command.settings(command.config());
    ServerSettings defaults = ServerSettings.defaults();
    assertThat(settings.port()).isEqualTo(defaults.port());
    assertThat(settings.maxConnections()).isEqualTo(defaults.maxConnections());
    assertThat(settings.maxQueuedBytes()).isEqualTo(defaults.maxQueuedBytes());
    assertThat(settings.maxTotalQueuedBytes()).isEqualTo(defaults.maxTotalQueuedBytes());
    assertThat(command.httpPort(command.config())).isNull();
  }

  @Test
  void theExampleConfigReadsAndItsLimitsAreTheDefaults() {
    ServerCommand command = parsed("--config", "server/tern-server.conf");
    ConfigFile config = command.config();
    ServerSettings settings = command.settings(config);
    ServerSettings defaults = ServerSettings.defaults();
    assertThat(settings.port()).isEqualTo(defaults.port());
    assertThat(settings.maxConnections()).isEqualTo(defaults.maxConnections());
    assertThat(settings.maxQueuedBytes()).isEqualTo(defaults.maxQueuedBytes());
    assertThat(settings.maxTotalQueuedBytes()).isEqualTo(defaults.maxTotalQueuedBytes());
    assertThat(settings.helloTimeout()).isEqualTo(defaults.helloTimeout());
    assertThat(settings.keepOps()).isZero();
    assertThat(command.httpPort(config)).isEqualTo(9770);
  }

  @Test
  void aKeyStoreMadeByKeytoolServesWssFromTheFile() throws Exception {
    Path keyStore = home.resolve("tern.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "tern",
                "-keyalg",
                "EC",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "from-file")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(keytool.waitFor()).isZero();
    Path file = config("tls-keystore = " + keyStore + "\ntls-password = from-file\n");
    ServerCommand command = parsed("--config", file.toString());
    assertThat(command.settings(command.config()).ssl()).isNotNull();

    ServerCommand wrongPassword = parsed("--config", file.toString(), "--tls-password", "nope");
    assertThatThrownBy(() -> wrongPassword.settings(wrongPassword.config()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot use key store");
  }

  @Test
  void adminCommandsUseTheFilesDatabase() throws Exception {
    Path database = home.resolve("from-config.db");
    Path file = config("db = sqlite:" + database + "\n");
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new ServerCommand(Map.of("TERN_HOME", home.toString())));
    command.setErr(new PrintWriter(err, true));
    assertThat(command.execute("--config", file.toString(), "team", "add", "ENG", "Eng")).isZero();
    assertThat(database).exists();
  }

  @Test
  void aBadFileIsOneLineAndTheUsageExitCode() throws Exception {
    Path file = config("prot = 1\n");
    Cli.Result result = new Cli(home).run("server", "--config", file.toString(), "team", "ls");
    assertThat(result.code()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err().strip()).doesNotContain("\n").contains("unknown setting 'prot'");
  }
}
