/**
 * Running the server in production: its metrics ({@link dev.tern.server.ops.Metrics}, fed through
 * {@link dev.tern.server.ServerObserver}), the HTTP listener for {@code /healthz} and {@code
 * /metrics} ({@link dev.tern.server.ops.OpsHttp}), and the server config file ({@link
 * dev.tern.server.ops.ConfigFile}). See server/README.md and docs/architecture.md.
 */
package dev.tern.server.ops;
