package io.wharf.agent.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.BindException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The netty transport of {@link ApiRoutes}: one small event loop, keep-alive, requests up to 64 KiB. */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final EventLoopGroup group;
    private final Channel channel;

    private HttpApi(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    public static HttpApi start(HttpConfig config, ApiRoutes routes) throws InterruptedException, BindException {
        EventLoopGroup group = new NioEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "wharf-http");
            t.setDaemon(true);
            return t;
        });
        try {
            Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Handler(routes));
                        }
                    }).bind(config.host(), config.port()).sync().channel();
            HttpApi api = new HttpApi(group, channel);
            LOG.info("HTTP API listening on http://{}:{}/", config.host(), api.port());
            return api;
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        } catch (Exception e) { // Netty rethrows the bind failure undeclared; its message lacks the address
            group.shutdownGracefully();
            if (e instanceof BindException) {
                BindException clear = new BindException("HTTP API: cannot listen on " + config.host() + ":" + config.port() + ": "
                        + e.getMessage() + " (another agent running? set http.port, or http.enabled: false)");
                clear.initCause(e);
                throw clear;
            }
            throw new IllegalStateException("HTTP API: cannot listen on " + config.host() + ":" + config.port() + ": " + e, e);
        }
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final ApiRoutes routes;

        Handler(ApiRoutes routes) {
            this.routes = routes;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = new QueryStringDecoder(request.uri()).path();
            ApiResponse r;
            try {
                r = routes.handle(request.method().name(), path, request.headers().get(HttpHeaderNames.AUTHORIZATION));
            } catch (RuntimeException e) {
                LOG.warn("error serving {}: {}", path, e.toString());
                r = ApiResponse.error(500, e.getClass().getSimpleName());
            }
            boolean head = request.method().name().equals("HEAD");
            FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                    HttpResponseStatus.valueOf(r.status()), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            if (r.status() == 401) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("HTTP connection error: {}", cause.toString());
            ctx.close();
        }
    }
}
