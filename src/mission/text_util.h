// Internals shared by the plan file readers and writers (not part of the library's API): number
// and value formatting for messages and files. (Whole files: core/text_file.h.)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kestrel::mission::detail {

inline constexpr std::size_t kMaxPlanFileBytes = 16u << 20;  // a plan is a few kB to a few MB

// A number for a message: up to 10 significant digits, "nan", "inf".
std::string num_str(double v);
// The shortest text that reads back as exactly `v` ("52.452", "0", "1e-07"); "nan" for NaN.
// Infinities are the caller's to refuse.
std::string exact_num_str(double v);
// A piece of file text for a message: quoted, at most 40 characters, control and non-ASCII bytes
// as \xNN (a message must stay one readable line whatever the file holds).
std::string in_quotes(std::string_view text);
// `text` with control and non-ASCII bytes as \xNN, cut at `max_chars` ("..." added).
std::string printable(std::string_view text, std::size_t max_chars);

}  // namespace kestrel::mission::detail
