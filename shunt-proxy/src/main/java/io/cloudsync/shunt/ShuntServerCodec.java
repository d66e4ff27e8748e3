package io.cloudsync.shunt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * The client-side HTTP/1.1 codec. Like Netty's {@code HttpServerCodec}, but built for relaying:
 * response headers are written exactly as given (Netty's encoder would drop {@code Content-Length}
 * from a 204, which Swift sends), and an interim {@code 100 Continue} does not consume the
 * request's method, so the final answer to a {@code HEAD} still goes out without a body.
 */
final class ShuntServerCodec
    extends CombinedChannelDuplexHandler<ShuntServerCodec.RequestDecoder, ShuntServerCodec.ResponseEncoder> {

  /** Methods of decoded requests whose final response has not been encoded yet. */
  private final Queue<HttpMethod> methods = new ArrayDeque<>();

  ShuntServerCodec(HttpDecoderConfig config) {
    init(new RequestDecoder(config), new ResponseEncoder());
  }

  final class RequestDecoder extends HttpRequestDecoder {
    RequestDecoder(HttpDecoderConfig config) {
      super(config);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
      int before = out.size();
      super.decode(ctx, buffer, out);
      for (int i = before; i < out.size(); i++) {
        if (out.get(i) instanceof HttpRequest request) {
          methods.add(request.method());
        }
      }
    }
  }

  final class ResponseEncoder extends HttpResponseEncoder {
    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
      if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        return super.isContentAlwaysEmpty(msg);
      }
      HttpMethod method = methods.poll();
      return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected void sanitizeHeadersBeforeEncode(HttpResponse msg, boolean isAlwaysEmpty) {
      // Relay headers untouched.
    }
  }
}
