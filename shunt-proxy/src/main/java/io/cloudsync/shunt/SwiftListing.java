package io.cloudsync.shunt;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Swift's complete answer to a (possibly rewritten) listing request.
 *
 * @param status 200 or 204
 * @param headers Swift's response headers (a copy)
 * @param body the whole body, as Swift sent it
 */
public record SwiftListing(HttpResponseStatus status, HttpHeaders headers, byte[] body) {}
