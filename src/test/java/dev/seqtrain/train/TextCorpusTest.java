package dev.seqtrain.train;

import dev.seqtrain.SharedSpark;
import dev.seqtrain.sequence.TextWindows;
import dev.seqtrain.sequence.Vocabulary;
import dev.seqtrain.sequence.WindowPart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text corpus reader on two real novels and on a corpus built to catch vocabulary leaks. */
class TextCorpusTest {
    @TempDir
    Path dir;

    private String novel(String name) throws IOException {
        String resource = name.equals("persuasion.txt") ? "samples/" + name : "data/austen/" + name;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(name), text);
            return text;
        }
    }

    @Test
    void windowsOfTwoNovelsEqualLocalWindowsInDocumentOrder() throws IOException {
        List<String> texts = List.of(novel("northanger-abbey.txt"), novel("persuasion.txt"));
        TextCorpus corpus = TextCorpus.read(SharedSpark.context(), dir.resolve("*.txt").toString(), 0.1);
        Vocabulary vocabulary = corpus.vocabulary();
        assertTrue(vocabulary.size() > 60 && vocabulary.size() < 120, "letters, digits, punctuation: " + vocabulary.size());
        assertEquals(" ", vocabulary.symbols().get(0), "the space is the commonest character");
        double bits = vocabulary.unigramBits();
        assertTrue(bits > 4.0 && bits < 5.0, "English letters carry about 4.1-4.5 bits each: " + bits);

        for (WindowPart part : WindowPart.values()) {
            List<String> expected = new ArrayList<>();
            for (String text : texts) {
                int[] encoded = vocabulary.encode(text);
                int boundary = TextWindows.boundary(encoded.length, 0.1);
                int from = part == WindowPart.VALIDATION ? boundary : 0;
                int to = part == WindowPart.TRAIN ? boundary : encoded.length;
                TextWindows.cut(encoded, from, to, 100, 50, w -> expected.add(w.start() + ":" + vocabulary.decode(w.inputs())));
            }
            List<String> distributed = corpus.windows(part, 100, 50)
                    .map(w -> w.start() + ":" + vocabulary.decode(w.inputs())).collect();
            assertEquals(expected, distributed, part.name());
        }
        corpus.release();
    }

    @Test
    void vocabularyComesFromTrainingTextOnly() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "abababababababab" + "ababz");
        TextCorpus corpus = TextCorpus.read(SharedSpark.context(), dir.resolve("a.txt").toString(), 0.2);
        assertEquals(List.of("a", "b"), corpus.vocabulary().symbols(), "'z' is only in the validation part");
        assertArrayEquals(new int[]{1, 2, Vocabulary.UNKNOWN}, corpus.vocabulary().encode("abz"));
        List<TextWindows.Window> validation = new ArrayList<>();
        int[] encoded = corpus.vocabulary().encode("abababababababab" + "ababz");
        TextWindows.cut(encoded, 17, 21, 3, 1, validation::add);
        assertEquals(1, validation.size());
        assertArrayEquals(new int[]{1, 2, 0}, validation.get(0).next(), "targets are the next characters");
        assertEquals(1, corpus.windows(WindowPart.VALIDATION, 3, 1).count());
        corpus.release();
    }

    @Test
    void windowCountFormula() {
        assertEquals(0, TextWindows.count(3, 3, 1), "a window needs one character past it");
        assertEquals(1, TextWindows.count(4, 3, 1));
        assertEquals(3, TextWindows.count(10, 3, 3));
    }
}
