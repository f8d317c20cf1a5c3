package dev.seqtrain.train;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The networks a worker JVM trains with, kept from round to round: building one from its
 * configuration costs more than a round of a small model, so each task borrows one of the training
 * run's networks and gives it back. Only the most recent runs keep theirs.
 */
final class WorkerNetworks {
    private static final int RUNS_KEPT = 4;
    private static final Map<String, Deque<MultiLayerNetwork>> IDLE = new LinkedHashMap<>();

    private WorkerNetworks() {
    }

    /** A network of the run {@code key} (parameters as some earlier round left them). */
    static MultiLayerNetwork borrow(String key, String configuration) {
        synchronized (IDLE) {
            Deque<MultiLayerNetwork> idle = IDLE.remove(key);
            if (idle == null) {
                idle = new ArrayDeque<>();
            }
            IDLE.put(key, idle); // most recently used last
            evictOldRuns();
            MultiLayerNetwork network = idle.poll();
            if (network != null) {
                return network;
            }
        }
        MultiLayerNetwork network = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configuration));
        network.init();
        return network;
    }

    static void giveBack(String key, MultiLayerNetwork network) {
        synchronized (IDLE) {
            Deque<MultiLayerNetwork> idle = IDLE.get(key);
            if (idle != null) {
                idle.push(network);
            }
        }
    }

    /** Lets a finished run's networks go (in local mode the driver's JVM is the workers'). */
    static void forget(String key) {
        synchronized (IDLE) {
            IDLE.remove(key);
        }
    }

    private static void evictOldRuns() {
        Iterator<String> oldest = IDLE.keySet().iterator();
        while (IDLE.size() > RUNS_KEPT && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
