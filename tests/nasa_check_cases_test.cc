// NASA's six-degree-of-freedom check cases (NASA/TM-2015-218675, atmospheric cases 1-10):
// Kestrel's equations of motion (eom.h), gravitation (J2 / point mass), earth model (rotating
// WGS-84 ellipsoid or sphere) and US 1976 atmosphere fly NASA's dropped spheres, tumbling bricks
// and cannonballs, and must land within the spread of NASA's independent simulators at 10, 20
// and 30 s. The reference points are our own SI conversion of a few rows of NASA's data
// (tests/tools/nasa_reference_points.py); the vehicle models (sphere drag, brick damping) are the
// TM's, written here.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

#include "airframe/eom.h"
#include "core/rotation.h"
#include "env/atmosphere.h"

namespace kestrel {
namespace {

enum Quantity { kAlt, kLat, kLon, kVn, kVe, kVd, kRoll, kPitch, kYaw, kP, kQ, kR, kNumQuantities };
const char* const kQuantityNames[] = {"alt_m",   "lat_deg", "lon_deg",  "vn_mps",
                                      "ve_mps",  "vd_mps",  "roll_deg", "pitch_deg",
                                      "yaw_deg", "p_deg_s", "q_deg_s",  "r_deg_s"};

struct RefRow {
  int case_id, sim, time_s;
  Quantity q;
  double value;
};
const RefRow kRows[] = {
#include "nasa_reference_points.inc"
};

constexpr double kFt = 0.3048;
constexpr double kSlug = 14.593902937206364;
constexpr double kSlugFt2 = kSlug * kFt * kFt;

enum class Body { kSphere, kBrick };
enum class Wind { kNone, kSteadyFromWest, kShear };

struct Case {
  int id;
  Body body;
  double cd;
  bool damping;  // brick rate damping Clp = Cmq = Cnr = -1
  bool rotating;
  bool sphere_earth;  // cases 4, 5: sphere of radius r2, point-mass gravitation
  Wind wind;
  double alt_ft;
  Vec3 vel_ned_ft_s;
  Euler euler_deg;  // roll, pitch, yaw [deg]
  Vec3 rates_inertial_deg_s;
};

// TM-2015-218675 Vol. II, Tables 25-34, with the inertial initial rates (shared README §8).
const Case kCases[] = {
    {1,
     Body::kSphere,
     0.0,
     false,
     true,
     false,
     Wind::kNone,
     30000,
     {0, 0, 0},
     {0, 0, 0},
     {0, 0, 0}},
    {2,
     Body::kBrick,
     0.0,
     false,
     true,
     false,
     Wind::kNone,
     30000,
     {0, 0, 0},
     {0, 0, 0},
     {10, 20, 30}},
    {3,
     Body::kBrick,
     0.0,
     true,
     true,
     false,
     Wind::kNone,
     30000,
     {0, 0, 0},
     {0, 0, 0},
     {10, 20, 30}},
    {4,
     Body::kSphere,
     0.1,
     false,
     false,
     true,
     Wind::kNone,
     30000,
     {0, 0, 0},
     {0, 0, 0},
     {10, 20, 30}},
    {5,
     Body::kSphere,
     0.1,
     false,
     true,
     true,
     Wind::kNone,
     30000,
     {0, 0, 0},
     {0, 0, 0},
     {10, 20, 30}},
    {6,
     Body::kSphere,
     0.1,
     false,
     true,
     false,
     Wind::kNone,
     30000,
     {0, 0, 0},
     {0, 0, 0},
     {0, 0, 0}},
    {7,
     Body::kSphere,
     0.1,
     false,
     true,
     false,
     Wind::kSteadyFromWest,
     30000,
     {0, 0, 0},
     {0, 0, 0},
     {0, 0, 0}},
    {8,
     Body::kSphere,
     0.1,
     false,
     true,
     false,
     Wind::kShear,
     30000,
     {0, 0, 0},
     {0, 0, 0},
     {0, 0, 0}},
    {9,
     Body::kSphere,
     0.1,
     false,
     true,
     false,
     Wind::kNone,
     0,
     {0, 1000, -1000},
     {0, 0, 90},
     {0, -0.004178074, 0}},
    {10,
     Body::kSphere,
     0.1,
     false,
     true,
     false,
     Wind::kNone,
     0,
     {1000, 0, -1000},
     {0, 0, 0},
     {0.004178074, 0, 0}},
};

struct Output {
  std::array<double, kNumQuantities> v{};
};

// Fly one case with RK4 at dt and return the outputs at 10, 20, 30 s.
std::map<int, Output> fly(const Case& c, double dt) {
  EarthModel earth;
  earth.rotation = c.rotating;
  earth.rotation_rate_rad_s = 7.292115e-5;  // TM Table 73
  earth.gravity.mu_m3_s2 = 3.986004418e14;
  earth.gravity.j2 = 0.00108262982;
  earth.gravity.radius_m = 6378137.0;
  if (c.sphere_earth) {
    earth.sphere_radius_m = 20902254.5305 * kFt;  // r2, same area as the ellipsoid
    earth.gravity.model = GravityParams::Model::kPointMass;
  }

  // Mass properties (TM Tables 1-2, 4-5).
  double mass, s_ref, b_ref, c_ref;
  Mat3 inertia = Mat3::Zero();
  if (c.body == Body::kSphere) {
    mass = 1.0 * kSlug;
    inertia.diagonal().setConstant(3.6 * kSlugFt2);
    s_ref = 0.1963495 * kFt * kFt;
    b_ref = c_ref = 0;
  } else {
    mass = 0.155404754 * kSlug;
    inertia.diagonal() << 0.001894220 * kSlugFt2, 0.006211019 * kSlugFt2, 0.007194665 * kSlugFt2;
    s_ref = 0.22222 * kFt * kFt;
    b_ref = 0.33333 * kFt;
    c_ref = 0.66667 * kFt;
  }
  const Mat3 inertia_inv = inertia.inverse();

  const Geodetic g0{0, 0, c.alt_ft * kFt};
  RigidBodyState s;
  s.pos_ecef_m = ecef_from_earth_position(earth, g0);
  const Mat3 R_ned_e0 = R_ned_from_ecef(0, 0);
  s.vel_ecef_mps = R_ned_e0.transpose() * (c.vel_ned_ft_s * kFt);
  const Quat q_ned_b =
      q_ned_from_b_from_euler({deg_to_rad(c.euler_deg.roll_rad), deg_to_rad(c.euler_deg.pitch_rad),
                               deg_to_rad(c.euler_deg.yaw_rad)});
  s.q_ecef_from_b = Quat(Mat3(R_ned_e0.transpose())) * q_ned_b;
  s.omega_b_rad_s = c.rates_inertial_deg_s * kRadPerDeg;

  auto derivative = [&](const RigidBodyState& x) {
    const Geodetic g = earth_position(earth, x.pos_ecef_m);
    const Mat3 R_ned_e = R_ned_from_ecef(g.lat_rad, g.lon_rad);
    const Mat3 R_e_b = x.q_ecef_from_b.normalized().toRotationMatrix();
    const AirData air = isa1976(g.height_ellipsoid_m);
    Vec3 wind_ned = Vec3::Zero();
    if (c.wind == Wind::kSteadyFromWest) wind_ned.y() = 20 * kFt;
    if (c.wind == Wind::kShear) wind_ned.y() = (0.003 * (g.height_ellipsoid_m / kFt) - 20) * kFt;
    const Vec3 air_e = x.vel_ecef_mps - R_ned_e.transpose() * wind_ned;
    const Vec3 air_b = R_e_b.transpose() * air_e;
    const double v = air_b.norm();
    const double qbar = 0.5 * air.density_kg_m3 * v * v;
    Vec3 force_b = Vec3::Zero(), moment_b = Vec3::Zero();
    if (c.cd > 0 && v > 0) force_b = -qbar * s_ref * c.cd * air_b / v;
    if (c.damping) {
      const double vd = std::max(v, 0.5 * kFt);  // DAVE-ML model: V >= 0.5 ft/s
      const Vec3 w = omega_eb_b(earth, x, R_e_b);
      moment_b << qbar * s_ref * b_ref * (-1.0 * w.x() * b_ref / (2 * vd)),
          qbar * s_ref * c_ref * (-1.0 * w.y() * c_ref / (2 * vd)),
          qbar * s_ref * b_ref * (-1.0 * w.z() * b_ref / (2 * vd));
    }
    return rigid_body_derivative(earth, x, R_e_b, force_b, moment_b, mass, inertia, inertia_inv,
                                 Vec3::Zero());
  };

  std::map<int, Output> out;
  const int steps = static_cast<int>(std::lround(30.0 / dt));
  for (int i = 1; i <= steps; ++i) {
    const RigidBodyDerivative k1 = derivative(s);
    const RigidBodyDerivative k2 = derivative(advance(s, k1, dt / 2));
    const RigidBodyDerivative k3 = derivative(advance(s, k2, dt / 2));
    const RigidBodyDerivative k4 = derivative(advance(s, k3, dt));
    s = rk4_combine(s, k1, k2, k3, k4, dt);
    const double t = i * dt;
    const int ti = static_cast<int>(std::lround(t));
    if (std::abs(t - ti) < 1e-9 && ti % 10 == 0) {
      const Geodetic g = earth_position(earth, s.pos_ecef_m);
      const Mat3 R_ned_e = R_ned_from_ecef(g.lat_rad, g.lon_rad);
      const Vec3 v_ned = R_ned_e * s.vel_ecef_mps;
      const Euler e = euler_from_q_ned_from_b(Quat(R_ned_e) * s.q_ecef_from_b);
      Output o;
      o.v = {g.height_ellipsoid_m,
             rad_to_deg(g.lat_rad),
             rad_to_deg(g.lon_rad),
             v_ned.x(),
             v_ned.y(),
             v_ned.z(),
             rad_to_deg(e.roll_rad),
             rad_to_deg(e.pitch_rad),
             rad_to_deg(e.yaw_rad),
             rad_to_deg(s.omega_b_rad_s.x()),
             rad_to_deg(s.omega_b_rad_s.y()),
             rad_to_deg(s.omega_b_rad_s.z())};
      out[ti] = o;
    }
  }
  return out;
}

// Simulations the TM documents as defective for a quantity (shared README §6), left out of the
// reference ensemble.
bool excluded(int case_id, int sim, Quantity q) {
  const bool angle = q == kRoll || q == kPitch || q == kYaw;
  if (sim == 2 && angle) return true;                           // Euler drift
  if (sim == 2 && (case_id == 4 || case_id == 5)) return true;  // bad mu, initial velocity
  if (sim == 2 && case_id == 10 && q == kLat) return true;      // latitude conversion
  if (case_id == 10 && q == kPitch && (sim == 1 || sim == 6)) return true;  // geocentric normal
  if (case_id == 8 && sim == 3) return true;                                // east velocity jump
  return false;
}

double wrap180(double d) {
  while (d > 180) d -= 360;
  while (d < -180) d += 360;
  return d;
}

// Floors below which a difference is rounding or integration noise, not disagreement.
double floor_for(Quantity q) {
  switch (q) {
    case kAlt:
      return 1e-3;  // 1 mm
    case kLat:
    case kLon:
      return 1e-9;  // 0.1 mm on the ground
    case kVn:
    case kVe:
    case kVd:
      return 1e-4;  // 0.1 mm/s
    default:
      return 1e-4;  // 1e-4 deg, 1e-4 deg/s
  }
}

class NasaCheckCase : public ::testing::TestWithParam<Case> {};

TEST_P(NasaCheckCase, WithinTheSpreadOfNasaSimulators) {
  const Case& c = GetParam();
  const std::map<int, Output> ours = fly(c, 1.0 / 400);
  int compared = 0;
  double worst_ratio = 0;
  for (int t : {10, 20, 30}) {
    for (int q = 0; q < kNumQuantities; ++q) {
      std::vector<double> ref;
      for (const RefRow& r : kRows)
        if (r.case_id == c.id && r.time_s == t && r.q == q && !excluded(c.id, r.sim, r.q))
          ref.push_back(r.value);
      if (ref.size() < 2) continue;
      // TM-2015-218675 measures agreement against the ensemble average (its eq. 38). Kestrel
      // must be no farther from NASA's ensemble average than NASA's own farthest simulator,
      // plus a floor for rounding in the printed values.
      const bool wrapped = q == kRoll || q == kYaw;
      auto rel = [&](double v) { return wrapped ? wrap180(v - ref[0]) : v - ref[0]; };
      double mean = 0;
      for (double v : ref) mean += rel(v);
      mean /= static_cast<double>(ref.size());
      double spread = 0;
      for (double v : ref) spread = std::max(spread, std::abs(rel(v) - mean));
      const double err = std::abs(rel(ours.at(t).v[q]) - mean);
      const double tol = spread + floor_for(static_cast<Quantity>(q));
      EXPECT_LE(err, tol) << "case " << c.id << " t=" << t << " " << kQuantityNames[q]
                          << ": kestrel " << ours.at(t).v[q] << ", NASA mean " << ref[0] + mean
                          << ", farthest NASA sim " << spread << " from it (" << ref.size()
                          << " sims)";
      worst_ratio = std::max(worst_ratio, err / tol);
      ++compared;
    }
  }
  EXPECT_GT(compared, 20);
  std::printf("case %d: %d comparisons, worst |kestrel - mean| / tolerance = %.3f\n", c.id,
              compared, worst_ratio);
}

INSTANTIATE_TEST_SUITE_P(Atmos, NasaCheckCase, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           return "Case" + std::to_string(i.param.id);
                         });

}  // namespace
}  // namespace kestrel
