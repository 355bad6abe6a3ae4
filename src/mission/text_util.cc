#include "mission/text_util.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace kestrel::mission::detail {

std::string num_str(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string exact_num_str(double v) {
  if (std::isnan(v)) return "nan";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  return std::string(buf, r.ptr);
}

std::string printable(std::string_view text, std::size_t max_chars) {
  std::string s;
  for (std::size_t i = 0; i < text.size() && i < max_chars; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      s += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      s += buf;
    }
  }
  if (text.size() > max_chars) s += "...";
  return s;
}

std::string in_quotes(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string s(1, '\'');
  s += printable(text.substr(0, kMax), kMax);
  s += '\'';
  if (text.size() > kMax) s += "...";
  return s;
}

}  // namespace kestrel::mission::detail
