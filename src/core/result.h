// Error values for user/config input (style.md habit 12, tier 1): a file, a line/key and a reason.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "core/check.h"

namespace kestrel {

struct Error {
  std::string message;  // full, human-readable: "FILE:LINE: key 'x': reason"
};

// A value or an Error (a small StatusOr; std::expected is C++23).
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  const T& value() const& {
    KESTREL_CHECK(ok(), "Result::value() on an error");
    return std::get<T>(v_);
  }
  T& value() & {
    KESTREL_CHECK(ok(), "Result::value() on an error");
    return std::get<T>(v_);
  }
  T&& value() && {
    KESTREL_CHECK(ok(), "Result::value() on an error");
    return std::get<T>(std::move(v_));
  }
  const Error& error() const {
    KESTREL_CHECK(!ok(), "Result::error() on a value");
    return std::get<Error>(v_);
  }
  const T* operator->() const { return &value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace kestrel
