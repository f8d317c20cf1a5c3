package dev.seqtrain.model.recurrent;

/**
 * The recurrent cells' activations, overloaded by precision so that one kernel source serves both:
 * in float, a branch-free rational approximation the JIT vectorises (within 4e-7 of tanh, a few
 * float roundings); in double, the exact functions, for DL4J's gradient checks.
 */
final class Activations {
    /** Beyond this |x|, tanh is 1 in float. */
    private static final float CLAMP = 7.90531110763549805f;

    private Activations() {
    }

    /**
     * tanh(x) = p(x) / q(x), Eigen's minimax rational approximation (odd degree-13 numerator over an
     * even degree-6 denominator) on [-7.9, 7.9]; only multiplies, adds, a divide and a clamp.
     */
    static float tanh(float x) {
        float v = Math.max(-CLAMP, Math.min(CLAMP, x));
        float v2 = v * v;
        float p = v2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = v2 * p + -8.60467152213735e-11f;
        p = v2 * p + 5.12229709037114e-08f;
        p = v2 * p + 1.48572235717979e-05f;
        p = v2 * p + 6.37261928875436e-04f;
        p = v2 * p + 4.89352455891786e-03f;
        float q = v2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = v2 * q + 2.26843463243900e-03f;
        q = v2 * q + 4.89352518554385e-03f;
        return v * p / q;
    }

    /** The logistic sigmoid through tanh: 1 / (1 + e^-x) = (1 + tanh(x / 2)) / 2. */
    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    static double tanh(double x) {
        return Math.tanh(x);
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
