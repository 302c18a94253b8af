package multinode.test;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A certificate authority made with the {@code openssl} command, as an operator makes one, and node certificates it signs. */
public final class Certificates {

  private static final List<String> EC_KEY = List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes");

  private final Path dir;
  private final String ca;

  private Certificates(Path dir, String ca) {
    this.dir = dir;
    this.ca = ca;
  }

  /** A new CA (EC P-256, valid for a day) in a temporary directory. */
  public static Certificates authority(String name) {
    try {
      Certificates certificates = new Certificates(Files.createTempDirectory("mn-tls-"), name);
      certificates.openssl(List.of("req", "-x509"), EC_KEY, List.of("-keyout", certificates.file(name + ".key"),
        "-out", certificates.file(name + ".pem"), "-days", "1", "-subj", "/CN=" + name));
      return certificates;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A key and a certificate for {@code node}, signed by this CA, as the {@code cluster.tls} settings that name them. */
  public JsonObject node(String node) {
    openssl(List.of("req"), EC_KEY, List.of("-keyout", file(node + ".key"), "-out", file(node + ".csr"), "-subj", "/CN=" + node));
    openssl(List.of("x509", "-req", "-in", file(node + ".csr"), "-CA", file(ca + ".pem"), "-CAkey", file(ca + ".key"),
      "-CAcreateserial", "-CAserial", file(ca + ".srl"), "-out", file(node + ".pem"), "-days", "1"));
    return new JsonObject().put("keyPath", file(node + ".key")).put("certPath", file(node + ".pem"))
      .put("caPath", file(ca + ".pem"));
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  @SafeVarargs
  private static void openssl(List<String>... parts) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    for (List<String> part : parts) {
      command.addAll(part);
    }
    Command result = Command.run(command.toArray(new String[0]));
    assertThat(result.exit()).as(result.output()).isZero();
  }
}
