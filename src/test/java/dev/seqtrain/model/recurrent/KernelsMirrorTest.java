package dev.seqtrain.model.recurrent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The double kernels are the float kernels with the type names swapped, and nothing else. */
class KernelsMirrorTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/seqtrain/model/recurrent");

    /** The swap, as a shell command prints it for whoever edits the float kernels. */
    static final String REGENERATE = "sed -e 's/FloatKernels/DoubleKernels/g; s/FloatPointer/DoublePointer/g; "
            + "s/float/double/g; s/Float/Double/g; s/FLOAT/DOUBLE/g' FloatKernels.java > DoubleKernels.java";

    static String swapped(String floatSource) {
        return floatSource.replace("FloatKernels", "DoubleKernels").replace("FloatPointer", "DoublePointer")
                .replace("float", "double").replace("Float", "Double").replace("FLOAT", "DOUBLE");
    }

    @Test
    void doubleKernelsAreTheFloatKernelsInDouble() throws IOException {
        String floats = Files.readString(SOURCES.resolve("FloatKernels.java"));
        String doubles = Files.readString(SOURCES.resolve("DoubleKernels.java"));
        assertEquals(swapped(floats), doubles, "DoubleKernels.java is out of date; in " + SOURCES + " run: " + REGENERATE);
    }
}
