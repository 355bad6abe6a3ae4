// Equations of motion against analytic solutions: two-body (Kepler) ballistic flight with and
// without earth rotation, the Coriolis deflection of a dropped body, RK4's fourth-order
// convergence, and conservation of energy and angular momentum for a torque-free tumbling body.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "airframe/eom.h"
#include "core/geodesy.h"

namespace kestrel {
namespace {

constexpr double kMu = kWgs84Gm;

// Analytic two-body propagation (elliptic case) by Kepler's equation and the f and g functions.
struct Kepler {
  Vec3 r0, v0;
  double a, e, n, E0;
  Kepler(const Vec3& r, const Vec3& v) : r0(r), v0(v) {
    const double rn = r.norm();
    const double energy = v.squaredNorm() / 2 - kMu / rn;
    a = -kMu / (2 * energy);
    n = std::sqrt(kMu / (a * a * a));
    const double ecos = 1 - rn / a, esin = r.dot(v) / std::sqrt(kMu * a);
    e = std::hypot(ecos, esin);
    E0 = std::atan2(esin, ecos);
  }
  Vec3 position(double t) const {
    const double M = E0 - e * std::sin(E0) + n * t;
    double E = M;
    for (int i = 0; i < 50; ++i) E -= (E - e * std::sin(E) - M) / (1 - e * std::cos(E));
    const double dE = E - E0;
    const double f = 1 - a / r0.norm() * (1 - std::cos(dE));
    const double g = t - (dE - std::sin(dE)) / n;
    return f * r0 + g * v0;
  }
};

EarthModel point_mass_earth(bool rotation) {
  EarthModel m;
  m.rotation = rotation;
  m.gravity.model = GravityParams::Model::kPointMass;
  return m;
}

// Fly a force-free body with RK4 for `duration` at step dt.
RigidBodyState fly(const EarthModel& m, RigidBodyState s, double duration, double dt) {
  const Mat3 I = Vec3(10, 20, 30).asDiagonal();
  const Mat3 Iinv = I.inverse();
  auto deriv = [&](const RigidBodyState& x) {
    return rigid_body_derivative(m, x, x.q_ecef_from_b.normalized().toRotationMatrix(),
                                 Vec3::Zero(), Vec3::Zero(), 1.0, I, Iinv, Vec3::Zero());
  };
  const int steps = static_cast<int>(std::lround(duration / dt));
  for (int i = 0; i < steps; ++i) {
    const auto k1 = deriv(s);
    const auto k2 = deriv(advance(s, k1, dt / 2));
    const auto k3 = deriv(advance(s, k2, dt / 2));
    const auto k4 = deriv(advance(s, k3, dt));
    s = rk4_combine(s, k1, k2, k3, k4, dt);
  }
  return s;
}

RigidBodyState launch_state() {
  RigidBodyState s;
  s.pos_ecef_m = ecef_from_geodetic({deg_to_rad(30), deg_to_rad(20), 1000});
  const Mat3 R_e_ned = R_ned_from_ecef(deg_to_rad(30), deg_to_rad(20)).transpose();
  s.vel_ecef_mps = R_e_ned * Vec3(600, 800, -500);  // north, east, up 500 m/s
  return s;
}

TEST(Eom, BallisticMatchesKeplerWithoutEarthRotation) {
  const RigidBodyState s0 = launch_state();
  const Kepler k(s0.pos_ecef_m, s0.vel_ecef_mps);
  const RigidBodyState s = fly(point_mass_earth(false), s0, 60.0, 1.0 / 400);
  const double err = (s.pos_ecef_m - k.position(60.0)).norm();
  std::printf("ballistic 60 s, no rotation: |error| = %.3g m over %.0f m flown\n", err,
              (s.pos_ecef_m - s0.pos_ecef_m).norm());
  EXPECT_LT(err, 1e-4);
}

TEST(Eom, BallisticMatchesKeplerInTheRotatingFrame) {
  // Same launch, integrated in the rotating ECEF frame (Coriolis + centrifugal terms); the
  // analytic solution is the inertial conic seen from the rotating earth.
  const EarthModel m = point_mass_earth(true);
  RigidBodyState s0 = launch_state();
  const Vec3 w(0, 0, m.rotation_rate_rad_s);
  const Kepler k(s0.pos_ecef_m, s0.vel_ecef_mps + w.cross(s0.pos_ecef_m));  // inertial velocity
  const double t = 60.0;
  const RigidBodyState s = fly(m, s0, t, 1.0 / 400);
  const Vec3 expected =
      Eigen::AngleAxisd(-m.rotation_rate_rad_s * t, Vec3::UnitZ()) * k.position(t);
  const double err = (s.pos_ecef_m - expected).norm();
  std::printf("ballistic 60 s, rotating frame: |error| = %.3g m\n", err);
  EXPECT_LT(err, 1e-4);
}

TEST(Eom, Rk4ConvergesAtFourthOrder) {
  // A near-circular orbit (no ground in this model), long steps over 20 minutes, so the
  // truncation error stands well above rounding.
  RigidBodyState s0 = launch_state();
  s0.vel_ecef_mps =
      R_ned_from_ecef(deg_to_rad(30), deg_to_rad(20)).transpose() * Vec3(0, 7900, -10);
  const Kepler k(s0.pos_ecef_m, s0.vel_ecef_mps);
  // Long steps over 20 minutes, so the truncation error stands well above rounding.
  const Vec3 exact = k.position(1200.0);
  double prev = 0;
  for (double dt : {16.0, 8.0, 4.0}) {
    const double err = (fly(point_mass_earth(false), s0, 1200.0, dt).pos_ecef_m - exact).norm();
    if (prev > 0) {
      std::printf("RK4: dt %.0f s error %.3g m, ratio to 2 dt: %.2f\n", dt, err, prev / err);
      EXPECT_GT(prev / err, 13.0);
      EXPECT_LT(prev / err, 19.0);
    }
    prev = err;
  }
}

TEST(Eom, CoriolisDeflectionOfADroppedBody) {
  // A body released at rest relative to the earth at 45 deg N, 10 km, no air: it lands east of
  // the plumb line by (1/3) w g t^3 cos(lat) to first order in w.
  EarthModel m;  // rotating, J2
  const double lat = deg_to_rad(45);
  const Geodetic g0{lat, 0.3, 10000};
  RigidBodyState s;
  s.pos_ecef_m = ecef_from_geodetic(g0);
  s.omega_b_rad_s = Vec3(0, 0, m.rotation_rate_rad_s);
  const double t = 30.0;
  const RigidBodyState end = fly(m, s, t, 1.0 / 400);
  const LocalNed ned(g0);
  const Vec3 d = ned.ned_from_ecef(end.pos_ecef_m);
  // Effective gravity along the local down at the release point (gravitation + centrifugal).
  const Vec3 w(0, 0, m.rotation_rate_rad_s);
  const Vec3 geff = gravitation_ecef(m.gravity, s.pos_ecef_m) - w.cross(w.cross(s.pos_ecef_m));
  const double gdown = (ned.R_ned_from_ecef() * geff).z();
  const double expected_east = m.rotation_rate_rad_s * gdown * t * t * t * std::cos(lat) / 3;
  std::printf("Coriolis drop 30 s at 45N: east %.4f m (closed form %.4f m), fell %.1f m\n", d.y(),
              expected_east, d.z());
  EXPECT_NEAR(d.y(), expected_east, 0.01 * expected_east);
  EXPECT_NEAR(d.z(), 0.5 * gdown * t * t, 0.005 * 0.5 * gdown * t * t);  // g varies with height
}

TEST(Eom, TorqueFreeTumblingConservesEnergyAndMomentum) {
  EarthModel m;
  m.rotation = false;
  RigidBodyState s;
  s.pos_ecef_m = Vec3(kWgs84A + 1000, 0, 0);
  s.omega_b_rad_s = Vec3(0.1, 2.0, 0.3);  // near the unstable intermediate axis: tumbles
  const Mat3 I = Vec3(10, 20, 30).asDiagonal();
  auto energy = [&](const RigidBodyState& x) {
    return 0.5 * x.omega_b_rad_s.dot(I * x.omega_b_rad_s);
  };
  auto momentum_inertial = [&](const RigidBodyState& x) {
    return Vec3(x.q_ecef_from_b * (I * x.omega_b_rad_s));
  };
  const RigidBodyState e = fly(m, s, 60.0, 1.0 / 400);
  EXPECT_NEAR(energy(e), energy(s), 1e-9 * energy(s));
  EXPECT_LT((momentum_inertial(e) - momentum_inertial(s)).norm(),
            1e-9 * momentum_inertial(s).norm());
  EXPECT_GT((e.omega_b_rad_s - s.omega_b_rad_s).norm(), 0.5);  // it really tumbled
}

}  // namespace
}  // namespace kestrel
