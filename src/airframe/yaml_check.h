// Strict YAML reading for Kestrel's file formats (aircraft, scenario, ...): every value is read
// together with where it sits (key path and line), mappings check their keys up front (unknown keys
// with a suggestion, duplicates, missing required keys), numbers must be finite and plain, and
// every failure becomes "FILE:LINE: key.path: reason".
//
// The helpers throw LoadFailure; a loader catches it at its API boundary and turns it into an
// Error (see parse_aircraft_yaml()). LoadFailure must never leave a loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types.h"

namespace kestrel::yaml_check {

inline constexpr double kMaxMagnitude = 1e12;  // no plausible SI parameter is larger; keeps unit
                                               // conversions finite

struct LoadFailure {
  std::string message;
};

inline std::string num_str(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

inline std::string vec_str(const Vec3& v) {
  return "(" + num_str(v.x()) + ", " + num_str(v.y()) + ", " + num_str(v.z()) + ")";
}

inline std::string join_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

// Where a value sits in the file: its full key path and 1-based line (0: unknown).
struct Where {
  std::string path;
  int line = 0;
};

inline int line_of(const YAML::Node& node, int fallback) {
  const YAML::Mark m = node.Mark();
  return m.line >= 0 ? m.line + 1 : fallback;
}

inline std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "an undefined value";
  }
}

inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diag = up;
    }
  }
  return row[b.size()];
}

// The file being read: its name, for messages.
class Doc {
 public:
  explicit Doc(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const Where& w, const std::string& why) const {
    std::string msg = source_;
    if (w.line > 0) msg += ":" + std::to_string(w.line);
    msg += ": ";
    if (!w.path.empty()) msg += w.path + ": ";
    msg += why;
    throw LoadFailure{msg};
  }

 private:
  std::string source_;
};

// A node together with where it came from.
struct Value {
  YAML::Node node;
  Where where;
};

// A mapping whose keys are checked once, up front: unknown keys (with the nearest known key as a
// suggestion), duplicate keys and missing required keys are reported before any value is read.
class Map {
 public:
  Map(const Doc& doc, const Value& v, std::vector<std::string_view> required,
      std::vector<std::string_view> optional = {})
      : doc_(doc), where_(v.where) {
    if (!v.node.IsMap())
      doc.fail(v.where, "expected a mapping (key: value lines), got " + describe(v.node));
    std::vector<std::string_view> known = required;
    known.insert(known.end(), optional.begin(), optional.end());
    for (auto it = v.node.begin(); it != v.node.end(); ++it) {
      const int key_line = line_of(it->first, v.where.line);
      if (!it->first.IsScalar()) {
        doc.fail({v.where.path, key_line}, "keys must be plain names, got " + describe(it->first));
      }
      const std::string key = it->first.Scalar();
      const Where kw{join_path(v.where.path, key), key_line};
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        doc.fail(kw, "unknown key '" + key + "'" + suggestion(key, known));
      }
      for (const Entry& e : entries_) {
        if (e.key == key) {
          doc.fail(kw, "duplicate key (first given at line " + std::to_string(e.where.line) + ")");
        }
      }
      entries_.push_back({key, it->second, kw});
    }
    for (std::string_view r : required) {
      if (!has(r))
        doc.fail({join_path(where_.path, r), where_.line},
                 "missing required key '" + std::string(r) + "'");
    }
  }

  bool has(std::string_view key) const { return find(key).has_value(); }

  std::optional<Value> find(std::string_view key) const {
    for (const Entry& e : entries_) {
      if (e.key == key) return Value{e.node, e.where};
    }
    return std::nullopt;
  }

  // A key that must be present (a required key, or one checked with has()).
  Value get(std::string_view key) const {
    std::optional<Value> v = find(key);
    if (!v)
      doc_.fail({join_path(where_.path, key), where_.line},
                "missing required key '" + std::string(key) + "'");
    return *v;
  }

  const Where& where() const { return where_; }
  const Doc& doc() const { return doc_; }

 private:
  static std::string suggestion(const std::string& key,
                                const std::vector<std::string_view>& known) {
    std::string_view best;
    std::size_t best_d = std::string::npos;
    for (std::string_view k : known) {
      const std::size_t d = edit_distance(key, k);
      if (d < best_d) best_d = d, best = k;
    }
    if (!best.empty() && best_d <= std::max<std::size_t>(2, key.size() / 3)) {
      return "; did you mean '" + std::string(best) + "'?";
    }
    std::string all;
    for (std::string_view k : known) all += (all.empty() ? "" : ", ") + std::string(k);
    return "; expected one of: " + all;
  }

  struct Entry {
    std::string key;
    YAML::Node node;
    Where where;
  };
  const Doc& doc_;
  Where where_;
  std::vector<Entry> entries_;
};

// ---- Scalars, lists, vectors -------------------------------------------------------------------

