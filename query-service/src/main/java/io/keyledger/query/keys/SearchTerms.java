package io.keyledger.query.keys;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The terms a key document keeps for search ({@code q=}, {@code prefix=}), so that a search is an
 * equality match on a multikey index instead of a scan of the organization's keys (a regular
 * expression that is not anchored, as {@code q=} was first, reads every key: issue 18 asks for
 * 100,000 keys per organization). A term is a leading part of the text: a name gives the leading
 * parts of its whole (lower-cased) text and of each of its words, so {@code q=billing},
 * {@code q=sync} and {@code q=billing s} all find "Billing sync"; a display prefix gives its own
 * leading parts, case kept ({@code kl_live_AbCd}: {@code kl_}, {@code kl_live_A}, …). Terms stop at
 * {@value #MAX_TERM} characters; a longer query looks up its first {@value #MAX_TERM} and then
 * checks the rest ({@link KeyQueries}).
 */
final class SearchTerms {

    static final int MAX_TERM = 32;
    private static final Pattern WORD_BREAK = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private SearchTerms() {
    }

    static List<String> ofName(String name) {
        if (name == null || name.isBlank()) {
            return List.of();
        }
        String lower = normalizeName(name);
        Set<String> terms = new LinkedHashSet<>();
        leadingParts(lower, terms);
        // words between spaces ("(prod)") and words of letters and digits only ("prod")
        for (String word : SPACE.split(lower)) {
            leadingParts(word, terms);
        }
        for (String word : WORD_BREAK.split(lower)) {
            leadingParts(word, terms);
        }
        return new ArrayList<>(terms);
    }

    static List<String> ofPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return List.of();
        }
        Set<String> terms = new LinkedHashSet<>();
        leadingParts(prefix, terms);
        return new ArrayList<>(terms);
    }

    /** How a query (and a name) is compared: trimmed, lower-cased without regard to the locale. */
    static String normalizeName(String text) {
        return text.trim().toLowerCase(Locale.ROOT);
    }

    /** The term to look up for a query: its first {@value #MAX_TERM} code points. */
    static String lookup(String query) {
        return query.codePointCount(0, query.length()) <= MAX_TERM ? query
                : query.substring(0, query.offsetByCodePoints(0, MAX_TERM));
    }

    private static void leadingParts(String text, Set<String> terms) {
        int end = 0;
        int count = 0;
        while (end < text.length() && count < MAX_TERM) {
            end = text.offsetByCodePoints(end, 1);
            count++;
            terms.add(text.substring(0, end));
        }
    }
}
