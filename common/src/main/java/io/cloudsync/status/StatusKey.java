package io.cloudsync.status;

/**
 * Which entry of which status file: the container, the DB replica (its {@code id}) and the
 * mapping target (a stable id of protocol, endpoint, bucket and prefix), so several mappings of
 * one container never reset each other.
 */
public record StatusKey(String account, String container, String dbId, String targetId) {}
