// What the autopilot's sources (autopilot.cc, autopilot_failsafe.cc) share: the per-step view of
// the estimate and small helpers. Internal to src/fsw.
#pragma once

#include <Eigen/Core>
#include <algorithm>

#include "fsw/autopilot.h"

namespace kestrel {

// The estimate as the autopilot uses it, computed once per step.
struct Autopilot::Est {
  Eigen::Vector2d ne = Eigen::Vector2d::Zero(), vel_ne = Eigen::Vector2d::Zero(),
                  wind_ne = Eigen::Vector2d::Zero();
  bool wind_ok = false;  // the filter estimates the wind (and the aircraft moves through the air)
  double height_m = 0;   // ellipsoidal
  double h_agl_m = 0;    // above the runway: rangefinder when it reads, else the estimate
  bool rangefinder = false;
  double climb_rate_mps = 0, ground_speed_mps = 0, course_rad = 0;
  double roll = 0, pitch = 0, yaw = 0;
  double cos_roll = 1;  // cos(roll), taken once per step
  Vec3 omega_b = Vec3::Zero();
  double tas = 0, eas = 0, eas2tas = 1, sigma = 1, tas_rate = 0;
  double rpm = 0, fuel_kg = 0;
  double time_s = 0;
};

namespace autopilot_util {

inline constexpr double kG = 9.80665;
inline constexpr double kThrottleSlewPerS = 0.5;  // throttle lever slew

// The unit vector 90 deg to the right of u (north/east).
inline Eigen::Vector2d right_of(const Eigen::Vector2d& u) { return {-u.y(), u.x()}; }

// from moved towards to by at most max_step.
inline double slew(double from, double to, double max_step) {
  return from + std::clamp(to - from, -max_step, max_step);
}

}  // namespace autopilot_util
}  // namespace kestrel
