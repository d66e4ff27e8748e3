/**
 * Swift's container-sync vocabulary, as plain logic: the realms file
 * ({@code container-sync-realms.conf}, {@link io.cloudsync.containersync.RealmsConf},
 * {@link io.cloudsync.containersync.RealmsFile}), the validation of an {@code X-Container-Sync-To}
 * value ({@link io.cloudsync.containersync.SyncToResolver}, Swift's {@code validate_sync_to}) and
 * the {@code X-Container-Sync-Auth} signature ({@link io.cloudsync.containersync.SyncSignature}).
 * No HTTP here: the remote Swift store signs its requests with these.
 */
package io.cloudsync.containersync;
