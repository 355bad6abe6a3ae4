#include "mission/text_util.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

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

Result<std::string> read_text_file(const std::string& path, std::string_view what) {
  namespace fs = std::filesystem;
  const auto fail = [&](const std::string& why) {
    return Error{path + ": cannot read the " + std::string(what) + " file: " + why};
  };
  std::error_code ec;
  if (!fs::exists(path, ec)) return fail("no such file");
  if (!fs::is_regular_file(path, ec)) return fail("not a regular file");
  const auto size = fs::file_size(path, ec);
  if (ec) return fail(ec.message());
  if (size > kMaxPlanFileBytes) return fail("too large (" + std::to_string(size) + " bytes)");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("permission denied or unreadable");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail("read error");
  return text.str();
}

Result<std::string> write_text_file(const std::string& path, const std::string& text,
                                    std::string_view what) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    return Error{path + ": cannot write the " + std::string(what) + " file: cannot open it"};
  out << text;
  out.close();
  if (!out) return Error{path + ": cannot write the " + std::string(what) + " file: write error"};
  return path;
}

}  // namespace kestrel::mission::detail
