package org.metersync.bootstrap.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PromQL expression for what it needs from the scraped series: each metric it selects and
 * the label keys it needs that metric to carry (in the selector's matchers, in {@code by (...)} of
 * an aggregation over it, in {@code on (...)} or {@code group_left (...)} of a match with it, as
 * the source label of {@code label_replace}). No PromQL parser for Java is in the build, and this
 * one only has to find selectors and label lists, not evaluate anything; it fails on syntax it does
 * not know rather than guess.
 */
final class PromQl {

  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");
  private static final List<String> SYMBOL_OPERATORS =
      List.of("==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "^");
  private static final List<String> WORD_OPERATORS = List.of("and", "or", "unless", "atan2");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern NUMBER =
      Pattern.compile("0[xX][0-9a-fA-F]+|[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?");
  private static final Pattern DURATION = Pattern.compile("-?(?:[0-9]+(?:ms|[smhdwy]))+");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)", Pattern.DOTALL);

  private final String text;
  private int pos;

  private PromQl(String text) {
    this.text = text;
  }

  /** Each metric {@code expression} selects, with the label keys it needs on it. */
  static Map<String, Set<String>> labelsByMetric(String expression) {
    PromQl parser = new PromQl(expression);
    Map<String, Set<String>> uses = parser.expression(0);
    parser.skipSpace();
    if (parser.pos != expression.length()) {
      throw parser.error("unexpected text");
    }
    return uses;
  }

  /** As {@link #labelsByMetric} for a Grafana variable's {@code label_values(selector, label)}. */
  static Map<String, Set<String>> labelValuesQuery(String query) {
    Matcher m = LABEL_VALUES.matcher(query.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a label_values(selector, label) variable query: " + query);
    }
    Map<String, Set<String>> uses = labelsByMetric(m.group(1));
    addLabels(uses, Set.of(m.group(2)));
    return uses;
  }

  private Map<String, Set<String>> expression(int minPrecedence) {
    Map<String, Set<String>> left = unary();
    while (true) {
      int mark = pos;
      String operator = binaryOperator();
      if (operator == null || precedence(operator) < minPrecedence) {
        pos = mark;
        return left;
      }
      keyword("bool");
      Set<String> matching = Set.of();
      if (keyword("on")) {
        matching = labelList();
      } else if (keyword("ignoring")) {
        labelList();
      }
      Set<String> includedFromLeft = Set.of();
      Set<String> includedFromRight = Set.of();
      if (keyword("group_left")) {
        includedFromRight = optionalLabelList();
      } else if (keyword("group_right")) {
        includedFromLeft = optionalLabelList();
      }
      int next = operator.equals("^") ? precedence(operator) : precedence(operator) + 1;
      Map<String, Set<String>> right = expression(next);
      addLabels(left, matching);
      addLabels(right, matching);
      addLabels(left, includedFromLeft);
      addLabels(right, includedFromRight);
      merge(left, right);
    }
  }

  private Map<String, Set<String>> unary() {
    skipSpace();
    if (peek('-') || peek('+')) {
      pos++;
      return unary();
    }
    Map<String, Set<String>> operand = primary();
    modifiers();
    return operand;
  }

  private Map<String, Set<String>> primary() {
    skipSpace();
    if (peek('(')) {
      pos++;
      Map<String, Set<String>> inner = expression(0);
      expect(')');
      return inner;
    }
    if (peek('"') || peek('\'') || peek('`')) {
      string();
      return new TreeMap<>();
    }
    if (peek('{')) {
      return selector(null);
    }
    if (lookingAt(NUMBER) != null) {
      pos += lookingAt(NUMBER).length();
      return new TreeMap<>();
    }
    String name = lookingAt(IDENTIFIER);
    if (name == null) {
      throw error("expected an expression");
    }
    pos += name.length();
    if (name.equalsIgnoreCase("inf") || name.equalsIgnoreCase("nan")) {
      return new TreeMap<>();
    }
    if (AGGREGATIONS.contains(name) && (peekSkipping('(') || peekWord("by", "without"))) {
      return aggregation();
    }
    if (peekSkipping('(')) {
      return call(name);
    }
    return selector(name);
  }

