#include "core/rotation.h"

#include <algorithm>
#include <cmath>

namespace kestrel {

Quat q_ned_from_b_from_euler(const Euler& e) {
  return Quat(Eigen::AngleAxisd(e.yaw_rad, Vec3::UnitZ()) *
              Eigen::AngleAxisd(e.pitch_rad, Vec3::UnitY()) *
              Eigen::AngleAxisd(e.roll_rad, Vec3::UnitX()));
}

Euler euler_from_q_ned_from_b(const Quat& q) {
  return euler_from_R_ned_from_b(rotation_matrix(q.normalized()));
}

Euler euler_from_R_ned_from_b(const Mat3& r) {
  Euler e;
  e.pitch_rad = std::asin(std::clamp(-r(2, 0), -1.0, 1.0));
  e.roll_rad = std::atan2(r(2, 1), r(2, 2));
  e.yaw_rad = std::atan2(r(1, 0), r(0, 0));
  return e;
}

}  // namespace kestrel
