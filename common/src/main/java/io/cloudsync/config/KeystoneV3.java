package io.cloudsync.config;

import java.util.Objects;

/**
 * Keystone v3 scope for a remote Swift target ({@code auth_version: 3}, or 1space's
 * {@code auth_type: "keystone_v3"}). The user name and password are {@code aws_identity}
 * and {@code aws_secret}; {@code aws_endpoint} is the Keystone URL. 1space required the
 * three name fields; {@code region_name} is a cloudsync addition (swiftclient's option of
 * the same name) for catalogs with several regions.
 *
 * @param projectName {@code project_name}
 * @param projectDomainName {@code project_domain_name}
 * @param userDomainName {@code user_domain_name}
 * @param regionName {@code region_name}, or null for the catalog's only/first region
 */
public record KeystoneV3(String projectName, String projectDomainName, String userDomainName,
    String regionName) {

  public KeystoneV3 {
    Objects.requireNonNull(projectName, "projectName");
    Objects.requireNonNull(projectDomainName, "projectDomainName");
    Objects.requireNonNull(userDomainName, "userDomainName");
  }
}
