#include "airframe/eom.h"

#include <cmath>

namespace kestrel {

Geodetic earth_position(const EarthModel& m, const Vec3& p) {
  if (m.sphere_radius_m <= 0) return geodetic_from_ecef_fast(p);
  const double r = p.norm();
  return {std::asin(p.z() / r), std::atan2(p.y(), p.x()), r - m.sphere_radius_m};
}

Geodetic earth_position(const EarthModel& m, const Vec3& p, Mat3* R) {
  if (m.sphere_radius_m <= 0) return geodetic_from_ecef_fast(p, R);
  const Geodetic g = earth_position(m, p);
  *R = R_ned_from_ecef(g.lat_rad, g.lon_rad);
  return g;
}

Vec3 ecef_from_earth_position(const EarthModel& m, const Geodetic& g) {
  if (m.sphere_radius_m <= 0) return ecef_from_geodetic(g);
  const double r = m.sphere_radius_m + g.height_ellipsoid_m;
  return {r * std::cos(g.lat_rad) * std::cos(g.lon_rad),
          r * std::cos(g.lat_rad) * std::sin(g.lon_rad), r * std::sin(g.lat_rad)};
}

Vec3 translational_accel_ecef(const EarthModel& m, const Vec3& pos_e, const Vec3& vel_e,
                              const Vec3& specific_force_e) {
  Vec3 a = specific_force_e + gravitation_ecef(m.gravity, pos_e);
  if (m.rotation) {
    // W = (0, 0, w): W x v = (-w vy, w vx, 0); W x (W x p) = (-w^2 px, -w^2 py, 0).
    const double w = m.rotation_rate_rad_s;
    a.x() += 2 * w * vel_e.y() + w * w * pos_e.x();
    a.y() += -2 * w * vel_e.x() + w * w * pos_e.y();
  }
  return a;
}

RigidBodyDerivative rigid_body_derivative(const EarthModel& m, const RigidBodyState& s,
                                          const Mat3& R_e_b, const Vec3& force_b,
                                          const Vec3& moment_b, double mass_kg,
                                          const Mat3& inertia_b, const Mat3& inertia_inv_b,
                                          const Vec3& rotor_momentum_b) {
  return rigid_body_derivative(m, s, R_e_b, omega_eb_b(m, s, R_e_b), force_b, moment_b, mass_kg,
                               inertia_b, inertia_inv_b, rotor_momentum_b);
}

RigidBodyDerivative rigid_body_derivative(const EarthModel& m, const RigidBodyState& s,
                                          const Mat3& R_e_b, const Vec3& w_eb,
                                          const Vec3& force_b, const Vec3& moment_b,
                                          double mass_kg, const Mat3& inertia_b,
                                          const Mat3& inertia_inv_b, const Vec3& rotor_momentum_b) {
  RigidBodyDerivative d;
  d.pos_dot = s.vel_ecef_mps;
  d.vel_dot =
      translational_accel_ecef(m, s.pos_ecef_m, s.vel_ecef_mps, R_e_b * (force_b / mass_kg));
  const Quat& q = s.q_ecef_from_b;
  // q_dot = 1/2 q ⊗ (0, w)
  d.q_dot << -0.5 * (q.x() * w_eb.x() + q.y() * w_eb.y() + q.z() * w_eb.z()),
      0.5 * (q.w() * w_eb.x() + q.y() * w_eb.z() - q.z() * w_eb.y()),
      0.5 * (q.w() * w_eb.y() + q.z() * w_eb.x() - q.x() * w_eb.z()),
      0.5 * (q.w() * w_eb.z() + q.x() * w_eb.y() - q.y() * w_eb.x());
  const Vec3& w = s.omega_b_rad_s;
  d.omega_dot = inertia_inv_b * (moment_b - w.cross(inertia_b * w + rotor_momentum_b));
  return d;
}

RigidBodyState advance(const RigidBodyState& s, const RigidBodyDerivative& d, double dt) {
  RigidBodyState o;
  o.pos_ecef_m = s.pos_ecef_m + dt * d.pos_dot;
  o.vel_ecef_mps = s.vel_ecef_mps + dt * d.vel_dot;
  o.q_ecef_from_b =
      Quat(s.q_ecef_from_b.w() + dt * d.q_dot[0], s.q_ecef_from_b.x() + dt * d.q_dot[1],
           s.q_ecef_from_b.y() + dt * d.q_dot[2], s.q_ecef_from_b.z() + dt * d.q_dot[3]);
  o.omega_b_rad_s = s.omega_b_rad_s + dt * d.omega_dot;
  return o;
}

RigidBodyState rk4_combine(const RigidBodyState& s, const RigidBodyDerivative& k1,
                           const RigidBodyDerivative& k2, const RigidBodyDerivative& k3,
                           const RigidBodyDerivative& k4, double dt) {
  const double h = dt / 6.0;
  RigidBodyState o;
  o.pos_ecef_m = s.pos_ecef_m + h * (k1.pos_dot + 2 * k2.pos_dot + 2 * k3.pos_dot + k4.pos_dot);
  o.vel_ecef_mps = s.vel_ecef_mps + h * (k1.vel_dot + 2 * k2.vel_dot + 2 * k3.vel_dot + k4.vel_dot);
  const Eigen::Vector4d dq = h * (k1.q_dot + 2 * k2.q_dot + 2 * k3.q_dot + k4.q_dot);
  o.q_ecef_from_b = Quat(s.q_ecef_from_b.w() + dq[0], s.q_ecef_from_b.x() + dq[1],
                         s.q_ecef_from_b.y() + dq[2], s.q_ecef_from_b.z() + dq[3]);
  o.q_ecef_from_b.normalize();
  o.omega_b_rad_s =
      s.omega_b_rad_s + h * (k1.omega_dot + 2 * k2.omega_dot + 2 * k3.omega_dot + k4.omega_dot);
  return o;
}

}  // namespace kestrel
