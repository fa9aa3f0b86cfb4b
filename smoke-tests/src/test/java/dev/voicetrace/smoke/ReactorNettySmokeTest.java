package dev.voicetrace.smoke;

import dev.voicetrace.smoke.apps.ReactorNettyApp;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Speech and LLM calls over Reactor Netty's {@code HttpClient} become stage spans (see {@link
 * ClientScenarioChecks}), whichever response API reads them. The fake server streams audio in
 * 500-byte chunks here, so that the partial reader, which takes whole chunks, stops at exactly {@code
 * PARTIAL_BYTES} (two chunks) before it cancels.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class ReactorNettySmokeTest {

  @Test
  void everyResponseApiBecomesOneStageSpanAndTheAppSeesTheSameBytes(SmokeEnv env) {
    String classPath = ClientScenarioChecks.classPath(
        "reactor.netty.http.client.HttpClient",
        "reactor.netty.Connection",
        "reactor.core.publisher.Mono",
        "org.reactivestreams.Publisher",
        "io.netty.buffer.ByteBuf",
        "io.netty.util.AttributeKey",
        "io.netty.channel.Channel",
        "io.netty.handler.codec.ByteToMessageDecoder",
        "io.netty.handler.codec.http.HttpMethod",
        "io.netty.handler.codec.http2.Http2Settings",
        "io.netty.handler.ssl.SslContext",
        "io.netty.resolver.AddressResolverGroup",
        "io.netty.resolver.dns.DnsAddressResolverGroup",
        "io.netty.handler.codec.dns.DnsRecord",
        "io.netty.handler.proxy.ProxyHandler",
        "io.netty.handler.codec.socks.SocksMessage",
        "io.netty.channel.unix.DomainSocketAddress",
        "io.netty.channel.epoll.Epoll");
    ClientScenarioChecks.run(env, "smoke-reactor-netty", ReactorNettyApp.class.getName(), classPath,
        ",\"chunkBytes\":500");
  }
}
