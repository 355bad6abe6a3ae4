// Basic math types and unit helpers shared by every Kestrel library.
#pragma once

#include <Eigen/Dense>
#include <Eigen/Geometry>

namespace kestrel {

using Vec3 = Eigen::Vector3d;
using Mat3 = Eigen::Matrix3d;
using Quat = Eigen::Quaterniond;

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kDegPerRad = 180.0 / kPi;
inline constexpr double kRadPerDeg = kPi / 180.0;

constexpr double deg_to_rad(double deg) { return deg * kRadPerDeg; }
constexpr double rad_to_deg(double rad) { return rad * kDegPerRad; }

// Conversions used at the edges (files, CLI, reference data), never inside models.
inline constexpr double kMetresPerFoot = 0.3048;
inline constexpr double kKgPerSlug = 14.593902937206364;
inline constexpr double kNewtonsPerPoundForce = 4.4482216152605;
inline constexpr double kMetresPerSecondPerKnot = 1852.0 / 3600.0;

// Skew-symmetric matrix such that skew(a) * b == a.cross(b).
inline Mat3 skew(const Vec3& a) {
  Mat3 m;
  m << 0, -a.z(), a.y(), a.z(), 0, -a.x(), -a.y(), a.x(), 0;
  return m;
}

}  // namespace kestrel
