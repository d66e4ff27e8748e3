package io.cloudsync.store.s3;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 that sends {@code UNSIGNED-PAYLOAD} over plain http when the request carries a
 * {@code Content-MD5} header, so a body is read exactly once per attempt.
 *
 * <p>Over http the SDK always signs the payload: either with aws-chunked signing (which Swift
 * 2.30's s3api does not understand) or, with chunked encoding off, by reading the whole body once
 * to hash it and again to send it (two Swift GETs per upload). Every body cloudsync sends carries
 * {@code Content-MD5}, which is a signed header, so the server already rejects a body that differs
 * from the signed digest ({@code BadDigest}); hashing the body into the signature adds nothing but
 * a second read. Requests without {@code Content-MD5}, with flexible checksums, over https (where
 * the SDK already sends an unsigned payload) are signed by the SDK's signer unchanged.
 */
final class Md5CheckedPayloadSigner implements HttpSigner<AwsCredentialsIdentity> {
  private final HttpSigner<AwsCredentialsIdentity> delegate = AwsV4HttpSigner.create();

  /** The {@code aws.auth#sigv4} scheme with this signer, for {@code putAuthScheme}. */
  static AuthScheme<AwsCredentialsIdentity> authScheme() {
    Md5CheckedPayloadSigner signer = new Md5CheckedPayloadSigner();
    return new AuthScheme<>() {
      @Override
      public String schemeId() {
        return AwsV4AuthScheme.SCHEME_ID;
      }

      @Override
      public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return providers.identityProvider(AwsCredentialsIdentity.class);
      }

      @Override
      public HttpSigner<AwsCredentialsIdentity> signer() {
        return signer;
      }
    };
  }

  @Override
  public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
    if (!sendsUnsigned(request)) {
      return delegate.sign(request);
    }
    SignedRequest headersOnly = delegate.sign(request.toBuilder().payload(null).build());
    return SignedRequest.builder()
        .request(headersOnly.request())
        .payload(request.payload().orElse(null))
        .build();
  }

  @Override
  public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
    return delegate.signAsync(request);
  }

  static boolean sendsUnsigned(SignRequest<? extends AwsCredentialsIdentity> request) {
    SdkHttpRequest http = request.request();
    return "http".equals(http.protocol())
        && request.payload().isPresent()
        && http.firstMatchingHeader("Content-MD5").isPresent()
        && http.firstMatchingHeader("x-amz-trailer").isEmpty()
        && request.property(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM) == null
        && !Boolean.TRUE.equals(request.property(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED));
  }
}
