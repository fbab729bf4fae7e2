package io.sluice.api;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns SIGTERM into a graceful drain and a clean exit: the {@link Drain} runs on its own thread, then the
 * application stops through Quarkus's normal shutdown and the process exits 0. (Left to the JVM, SIGTERM runs the
 * shutdown hooks at once and exits 143: streams cut without a word, and an orchestrator that reads the status as a
 * crash.) A second SIGTERM during the drain stops at once.
 *
 * <p>Installed only when the application runs through Quarkus's main (the packaged server, dev mode, a
 * {@code @QuarkusMainTest}); an in-process {@code @QuarkusTest} leaves the test JVM's signal handling alone.
 */
@ApplicationScoped
public class SigtermDrain {

    private static final Logger LOG = Logger.getLogger(SigtermDrain.class);
    private static final Signal TERM = new Signal("TERM");

    private final Drain drain;
    private final AtomicBoolean received = new AtomicBoolean();
    private SignalHandler previous;

    public SigtermDrain(Drain drain) {
        this.drain = drain;
    }

    void install(@Observes StartupEvent started) {
        if (ApplicationLifecycleManager.getCurrentApplication() == null) {
            return;
        }
        previous = Signal.handle(TERM, this::terminate);
    }

    void uninstall(@Observes ShutdownEvent stopping) {
        if (previous != null) {
            Signal.handle(TERM, previous);
            previous = null;
        }
    }

    private void terminate(Signal signal) {
        if (!received.compareAndSet(false, true)) {
            LOG.warn("second SIGTERM: stopping without waiting for the drain");
            Quarkus.asyncExit(0);
            return;
        }
        LOG.info("SIGTERM: draining before exit");
        Thread.ofPlatform().name("sluice-drain").start(() -> {
            try {
                drain.run();
            } catch (RuntimeException e) {
                LOG.error("drain failed; stopping anyway", e);
            } finally {
                Quarkus.asyncExit(0);
            }
        });
    }
}
