// SimTime: simulated time as an integer count of microseconds (design.md §4).
// Never accumulate floating-point steps; derive seconds from the integer count.
#pragma once

#include <cstdint>

namespace kestrel {

struct SimTime {
  int64_t us = 0;  // microseconds since the start of the run

  static constexpr SimTime from_us(int64_t v) { return SimTime{v}; }
  static constexpr SimTime from_ms(int64_t v) { return SimTime{v * 1000}; }
  static constexpr SimTime from_s(int64_t v) { return SimTime{v * 1000000}; }
  // Period of a rate in Hz, rounded to the nearest microsecond.
  static constexpr SimTime period_of_hz(double hz) {
    return SimTime{static_cast<int64_t>(1e6 / hz + 0.5)};
  }
  constexpr double seconds() const { return static_cast<double>(us) * 1e-6; }

  friend constexpr SimTime operator+(SimTime a, SimTime b) { return {a.us + b.us}; }
  friend constexpr SimTime operator-(SimTime a, SimTime b) { return {a.us - b.us}; }
  constexpr SimTime& operator+=(SimTime b) {
    us += b.us;
    return *this;
  }
  friend constexpr auto operator<=>(SimTime a, SimTime b) = default;
};

}  // namespace kestrel