  private Map<String, Set<String>> aggregation() {
    Set<String> by = grouping();
    expect('(');
    Map<String, Set<String>> uses = new TreeMap<>();
    for (Map<String, Set<String>> argument : arguments()) {
      merge(uses, argument);
    }
    if (by.isEmpty()) {
      by = grouping();
    }
    addLabels(uses, by);
    return uses;
  }

  /** The labels of {@code by (...)}; none for {@code without (...)}, which need not exist. */
  private Set<String> grouping() {
    if (keyword("by")) {
      return labelList();
    }
    if (keyword("without")) {
      labelList();
    }
    return Set.of();
  }

  private Map<String, Set<String>> call(String function) {
    expect('(');
    if (function.equals("label_replace") || function.equals("label_join")) {
      return labelFunction(function);
    }
    Map<String, Set<String>> uses = new TreeMap<>();
    for (Map<String, Set<String>> argument : arguments()) {
      merge(uses, argument);
    }
    return uses;
  }

  /** label_replace(v, dst, replacement, src, regex) and label_join(v, dst, separator, src...). */
  private Map<String, Set<String>> labelFunction(String function) {
    Map<String, Set<String>> vector = expression(0);
    List<String> strings = new ArrayList<>();
    while (skipSpace() && peek(',')) {
      pos++;
      strings.add(string());
    }
    expect(')');
    boolean replace = function.equals("label_replace");
    if (replace ? strings.size() != 4 : strings.size() < 2) {
      throw error(function + " with the wrong number of arguments");
    }
    List<String> sources = replace ? strings.subList(2, 3) : strings.subList(2, strings.size());
    addLabels(vector, new TreeSet<>(sources.stream().filter(s -> !s.isEmpty()).toList()));
    return vector;
  }

  /** Comma-separated expressions up to the closing parenthesis (the opening one is read). */
  private List<Map<String, Set<String>>> arguments() {
    List<Map<String, Set<String>>> arguments = new ArrayList<>();
    skipSpace();
    if (peek(')')) {
      pos++;
      return arguments;
    }
    while (true) {
      arguments.add(expression(0));
      skipSpace();
      if (peek(',')) {
        pos++;
      } else {
        expect(')');
        return arguments;
      }
    }
  }

  private Map<String, Set<String>> selector(String name) {
    Set<String> labels = new TreeSet<>();
    String metric = name;
    skipSpace();
    if (peek('{')) {
      pos++;
      while (skipSpace() && !peek('}')) {
        String label = identifier("a label name");
        skipSpace();
        String operator = matchOperator();
        String value = string();
        if (label.equals("__name__") && operator.equals("=")) {
          metric = value;
        } else {
          labels.add(label);
        }
        skipSpace();
        if (peek(',')) {
          pos++;
        } else if (!peek('}')) {
          throw error("expected ',' or '}' in a selector");
        }
      }
      expect('}');
    }
    Map<String, Set<String>> uses = new TreeMap<>();
    if (metric == null) {
      throw error("a selector without a metric name");
    }
    uses.put(metric, labels);
    return uses;
  }

  /** Range, subquery, {@code offset} and {@code @}: none of them names a metric or a label. */
  private void modifiers() {
    while (true) {
      skipSpace();
      if (peek('[')) {
        int end = text.indexOf(']', pos);
        if (end < 0) {
          throw error("unclosed '['");
        }
        pos = end + 1;
      } else if (keyword("offset")) {
        skipSpace();
        String duration = lookingAt(DURATION);
        if (duration == null) {
          throw error("expected a duration after offset");
        }
        pos += duration.length();
      } else if (peek('@')) {
        pos++;
        skipSpace();
        if (keyword("start") || keyword("end")) {
          expect('(');
          expect(')');
        } else if (lookingAt(NUMBER) != null) {
          pos += lookingAt(NUMBER).length();
        } else {
          throw error("expected a time after @");
        }
      } else {
        return;
      }
    }
  }

