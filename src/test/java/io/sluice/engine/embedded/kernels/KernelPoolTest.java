package io.sluice.engine.embedded.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class KernelPoolTest {

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int threads = 1; threads <= 4; threads++) {
            try (KernelPool pool = new KernelPool(threads, 10_000)) {
                assertEquals(threads, pool.threads());
                for (int n : new int[] {0, 1, 2, 3, 7, 1000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                    pool.forRange(n, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits.get(i), threads + " threads, n " + n + ", index " + i);
                    }
                }
            }
        }
    }

    @Test
    void chunkedCallsRunEveryIndexOnceInContiguousChunks() {
        for (int threads = 1; threads <= 3; threads++) {
            try (KernelPool pool = new KernelPool(threads, 10_000)) {
                for (int n : new int[] {1, 2, 5, 16, 1000}) {
                    for (int perThread : new int[] {1, 4, 8}) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(n);
                        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
                        pool.forChunks(n, perThread, (from, to) -> {
                            calls.incrementAndGet();
                            for (int i = from; i < to; i++) {
                                hits.incrementAndGet(i);
                            }
                        });
                        for (int i = 0; i < n; i++) {
                            assertEquals(1, hits.get(i), threads + " threads, n " + n + ", index " + i);
                        }
                        assertTrue(calls.get() <= Math.max(1, Math.min(n, threads * perThread)));
                    }
                }
            }
        }
    }

    @Test
    void aSlowThreadLeavesTheRestOfAChunkedCallToTheOthers() {
        try (KernelPool pool = new KernelPool(2, 10_000)) {
            Thread caller = Thread.currentThread();
            AtomicIntegerArray byCaller = new AtomicIntegerArray(1);
            pool.forChunks(64, 8, (from, to) -> {
                if (Thread.currentThread() != caller) {
                    try {
                        Thread.sleep(200); // a worker kept off its core: the caller takes the remaining chunks
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    byCaller.addAndGet(0, to - from);
                }
            });
            assertTrue(byCaller.get(0) >= 56, "the caller ran " + byCaller.get(0) + " of 64 indices");
        }
    }

    @Test
    void callerTakesPartZeroAndWorkersTheRest() {
        try (KernelPool pool = new KernelPool(3, 10_000)) {
            Thread caller = Thread.currentThread();
            Thread[] ran = new Thread[3];
            pool.forRange(3, (from, to) -> ran[from] = Thread.currentThread());
            assertSame(caller, ran[0]);
            assertTrue(ran[1] != caller && ran[2] != caller && ran[1] != ran[2]);
            assertTrue(ran[1].getName().startsWith("sluice-kernel-"));
        }
    }

    @Test
    void thousandsOfBackToBackCallsSeeEveryWrite() {
        try (KernelPool pool = new KernelPool(2, 50_000)) {
            long[] slots = new long[2];
            AtomicLong total = new AtomicLong();
            for (int call = 0; call < 20_000; call++) {
                int c = call;
                pool.forRange(2, (from, to) -> slots[from] = c + from);
                assertEquals(2L * c + 1, slots[0] + slots[1]);
                total.addAndGet(slots[0]);
            }
            assertEquals(19_999L * 20_000 / 2, total.get());
        }
    }

    @Test
    void workersParkAfterSpinningAndWakeUp() throws Exception {
        try (KernelPool pool = new KernelPool(2, 1_000)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(2);
            for (int i = 0; i < 5; i++) {
                Thread.sleep(20); // well past the spin window: the worker is parked
                pool.forRange(2, (from, to) -> hits.incrementAndGet(from));
            }
            assertEquals(5, hits.get(0));
            assertEquals(5, hits.get(1));
        }
    }

    @Test
    void failuresReachTheCallerAndThePoolKeepsWorking() {
        try (KernelPool pool = new KernelPool(2, 10_000)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.forRange(2, (from, to) -> {
                if (from == 1) {
                    throw new IllegalStateException("worker part failed");
                }
            }));
            assertEquals("worker part failed", e.getMessage());
            assertThrows(ArithmeticException.class, () -> pool.forRange(2, (from, to) -> {
                if (from == 0) {
                    throw new ArithmeticException("caller part failed");
                }
            }));
            AtomicIntegerArray hits = new AtomicIntegerArray(10);
            pool.forRange(10, (from, to) -> {
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 10; i++) {
                assertEquals(1, hits.get(i));
            }
        }
    }

    @Test
    void nestedAndConcurrentCallsRunOnTheirCaller() throws Exception {
        try (KernelPool pool = new KernelPool(2, 10_000)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(8);
            pool.forRange(2, (from, to) -> pool.forRange(4, (f2, t2) -> {
                for (int i = f2; i < t2; i++) {
                    hits.incrementAndGet(from * 4 + i);
                }
            }));
            for (int i = 0; i < 8; i++) {
                assertEquals(1, hits.get(i));
            }
            Set<String> errors = ConcurrentHashMap.newKeySet();
            Runnable hammer = () -> {
                for (int k = 0; k < 2000; k++) {
                    AtomicIntegerArray h = new AtomicIntegerArray(5);
                    pool.forRange(5, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            h.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < 5; i++) {
                        if (h.get(i) != 1) {
                            errors.add("index " + i + " ran " + h.get(i) + " times");
                        }
                    }
                }
            };
            Thread other = new Thread(hammer);
            other.start();
            hammer.run();
            other.join();
            assertTrue(errors.isEmpty(), errors.toString());
        }
    }

    @Test
    void closeStopsWorkersAndLaterCallsStillRun() throws Exception {
        KernelPool pool = new KernelPool(3, 10_000);
        Thread[] workers = new Thread[3];
        pool.forRange(3, (from, to) -> workers[from] = Thread.currentThread());
        pool.close();
        workers[1].join(2000);
        workers[2].join(2000);
        assertFalse(workers[1].isAlive());
        assertFalse(workers[2].isAlive());
        AtomicIntegerArray hits = new AtomicIntegerArray(3);
        pool.forRange(3, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        assertEquals(1, hits.get(2));
        assertThrows(IllegalArgumentException.class, () -> new KernelPool(0));
    }
}
