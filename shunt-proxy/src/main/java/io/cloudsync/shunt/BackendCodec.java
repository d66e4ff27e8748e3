package io.cloudsync.shunt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * The Swift-side HTTP/1.1 codec. Like Netty's {@code HttpClientCodec}, but built for relaying:
 * <ul>
 *   <li>the request target is written byte for byte as the client sent it (Netty would re-encode
 *       raw non-ASCII bytes as UTF-8, mangling a raw UTF-8 object name);</li>
 *   <li>an interim {@code 100 Continue} does not consume the request's method;</li>
 *   <li>a bodiless answer ({@code HEAD}, 204, 304) keeps its {@code Transfer-Encoding} header,
 *       which Netty's decoder removes.</li>
 * </ul>
 */
final class BackendCodec
    extends CombinedChannelDuplexHandler<BackendCodec.ResponseDecoder, BackendCodec.RequestEncoder> {

  /** Methods of written requests whose final response has not been decoded yet. */
  private final Queue<HttpMethod> methods = new ArrayDeque<>();

  BackendCodec(HttpDecoderConfig config) {
    init(new ResponseDecoder(config), new RequestEncoder());
  }

  final class RequestEncoder extends HttpRequestEncoder {
    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
      if (msg instanceof HttpRequest request) {
        methods.add(request.method());
      }
      super.encode(ctx, msg, out);
    }

    @Override
    protected void encodeInitialLine(ByteBuf buf, HttpRequest request) throws Exception {
      ByteBufUtil.copy(request.method().asciiName(), buf);
      buf.writeByte(' ');
      String uri = request.uri();
      buf.writeCharSequence(uri.isEmpty() ? "/" : uri, StandardCharsets.ISO_8859_1);
      buf.writeByte(' ');
      buf.writeCharSequence(request.protocolVersion().text(), StandardCharsets.US_ASCII);
      buf.writeByte('\r').writeByte('\n');
    }
  }

  final class ResponseDecoder extends HttpResponseDecoder {
    private List<String> bodilessTransferEncoding;

    ResponseDecoder(HttpDecoderConfig config) {
      super(config);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
      HttpResponse response = (HttpResponse) msg;
      boolean empty;
      if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        empty = super.isContentAlwaysEmpty(msg);
      } else {
        empty = HttpMethod.HEAD.equals(methods.poll()) || super.isContentAlwaysEmpty(msg);
      }
      if (empty && msg.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
        bodilessTransferEncoding = msg.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
      }
      return empty;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
      int before = out.size();
      super.decode(ctx, buffer, out);
      if (bodilessTransferEncoding != null) {
        for (int i = before; i < out.size(); i++) {
          if (out.get(i) instanceof HttpResponse response
              && !response.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            response.headers().add(HttpHeaderNames.TRANSFER_ENCODING, bodilessTransferEncoding);
          }
        }
        bodilessTransferEncoding = null;
      }
    }
  }
}
