package dev.voicetrace.sample.spring;

import dev.voicetrace.sample.call.BotConfig;
import dev.voicetrace.sample.call.Switchboard;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The sample voice bot as a Spring Boot application: the same call handling as the standalone bot, served by the
 * embedded Tomcat at {@code /media}.
 *
 * <p>Usage: {@code java -jar sample-bot-spring.jar --server.port=0 --openai-base-url=URL --elevenlabs-base-url=URL}.
 */
@SpringBootApplication
public class SpringVoiceBot {

    public static void main(String[] args) {
        SpringApplication.run(SpringVoiceBot.class, args);
    }

    /** Answers every call; closed with the application context. */
    @Bean(destroyMethod = "close")
    Switchboard switchboard(@Value("${openai-base-url}") String openAiBaseUrl,
                            @Value("${elevenlabs-base-url}") String elevenLabsBaseUrl) {
        return new Switchboard(BotConfig.withFakeKeys(openAiBaseUrl, elevenLabsBaseUrl));
    }

    /** Announces the actual port once the web server listens. */
    @EventListener
    public void announce(WebServerInitializedEvent event) {
        System.out.println("VOICE_BOT_LISTENING port=" + event.getWebServer().getPort()
                + " path=" + MediaStreamConfig.PATH);
        System.out.flush();
    }
}
