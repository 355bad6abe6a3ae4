#include "core/text_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace kestrel {

Result<std::string> read_text_file(const std::string& path, std::string_view what,
                                   std::size_t max_bytes) {
  namespace fs = std::filesystem;
  const auto fail = [&](const std::string& why) {
    return Error{path + ": cannot read the " + std::string(what) + " file: " + why};
  };
  std::error_code ec;
  if (!fs::exists(path, ec)) return fail("no such file");
  if (!fs::is_regular_file(path, ec)) return fail("not a regular file");
  const auto size = fs::file_size(path, ec);
  if (ec) return fail(ec.message());
  if (size > max_bytes) return fail("too large (" + std::to_string(size) + " bytes)");
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

}  // namespace kestrel
