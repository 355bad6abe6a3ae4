// Whole-file text reading and writing for the loaders (scenario, plan and mission files), with
// errors that name the path and say what the file was meant to be.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kestrel {

// The whole file, or an error "PATH: cannot read the WHAT file: reason" (missing, not a regular
// file, larger than max_bytes, unreadable).
Result<std::string> read_text_file(const std::string& path, std::string_view what,
                                   std::size_t max_bytes);
// Writes `text` to `path` (replacing it); the path, or an error naming it.
Result<std::string> write_text_file(const std::string& path, const std::string& text,
                                    std::string_view what);

}  // namespace kestrel
