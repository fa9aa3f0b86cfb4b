package dev.voicetrace.instrumentation.http.reactornetty;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Speech and LLM calls over Reactor Netty's {@code HttpClient} (and so Spring {@code WebClient}, and
 * {@code RestClient} when Reactor Netty is its engine). Three hooks (and more for the other ways of
 * sending a body), whatever API the application reads the response with ({@code responseContent()},
 * {@code responseSingle}, {@code responseConnection}, Spring's {@code bodyToFlux}…):
 *
 * <ul>
 *   <li>{@code HttpClientConnect.connect()}, which every request goes through: the {@code Mono} it
 *       returns is wrapped so that subscribing to it starts the provider call, with the stage span
 *       current while the subscription runs — upstream's {@code reactor-netty} module captures its
 *       parent there, so its HTTP span nests under the stage span — and the call put in the Reactor
 *       context, where the channel operations of the request find it (a URI given as a {@code Mono}
 *       is known only when the client subscribes to the connection with the resolved configuration:
 *       that request's call starts there, {@code HttpClientConnect$MonoHttpConnect.subscribe});
 *   <li>{@code HttpClientOperations.send(Publisher)}: the request body's buffers are seen as the
 *       client writes them (the application's publisher is subscribed once, by the client); so are
 *       those of {@code sendObject(Publisher)} ({@code ChannelOperations}) and the single buffer of
 *       {@code sendObject(Object)} ({@code HttpOperations}); a form ({@code sendForm}) is seen as
 *       Netty's form encoder hands it over, whole or in chunks;
 *   <li>{@code ChannelOperations.receiveObject()}, the inbound body every read API subscribes to: its
 *       buffers are counted (or read, for SSE and JSON) as they are handed to the application; its
 *       end, cancel or failure ends the call.
 * </ul>
 */
public final class ReactorNettyModule extends VoiceInstrumentationModule {
  public ReactorNettyModule() {
    super("voicetrace-reactor-netty");
  }

  @Override
  public int order() {
    return -1;
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed(
        "reactor.netty.http.client.HttpClientConnect",
        "reactor.netty.channel.ChannelOperations",
        "io.netty.buffer.ByteBufHolder");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new HttpClientConnectInstrumentation(),
        new MonoHttpConnectInstrumentation(),
        new HttpClientOperationsInstrumentation(),
        new SendFormInstrumentation(),
        new FormEncoderInstrumentation(),
        new HttpOperationsInstrumentation(),
        new ChannelOperationsInstrumentation());
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    String p = ReactorNettyModule.class.getPackage().getName() + ".";
    return Arrays.asList(
        p + "ReactorNettyExchange",
        "dev.voicetrace.instrumentation.http.reactor.RelaySubscriber",
        p + "ObservedConnect",
        p + "ObservedConnect$ConnectSubscriber",
        p + "ObservedRequestBody",
        p + "ObservedRequestBody$OfMono",
        p + "ObservedRequestBody$OfFlux",
        p + "ObservedRequestBody$BufferSubscriber",
        p + "ObservedResponseBody",
        p + "ObservedResponseBody$BodySubscriber");
  }
}
