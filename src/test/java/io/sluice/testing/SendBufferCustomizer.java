package io.sluice.testing;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Sets the server sockets' send buffer when a test profile asks ({@value #KEY}). Left alone, Linux grows a loopback
 * socket's buffers to megabytes, so a test client that stops reading would need to be sent megabytes before the
 * server could notice; fixing the size (which turns off that auto-tuning) makes a slow reader visible after a few
 * kilobytes. Production keeps the kernel's defaults.
 */
@Singleton
public class SendBufferCustomizer implements HttpServerOptionsCustomizer {

    public static final String KEY = "test.http.send-buffer";

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        ConfigProvider.getConfig().getOptionalValue(KEY, Integer.class).ifPresent(options::setSendBufferSize);
    }
}