  private String binaryOperator() {
    skipSpace();
    for (String operator : SYMBOL_OPERATORS) {
      if (text.startsWith(operator, pos)) {
        pos += operator.length();
        return operator;
      }
    }
    for (String operator : WORD_OPERATORS) {
      if (keyword(operator)) {
        return operator;
      }
    }
    return null;
  }

  private static int precedence(String operator) {
    return switch (operator) {
      case "or" -> 1;
      case "and", "unless" -> 2;
      case "==", "!=", "<=", ">=", "<", ">" -> 3;
      case "+", "-" -> 4;
      case "*", "/", "%", "atan2" -> 5;
      case "^" -> 6;
      default -> throw new IllegalStateException(operator);
    };
  }

  private String matchOperator() {
    for (String operator : List.of("=~", "!~", "!=", "=")) {
      if (text.startsWith(operator, pos)) {
        pos += operator.length();
        skipSpace();
        return operator;
      }
    }
    throw error("expected =, !=, =~ or !~ in a selector");
  }

  private Set<String> labelList() {
    expect('(');
    Set<String> labels = new TreeSet<>();
    while (skipSpace() && !peek(')')) {
      labels.add(identifier("a label name"));
      skipSpace();
      if (peek(',')) {
        pos++;
      } else if (!peek(')')) {
        throw error("expected ',' or ')' in a label list");
      }
    }
    expect(')');
    return labels;
  }

  private Set<String> optionalLabelList() {
    return peekSkipping('(') ? labelList() : Set.of();
  }

  private String string() {
    skipSpace();
    if (!(peek('"') || peek('\'') || peek('`'))) {
      throw error("expected a string");
    }
    char quote = text.charAt(pos++);
    StringBuilder value = new StringBuilder();
    while (pos < text.length() && text.charAt(pos) != quote) {
      if (text.charAt(pos) == '\\' && quote != '`' && pos + 1 < text.length()) {
        pos++;
      }
      value.append(text.charAt(pos++));
    }
    expect(quote);
    return value.toString();
  }

  private String identifier(String what) {
    String name = lookingAt(IDENTIFIER);
    if (name == null) {
      throw error("expected " + what);
    }
    pos += name.length();
    return name;
  }

  /** Consumes {@code word} if it stands next, as a whole word. */
  private boolean keyword(String word) {
    skipSpace();
    String next = lookingAt(IDENTIFIER);
    if (word.equals(next)) {
      pos += word.length();
      return true;
    }
    return false;
  }

  private boolean peekWord(String... words) {
    skipSpace();
    return List.of(words).contains(lookingAt(IDENTIFIER));
  }

  private String lookingAt(Pattern pattern) {
    Matcher m = pattern.matcher(text).region(pos, text.length());
    return m.lookingAt() ? m.group() : null;
  }

  private boolean peekSkipping(char c) {
    skipSpace();
    return peek(c);
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) {
    skipSpace();
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  /** Skips blanks and comments; true while text is left. */
  private boolean skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        break;
      }
    }
    return pos < text.length();
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(
        what + " at position " + pos + " of PromQL expression: " + text);
  }

  private static void addLabels(Map<String, Set<String>> uses, Set<String> labels) {
    uses.replaceAll(
        (metric, existing) -> {
          Set<String> all = new TreeSet<>(existing);
          all.addAll(labels);
          return all;
        });
  }

  private static void merge(Map<String, Set<String>> into, Map<String, Set<String>> from) {
    from.forEach(
        (metric, labels) -> into.computeIfAbsent(metric, m -> new TreeSet<>()).addAll(labels));
  }
}
