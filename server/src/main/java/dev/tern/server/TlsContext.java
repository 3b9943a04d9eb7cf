package dev.tern.server;

import dev.tern.model.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Builds the TLS context of a wss server from a key store file (PKCS#12 or JKS). */
public final class TlsContext {
  private TlsContext() {}

  /** Throws InvalidInputException with a readable reason when the file cannot be used. */
  public static SSLContext fromKeyStore(Path file, char[] password) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("no key store at " + file);
    }
    try {
      KeyStore keyStore = KeyStore.getInstance(file.toFile(), password);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new InvalidInputException("cannot use key store " + file + ": " + e.getMessage());
    }
  }
}
