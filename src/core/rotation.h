// Attitude helpers. Euler angles are the aerospace 3-2-1 sequence (yaw psi, pitch theta, roll
// phi) taking NED into body FRD; quaternions are Eigen's (w, x, y, z), Hamilton convention.
#pragma once

#include <cmath>

#include "core/types.h"

namespace kestrel {

struct Euler {
  double roll_rad = 0;   // phi, right wing down +
  double pitch_rad = 0;  // theta, nose up +
  double yaw_rad = 0;    // psi, clockwise from north +
};

Quat q_ned_from_b_from_euler(const Euler& e);
Euler euler_from_q_ned_from_b(const Quat& q_ned_from_b);
// From the rotation matrix directly (columns: body axes in NED), without a quaternion.
Euler euler_from_R_ned_from_b(const Mat3& R_ned_from_b);

// q.toRotationMatrix() written out as Eigen 3.4 has it (Quaternion.h), operation for operation,
// so the same bits, but inlined: Eigen's is a call, and in a large function every live
// floating-point register is spilled and reloaded around it. For the per-step callers.
[[gnu::always_inline]] inline Mat3 rotation_matrix(const Quat& q) {
  const double tx = 2.0 * q.x(), ty = 2.0 * q.y(), tz = 2.0 * q.z();
  const double twx = tx * q.w(), twy = ty * q.w(), twz = tz * q.w();
  const double txx = tx * q.x(), txy = ty * q.x(), txz = tz * q.x();
  const double tyy = ty * q.y(), tyz = tz * q.y(), tzz = tz * q.z();
  Mat3 r;
  r << 1.0 - (tyy + tzz), txy - twz, txz + twy,  //
      txy + twz, 1.0 - (txx + tzz), tyz - twx,   //
      txz - twy, tyz + twx, 1.0 - (txx + tyy);
  return r;
}

// An angle wrapped into [-pi, pi] (the shortest way round, for heading errors). An angle already
// in range is its own remainder (IEEE remainder is exact: |a| <= pi gives the quotient 0, ties to
// even at +-pi), so the library call is made only for one out of range: same answer to the bit,
// a compare instead of a call on the usual path.
inline double wrap_pi(double a_rad) {
  return std::abs(a_rad) <= kPi ? a_rad : std::remainder(a_rad, 2.0 * kPi);
}

}  // namespace kestrel
