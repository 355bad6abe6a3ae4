// Closed synthetic-truth tests of the navigation filter (nav_synthetic.h):
// convergence, consistency (NEES), dead reckoning, GNSS jump, ground alignment
// and fault rejection.
#include "nav/nav_filter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>

#include "core/rotation.h"
#include "nav/nav_bench.h"
#include "nav/nav_models.h"
#include "nav/nav_synthetic.h"

namespace kestrel {
namespace {

using namespace nav_index;

NavParams params_for(const nav::SynthConfig& c) {
  NavParams p;
  p.mag_declination_rad = c.mag_decl_rad;
  p.mag_inclination_rad = c.mag_incl_rad;
  p.mag_strength_gauss = c.mag_strength;
  p.gnss_delay_s = c.gnss_delay_s;
  // Noise from the (synthetic) sensor specifications, as the wiring would set
  // them.
  p.gyro_noise_rad_s = c.gyro_noise;
  p.accel_noise_mps2 = c.accel_noise;
  p.gnss_vel_noise_mps = c.gnss_vel_noise;
  p.mag_noise_gauss = c.mag_noise;
  p.airspeed_noise_mps = c.airspeed_noise_mps;
  p.baro_noise_m = c.baro_noise_m;
  p.beta_noise_rad = 0.05;
  return p;
}

double wrap(double a) { return std::remainder(a, 2 * kPi); }

struct Errors {
  Vec3 att_ned = Vec3::Zero();  // rotation vector: R_true = Exp(att) R_est
  Vec3 vel = Vec3::Zero(), pos = Vec3::Zero();
  double roll = 0, pitch = 0, yaw = 0;  // Euler differences [rad]
  double wind_n = 0, wind_e = 0;
  double nees9 = 0;   // attitude, velocity, position
  double nees_h = 0;  // horizontal position (2 dof)
};

Errors errors(const NavState& s, const nav::SynthTruth& t) {
  Errors e;
  const Mat3 dR = t.q_ned_from_b.toRotationMatrix() * s.q_ned_from_b.toRotationMatrix().transpose();
  const Eigen::AngleAxisd aa(dR);
  e.att_ned = aa.angle() * aa.axis();
  e.vel = t.vel_ned - s.vel_ned_mps;
  e.pos =
      nav::ned_offset(t.lat_rad, t.lon_rad, t.height_m, s.lat_rad, s.lon_rad, s.height_ellipsoid_m);
  const Euler et = euler_from_q_ned_from_b(t.q_ned_from_b),
              es = euler_from_q_ned_from_b(s.q_ned_from_b);
  e.roll = wrap(et.roll_rad - es.roll_rad);
  e.pitch = wrap(et.pitch_rad - es.pitch_rad);
  e.yaw = wrap(et.yaw_rad - es.yaw_rad);
  e.wind_n = t.wind_n - s.wind_n_mps;
  e.wind_e = t.wind_e - s.wind_e_mps;
  Eigen::Matrix<double, 9, 1> x;
  x << e.att_ned, e.vel, e.pos;
  const Eigen::Matrix<double, 9, 9> P = s.P.topLeftCorner<9, 9>();
  e.nees9 = x.dot(P.ldlt().solve(x));
  const Eigen::Matrix2d Ph = s.P.block<2, 2>(kPos, kPos);
  e.nees_h = e.pos.head<2>().dot(Ph.ldlt().solve(e.pos.head<2>()));
  return e;
}

// Pushes the samples of one IMU period; `edit` may change or drop the GNSS
// sample.
void push_all(NavFilter& f, nav::SynthSamples& s,
              const std::function<void(std::optional<GnssSample>&)>& edit = nullptr) {
  f.push_imu(s.imu);
  if (edit) edit(s.gnss);
  if (s.gnss) f.push_gnss(*s.gnss);
  if (s.baro) f.push_baro(*s.baro);
  if (s.airspeed) f.push_airspeed(*s.airspeed);
  if (s.mag) f.push_mag(*s.mag);
}

struct Stats {
  double n = 0, roll2 = 0, pitch2 = 0, yaw2 = 0, posh2 = 0, alt2 = 0, wind2 = 0, gnssh2 = 0;
  double nees_in = 0;
  void add(const Errors& e, const nav::SynthTruth& t) {
    n += 1;
    roll2 += e.roll * e.roll;
    pitch2 += e.pitch * e.pitch;
    yaw2 += e.yaw * e.yaw;
    posh2 += e.pos.head<2>().squaredNorm();
    alt2 += e.pos.z() * e.pos.z();
    wind2 += e.wind_n * e.wind_n + e.wind_e * e.wind_e;
    gnssh2 += t.gnss_error_ned.head<2>().squaredNorm();
    // Two-sided 95 % bounds of chi-square with 9 dof.
    if (e.nees9 >= 2.700 && e.nees9 <= 19.023) nees_in += 1;
  }
  double rms(double s2) const { return std::sqrt(s2 / n); }
};

// A 10-minute flight, straight legs and 180 deg turns, 40 m/s in a 10 m/s
// crosswind; statistics after 120 s, over several seeds.
TEST(NavFilter, FlightConvergenceAccuracyAndConsistency) {
  double pooled_in = 0, pooled_n = 0;
  for (uint64_t seed : {1, 2, 3}) {
    nav::SynthConfig c;
    c.seed = seed;
    c.heading0_rad = 0.3 * static_cast<double>(seed);
    nav::SynthFlight sim(c);
    NavFilter f(params_for(c));
    Stats st;
    uint32_t last_pred = 0;
    for (int k = 0; k < 400 * 600; ++k) {
      auto s = sim.step();
      push_all(f, s);
      if (f.predictions() == last_pred) continue;
      last_pred = f.predictions();
      if (sim.truth().time.seconds() < 120) continue;
      const Errors e = errors(f.state(), sim.truth());
      ASSERT_TRUE(std::isfinite(e.nees9));
      st.add(e, sim.truth());
    }
    const NavState& s = f.state();
    std::printf(
        "seed %d: roll %.3f pitch %.3f heading %.3f deg, pos_h %.2f m (GNSS "
        "%.2f m), alt %.2f m, "
        "wind %.2f m/s, NEES9 in 95%% bounds %.1f %%\n",
        static_cast<int>(seed), rad_to_deg(st.rms(st.roll2)), rad_to_deg(st.rms(st.pitch2)),
        rad_to_deg(st.rms(st.yaw2)), st.rms(st.posh2), st.rms(st.gnssh2), st.rms(st.alt2),
        st.rms(st.wind2), 100 * st.nees_in / st.n);
    EXPECT_LT(rad_to_deg(st.rms(st.roll2)), 0.5);
    EXPECT_LT(rad_to_deg(st.rms(st.pitch2)), 0.5);
    EXPECT_LT(rad_to_deg(st.rms(st.yaw2)), 2.0);
    EXPECT_LT(st.rms(st.posh2), 3.0);
    EXPECT_LT(st.rms(st.posh2), st.rms(st.gnssh2));
    EXPECT_LT(st.rms(st.alt2), 3.0);
    EXPECT_LT(st.rms(st.wind2), 1.0);
    // One run's NEES is strongly time-correlated (the GNSS error has a 100 s
    // correlation time, so a 480 s run holds only a few independent draws of
    // it): per seed a looser bound, pooled the target. See the report for the
    // figures.
    EXPECT_GE(st.nees_in / st.n, 0.60);
    pooled_in += st.nees_in;
    pooled_n += st.n;
    const uint32_t want = kNavAligned | kNavPositionValid | kNavGnssFusing | kNavAirspeedFusing |
                          kNavMagFusing | kNavBaroFusing | kNavWindEstimated;
    EXPECT_EQ(s.status & want, want);
    EXPECT_EQ(s.status & (kNavDeadReckoning | kNavGnssRejected | kNavBadImu), 0u);
    EXPECT_NEAR(s.baro_gnss_offset_m, c.baro_offset_m,
                3 * std::sqrt(s.P(kBaroOffset, kBaroOffset)));
    EXPECT_LT((s.gyro_bias_rad_s - c.gyro_bias).norm(), 3e-4);
  }
  std::printf("pooled NEES9 in 95%% bounds: %.1f %%\n", 100 * pooled_in / pooled_n);
  EXPECT_GE(pooled_in / pooled_n, 0.85);
}

// 120 s without GNSS at 40 m/s in 10 m/s wind: error < 2 % of the distance
// flown, within its own 3-sigma; back within 5 m 10 s after GNSS returns. Seed 4
// again at 50 and 400 Hz state prediction: the error at the end of the outage
// does not depend on the prediction period (it is set by the sensor errors).
TEST(NavFilter, GnssOutageDeadReckoning) {
  struct Case {
    uint64_t seed;
    double predict_hz;
  };
  double err_seed4_default = -1;
  for (const Case& tc : {Case{4, 100}, Case{5, 100}, Case{4, 50}, Case{4, 400}}) {
    const uint64_t seed = tc.seed;
    nav::SynthConfig c;
    c.seed = seed;
    nav::SynthFlight sim(c);
    NavParams p = params_for(c);
    p.predict_hz = tc.predict_hz;
    NavFilter f(p);
    const double t_out = 300, t_back = 420;
    double dist = 0, max_nees_h = 0;
    Vec3 err_end = Vec3::Zero();
    double sigma_end = 0;
    bool dr_seen = false;
    uint32_t last_pred = 0;
    double t_prev = 0;
    for (int k = 0; k < 400 * 431; ++k) {
      auto s = sim.step();
      const double t = sim.truth().time.seconds();
      push_all(f, s, [&](std::optional<GnssSample>& g) {
        if (g && g->time.seconds() > t_out && g->time.seconds() <= t_back) g.reset();
      });
      // The distance flown from the truth at every simulation step, whatever
      // the filter's prediction rate.
      if (t > t_out && t <= t_back) dist += sim.truth().vel_ned.head<2>().norm() * (t - t_prev);
      t_prev = t;
      if (f.predictions() == last_pred) continue;
      last_pred = f.predictions();
      const Errors e = errors(f.state(), sim.truth());
      if (t > t_out && t <= t_back) {
        max_nees_h = std::max(max_nees_h, e.nees_h);
        if (t > t_out + 2) dr_seen |= (f.state().status & kNavDeadReckoning) != 0;
        err_end = e.pos;
        sigma_end = std::sqrt(f.state().P(kPos, kPos) + f.state().P(kPos + 1, kPos + 1));
      }
    }
    const Errors e = errors(f.state(), sim.truth());
    std::printf(
        "seed %d, prediction at %.0f Hz: outage 120 s, %.0f m flown: horizontal error at end %.1f "
        "m "
        "(%.2f %%), its "
        "1-sigma %.1f m, max horizontal NEES %.2f; 10 s after GNSS returns "
        "%.2f m\n",
        static_cast<int>(seed), p.predict_hz, dist, err_end.head<2>().norm(),
        100 * err_end.head<2>().norm() / dist, sigma_end, max_nees_h, e.pos.head<2>().norm());
    EXPECT_TRUE(dr_seen);
    EXPECT_LT(err_end.head<2>().norm(), 0.02 * dist);
    EXPECT_LT(max_nees_h, 11.83);  // chi-square 2 dof at 99.73 % (3 sigma)
    EXPECT_LT(e.pos.head<2>().norm(), 5.0);
    EXPECT_EQ(f.state().status & kNavDeadReckoning, 0u);
    if (seed == 4 && p.predict_hz == 100) err_seed4_default = err_end.head<2>().norm();
    if (seed == 4 && p.predict_hz != 100) {
      EXPECT_NEAR(err_end.head<2>().norm(), err_seed4_default, 0.02 * err_seed4_default);
    }
  }
}

// A 50 m north jump of the GNSS position at 300 s that persists: rejected and
// flagged, the estimate stays on truth; after gnss_reset_after_s the filter
// resets to it and says so.
TEST(NavFilter, GnssJumpRejectedThenReset) {
  nav::SynthConfig c;
  c.seed = 7;
  nav::SynthFlight sim(c);
  const NavParams p = params_for(c);
  NavFilter f(p);
  const double t_jump = 300;
  double max_err_before_reset = 0, reset_time = -1;
  bool rejected_flag = false;
  uint32_t rejected_before = 0, last_pred = 0;
  Vec3 err_gnss = Vec3::Zero();
  for (int k = 0; k < 400 * 340; ++k) {
    auto s = sim.step();
    const double t = sim.truth().time.seconds();
    push_all(f, s, [&](std::optional<GnssSample>& g) {
      if (g && g->time.seconds() > t_jump) {
        double rn, re;
        earth_radii(g->lat_rad, &rn, &re);
        g->lat_rad += 50.0 / (rn + g->height_ellipsoid_m);
      }
    });
    if (t < t_jump) rejected_before = f.state().gnss_pos.rejected;
    if (f.predictions() == last_pred) continue;
    last_pred = f.predictions();
    const Errors e = errors(f.state(), sim.truth());
    if (t > t_jump && reset_time < 0) {
      rejected_flag |= (f.state().status & kNavGnssRejected) != 0;
      if (f.state().status & kNavGnssReset) {
        reset_time = t;
      } else {
        max_err_before_reset = std::max(max_err_before_reset, e.pos.head<2>().norm());
      }
    }
    // Error relative to the jumped GNSS truth (truth + 50 m north).
    err_gnss = e.pos - Vec3(-50, 0, 0) - Vec3::Zero();
    err_gnss.z() = 0;
  }
  std::printf(
      "jump: rejected %u fixes, max error before reset %.2f m, reset %.1f s "
      "after the jump, "
      "distance from the jumped position at the end %.2f m\n",
      f.state().gnss_pos.rejected - rejected_before, max_err_before_reset, reset_time - t_jump,
      (err_gnss + Vec3(0, 0, 0)).head<2>().norm());
  EXPECT_TRUE(rejected_flag);
  EXPECT_GT(f.state().gnss_pos.rejected - rejected_before, 50u);
  EXPECT_LT(max_err_before_reset, 5.0);
  ASSERT_GT(reset_time, 0);
  EXPECT_LT(reset_time - t_jump, 30.0);
  EXPECT_EQ(f.state().gnss_resets, 1u);
  EXPECT_TRUE(f.state().status & kNavGnssReset);
  EXPECT_FALSE(f.state().status & kNavGnssRejected);
  // 40 s after the jump, the estimate follows the jumped GNSS (truth + 50 m
  // north).
  EXPECT_LT(err_gnss.head<2>().norm(), 5.0);
}

// Stationary on the ground: tilt from the accelerometers, heading from the
// magnetometer, gyro bias from the averaged rates.
// Aligned in the air in a turn (17 deg of bank from the start): the averaged specific force lies
// along the body's z axis and reads as level, so the alignment starts with a tilt error of up to
// the bank, and the airborne tilt sigma (init_tilt_sigma_air_rad) lets the GNSS velocity fusion
// correct it: within 1 deg from 30 s on. (In this smooth synthetic flight the ground figure
// converges too, a little slower; the case that needed the airborne sigma was an airborne start
// in moderate turbulence that aligned 29 deg off and then rejected GNSS for minutes:
// docs/navigation.md.)
// An airborne start in a 17 deg banked turn: the alignment's tilt is taken from the
// accelerometers, which in a turn read the turn's acceleration as well as gravity, so it begins
// off by about the bank. With the airborne tilt sigma the filter knows how little it knows: its
// tilt error stays within 3.5 sigma of its own covariance from the first prediction on, and has
// converged below 1 deg after 30 s. With the ground's sigma it believed a tilt it did not have
// (a moderate-turbulence sortie once aligned 29 deg off at a claimed 1.7 deg, lost GNSS and
// crashed): the same flight goes past 5 sigma.
TEST(NavFilter, AirborneAlignmentInATurnConverges) {
  struct Result {
    double worst_after_30s_deg = 0;  // |roll|, |pitch| error from 30 to 180 s
    double worst_sigmas = 0;         // the tilt error over the filter's own sigma, all the way
  };
  const auto fly = [](double air_sigma) {
    nav::SynthConfig c;
    c.seed = 11;
    c.leg_s = 0;
    c.bank_rad = 0.3;
    nav::SynthFlight sim(c);
    NavParams p = params_for(c);
    p.init_tilt_sigma_air_rad = air_sigma;
    NavFilter f(p);
    Result r;
    uint32_t last_pred = 0;
    for (int k = 0; k < 400 * 180; ++k) {
      auto s = sim.step();
      push_all(f, s);
      if (f.predictions() == last_pred) continue;
      last_pred = f.predictions();
      const Errors e = errors(f.state(), sim.truth());
      const NavCovariance& P = f.state().P;
      for (int i = 0; i < 2; ++i)  // north and east: the tilt
        r.worst_sigmas =
            std::max(r.worst_sigmas, std::abs(e.att_ned(i)) / std::sqrt(P(kAtt + i, kAtt + i)));
      if (sim.truth().time.seconds() >= 30)
        r.worst_after_30s_deg = std::max(
            {r.worst_after_30s_deg, rad_to_deg(std::abs(e.roll)), rad_to_deg(std::abs(e.pitch))});
    }
    return r;
  };
  const Result air = fly(NavParams{}.init_tilt_sigma_air_rad);
  const Result ground = fly(NavParams{}.init_tilt_sigma_rad);
  std::printf(
      "airborne sigma: worst tilt 30-180 s %.2f deg, worst %.2f sigma; ground sigma: "
      "%.2f deg, %.2f sigma\n",
      air.worst_after_30s_deg, air.worst_sigmas, ground.worst_after_30s_deg, ground.worst_sigmas);
  EXPECT_LT(air.worst_after_30s_deg, 1.0);
  // (The worst of thousands of correlated samples: 3.5 sigma, not 3, for a consistent filter.)
  EXPECT_LT(air.worst_sigmas, 3.5);
  EXPECT_GT(ground.worst_sigmas, 5.0);  // the test can tell the two apart
}

TEST(NavFilter, StaticGroundAlignment) {
  nav::SynthConfig c;
  c.seed = 9;
  c.on_ground = true;
  c.heading0_rad = 2.0;
  c.mag_hard_iron = Vec3(0.002, -0.001, 0.003);  // static: hard iron is not observable
  nav::SynthFlight sim(c);
  NavFilter f(params_for(c));
  f.set_on_ground(true);
  for (int k = 0; k < 400 * 120; ++k) {
    auto s = sim.step();
    push_all(f, s);
  }
  const Errors e = errors(f.state(), sim.truth());
  std::printf("ground: roll %.3f pitch %.3f heading %.3f deg, velocity %.3f m/s\n",
              rad_to_deg(e.roll), rad_to_deg(e.pitch), rad_to_deg(e.yaw), e.vel.norm());
  EXPECT_TRUE(f.state().status & kNavAligned);
  EXPECT_TRUE(f.state().status & kNavOnGround);
  EXPECT_TRUE(f.state().status & kNavPositionValid);
  EXPECT_FALSE(f.state().status & kNavAirspeedFusing);
  // Static, tilt and horizontal accelerometer bias are indistinguishable (0.08
  // m/s^2 is 0.47 deg), so the filter's tilt error is of the order bias / g:
  // check it against its own sigma.
  const NavCovariance& P = f.state().P;
  EXPECT_LT(std::abs(rad_to_deg(e.roll)), 1.0);
  EXPECT_LT(std::abs(rad_to_deg(e.pitch)), 1.0);
  EXPECT_LT(std::abs(rad_to_deg(e.yaw)), 4.0);
  for (int i = 0; i < 3; ++i)
    EXPECT_LT(std::abs(e.att_ned(i)), 3 * std::sqrt(P(kAtt + i, kAtt + i)));
  EXPECT_LT(e.vel.norm(), 0.2);
  EXPECT_EQ(f.state().airspeed.fused, 0u);
}

// Parked in gusty wind, the aircraft settles and rocks on its gear from the first moment: the
// alignment window's mean rate then holds that motion as well as the bias. The filter must not
// take it for a bias known to the noise's precision (it did: 0.015 rad/s of roll "bias" held with
// 1e-4 rad/s confidence tilted the estimate by 13 deg before a take-off in the sortie sweep); it
// weighs the mean against the prior by the window's spread.
TEST(NavFilter, GroundAlignmentWhileRocking) {
  nav::SynthConfig c;
  c.seed = 5;
  c.on_ground = true;
  c.heading0_rad = -1.57;
  c.ground_settle_rad = -0.017;  // 1 deg in the first second or two
  c.ground_rock_rad = 0.01;      // 0.6 deg
  c.ground_rock_hz = 0.7;
  c.mag_hard_iron = Vec3::Zero();
  nav::SynthFlight sim(c);
  NavFilter f(params_for(c));
  f.set_on_ground(true);
  double worst_tilt = 0, worst_bias = 0;
  for (int k = 0; k < 400 * 60; ++k) {
    auto s = sim.step();
    push_all(f, s);
    if (!(f.state().status & kNavAligned) || k < 400 * 5) continue;  // 4 s after alignment on
    const Errors e = errors(f.state(), sim.truth());
    worst_tilt = std::max({worst_tilt, std::abs(e.roll), std::abs(e.pitch)});
    worst_bias = std::max(worst_bias, (f.state().gyro_bias_rad_s - c.gyro_bias).head<2>().norm());
  }
  std::printf("rocking: worst tilt error %.3f deg, worst roll/pitch gyro bias error %.4f rad/s\n",
              rad_to_deg(worst_tilt), worst_bias);
  EXPECT_TRUE(f.state().status & kNavAligned);
  EXPECT_LT(rad_to_deg(worst_tilt), 1.0);
  EXPECT_LT(worst_bias, 0.004);
}

// NaN and absurd samples: rejected, counted, flagged, no effect on the estimate
// (extra bad samples leave it bit-identical to a clean twin; a bad IMU sample
// is replaced by the last good).
TEST(NavFilter, FaultySamplesAreRejectedCountedAndFlagged) {
  nav::SynthConfig c;
  c.seed = 11;
  nav::SynthFlight sim(c);
  NavFilter clean(params_for(c)), faulty(params_for(c));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  int bad_pushed = 0, bad_returned = 0;
  for (int k = 0; k < 400 * 200; ++k) {
    auto s = sim.step();
    auto s2 = s;
    push_all(clean, s);
    push_all(faulty, s2);
    if (k > 400 * 100 && k % 400 == 0) {
      SimTime t = s.imu.time;
      GnssSample g = s.gnss ? *s.gnss : GnssSample{};
      g.time = t;
      g.fix = GnssFix::k3D;
      g.satellites = 12;
      g.lat_rad = nan;
      BaroSample b{t, (k / 400) % 2 ? nan : -5.0};
      AirspeedSample a{t, inf, 288};
      MagSample m{t, Vec3(nan, 0, 0)};
      MagSample m2{t, Vec3(50, 0, 0)};  // 50 gauss: absurd
      bad_returned += !faulty.push_gnss(g) + !faulty.push_baro(b) + !faulty.push_airspeed(a) +
                      !faulty.push_mag(m) + !faulty.push_mag(m2);
      bad_pushed += 5;
    }
    if (k > 400 * 101 && k % 400 == 200) {
      EXPECT_TRUE(faulty.state().status & kNavBadSensor);
    }
  }
  EXPECT_EQ(bad_returned, bad_pushed);
  const NavState& a = clean.state();
  const NavState& b = faulty.state();
  EXPECT_EQ(a.lat_rad, b.lat_rad);
  EXPECT_EQ(a.vel_ned_mps, b.vel_ned_mps);
  EXPECT_EQ(a.q_ned_from_b.coeffs(), b.q_ned_from_b.coeffs());
  const uint32_t n_bad = static_cast<uint32_t>(bad_pushed / 5);
  EXPECT_EQ(n_bad, 99u);
  EXPECT_EQ(b.gnss_pos.invalid, n_bad);
  EXPECT_EQ(b.baro.invalid, n_bad);
  EXPECT_EQ(b.airspeed.invalid, n_bad);
  EXPECT_EQ(b.mag.invalid, 2 * n_bad);

  // Now bad IMU samples in place of good ones: NaN, infinite, saturated,
  // absurd.
  for (int k = 0; k < 400 * 20; ++k) {
    auto s = sim.step();
    auto s2 = s;
    if (k % 200 == 0) {
      const int kind = (k / 200) % 4;
      if (kind == 0) s2.imu.gyro_rad_s.x() = nan;
      if (kind == 1) s2.imu.accel_mps2.z() = -inf;
      if (kind == 2) s2.imu.accel_saturated = true;
      if (kind == 3) s2.imu.gyro_rad_s.y() = 1e6;
      EXPECT_FALSE(faulty.push_imu(s2.imu));
      EXPECT_TRUE((faulty.state().status & kNavBadImu) != 0 || faulty.predictions() == 0);
      s2.imu = s.imu;  // (already pushed above)
      clean.push_imu(s.imu);
      if (s.gnss) {
        clean.push_gnss(*s.gnss);
        faulty.push_gnss(*s.gnss);
      }
      if (s.baro) {
        clean.push_baro(*s.baro);
        faulty.push_baro(*s.baro);
      }
      if (s.airspeed) {
        clean.push_airspeed(*s.airspeed);
        faulty.push_airspeed(*s.airspeed);
      }
      if (s.mag) {
        clean.push_mag(*s.mag);
        faulty.push_mag(*s.mag);
      }
      continue;
    }
    push_all(clean, s);
    push_all(faulty, s2);
  }
  EXPECT_EQ(faulty.state().imu_invalid, 40u);
  const Errors ea = errors(clean.state(), sim.truth()), eb = errors(faulty.state(), sim.truth());
  EXPECT_TRUE(std::isfinite(eb.nees9));
  EXPECT_LT((ea.pos - eb.pos).norm(), 0.2);
  EXPECT_LT((ea.att_ned - eb.att_ned).norm(), deg_to_rad(0.05));
  // A sample with a time going backwards is rejected too.
  ImuSample back = clean.state().time.us > 0 ? ImuSample{} : ImuSample{};
  back.time = SimTime::from_us(1);
  back.dt_s = 0.0025;
  EXPECT_FALSE(faulty.push_imu(back));
}

// The bench function runs and returns a positive figure (no wall-clock
// assertion).
TEST(NavFilter, BenchRuns) {
  const double us = nav_bench_us_per_cycle(20000);
  std::printf("nav_us_per_cycle %.3f\n", us);
  EXPECT_GT(us, 0.0);
}

}  // namespace
}  // namespace kestrel