inline double to_number(const Doc& doc, const Value& v) {
  if (!v.node.IsScalar()) doc.fail(v.where, "expected a number, got " + describe(v.node));
  const std::string& s = v.node.Scalar();
  if (v.node.Tag() == "!")
    doc.fail(v.where, "expected a number, got the quoted text \"" + s + "\"");
  std::string_view t = s;
  bool negative = false;
  if (!t.empty() && (t.front() == '+' || t.front() == '-')) {
    negative = t.front() == '-';
    t.remove_prefix(1);
  }
  std::string lower(t);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == ".inf" || lower == ".nan" || lower == "inf" || lower == "nan" ||
      lower == "infinity") {
    doc.fail(v.where, "must be a finite number, got '" + s + "'");
  }
  double x = 0;
  const char* end = t.data() + t.size();
  const auto [ptr, ec] = std::from_chars(t.data(), end, x);
  if (t.empty() || t.front() == '+' || t.front() == '-' || ptr != end ||
      (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    doc.fail(v.where, "expected a number, got '" + s + "'");
  }
  if (ec == std::errc::result_out_of_range || !std::isfinite(x) || std::fabs(x) > kMaxMagnitude) {
    doc.fail(v.where,
             "number '" + s + "' is out of range (magnitude above " + num_str(kMaxMagnitude) + ")");
  }
  return negative ? -x : x;
}

inline std::string to_text(const Doc& doc, const Value& v) {
  if (!v.node.IsScalar()) doc.fail(v.where, "expected text, got " + describe(v.node));
  return v.node.Scalar();
}

inline std::vector<Value> to_list(const Doc& doc, const Value& v) {
  if (!v.node.IsSequence()) doc.fail(v.where, "expected a list, got " + describe(v.node));
  std::vector<Value> items;
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const YAML::Node item = *it;
    const std::string path = v.where.path + "[" + std::to_string(items.size()) + "]";
    items.push_back({item, {path, line_of(item, v.where.line)}});
  }
  return items;
}

inline std::vector<double> to_numbers(const Doc& doc, const Value& v) {
  std::vector<double> xs;
  for (const Value& item : to_list(doc, v)) xs.push_back(to_number(doc, item));
  return xs;
}

inline Vec3 to_vec3(const Doc& doc, const Value& v) {
  if (!v.node.IsSequence()) doc.fail(v.where, "expected a list [x, y, z], got " + describe(v.node));
  const std::vector<double> xs = to_numbers(doc, v);
  if (xs.size() != 3)
    doc.fail(v.where, "expected 3 values [x, y, z], got " + std::to_string(xs.size()));
  return Vec3(xs[0], xs[1], xs[2]);
}

// Numbers with range checks. `lo_open`: lower bound excluded.
inline double num(const Map& m, std::string_view key) { return to_number(m.doc(), m.get(key)); }

inline double num_opt(const Map& m, std::string_view key, double fallback) {
  return m.has(key) ? num(m, key) : fallback;
}

inline double num_min(const Map& m, std::string_view key, double lo, bool lo_open) {
  const Value v = m.get(key);
  const double x = to_number(m.doc(), v);
  if (lo_open ? !(x > lo) : !(x >= lo)) {
    m.doc().fail(v.where, std::string("must be ") + (lo_open ? "> " : ">= ") + num_str(lo) +
                              ", got " + num_str(x));
  }
  return x;
}

inline double positive(const Map& m, std::string_view key) { return num_min(m, key, 0.0, true); }
inline double non_negative(const Map& m, std::string_view key) {
  return num_min(m, key, 0.0, false);
}

inline double in_range(const Map& m, std::string_view key, double lo, double hi) {
  const Value v = m.get(key);
  const double x = to_number(m.doc(), v);
  if (x < lo || x > hi) {
    m.doc().fail(v.where,
                 "must be in [" + num_str(lo) + ", " + num_str(hi) + "], got " + num_str(x));
  }
  return x;
}

inline double in_range_opt(const Map& m, std::string_view key, double lo, double hi,
                           double fallback) {
  return m.has(key) ? in_range(m, key, lo, hi) : fallback;
}

template <typename E>
inline E enum_value(const Map& m, std::string_view key,
                    const std::vector<std::pair<std::string_view, E>>& choices) {
  const Value v = m.get(key);
  const std::string s = to_text(m.doc(), v);
  std::string names;
  for (const auto& [name, value] : choices) {
    if (s == name) return value;
    names += (names.empty() ? "" : " | ") + std::string(name);
  }
  m.doc().fail(v.where, "unknown value '" + s + "'; expected " + names);
}


// A YAML boolean, spelled true or false (YAML 1.1's yes/no/on/off are refused: "on" is too easily
// meant as a word).
inline bool to_bool(const Doc& doc, const Value& v) {
  if (!v.node.IsScalar() || v.node.Tag() == "!")
    doc.fail(v.where, "expected true or false, got " + describe(v.node));
  const std::string& s = v.node.Scalar();
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  doc.fail(v.where, "expected true or false, got '" + s + "'");
}

inline bool flag_opt(const Map& m, std::string_view key, bool fallback) {
  return m.has(key) ? to_bool(m.doc(), m.get(key)) : fallback;
}

}  // namespace kestrel::yaml_check
