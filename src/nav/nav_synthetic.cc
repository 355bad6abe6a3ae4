#include "nav/nav_synthetic.h"

#include <algorithm>
#include <cmath>

#include "core/rotation.h"
#include "nav/nav_models.h"

namespace kestrel::nav {

SynthFlight::SynthFlight(const SynthConfig& c) : c_(c), rng_(c.seed) {
  truth_.lat_rad = c.lat0_rad;
  truth_.lon_rad = c.lon0_rad;
  truth_.height_m = c.height0_m;
  psi_ = c.heading0_rad;
  truth_.wind_n = c.wind_n_mps;
  truth_.wind_e = c.wind_e_mps;
  gnss_bias_ = Vec3(c.gnss_bias_h_m * rng_.normal(), c.gnss_bias_h_m * rng_.normal(),
                    c.gnss_bias_v_m * rng_.normal());
  const double V = c.on_ground ? 0.0 : c.airspeed_mps;
  const Vec3 wind = c.on_ground ? Vec3::Zero() : Vec3(c.wind_n_mps, c.wind_e_mps, 0);
  truth_.vel_ned = V * Vec3(std::cos(psi_), std::sin(psi_), 0) + wind;
  truth_.q_ned_from_b = q_ned_from_b_from_euler(Euler{0, 0, psi_});
}

SynthSamples SynthFlight::step() {
  const double dt = 1.0 / c_.imu_hz;
  const double V = c_.on_ground ? 0.0 : c_.airspeed_mps;
  const Vec3 wind = c_.on_ground ? Vec3::Zero() : Vec3(c_.wind_n_mps, c_.wind_e_mps, 0);
  const double g = normal_gravity(truth_.lat_rad, truth_.height_m);

  // Profile: straight legs and coordinated turns, bank rate-limited at 15
  // deg/s.
  seg_t_ += dt;
  if (c_.turns && !c_.on_ground) {
    if (!in_turn_ && seg_t_ >= c_.leg_s) {
      in_turn_ = true;
      seg_t_ = 0;
      turned_rad_ = 0;
    }
    if (in_turn_ && turned_rad_ >= c_.turn_deg * kRadPerDeg) {
      in_turn_ = false;
      seg_t_ = 0;
    }
  }
  phi_cmd_ = in_turn_ ? c_.bank_rad : 0.0;
  if (c_.on_ground)
    phi_cmd_ = c_.ground_settle_rad +
               c_.ground_rock_rad * std::sin(2 * kPi * c_.ground_rock_hz * k_ * dt);
  const double phi_dot = std::clamp((phi_cmd_ - phi_) / 0.5, -0.26, 0.26);
  const double phi_mid = phi_ + 0.5 * phi_dot * dt;
  const double psi_dot = V > 0 ? g * std::tan(phi_mid) / V : 0.0;
  const double psi_mid = psi_ + 0.5 * psi_dot * dt;
  turned_rad_ += std::abs(psi_dot) * dt;

  // Mid-step kinematics.
  const Vec3 v_mid = V * Vec3(std::cos(psi_mid), std::sin(psi_mid), 0) + wind;
  const Vec3 a_ned = V * psi_dot * Vec3(-std::sin(psi_mid), std::cos(psi_mid), 0);
  double rn, re;
  earth_radii(truth_.lat_rad, &rn, &re);
  const double lat = truth_.lat_rad, h = truth_.height_m;
  const Vec3 w_ie(kWgs84OmegaEarth * std::cos(lat), 0, -kWgs84OmegaEarth * std::sin(lat));
  const Vec3 w_en(v_mid.y() / (re + h), -v_mid.x() / (rn + h),
                  -v_mid.y() * std::tan(lat) / (re + h));
  const Mat3 R_mid = q_ned_from_b_from_euler(Euler{phi_mid, 0, psi_mid}).toRotationMatrix();
  const Vec3 w_nb(phi_dot, psi_dot * std::sin(phi_mid), psi_dot * std::cos(phi_mid));
  const Vec3 gyro = w_nb + R_mid.transpose() * (w_ie + w_en);
  const Vec3 f_ned = a_ned - Vec3(0, 0, g) + (2 * w_ie + w_en).cross(v_mid);
  const Vec3 accel = R_mid.transpose() * f_ned;

  // Advance truth.
  phi_ += phi_dot * dt;
  psi_ += psi_dot * dt;
  truth_.lat_rad += v_mid.x() * dt / (rn + h);
  truth_.lon_rad += v_mid.y() * dt / ((re + h) * std::cos(lat));
  ++k_;
  truth_.time = SimTime::from_us(static_cast<int64_t>(std::llround(k_ * 1e6 / c_.imu_hz)));
  truth_.vel_ned = V * Vec3(std::cos(psi_), std::sin(psi_), 0) + wind;
  truth_.q_ned_from_b = q_ned_from_b_from_euler(Euler{phi_, 0, psi_});

  SynthSamples out;
  out.imu.time = truth_.time;
  out.imu.dt_s = dt;
  out.imu.gyro_rad_s =
      gyro + c_.gyro_bias + c_.gyro_noise * Vec3(rng_.normal(), rng_.normal(), rng_.normal());
  out.imu.accel_mps2 =
      accel + c_.accel_bias + c_.accel_noise * Vec3(rng_.normal(), rng_.normal(), rng_.normal());

  const Mat3 R = truth_.q_ned_from_b.toRotationMatrix();
  const int per_slow = static_cast<int>(std::lround(c_.imu_hz / c_.slow_hz));
  const int per_gnss = static_cast<int>(std::lround(c_.imu_hz / c_.gnss_hz));
  if (k_ % per_slow == 0) {
    const double alt_p = truth_.height_m + c_.baro_offset_m;
    const double p = standard_pressure_pa(alt_p + c_.baro_noise_m * rng_.normal());
    out.baro = BaroSample{truth_.time, p};
    const double T = 288.15 - 0.0065 * alt_p;
    const double tas = V + c_.airspeed_noise_mps * rng_.normal();
    const double M = tas / std::sqrt(1.4 * 287.05287 * T);
    const double p_true = standard_pressure_pa(alt_p);
    out.airspeed = AirspeedSample{truth_.time, p_true * (std::pow(1 + 0.2 * M * M, 3.5) - 1), T};
    const double D = c_.mag_decl_rad, I = c_.mag_incl_rad;
    const Vec3 m_e =
        c_.mag_strength * Vec3(std::cos(I) * std::cos(D), std::cos(I) * std::sin(D), std::sin(I));
    out.mag = MagSample{truth_.time,
                        R.transpose() * m_e + c_.mag_hard_iron +
                            c_.mag_noise * Vec3(rng_.normal(), rng_.normal(), rng_.normal())};
  }
  if (k_ % per_gnss == 0) {
    // Solution of now, delivered gnss_delay_s later.
    const double a = std::exp(-1.0 / (c_.gnss_hz * c_.gnss_tau_s));
    const double q = std::sqrt(1 - a * a);
    gnss_bias_ = a * gnss_bias_ + q * Vec3(c_.gnss_bias_h_m * rng_.normal(),
                                           c_.gnss_bias_h_m * rng_.normal(),
                                           c_.gnss_bias_v_m * rng_.normal());
    const Vec3 err =
        gnss_bias_ + c_.gnss_white_m * Vec3(rng_.normal(), rng_.normal(), rng_.normal());
    GnssSample s;
    s.time = truth_.time + SimTime::from_us(static_cast<int64_t>(c_.gnss_delay_s * 1e6));
    s.fix = GnssFix::k3D;
    s.satellites = 12;
    s.lat_rad = truth_.lat_rad + err.x() / (rn + h);
    s.lon_rad = truth_.lon_rad + err.y() / ((re + h) * std::cos(lat));
    s.height_ellipsoid_m = truth_.height_m - err.z();
    s.vel_ned_mps =
        truth_.vel_ned + c_.gnss_vel_noise * Vec3(rng_.normal(), rng_.normal(), rng_.normal());
    s.hdop = 0.9;
    s.vdop = 1.3;
    s.h_acc_m = c_.gnss_hacc_m;
    s.v_acc_m = c_.gnss_vacc_m;
    s.s_acc_mps = c_.gnss_sacc;
    gnss_queue_.push_back(s);
    truth_.gnss_error_ned = err;
  }
  if (!gnss_queue_.empty() && gnss_queue_.front().time <= truth_.time) {
    out.gnss = gnss_queue_.front();
    gnss_queue_.pop_front();
  }
  return out;
}

}  // namespace kestrel::nav
