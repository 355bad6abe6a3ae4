// Parameters declared once (style.md habit 11): each tunable field of a flight-software Params
// struct gets one declaration — its name as the ground station sees it (MAVLink: at most 16
// characters, upper case), unit, valid range and meaning. The struct's default member initialiser
// is the default. Tables of declarations let the flight software get and set parameters by name
// at run time (the data link will expose them), validate values, and list them for the docs.
// Not for hot paths: a lookup is a linear scan over a few dozen names.
#pragma once

#include <array>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kestrel {

struct ParamInfo {
  std::string_view name;         // e.g. "ATT_ROLL_TC": [A-Z0-9_], at most 16 characters
  std::string_view unit;         // e.g. "s", "rad/s", "-" for none
  double min = 0, max = 0;       // valid range, inclusive
  std::string_view description;  // one sentence
};

template <typename P>
struct ParamDecl {
  ParamInfo info;
  double P::*field;  // the member this declaration describes
};

inline constexpr std::size_t kMaxParamNameLength = 16;  // MAVLink PARAM_VALUE.param_id

template <typename P, std::size_t N>
const ParamDecl<P>* find_param(const std::array<ParamDecl<P>, N>& table, std::string_view name) {
  for (const ParamDecl<P>& d : table)
    if (d.info.name == name) return &d;
  return nullptr;
}

// The value of a parameter by name, or an error naming it.
template <typename P, std::size_t N>
Result<double> get_param(const P& params, const std::array<ParamDecl<P>, N>& table,
                         std::string_view name) {
  const ParamDecl<P>* d = find_param(table, name);
  if (d == nullptr) return Error{"unknown parameter '" + std::string(name) + "'"};
  return params.*(d->field);
}

// Sets a parameter by name. An unknown name, a non-finite value or one outside the declared range
// is an error naming the parameter, and leaves the parameters unchanged. Returns the value set.
template <typename P, std::size_t N>
Result<double> set_param(P& params, const std::array<ParamDecl<P>, N>& table, std::string_view name,
                         double value) {
  const ParamDecl<P>* d = find_param(table, name);
  if (d == nullptr) return Error{"unknown parameter '" + std::string(name) + "'"};
  if (!std::isfinite(value) || value < d->info.min || value > d->info.max) {
    return Error{"parameter '" + std::string(name) + "': " + std::to_string(value) +
                 " is outside its range [" + std::to_string(d->info.min) + ", " +
                 std::to_string(d->info.max) + "] " + std::string(d->info.unit)};
  }
  params.*(d->field) = value;
  return value;
}

// Checks a table against its struct's defaults: names well formed and unique, ranges ordered,
// every default inside its range. Empty string when sound, else the first problem.
template <typename P, std::size_t N>
std::string check_param_table(const std::array<ParamDecl<P>, N>& table, const P& defaults = P{}) {
  for (std::size_t i = 0; i < N; ++i) {
    const ParamInfo& a = table[i].info;
    const std::string name(a.name);
    if (a.name.empty() || a.name.size() > kMaxParamNameLength)
      return "parameter '" + name + "': name must have 1 to 16 characters";
    for (char c : a.name)
      if (!(std::isupper(static_cast<unsigned char>(c)) ||
            std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
        return "parameter '" + name + "': name must be upper case letters, digits and '_'";
    if (a.unit.empty() || a.description.empty())
      return "parameter '" + name + "': unit and description are required";
    if (!(a.min <= a.max)) return "parameter '" + name + "': min above max";
    const double v = defaults.*(table[i].field);
    if (!(v >= a.min && v <= a.max))
      return "parameter '" + name + "': default " + std::to_string(v) + " outside its range";
    for (std::size_t j = 0; j < i; ++j) {
      if (table[j].info.name == a.name) return "parameter '" + name + "' declared twice";
      if (table[j].field == table[i].field)
        return "parameters '" + std::string(table[j].info.name) + "' and '" + name +
               "' describe the same field";
    }
  }
  return {};
}

}  // namespace kestrel
