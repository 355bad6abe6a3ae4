#include "airframe/gear.h"

#include <algorithm>
#include <cmath>

namespace kestrel {

GearForces evaluate_gear(const std::vector<ContactParams>& contacts, const GearInput& in,
                         GearOutput* detail) {
  GearForces forces;
  GearOutput scratch;  // only touched when a point is on the ground
  if (detail) *detail = GearOutput{};
  GearOutput& out = detail ? *detail : scratch;
  const int n = static_cast<int>(contacts.size());
  const Mat3& R = in.R_ned_from_b;
  for (int i = 0; i < n; ++i) {
    const ContactParams& c = contacts[i];
    const Vec3 r_b = c.position_b_m - in.cg_b_m;
    const Vec3 r_ned = R * r_b;
    const double height = in.cg_height_m - (in.cg_offset_ned_m.z() + r_ned.z());
    const double depth = in.ground_height_m - height;  // > 0: below the ground surface
    if (depth <= 0) continue;

    const Vec3 v_ned = in.vel_ned_mps + R * in.omega_eb_b.cross(r_b);
    const double depth_rate = v_ned.z();  // compression rate (down +)
    const bool wheel = c.kind == ContactKind::kWheel;
    double k = c.spring_n_per_m;
    // Past its travel a strut bottoms on a much stiffer stop.
    double spring = k * depth;
    if (wheel && depth > c.max_compression_m) {
      spring += 10.0 * k * (depth - c.max_compression_m);
      if (!out.gear_bottomed || depth_rate > out.impact_speed_mps) {
        out.impact_speed_mps = std::max(out.impact_speed_mps, depth_rate);
        out.worst_contact = i;
      }
      out.gear_bottomed = true;
    }
    const double damping = depth_rate > 0 ? c.damping_n_s_per_m : c.damping_rebound_n_s_per_m;
    const double normal = std::max(0.0, spring + damping * depth_rate);
    out.normal_force_n[i] = normal;
    out.compression_m[i] = depth;
    if (normal <= 0) continue;

    // Tangential directions on the ground plane: along the wheel (heading of body x, steered)
    // and to its right.
    const double steer =
        c.max_steer_rad > 0 ? std::clamp(in.steer_rad, -c.max_steer_rad, c.max_steer_rad) : 0.0;
    const Vec3 dir_ned = R * Vec3(std::cos(steer), std::sin(steer), 0.0);
    const double hn = std::hypot(dir_ned.x(), dir_ned.y());
    const Vec3 e_long = hn > 1e-6 ? Vec3(dir_ned.x() / hn, dir_ned.y() / hn, 0) : Vec3(1, 0, 0);
    const Vec3 e_lat(-e_long.y(), e_long.x(), 0);
    const double v_long = v_ned.dot(e_long), v_lat = v_ned.dot(e_lat);

    double f_long, f_lat;
    if (wheel) {
      double brake = 0;
      if (c.brake_group == BrakeGroup::kLeft) brake = in.brake_left;
      if (c.brake_group == BrakeGroup::kRight) brake = in.brake_right;
      const double mu_long = c.rolling_friction + brake * (c.dynamic_friction - c.rolling_friction);
      f_long = -mu_long * normal * v_long /
               std::sqrt(v_long * v_long + kFrictionRegularisationMps * kFrictionRegularisationMps);
      const double slip = v_lat / std::max(std::abs(v_long), kMinRollingSpeedMps);
      f_lat = -c.cornering_stiffness_per_rad * normal * slip;
      // Friction circle: the tyre cannot give more than mu_static * N in total.
      const double limit = c.static_friction * normal;
      const double total = std::hypot(f_long, f_lat);
      if (total > limit) {
        const double s = c.dynamic_friction * normal / total;
        f_long *= s;
        f_lat *= s;
      }
      ++out.wheels_on_ground;
    } else {
      // Structure sliding on the ground.
      const double v = std::hypot(v_long, v_lat);
      const double f = c.dynamic_friction * normal /
                       std::sqrt(v * v + kFrictionRegularisationMps * kFrictionRegularisationMps);
      f_long = -f * v_long;
      f_lat = -f * v_lat;
      const double speed = v_ned.norm();
      if (!out.structure_contact || speed > out.impact_speed_mps) {
        out.impact_speed_mps = std::max(out.impact_speed_mps, speed);
        out.worst_contact = i;
      }
      out.structure_contact = true;
    }
    const Vec3 f_ned = f_long * e_long + f_lat * e_lat + Vec3(0, 0, -normal);
    const Vec3 f_b = R.transpose() * f_ned;
    forces.force_b_n += f_b;
    forces.moment_b_nm += r_b.cross(f_b);
  }
  out.force_b_n = forces.force_b_n;
  out.moment_b_nm = forces.moment_b_nm;
  return forces;
}

}  // namespace kestrel
