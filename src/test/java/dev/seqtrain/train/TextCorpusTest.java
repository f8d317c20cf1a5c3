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
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("samples/austen/" + name)) {
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

    @Test
    void passagesAreLabelledByFileAndStayOnTheirSideOfTheSplit() throws IOException {
        Files.writeString(dir.resolve("first.txt"), "aaaaaaaaaabbbbbbbbbb"); // 20 characters: 16 train, 4 validate
        Files.writeString(dir.resolve("second.txt"), "cccccccccc");     // 10 characters: 8 train, 2 validate
        TextCorpus corpus = TextCorpus.read(SharedSpark.context(), dir.toString(), 0.2);
        List<String> labels = corpus.labels("input.path");
        assertEquals(List.of("first", "second"), labels);

        List<String> train = corpus.passages(WindowPart.TRAIN, 4, 4, labels).map(p -> p.label() + ":" + p.text()).collect();
        assertEquals(List.of("0:aaaa", "0:aaaa", "0:aabb", "0:bbbb", "1:cccc", "1:cccc"), train,
                "four passages of 'first' fit in its 16 training characters, two of 'second' in its 8");
        // 'first' ends in 4 validation characters: exactly one passage, all b; 'second' has 2: none.
        List<String> validation = corpus.passages(WindowPart.VALIDATION, 4, 4, labels)
                .map(p -> p.label() + ":" + p.text()).collect();
        assertEquals(List.of("0:bbbb"), validation);
        assertEquals(java.util.Map.of("first", 4L, "second", 2L),
                corpus.passageCounts(WindowPart.TRAIN, 4, 4, labels));
        corpus.release();
    }

    @Test
    void passageClassesNeedTwoFiles() throws IOException {
        Files.writeString(dir.resolve("only.txt"), "some text to classify");
        TextCorpus corpus = TextCorpus.read(SharedSpark.context(), dir.toString(), 0.2);
        var error = org.junit.jupiter.api.Assertions.assertThrows(dev.seqtrain.config.InvalidInputException.class,
                () -> corpus.labels("input.path"));
        assertTrue(error.getMessage().startsWith("input.path: passage classification needs files of at least two "
                + "classes"), error.getMessage());
        corpus.release();
    }

    @Test
    void embeddedFolderListsItsNovels() {
        assertEquals(List.of("emma", "mansfield-park", "northanger-abbey", "persuasion", "pride-and-prejudice",
                        "sense-and-sensibility"),
                dev.seqtrain.storage.InputFiles.embeddedFiles("input.path", "embedded:austen/").stream()
                        .map(TextCorpus::label).toList());
    }
}
